//! IO errors in the few words a message shows after a path.
//!
//! The command line and the config reader both name a file and say why it
//! could not be read; they share these words so that a missing transcript
//! and a missing config file are reported alike, and neither shows Rust's
//! `(os error 2)`.

/// An IO error in lower-case words, without Rust's `(os error 2)`.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_reasons_are_short() {
        let e = std::fs::read("/definitely/not/here").unwrap_err();
        assert_eq!(io_reason(&e), "no such file or directory");
        let e = std::io::Error::from_raw_os_error(28);
        assert!(!io_reason(&e).contains("os error"), "{}", io_reason(&e));
    }
}
