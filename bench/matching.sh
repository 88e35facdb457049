#!/usr/bin/env bash
# "Find partners" load benchmark (issue: matching, section 8). Serves Commonplace on SQLite with
# 5,000 partners, records one need, and loads the server function that ranks and explains the
# partners for it with oha (the "Find partners" server function, as the page calls it, with its
# list of open needs and branches), beside a bare axum hello-world measured in the same run.
#   bench/matching.sh [seconds per run, default 15]
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
app_port=3470 hello_port=3471
export DATABASE_URL="sqlite:$work/bench.db" LEPTOS_SITE_ROOT=target/site COMMONPLACE_DEMO=false
export COMMONPLACE_ADMIN_PASSWORD="bench admin passphrase" RUST_LOG=warn
target/release/commonplace seed-synthetic --partners 5000 >/dev/null
target/release/commonplace serve --port $app_port >"$work/app.log" 2>&1 &
app=$!
PORT=$hello_port target/hello/release/hello_axum &
hello=$!
trap 'kill $app $hello 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
sleep 1

base="http://127.0.0.1:$app_port"
cookie=$(curl -si -X POST "$base/api/public/sign_in" \
  -H 'Accept: application/json' -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'email=admin%40library.example&password=bench+admin+passphrase' | grep -i '^set-cookie: cp_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
[ -n "$cookie" ] || { echo "could not sign in"; exit 1; }
post() { curl -fsS -X POST -H "Cookie: $cookie" -H 'Accept: application/json' -H 'Content-Type: application/x-www-form-urlencoded' --data "$2" "$base$1"; }
branch=$(post /api/admin/branches/save 'name=Eastside+Branch&latitude=44.955&longitude=-93.205')
need=$(post /api/staff/needs/save "title=Refreshments+for+the+meeting&offering=refreshments&goals%5B%5D=civic_life&audiences%5B%5D=adults&branch_id=$branch&starts_on=$(date -d "+7 days" +%F)&time_of_day=morning")
post /api/staff/needs/matches "id=$need" | python3 -c 'import json,sys; r=json.load(sys.stdin)["ranking"]; assert len(r["suggestions"])==25, r["suggested"]; print(r["suggested"], "partners suggested,", r["left_out_count"], "left out")'

run() { oha --no-tui --output-format json -z "${secs}s" -c 32 "$@"; }
summ() { python3 bench/oha_summary.py; }
fn=(-m POST -H "Cookie: $cookie" -H 'Accept: application/json' -H 'Content-Type: application/x-www-form-urlencoded' -d "need=$need" "$base/api/staff/matching/find")

read -r hello_rps hello_p50 hello_p99 _ < <(run "http://127.0.0.1:$hello_port/" | summ)
read -r fn_rps fn_p50 fn_p99 fn_ok < <(run "${fn[@]}" | summ)
half=$(( ${fn_rps%.*} / 2 ))
read -r half_rps half_p50 half_p99 _ < <(run -q "$half" "${fn[@]}" | summ)
python3 - "$hello_rps" "$fn_rps" <<PY
import sys
h, d = float(sys.argv[1]), float(sys.argv[2])
print()
print("Find partners: rank and explain 5,000 partners for one need (server function, signed in)")
print(f"  bare axum hello-world : {h:8.0f} req/s   p50 $hello_p50 ms   p99 $hello_p99 ms")
print(f"  find partners         : {d:8.0f} req/s   p50 $fn_p50 ms   p99 $fn_p99 ms   success $fn_ok")
print(f"  ratio                 : {100*d/h:6.2f} % of bare axum")
print(f"  at half max ($half req/s): p50 $half_p50 ms   p99 $half_p99 ms (target p99 <= 30 ms)")
PY
