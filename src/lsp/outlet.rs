//! The server's output, shared by tower-lsp and the large messages the
//! server sends itself (diagnostics, and the outline: see `direct`).
//!
//! tower-lsp turns every message it sends into a `serde_json::Value` tree
//! before writing it: for the diagnostics of a large transcript (a hundred
//! thousand findings) that tree takes about 3 KB a diagnostic, ten times
//! the JSON, at the moment the analysis is also in memory, and its write
//! buffer keeps the size of the largest message written for good. So
//! those messages are serialised here, straight from the protocol types to
//! bytes, and written between two of tower-lsp's messages.
//!
//! tower-lsp writes into `Inlet`, which only hands the bytes on; one task
//! owns the real output and writes both streams, following the framing of
//! tower-lsp's (`Content-Length: N`, a blank line, `N` bytes) so that a
//! message of ours only ever goes out where one of tower-lsp's has ended.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::Serialize;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Error, Id, Result};

use super::transport::{self, Follower};

enum Chunk {
    /// Bytes tower-lsp wrote, in order; not split at messages.
    Server(Vec<u8>),
    /// One whole message of ours: its header and its body.
    Own(Vec<u8>, Body),
    /// The connection is over: write what is left and stop.
    End,
}

/// Sends whole messages beside tower-lsp's.
#[derive(Debug, Clone)]
pub struct Outlet {
    tx: mpsc::UnboundedSender<Chunk>,
}

impl std::fmt::Debug for Chunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chunk::Server(b) => write!(f, "Server({} bytes)", b.len()),
            Chunk::Own(_, b) => write!(f, "Own({} bytes)", b.len()),
            Chunk::End => write!(f, "End"),
        }
    }
}

/// The notification as JSON-RPC frames it.
#[derive(Serialize)]
struct Notification<'a, P> {
    jsonrpc: &'static str,
    method: &'a str,
    params: P,
}

/// The answer to a request, as JSON-RPC frames it.
#[derive(Serialize)]
struct Answer<'a, R> {
    jsonrpc: &'static str,
    id: &'a Id,
    result: R,
}

/// The failure of a request, as JSON-RPC frames it.
#[derive(Serialize)]
struct Failure<'a> {
    jsonrpc: &'static str,
    id: &'a Id,
    error: Error,
}

/// A message serialised and framed, ready to go out.
#[derive(Debug)]
pub struct Framed {
    header: Vec<u8>,
    body: Body,
}

/// The bytes of a body, in blocks: a large message (the diagnostics or the
/// outline of a long transcript, tens of megabytes) is serialised without
/// the one vector that would grow by doubling, holding up to twice the
/// message and copying it at each step. Blocks grow with the message, from
/// a few hundred bytes to `Body::BLOCK`, so a small one stays small.
#[derive(Debug, Default)]
pub struct Body {
    blocks: Vec<Vec<u8>>,
    len: usize,
}

impl Body {
    const BLOCK: usize = 1 << 20;
    const FIRST: usize = 256;

    fn len(&self) -> usize {
        self.len
    }

    async fn write_to<O: AsyncWrite>(&self, out: &mut Pin<&mut O>) -> io::Result<()> {
        for block in &self.blocks {
            out.write_all(block).await?;
        }
        Ok(())
    }
}

