//! The guard between the client's byte streams and the LSP service.
//!
//! The service ends the session at the first frame it cannot decode, and
//! waits for as many bytes as any header announces. So the client's bytes
//! never reach it directly: a reader cuts them into frames (`frame`),
//! checks each body (`message`), and writes only well-formed messages to
//! the service through a pipe. What it refuses it answers itself, with the
//! JSON-RPC error the message deserves, or logs when nothing can be
//! answered. Both the service's frames and these answers reach the client
//! through one writer, which passes the service's bytes on as they come and
//! follows where its frames end (`follow`): an answer goes out only between
//! two frames, so they never interleave, and a large frame is never held
//! whole.

mod follow;
mod frame;
mod message;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;

pub use follow::Follower;
#[cfg(test)]
pub use frame::frame;
pub use frame::{Frame, Framer, MAX_BODY, header};
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
    // The service's frames go out as they arrive; the guard's answers wait
    // for the end of the frame being written.
    let mut frames = Follower::default();
    let mut waiting: VecDeque<Vec<u8>> = VecDeque::new();
    let mut chunk = vec![0; 1 << 16];
    let mut answering = true;
    loop {
        tokio::select! {
            read = service.read(&mut chunk) => {
                let n = match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let mut rest = &chunk[..n];
                while !rest.is_empty() {
                    let k = frames.take(rest);
                    if output.write_all(&rest[..k]).await.is_err() {
                        return;
                    }
                    rest = &rest[k..];
                    if frames.between() {
                        while let Some(body) = waiting.pop_front() {
                            if write_frame(&mut output, &body).await.is_err() {
                                return;
                            }
                        }
                    }
                }
                // A frame half written is of no use to the client yet.
                if frames.between() && output.flush().await.is_err() {
                    return;
                }
            }
            answer = answers.recv(), if answering => match answer {
                Some(body) if frames.between() => {
                    if write_frame(&mut output, &body).await.is_err() {
                        return;
                    }
                }
                Some(body) => waiting.push_back(body),
                None => answering = false,
            },
        }
    }
    // Answers to the last messages read still go out.
    waiting.extend(std::iter::from_fn(|| answers.try_recv().ok()));
    for body in waiting {
        if write_frame(&mut output, &body).await.is_err() {
            return;
        }
    }
}

async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> std::io::Result<()> {
    out.write_all(header(body.len()).as_bytes()).await?;
    out.write_all(body).await?;
    out.flush().await
}

#[cfg(test)]
mod tests {
    use super::frame::frame;
    use super::*;

    #[tokio::test]
    async fn answers_go_out_between_the_services_frames_which_pass_as_they_come() {
        let (mut service, from_service) = tokio::io::duplex(PIPE);
        let (output, mut client) = tokio::io::duplex(PIPE);
        let (answers, answered) = mpsc::unbounded_channel();
        let writing = tokio::spawn(write_output(output, from_service, answered));
        let first = frame(r#"{"id":1}"#);
        // The first half of a frame reaches the client before the rest is
        // written; an answer that comes meanwhile waits for its end.
        service.write_all(&first[..10]).await.unwrap();
        let mut seen = vec![0; 10];
        tokio::time::timeout(Duration::from_secs(5), client.read_exact(&mut seen))
            .await
            .expect("the first half passes on before the rest is written")
            .unwrap();
        assert_eq!(seen, first[..10]);
        answers.send(br#"{"id":2}"#.to_vec()).unwrap();
        tokio::task::yield_now().await;
        service.write_all(&first[10..]).await.unwrap();
        drop(service);
        drop(answers);
        writing.await.unwrap();
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).await.unwrap();
        let expected = [&first[10..], &frame(r#"{"id":2}"#)[..]].concat();
        assert_eq!(
            String::from_utf8(rest).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
