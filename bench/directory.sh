#!/usr/bin/env bash
# Directory-page load benchmark (issue: foundation, section 11).
# Builds the release, serves Commonplace on SQLite with 5,000 partners, loads the directory page
# (50 per page, filtered) with oha beside a bare axum hello-world measured in the same run, then
# measures p99 at half the maximum rate, the release wasm size and the idle server's memory.
#   bench/directory.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
scripts/tools.sh bench
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# BENCH_NO_BUILD=1 measures the binaries already built.
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  scripts/site.sh release
fi
cargo build --release --manifest-path bench/hello_axum/Cargo.toml --target-dir target/hello

work=$(mktemp -d)
app_port=3460 hello_port=3461 cold_port=3464
export DATABASE_URL="sqlite:$work/bench.db" LEPTOS_SITE_ROOT=target/site COMMONPLACE_DEMO=false
export COMMONPLACE_ADMIN_PASSWORD="bench admin passphrase" RUST_LOG=warn
target/release/commonplace seed-synthetic --partners 5000 >/dev/null
target/release/commonplace serve --port $app_port >"$work/app.log" 2>&1 &
app=$!
PORT=$hello_port target/hello/release/hello_axum &
hello=$!
# The same database served with the page cache off: every request renders the page.
COMMONPLACE_PAGE_CACHE=false target/release/commonplace serve --port $cold_port >"$work/cold.log" 2>&1 &
cold=$!
trap 'kill $app $hello $cold 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$cold_port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
sleep 1
idle_kb=$(ps -o rss= -p $app | tr -d ' ')

cookie=$(curl -si -X POST "http://127.0.0.1:$app_port/api/public/sign_in" \
  -H 'Accept: application/json' -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'email=admin%40library.example&password=bench+admin+passphrase' | grep -i '^set-cookie: cp_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
[ -n "$cookie" ] || { echo "could not sign in"; exit 1; }
url="http://127.0.0.1:$app_port/staff/partners?offering=refreshments&per_page=50"
curl -fsS -H "Cookie: $cookie" "$url" | grep -q 'Showing 50 of' || { echo "the directory page did not list 50 partners"; exit 1; }

run() { oha --no-tui --output-format json -z "${secs}s" -c 32 "$@"; }
summ() { python3 bench/oha_summary.py; }

read -r hello_rps hello_p50 hello_p99 _ < <(run "http://127.0.0.1:$hello_port/" | summ)
read -r dir_rps dir_p50 dir_p99 dir_ok < <(run -H "Cookie: $cookie" "$url" | summ)
cold_url=${url/:$app_port/:$cold_port}
read -r cold_rps cold_p50 cold_p99 cold_ok < <(run -H "Cookie: $cookie" "$cold_url" | summ)
half=$(( ${dir_rps%.*} / 2 ))
read -r half_rps half_p50 half_p99 _ < <(run -q "$half" -H "Cookie: $cookie" "$url" | summ)

wasm=target/site/pkg/commonplace.wasm
raw=$(stat -c %s "$wasm"); gz=$(gzip -9 -c "$wasm" | wc -c)
all_raw=$(cat target/site/pkg/*.wasm | wc -c)
all_gz=$(for f in target/site/pkg/*.wasm; do gzip -9 -c "$f"; done | wc -c)
python3 - "$hello_rps" "$dir_rps" <<PY
import sys
h, d = float(sys.argv[1]), float(sys.argv[2])
print()
print("directory page (5,000 partners, filter offering=refreshments, 50 per page, signed in)")
print(f"  bare axum hello-world : {h:8.0f} req/s   p50 $hello_p50 ms   p99 $hello_p99 ms")
print(f"  directory page        : {d:8.0f} req/s   p50 $dir_p50 ms   p99 $dir_p99 ms   success $dir_ok")
print(f"  ratio                 : {100*d/h:6.1f} % of bare axum (target >= 8 %)")
print(f"  rendered every time   : {float('$cold_rps'):8.0f} req/s   p50 $cold_p50 ms   p99 $cold_p99 ms   ({100*float('$cold_rps')/h:.1f} % of bare axum; COMMONPLACE_PAGE_CACHE=false)")
print(f"  at half max ($half req/s): p50 $half_p50 ms   p99 $half_p99 ms (target p99 <= 30 ms)")
print(f"release wasm, first download: {int('$raw')/1024:.0f} KiB raw, {int('$gz')/1024:.1f} KiB gzip = {int('$gz')} bytes (budget <= 250 KB gzip)")
print(f"release wasm, all lazy chunks too: {int('$all_raw')/1024:.0f} KiB raw, {int('$all_gz')/1024:.0f} KiB gzip")
print(f"server idle RSS: {int('$idle_kb')/1024:.1f} MB (SQLite, 5,000 partners)")
PY
