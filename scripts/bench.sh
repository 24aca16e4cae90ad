#!/usr/bin/env bash
# Measures what a user of the host pays, against the host's own floor and a
# Python host a user might otherwise pick, in one run on this machine:
#   - a cold classify (spawn, one classify frame with the seed charter and 8
#     cookies, answer, exit) against `cookie-charter --version` (the floor);
#   - classify requests per second on one persistent port (pipelined);
#   - the host's peak resident memory;
#   - the criterion benches: lookups, charter parsing, classification.
# Prints a markdown table of figures and ratios. Not part of scripts/test.sh:
# timings belong in benchmarks, never in tests.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${REQUESTS:-20000}
runs=${RUNS:-300}
work=target/bench
mkdir -p "$work"

cargo build --release --locked --quiet
host=$PWD/target/release/cookie-charter

# hyperfine 1.17+ feeds a file to each run's stdin (--input); Debian 12 has 1.15.
hyperfine=hyperfine
if ! hyperfine --help 2>/dev/null | grep -q -- '--input'; then
  if [ ! -x target/tools/bin/hyperfine ]; then
    echo "installing hyperfine 1.20 into target/tools (Debian's lacks --input)" >&2
    cargo install --locked --quiet hyperfine --version 1.20.0 --root target/tools
  fi
  hyperfine=target/tools/bin/hyperfine
fi

# The Python reference host, with publicsuffixlist from PyPI.
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet publicsuffixlist
fi
python="$work/venv/bin/python"
reference="$python $PWD/scripts/bench/reference_host.py"

python3 scripts/bench/frames.py ../shared/seed/charte-cookies-data-nantesmetropole.txt "$work" "$requests"

"$hyperfine" -N --style basic --warmup 20 --runs "$runs" --input "$work/one.bin" \
  --export-json "$work/cold.json" \
  "$host --version" "$host serve" "$reference" >&2
"$hyperfine" -N --style basic --warmup 1 --runs 5 --input "$work/many.bin" \
  --export-json "$work/port.json" \
  "$host serve" "$reference" >&2

peak_kib() { /usr/bin/time -f %M "$@" < "$work/many.bin" 2>&1 >/dev/null | tail -1; }
host_rss=$(peak_kib "$host" serve)
reference_rss=$(peak_kib $reference)

cargo bench --quiet --bench host -- --warm-up-time 1 --measurement-time 3 2>/dev/null \
  | grep -E '^[a-z_]+/|time:|thrpt:' > "$work/criterion.txt" || true

python3 - "$work" "$requests" "$host_rss" "$reference_rss" <<'PY'
import json, re, sys
work, requests, host_rss, reference_rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cold = {r["command"]: r for r in json.load(open(f"{work}/cold.json"))["results"]}
port = {r["command"]: r for r in json.load(open(f"{work}/port.json"))["results"]}
ms = lambda r: r["median"] * 1000
version = next(r for c, r in cold.items() if c.endswith("--version"))
serve = next(r for c, r in cold.items() if c.endswith(" serve"))
python = next(r for c, r in cold.items() if "reference_host" in c)
serve_port = next(r for c, r in port.items() if c.endswith(" serve"))
python_port = next(r for c, r in port.items() if "reference_host" in c)
print("| measure | cookie-charter | Python reference | target |")
print("|---|---|---|---|")
print(f"| `--version` (floor), median | {ms(version):.2f} ms | | |")
print(f"| cold classify, median | {ms(serve):.2f} ms ({ms(serve) / ms(version):.2f}x the floor) "
      f"| {ms(python):.1f} ms ({ms(python) / ms(serve):.0f}x slower) | <= 1.5x the floor |")
print(f"| classify requests/s, one port | {requests / serve_port['median']:,.0f} "
      f"| {requests / python_port['median']:,.0f} | >= 20,000 |")
print(f"| peak RSS over {requests} requests | {host_rss / 1024:.1f} MB | {reference_rss / 1024:.1f} MB | < 15 MB |")
text = open(f"{work}/criterion.txt").read()
for name, label in [("psl/registrable_domain", "registrable-domain lookups"),
                    ("charter/policy_page_1mb_html", "1 MB policy page, parse"),
                    ("charter/seed_text", "seed charter, parse"),
                    ("classify/seed_8_cookies", "classify 8 cookies (pure)"),
                    ("classify/request_through_protocol", "one request through the protocol")]:
    block = re.search(re.escape(name) + r"\s+time:\s+\[\S+ \S+ (\S+) (\S+)", text)
    thrpt = re.search(re.escape(name) + r"\s+time:[^\n]*\n\s+thrpt:\s+\[\S+ \S+ (\S+) (\S+)", text)
    if block:
        extra = f" ({thrpt.group(1)} {thrpt.group(2)})" if thrpt else ""
        print(f"| {label} | {block.group(1)} {block.group(2)}{extra} | | |")
PY