impl io::Write for Body {
    fn write(&mut self, mut bytes: &[u8]) -> io::Result<usize> {
        let n = bytes.len();
        while !bytes.is_empty() {
            let room = self.len.clamp(Self::FIRST, Self::BLOCK);
            let block = match self.blocks.last_mut() {
                Some(b) if b.len() < b.capacity() => b,
                _ => {
                    self.blocks.push(Vec::with_capacity(room));
                    self.blocks.last_mut().expect("a block was just added")
                }
            };
            let take = (block.capacity() - block.len()).min(bytes.len());
            block.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            self.len += take;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Framed {
    /// Serialises a notification: slow for a large one, so it may be done
    /// off the async workers and sent later. `None` (logged) when it cannot
    /// be serialised, which no protocol type is expected to cause.
    pub fn notification<P: Serialize>(method: &str, params: P) -> Option<Framed> {
        let message = Notification {
            jsonrpc: "2.0",
            method,
            params,
        };
        Framed::of(method, &message)
    }

    fn of(what: &str, message: &impl Serialize) -> Option<Framed> {
        let mut body = Body::default();
        match serde_json::to_writer(&mut body, message) {
            Ok(()) => Some(Framed {
                header: transport::header(body.len()).into_bytes(),
                body,
            }),
            Err(e) => {
                tracing::error!("{what} not sent: {e}");
                None
            }
        }
    }
}

impl Outlet {
    /// Sends a notification after whatever was sent before it, by tower-lsp
    /// or by this outlet.
    pub fn notify<P: Serialize>(&self, method: &str, params: P) {
        if let Some(framed) = Framed::notification(method, params) {
            self.send(framed);
        }
    }

    /// Answers the request `id` (which tower-lsp was told not to answer).
    pub fn respond<R: Serialize>(&self, id: &Id, result: Result<R>) {
        let jsonrpc = "2.0";
        let framed = match result {
            Ok(result) => Framed::of(
                "an answer",
                &Answer {
                    jsonrpc,
                    id,
                    result,
                },
            ),
            Err(error) => Framed::of("an error", &Failure { jsonrpc, id, error }),
        };
        if let Some(framed) = framed {
            self.send(framed);
        }
    }

    /// Sends a framed message after whatever was sent before it.
    pub fn send(&self, framed: Framed) {
        // The writer is gone only once the connection is over.
        let _ = self.tx.send(Chunk::Own(framed.header, framed.body));
    }

    /// Ends the writing once what was sent before is written (tasks that
    /// still hold an outlet may outlive the connection).
    pub fn close(&self) {
        let _ = self.tx.send(Chunk::End);
    }
}

/// What tower-lsp writes into: the bytes go to the writing task.
pub struct Inlet {
    tx: mpsc::UnboundedSender<Chunk>,
}

impl AsyncWrite for Inlet {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.tx.send(Chunk::Server(buf.to_vec())) {
            Ok(()) => Poll::Ready(Ok(buf.len())),
            Err(_) => Poll::Ready(Err(io::ErrorKind::BrokenPipe.into())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        // The writing task flushes whenever it has nothing more to write.
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// An outlet, the inlet for tower-lsp, and the future that writes both to
/// `output` until the outlet is closed (or every sender dropped).
pub fn split<O>(output: O) -> (Outlet, Inlet, impl Future<Output = ()>)
where
    O: AsyncWrite,
{
    let (tx, rx) = mpsc::unbounded_channel();
    let writing = async move {
        let output = std::pin::pin!(output);
        if let Err(e) = pump(output, rx).await {
            tracing::debug!("the output closed: {e}");
        }
    };
    (Outlet { tx: tx.clone() }, Inlet { tx }, writing)
}

async fn pump<O: AsyncWrite>(
    mut out: Pin<&mut O>,
    mut rx: mpsc::UnboundedReceiver<Chunk>,
) -> io::Result<()> {
    let mut frames = Follower::default();
    // Our messages that came while one of tower-lsp's was half written.
    let mut waiting: VecDeque<(Vec<u8>, Body)> = VecDeque::new();
    while let Some(chunk) = rx.recv().await {
        match chunk {
            Chunk::End => break,
            Chunk::Own(header, body) if frames.between() => {
                out.write_all(&header).await?;
                body.write_to(&mut out).await?;
            }
            Chunk::Own(header, body) => waiting.push_back((header, body)),
            Chunk::Server(bytes) => {
                let mut rest = &bytes[..];
                while !rest.is_empty() {
                    let n = frames.take(rest);
                    out.write_all(&rest[..n]).await?;
                    rest = &rest[n..];
                    if frames.between() {
                        while let Some((header, body)) = waiting.pop_front() {
                            out.write_all(&header).await?;
                            body.write_to(&mut out).await?;
                        }
                    }
                }
            }
        }
        if rx.is_empty() {
            out.flush().await?;
        }
    }
    for (header, body) in waiting {
        out.write_all(&header).await?;
        body.write_to(&mut out).await?;
    }
    out.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::transport::frame;

    #[tokio::test]
    async fn our_messages_go_out_only_between_the_servers() {
        use tokio::io::AsyncReadExt;

        let (write, mut read) = tokio::io::duplex(1 << 16);
        let (outlet, mut inlet, writing) = split(write);
        let first = frame(r#"{"id":1}"#);
        let second = frame(r#"{"id":2}"#);
        // tower-lsp's first message comes in two pieces, ours between them.
        inlet.write_all(&first[..10]).await.unwrap();
        outlet.notify("m", 1);
        inlet.write_all(&first[10..]).await.unwrap();
        inlet.write_all(&second).await.unwrap();
        outlet.close();
        writing.await;
        drop(inlet);
        let mut out = Vec::new();
        read.read_to_end(&mut out).await.unwrap();
        let ours = frame(r#"{"jsonrpc":"2.0","method":"m","params":1}"#);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8([first, ours, second].concat()).unwrap()
        );
    }

    #[test]
    fn a_body_is_written_in_blocks_that_never_grow() {
        use std::io::Write;

        let mut body = Body::default();
        body.write_all(b"{").unwrap();
        let long = vec![b'x'; 3 * Body::BLOCK + 7];
        for piece in long.chunks(1000) {
            body.write_all(piece).unwrap();
        }
        body.write_all(b"}").unwrap();
        assert_eq!(body.len(), long.len() + 2);
        assert_eq!(body.blocks.concat(), [&b"{"[..], &long, b"}"].concat());
        assert!(body.blocks.iter().all(|b| b.capacity() <= Body::BLOCK));
        // Each block is as large as the body before it, up to a megabyte:
        // 256, 256, 512, ... 512K, then megabytes; all full but the last.
        let sizes: Vec<usize> = body.blocks.iter().map(Vec::capacity).collect();
        let mut expected = vec![256, 256];
        while expected.iter().sum::<usize>() < Body::BLOCK {
            expected.push(expected.iter().sum());
        }
        assert_eq!(sizes[..expected.len()], expected);
        let full = body.blocks[..body.blocks.len() - 1].iter();
        assert!(full.clone().all(|b| b.len() == b.capacity()));
        // A small message takes one small block.
        let mut small = Body::default();
        small.write_all(&[b'y'; 200]).unwrap();
        assert_eq!(small.blocks.len(), 1);
        assert_eq!(small.blocks[0].capacity(), 256);
    }
}
