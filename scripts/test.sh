#!/usr/bin/env bash
# Runs every check the project has, in the order a reviewer would: format,
# lints (warnings are errors), the Rust tests (unit and integration, which
# drive the real binary over real pipes), then the extension's unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== rustfmt"
cargo fmt --all -- --check
echo "== clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
if [ -d extension/test ]; then
  echo "== extension unit tests"
  node --test extension/test/
fi
