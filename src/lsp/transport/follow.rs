//! Following a stream of frames as it goes by, without holding them: which
//! bytes are a header and which a body, so that whole messages from
//! elsewhere can be put between two frames of the stream and never inside
//! one. A frame of tens of megabytes (a long transcript's outline) is passed
//! on as it arrives rather than gathered first.

/// Where a stream of frames is: in a header or in a body.
#[derive(Debug, Default)]
pub struct Follower {
    /// The header read so far (empty between messages).
    header: Vec<u8>,
    /// Bytes of the current body still to come.
    body_left: usize,
}

impl Follower {
    /// Between two messages: one of ours may go out.
    pub fn between(&self) -> bool {
        self.header.is_empty() && self.body_left == 0
    }

    /// Follows `bytes` up to the end of the current message or of `bytes`;
    /// returns how many it took.
    pub fn take(&mut self, bytes: &[u8]) -> usize {
        let mut taken = 0;
        while taken < bytes.len() {
            if self.body_left > 0 {
                let n = self.body_left.min(bytes.len() - taken);
                self.body_left -= n;
                taken += n;
                if self.body_left == 0 {
                    break;
                }
                continue;
            }
            self.header.push(bytes[taken]);
            taken += 1;
            if self.header.ends_with(b"\r\n\r\n") {
                self.body_left = content_length(&self.header);
                self.header.clear();
                if self.body_left == 0 {
                    break;
                }
            }
        }
        taken
    }
}

/// The `Content-Length` of a header (0 when it has none).
fn content_length(header: &[u8]) -> usize {
    String::from_utf8_lossy(header)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::frame::frame;
    use super::*;

    #[test]
    fn frames_are_followed_across_pieces() {
        let mut frames = Follower::default();
        let message = frame("abc");
        assert!(frames.between());
        assert_eq!(frames.take(&message[..5]), 5);
        assert!(!frames.between());
        let mut two = message[5..].to_vec();
        two.extend_from_slice(&frame(""));
        let n = frames.take(&two);
        assert_eq!(n, message.len() - 5, "stops where the message ends");
        assert!(frames.between());
        assert_eq!(frames.take(&two[n..]), two.len() - n);
        assert!(frames.between(), "an empty body ends with its header");
    }
}
