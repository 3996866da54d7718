//! Where a sidecar's bytes really live, when its path is a symbolic link.
//!
//! A sidecar kept elsewhere (a shared folder, a notes repository) and
//! linked beside its transcript is a notes file like any other: it is read
//! and written through the link, so the file the link points to keeps
//! receiving notes. Writing by rename would put a regular file in place of
//! the link and leave its target behind. A link that leads to the
//! transcript itself, or to anything not named like a notes file, is
//! refused: the notes' JSON must never land in a file that holds something
//! else.

use std::io;
use std::path::{Path, PathBuf};

use super::SUFFIX;

/// The file a note command must write for `sidecar` (the path itself, or
/// the target of the link it is), or why it must not write at all.
pub fn write_target(sidecar: &Path, transcript: &Path) -> Result<PathBuf, String> {
    let meta = match std::fs::symlink_metadata(sidecar) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(sidecar.to_path_buf()),
        Err(e) => return Err(format!("cannot read {}: {e}", sidecar.display())),
    };
    if !meta.file_type().is_symlink() {
        return Ok(sidecar.to_path_buf());
    }
    let target = std::fs::canonicalize(sidecar).map_err(|e| {
        format!(
            "{} is a link that leads to no file ({e}); nothing was written",
            sidecar.display()
        )
    })?;
    let is_transcript = std::fs::canonicalize(transcript).is_ok_and(|t| t == target);
    let named_as_notes = target
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.len() > SUFFIX.len() && n.ends_with(SUFFIX));
    if is_transcript || !named_as_notes || !target.is_file() {
        let what = if is_transcript {
            "the transcript itself"
        } else {
            "a file that is not a notes file"
        };
        return Err(format!(
            "{} is a link to {} ({}); notes are never written there, nothing was written",
            sidecar.display(),
            target.display(),
            what
        ));
    }
    Ok(target)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn plain_and_missing_sidecars_are_written_where_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let transcript = dir.path().join("t.txt");
        let sidecar = dir.path().join("t.txt.notes.json");
        assert_eq!(write_target(&sidecar, &transcript), Ok(sidecar.clone()));
        std::fs::write(&sidecar, "{}").unwrap();
        assert_eq!(write_target(&sidecar, &transcript), Ok(sidecar));
    }

    #[test]
    fn a_link_is_written_through_unless_it_leads_away_from_notes() {
        let dir = tempfile::tempdir().unwrap();
        let transcript = dir.path().join("t.txt");
        std::fs::write(&transcript, "A: hello\n").unwrap();
        let shared = dir.path().join("shared.notes.json");
        std::fs::write(&shared, "{}").unwrap();
        let sidecar = dir.path().join("t.txt.notes.json");
        symlink(&shared, &sidecar).unwrap();
        let real = std::fs::canonicalize(&shared).unwrap();
        assert_eq!(write_target(&sidecar, &transcript), Ok(real));

        std::fs::remove_file(&sidecar).unwrap();
        symlink(&transcript, &sidecar).unwrap();
        let refused = write_target(&sidecar, &transcript).unwrap_err();
        assert!(refused.contains("the transcript itself"), "{refused}");

        std::fs::remove_file(&sidecar).unwrap();
        symlink(dir.path().join("gone.notes.json"), &sidecar).unwrap();
        let refused = write_target(&sidecar, &transcript).unwrap_err();
        assert!(refused.contains("leads to no file"), "{refused}");
    }
}
