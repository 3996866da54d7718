//! Cutting a byte stream into LSP frames, whatever the bytes are.
//!
//! A frame is a block of `Name: value` header lines ended by an empty line,
//! then exactly `Content-Length` bytes of body. Header names are matched in
//! any case (`content-length:` is as good as `Content-Length:`). A header
//! block that cannot be read (a line without a colon, no length, a length
//! that is not a plain decimal number, or one above [`MAX_BODY`]) is
//! reported as broken and skipped: the bytes up to the next
//! `Content-Length` are dropped, so one bad frame costs that frame only.
//! An absurd length is refused at once rather than awaited, so a client
//! that announces 4 GB cannot make the server wait for them.
//!
//! The framer does no IO: bytes are pushed in as they arrive and frames
//! taken out, so it can be tested and fuzzed on its own.

/// The largest body accepted: far above any real transcript edit, far
/// below what would exhaust memory.
pub const MAX_BODY: usize = 64 << 20;

/// The longest header block read before it is declared broken.
const MAX_HEADER: usize = 8 << 10;

/// The most room the framer keeps once it has nothing pending: a buffer
/// grown for one large message (a transcript opened) is given back rather
/// than held for the rest of the session.
const KEPT_ROOM: usize = 1 << 20;

/// What the framer found next in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A whole body, as announced by its header.
    Body(Vec<u8>),
    /// A header block that could not be read, and why; its bytes are gone.
    Broken(String),
}

/// Bytes received and not yet cut into frames.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
    /// Where unread bytes start in `buf` (consumed bytes are dropped lazily).
    start: usize,
    /// The body length of the frame whose header has been read.
    body: Option<usize>,
    /// A broken header was found: drop bytes until the next header.
    skipping: bool,
}

impl Framer {
    pub fn new() -> Framer {
        Framer::default()
    }

    /// Adds bytes read from the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.start > 0 && self.start * 2 >= self.buf.len() {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// How many bytes wait to be cut (for tests of memory use).
    pub fn pending(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The next frame, or `None` until more bytes arrive.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if self.skipping && !self.skip_to_header() {
                return None;
            }
            if let Some(len) = self.body {
                let rest = &self.buf[self.start..];
                if rest.len() < len {
                    return None;
                }
                let body = rest[..len].to_vec();
                self.start += len;
                self.body = None;
                self.release();
                return Some(Frame::Body(body));
            }
            let rest = &self.buf[self.start..];
            // Only the first bytes are looked at, so however the stream
            // is cut into reads the same header is found or refused.
            let Some(end) = header_end(&rest[..rest.len().min(MAX_HEADER)]) else {
                if rest.len() >= MAX_HEADER {
                    return Some(self.broken("a header block longer than 8 KiB".into()));
                }
                // Blank lines between frames are not a header (a `\r`
                // waits for the byte after it to tell).
                let mut blank = 0;
                loop {
                    match &rest[blank..] {
                        [b'\n', ..] => blank += 1,
                        [b'\r', b'\n', ..] => blank += 2,
                        _ => break,
                    }
                }
                self.start += blank;
                return None;
            };
            let (header, skip) = (&rest[..end.0], end.1);
            if header.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                // A stray empty line: nothing to read.
                self.start += skip;
                continue;
            }
            match content_length(header) {
                Ok(len) => {
                    self.start += skip;
                    self.body = Some(len);
                }
                // The body it announced, if any, goes with whatever comes
                // before the next header (which may be inside this block,
                // after garbage).
                Err(why) => return Some(self.broken(why)),
            }
        }
    }

    /// Drops the buffer when all of it has been read and it is larger than
    /// `KEPT_ROOM`.
    fn release(&mut self) {
        if self.start == self.buf.len() && self.buf.capacity() > KEPT_ROOM {
            self.buf = Vec::new();
            self.start = 0;
        }
    }

    /// The room the buffer holds (for tests of memory use).
    #[cfg(test)]
    fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    fn broken(&mut self, why: String) -> Frame {
        self.skipping = true;
        // One byte on, so the scan cannot find this header again.
        self.start += 1;
        Frame::Broken(why)
    }

    /// Drops bytes up to the next `Content-Length` (in any case); false
    /// while it has not arrived. Keeps a possible partial name at the end.
    fn skip_to_header(&mut self) -> bool {
        let rest = &self.buf[self.start..];
        match find_name(rest) {
            Some(at) => {
                self.start += at;
                self.skipping = false;
                true
            }
            None => {
                let keep = (NAME.len() - 1).min(rest.len());
                self.start += rest.len() - keep;
                false
            }
        }
    }
}

const NAME: &[u8] = b"content-length";

fn find_name(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))
}

/// Where the header block ends: its length without the empty line, and
/// with it. Lines may end in `\r\n` or a bare `\n`.
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut i = 0;
    while let Some(nl) = bytes[i..].iter().position(|&b| b == b'\n') {
        let line_end = i + nl;
        let line = &bytes[i..line_end];
        if line.is_empty() || line == b"\r" {
            // An empty line right at the start is a stray one, still a block.
            return Some((i, line_end + 1));
        }
        i = line_end + 1;
    }
    None
}

