//! The guard between the client's byte streams and the LSP service.
//!
//! The service ends the session at the first frame it cannot decode, and
//! waits for as many bytes as any header announces. So the client's bytes
//! never reach it directly: a reader cuts them into frames (`frame`),
//! checks each body (`message`), and writes only well-formed messages to
//! the service through a pipe. What it refuses it answers itself, with the
//! JSON-RPC error the message deserves, or logs when nothing can be
//! answered. Both the service's frames and these answers reach the client
//! through one writer that copies a whole frame at a time, so they never
//! interleave.

mod frame;
mod message;

use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;

pub use frame::{Frame, Framer, MAX_BODY};
pub use message::{Verdict, check, replace_lone_surrogates};

/// How many bytes the pipes to and from the service buffer.
const PIPE: usize = 1 << 16;

/// How long the service may take to wind down after `exit`. A handler that
/// still waits on the client (an answer that will never be read now) would
/// otherwise keep the process alive after the editor has let it go.
const EXIT_GRACE: Duration = Duration::from_secs(1);

/// Why the reading of the client's bytes stopped.
enum Ended {
    /// The `exit` notification was passed on.
    Exit,
    /// The input closed, or could not be read.
    Input,
}

/// Runs `serve` (the service over a pair of pipes) behind the guard, until
/// it ends: after `exit`, or when the input ends.
pub async fn guard<I, O, S, F>(input: I, output: O, serve: S)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
    S: FnOnce(DuplexStream, DuplexStream) -> F,
    F: Future<Output = ()>,
{
    let (to_service, service_in) = tokio::io::duplex(PIPE);
    let (service_out, from_service) = tokio::io::duplex(PIPE);
    let (answers, answered) = mpsc::unbounded_channel();
    let input_side = async {
        let mut serving = pin!(serve(service_in, service_out));
        let reading = pin!(read_input(input, to_service, answers));
        tokio::select! {
            () = &mut serving => {}
            // After `exit` nothing more is read, even if the client keeps
            // its end open, and the service is given a moment to finish.
            ended = reading => match ended {
                Ended::Exit => {
                    if tokio::time::timeout(EXIT_GRACE, &mut serving).await.is_err() {
                        tracing::warn!("requests still running at `exit` were dropped");
                    }
                }
                // The input ended: the service sees its end and stops.
                Ended::Input => serving.await,
            },
        }
    };
    tokio::join!(input_side, write_output(output, from_service, answered));
}

/// Cuts the client's bytes into frames and passes the good ones on.
async fn read_input<I: AsyncRead + Unpin>(
    mut input: I,
    mut service: DuplexStream,
    answers: mpsc::UnboundedSender<Vec<u8>>,
) -> Ended {
    let mut framer = Framer::new();
    let mut chunk = vec![0; 1 << 16];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) => return Ended::Input,
            Ok(n) => n,
            Err(e) => {
                tracing::error!("cannot read the client's messages: {e}");
                return Ended::Input;
            }
        };
        framer.push(&chunk[..n]);
        while let Some(frame) = framer.next_frame() {
            let body = match frame {
                Frame::Body(body) => body,
                Frame::Broken(why) => {
                    tracing::warn!("skipped a frame with a broken header: {why}");
                    let error = message::error_response(
                        serde_json::Value::Null,
                        message::PARSE_ERROR,
                        &format!("a frame with a broken header was skipped: {why}"),
                    );
                    let _ = answers.send(serde_json::to_vec(&error).unwrap_or_default());
                    continue;
                }
            };
            match check(&body) {
                Verdict::Forward {
                    body,
                    repaired,
                    exit,
                } => {
                    if repaired {
                        tracing::warn!("a message held half of a surrogate pair; read as U+FFFD");
                    }
                    if write_frame(&mut service, &body).await.is_err() {
                        // The service has stopped reading: it is ending.
                        return Ended::Input;
                    }
                    if exit {
                        return Ended::Exit;
                    }
                }
                Verdict::Answer(error) => {
                    tracing::warn!("refused a message: {}", error["error"]["message"]);
                    let _ = answers.send(serde_json::to_vec(&error).unwrap_or_default());
                }
                Verdict::Drop(why) => tracing::warn!("{why}"),
            }
        }
    }
}

/// Copies the service's frames and the guard's answers to the client, one
/// whole frame at a time, until the service closes its output.
async fn write_output<O: AsyncWrite>(
    output: O,
    mut service: DuplexStream,
    mut answers: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    let mut output = pin!(output);
    let mut framer = Framer::new();
    let mut chunk = vec![0; 1 << 16];
    let mut answering = true;
    loop {
        tokio::select! {
            read = service.read(&mut chunk) => {
                let n = match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                framer.push(&chunk[..n]);
                while let Some(frame) = framer.next_frame() {
                    match frame {
                        Frame::Body(body) => {
                            if write_frame(&mut output, &body).await.is_err() {
                                return;
                            }
                        }
                        Frame::Broken(why) => tracing::error!("the service wrote a broken frame: {why}"),
                    }
                }
            }
            answer = answers.recv(), if answering => match answer {
                Some(body) => {
                    if write_frame(&mut output, &body).await.is_err() {
                        return;
                    }
                }
                None => answering = false,
            },
        }
    }
    // Answers to the last messages read still go out.
    while let Ok(body) = answers.try_recv() {
        if write_frame(&mut output, &body).await.is_err() {
            return;
        }
    }
}

async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> std::io::Result<()> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    out.write_all(header.as_bytes()).await?;
    out.write_all(body).await?;
    out.flush().await
}
