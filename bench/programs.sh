#!/usr/bin/env bash
# Program booking benchmarks (issue: program booking, section 6), against the release build:
#  - registrations per second through the real HTTP endpoint, every request a new e-mail
#    (bench/register_load.py; oha picks bodies from a file at random and would repeat some), with
#    p50/p99;
#  - the public calendar page (/programs, server-rendered, demo data) as a ratio to a bare axum
#    hello-world measured in the same run with oha (target >= 12%);
#  - the 1,000-request race: 1,000 registrations sent at once over 1,000 connections for one
#    program, its wall time on SQLite and on PostgreSQL (targets < 1 s and < 1.5 s).
#   bench/programs.sh [seconds per timed oha run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
# A thousand connections at once need more than the usual 1,024 open files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
secs=${1:-15}
scripts/tools.sh bench
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  scripts/site.sh release
fi
cargo build --release --manifest-path bench/hello_axum/Cargo.toml --target-dir target/hello

work=$(mktemp -d)
hello_port=3481
export LEPTOS_SITE_ROOT=target/site COMMONPLACE_ADMIN_PASSWORD="bench admin passphrase" RUST_LOG=warn
# No SMTP server: the mail worker logs the messages, as on a bare machine.
PORT=$hello_port target/hello/release/hello_axum &
pids=($!)
pg_db="cp_bench_$$"
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $pg_db" postgres >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# serve NAME PORT DATABASE_URL: starts an app server with demo data and waits for it.
serve() {
  DATABASE_URL="$3" COMMONPLACE_DEMO=true COMMONPLACE_BOOKINGS_PER_HOUR=0 target/release/commonplace serve --port "$2" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return; sleep 0.2; done
  cat "$work/$1.log"; echo "the $1 server did not start"; exit 1
}

# program BASE CAPACITY DAYS_AHEAD: schedules a published off-site program; prints its id.
program() {
  local cookie
  cookie=$(curl -si -X POST "$1/api/public/sign_in" \
    -H 'Accept: application/json' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data 'email=admin%40library.example&password=bench+admin+passphrase' | grep -i '^set-cookie: cp_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
  [ -n "$cookie" ] || { echo "could not sign in" >&2; exit 1; }
  curl -sS -X POST -H "Cookie: $cookie" -H 'Accept: application/json' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "title=Bench+talk&address=Town+hall&day=$(date -d "+$3 days" +%F)&starts=18:00&ends=19:00&capacity=$2&registration=required&party_limit=1&publish=on" \
    "$1/api/staff/programs/create"
}

# load BASE PROGRAM N CONNECTIONS TAG [--at-once]: registrations, each a new e-mail (JSON out).
load() {
  python3 bench/register_load.py "$1/api/public/programs/register" "${@:2}"
}

# race BASE TAG DAYS: 1,000 registrations at once, one per connection, for a program of 100
# seats; prints the wall time in seconds (every answer must be a 200).
race() {
  local id
  id=$(program "$1" 100 "$3")
  load "$1" "$id" 1000 1000 "$2" --at-once \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); assert list(r["codes"])==["200"], r["codes"]; print(r["seconds"])'
}

summ() { python3 bench/oha_summary.py; }

serve sqlite 3480 "sqlite:$work/bench.db"
base="http://127.0.0.1:3480"
sleep 1

read -r hello_rps hello_p50 hello_p99 _ < <(oha --no-tui --output-format json -z "${secs}s" -c 32 "http://127.0.0.1:$hello_port/" | summ)
read -r cal_rps cal_p50 cal_p99 cal_ok < <(oha --no-tui --output-format json -z "${secs}s" -c 32 "$base/programs" | summ)

# Registrations per second: 10,000 new patrons for one program of 10,000 seats, 32 connections.
id=$(program "$base" 10000 30)
load "$base" "$id" 10000 32 r >"$work/reg.json"
read -r reg_rps reg_p50 reg_p99 < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert list(r["codes"])==["200"], r["codes"]; print(r["rps"], r["p50_ms"], r["p99_ms"])' "$work/reg.json")

sqlite_race=$(race "$base" s 31)

psql -q -h 127.0.0.1 -U postgres -c "create database $pg_db" postgres
serve postgres 3482 "postgres://postgres@127.0.0.1:5432/$pg_db"
pg_race=$(race "http://127.0.0.1:3482" p 31)

python3 - "$hello_rps" "$cal_rps" <<PY
import sys
h, c = float(sys.argv[1]), float(sys.argv[2])
print()
print("Program booking (release build, demo data)")
print(f"  bare axum hello-world   : {h:8.0f} req/s   p50 $hello_p50 ms   p99 $hello_p99 ms")
print(f"  /programs calendar page : {c:8.0f} req/s   p50 $cal_p50 ms   p99 $cal_p99 ms   success $cal_ok")
print(f"  ratio                   : {100*c/h:6.2f} % of bare axum (target >= 12 %)")
print(f"  registrations (SQLite)  : $reg_rps req/s   p50 $reg_p50 ms   p99 $reg_p99 ms   (every answer 200)")
print(f"  1,000-request race      : SQLite $sqlite_race s (target < 1), PostgreSQL $pg_race s (target < 1.5)")
PY