/// The body length a header block announces, or why it cannot be read.
fn content_length(header: &[u8]) -> Result<usize, String> {
    let mut length = None;
    for line in header.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(format!("a header line without a colon: {}", shown(line)));
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if !name.eq_ignore_ascii_case(NAME) {
            // Content-Type and unknown headers: nothing to do with them.
            continue;
        }
        if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
            return Err(format!("Content-Length is not a number: {}", shown(value)));
        }
        let n = std::str::from_utf8(value)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
            .filter(|&n| n <= MAX_BODY as u64)
            .ok_or_else(|| {
                format!(
                    "Content-Length {} is above the limit of {MAX_BODY} bytes",
                    shown(value)
                )
            })?;
        length = Some(n as usize);
    }
    length.ok_or_else(|| "a header without Content-Length".to_string())
}

/// A header's bytes for a log line: lossy, and cut short.
fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    format!("{text:?}")
}

/// The header that frames a body of `len` bytes, as every frame written to
/// the client starts.
pub fn header(len: usize) -> String {
    format!("Content-Length: {len}\r\n\r\n")
}

/// `body` framed as LSP frames it, for tests.
#[cfg(test)]
pub fn frame(body: impl AsRef<[u8]>) -> Vec<u8> {
    let body = body.as_ref();
    [header(body.len()).as_bytes(), body].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut f = Framer::new();
        f.push(input);
        std::iter::from_fn(|| f.next_frame()).collect()
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn frames_are_cut_by_their_length_in_any_case() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length: 3\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]";
        assert_eq!(frames(input), vec![body("{}"), body("[1]")]);
    }

    #[test]
    fn bytes_arriving_one_at_a_time_give_the_same_frames() {
        let input = b"\r\nContent-Length: 5\r\n\r\nhelloCONTENT-LENGTH:1\n\nx";
        let mut f = Framer::new();
        let mut out = Vec::new();
        for b in input {
            f.push(&[*b]);
            out.extend(std::iter::from_fn(|| f.next_frame()));
        }
        assert_eq!(out, vec![body("hello"), body("x")]);
    }

    #[test]
    fn a_broken_header_is_skipped_to_the_next_one() {
        let good = b"Content-Length: 2\r\n\r\n{}";
        for bad in [
            &b"Content-Length: abc\r\n\r\n{}"[..],
            b"Content-Length: -5\r\n\r\n{}",
            b"Content-Length: 99999999999999999999999\r\n\r\n{}",
            b"Content-Length: 4000000000\r\n\r\n{}",
            b"Content-Type: text/plain\r\n\r\n{}",
            b"garbage line\r\n\r\n{}",
            b"Content-Length:\r\n\r\n{}",
        ] {
            let got = frames(&[bad, good].concat());
            assert!(matches!(got[0], Frame::Broken(_)), "{got:?}");
            assert_eq!(got[1..], [body("{}")], "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn an_absurd_length_is_refused_before_its_body_arrives() {
        let mut f = Framer::new();
        f.push(b"Content-Length: 4000000000\r\n\r\n{\"jsonrpc\"");
        assert!(matches!(f.next_frame(), Some(Frame::Broken(m)) if m.contains("limit")));
        assert_eq!(f.next_frame(), None);
        assert!(f.pending() < NAME.len(), "{}", f.pending());
    }

    #[test]
    fn the_room_a_large_frame_took_is_given_back_once_it_is_read() {
        let body = vec![b'x'; 4 * KEPT_ROOM];
        let mut f = Framer::new();
        for chunk in frame(&body).chunks(1 << 16) {
            f.push(chunk);
        }
        assert!(f.capacity() > KEPT_ROOM);
        assert_eq!(f.next_frame(), Some(Frame::Body(body)));
        assert!(f.capacity() <= KEPT_ROOM, "{}", f.capacity());
        // A frame still arriving keeps its bytes.
        let next = frame(b"{}");
        f.push(&next[..next.len() - 1]);
        assert_eq!(f.next_frame(), None);
        f.push(&next[next.len() - 1..]);
        assert_eq!(f.next_frame(), Some(Frame::Body(b"{}".to_vec())));
    }

    #[test]
    fn an_endless_header_is_broken_and_memory_stays_bounded() {
        let mut f = Framer::new();
        for _ in 0..100 {
            f.push(&[b'x'; 1024]);
            while f.next_frame().is_some() {}
        }
        assert!(f.pending() <= MAX_HEADER + 1024, "{}", f.pending());
        f.push(b"Content-Length: 1\r\n\r\nz");
        assert_eq!(f.next_frame(), Some(body("z")));
    }

    #[test]
    fn a_length_too_small_leaves_the_rest_as_garbage_before_the_next_header() {
        let input = b"Content-Length: 3\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}";
        let got = frames(input);
        assert_eq!(got[0], body("{\"a"));
        assert!(matches!(got[1], Frame::Broken(_)), "{got:?}");
        assert_eq!(got[2..], [body("{}")]);
    }
}
