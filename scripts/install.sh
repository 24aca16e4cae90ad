#!/usr/bin/env bash
# Builds the native-messaging host. Registering it with browsers (writing
# the host manifests) arrives with the installer issue; until then this
# script builds target/release/cookie-charter and says what is left to do.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "install.sh: cargo is missing; install Rust (https://rustup.rs) first" >&2
  exit 1
fi
cargo build --release --locked
echo "built $(pwd)/target/release/cookie-charter ($(target/release/cookie-charter --version))"
echo "browser registration is not automated yet: see README.md, 'Install'"
