#!/usr/bin/env bash
# The end-to-end tests: the real host, registered by scripts/install.sh, and
# the real extension, in headless Chromium and Firefox ESR, on a local HTTPS
# multi-site test site. See tests/e2e/README.md.
#
#   tests/e2e/run.sh     (CHROMIUM=... or FIREFOX=... to use another build)
#
# Skips, loudly, only when Chromium is missing and cannot be installed here;
# the Firefox tests skip, as loudly, without Firefox ESR. Screenshots of the
# popup land in tests/e2e/artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-/usr/lib/chromium/chromium}"   # the real binary, not the /usr/bin/chromium wrapper
firefox="${FIREFOX:-/usr/lib/firefox-esr/firefox-esr}"

# Debian's browsers, when missing and this is root (CI installs them in .ci/run).
packages=()
[ -x "$chromium" ] || [ -n "${CHROMIUM:-}" ] || packages+=(chromium)
[ -x "$firefox" ] || [ -n "${FIREFOX:-}" ] || packages+=(firefox-esr)
if [ ${#packages[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "e2e: installing ${packages[*]}"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"; } || true
fi
if [ ! -x "$chromium" ]; then
  cat >&2 <<EOF

########################################################################
##  END-TO-END TESTS SKIPPED: no Chromium at $chromium
##  and it could not be installed (needs root and apt-get:
##  'apt-get install chromium'). Nothing was tested in a browser.
########################################################################

EOF
  exit 0
fi
for tool in node npm openssl cargo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e: $tool is missing" >&2; exit 1; }
done

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

# The build scripts/install.sh starts with, done once up front: every test
# then runs install.sh for real, and its timeout measures the test, not a
# cold release build.
echo "e2e: building the host (cargo build --release --locked)"
cargo build --release --locked --manifest-path "$repo/Cargo.toml"

# Everything a test leaves in the temporary folder (profiles, throw-away
# HOMEs, the certificate) goes under one folder removed at the end, whatever
# happens. The test site runs inside the test process; each test closes its
# browser (Playwright's Chromium; Firefox by Marionette, else by its pid),
# and the native hosts exit when their pipe closes.
work="$(mktemp -d "${TMPDIR:-/tmp}/cookie-charter-e2e.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export CHROMIUM="$chromium" FIREFOX="$firefox"
TMPDIR="$work" node --test --test-timeout=120000 "$here"/*.test.js &
pid=$!
wait "$pid"
