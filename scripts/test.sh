#!/usr/bin/env bash
# Runs every check the project has, in the order a reviewer would: format,
# lints (warnings are errors), the Rust tests (unit and integration, which
# drive the real binary over real pipes), then the extension's unit tests,
# then the end-to-end tests in a real browser (tests/e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== rustfmt"
cargo fmt --all -- --check
echo "== clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== fuzz targets compile (host/fuzz: run them with cargo-fuzz, see its README)"
cargo check --manifest-path host/fuzz/Cargo.toml --bins
echo "== cargo test"
cargo test --workspace --locked
if [ -d extension/test ]; then
  echo "== extension unit tests"
  node --test extension/test/
fi
echo "== end-to-end tests (headless Chromium and Firefox ESR)"
tests/e2e/run.sh
