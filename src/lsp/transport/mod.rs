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

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;

pub use frame::{Frame, Framer, MAX_BODY};
pub use message::{Verdict, check, replace_lone_surrogates};

/// How many bytes the pipes to and from the service buffer.
const PIPE: usize = 1 << 16;

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
            // After `exit` nothing more is read, even if the client keeps
            // its end open.
            () = &mut serving => {}
            // The input ended: the service sees its end and stops.
            () = reading => serving.await,
        }
    };
    tokio::join!(input_side, write_output(output, from_service, answered));
}

/// Cuts the client's bytes into frames and passes the good ones on.
async fn read_input<I: AsyncRead + Unpin>(
    mut input: I,
    mut service: DuplexStream,
    answers: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut framer = Framer::new();
    let mut chunk = vec![0; 1 << 16];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) => {
                tracing::error!("cannot read the client's messages: {e}");
                return;
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
                Verdict::Forward { body, repaired } => {
                    if repaired {
                        tracing::warn!("a message held half of a surrogate pair; read as U+FFFD");
                    }
                    if write_frame(&mut service, &body).await.is_err() {
                        // The service has stopped reading: it is ending.
                        return;
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
