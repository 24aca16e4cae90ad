#!/usr/bin/env bash
# Builds the browser packages of the extension from extension/:
#   dist/cookie-charter-chrome.zip   (Chrome Web Store upload, or unzip and "Load unpacked")
#   dist/cookie-charter-firefox.xpi  (addons.mozilla.org upload, or about:debugging "Load Temporary Add-on")
# Both hold the same files: one manifest serves both engines. Tests, their
# helpers, package.json and the README stay out. Uses `zip` when present,
# else Python's zipfile module. Runs from any directory.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src="$root/extension"
dist="$root/dist"

# What is not part of the extension itself (paths relative to extension/).
excluded=(test test-support node_modules package.json package-lock.json README.md)

version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$src/manifest.json")
mkdir -p "$dist"

# The shipped files, sorted, one per line, relative to extension/.
files=$(cd "$src" && find . -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort | while IFS= read -r file; do
  keep=1
  for skip in "${excluded[@]}"; do
    case "$file" in "$skip" | "$skip"/*) keep=0 ;; esac
  done
  if [ "$keep" = 1 ]; then printf '%s\n' "$file"; fi
done)

build() {
  local out=$1
  rm -f "$out"
  if command -v zip >/dev/null 2>&1; then
    (cd "$src" && printf '%s\n' "$files" | zip -q -X -9 "$out" -@)
  else
    (cd "$src" && printf '%s\n' "$files" | python3 -c '
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for name in sys.stdin.read().splitlines():
        archive.write(name, name)
' "$out")
  fi
  echo "built ${out#"$root"/} ($(printf '%s\n' "$files" | wc -l) files, version $version)"
}

build "$dist/cookie-charter-chrome.zip"
build "$dist/cookie-charter-firefox.xpi"
