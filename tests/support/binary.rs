//! Running the built binary as a user or a CI job does: from the crate
//! root, stdin closed, the colour variables cleared so the output is what a
//! pipe gets, and its exit status, stdout and stderr kept.

#![allow(dead_code)] // each test file uses a different part

use std::process::{Command, Stdio};

pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with `args` from the crate root, so the paths it prints
/// are the fixtures' relative ones.
pub fn run(args: &[&str]) -> Run {
    run_with(args, &[])
}

/// `run`, with the environment variables `env` set.
pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_transcript-ls"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        status: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}
