#!/usr/bin/env bash
# Registers Cookie Charter's native host with your browsers, or takes it away.
#
#   scripts/install.sh [--browser chrome|chromium|brave|edge|vivaldi|firefox|all]...
#                      [--system] [--uninstall] [--dry-run] [--extension-id ID]...
#                      [--chromium-profile DIR]
#
# Thin on purpose: it builds the host, then hands over to
# `cookie-charter install` (or `uninstall`), which holds the logic (the table
# of browser folders, the manifests, the check at the end) and takes the same
# options. See README.md, "Install".
set -euo pipefail
# No cd: a relative --chromium-profile DIR means DIR from where you stand.
repo="$(cd "$(dirname "$0")/.." && pwd)"

command=install
args=()
for arg in "$@"; do
  case "$arg" in
    --uninstall) command=uninstall ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "install.sh: cargo is missing: install Rust (https://rustup.rs), then run this again" >&2
  echo "  (under sudo, root may lack cargo: build as yourself with 'cargo build --release --locked'," >&2
  echo "  then run 'sudo target/release/cookie-charter $command --system')" >&2
  exit 1
fi
cargo build --release --locked --manifest-path "$repo/Cargo.toml"
exec "${CARGO_TARGET_DIR:-$repo/target}/release/cookie-charter" "$command" ${args[@]+"${args[@]}"}
