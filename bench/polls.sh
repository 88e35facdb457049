#!/usr/bin/env bash
# Poll benchmarks (issue: patron polls, section 7). Builds the release, serves Commonplace on
# SQLite, and measures in one run:
#   - a bare axum hello-world (the baseline);
#   - ballots per second through the real vote endpoint, sustained, with unique voters (each
#     request comes without a voter cookie), then checks every acknowledged ballot is stored;
#   - 1,000 live-results listeners, and how long each takes to see one new vote.
# One client address sends every ballot here, so the per-address vote limit is switched off
# (COMMONPLACE_VOTES_PER_MINUTE=0); in a library it is on.
#   bench/polls.sh [seconds of voting, default 60] [listeners, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
listeners=${2:-1000}
scripts/tools.sh bench
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# BENCH_NO_BUILD=1 measures the binaries already built.
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  scripts/site.sh release
fi
cargo build --release --manifest-path bench/hello_axum/Cargo.toml --target-dir target/hello
ulimit -n 65536 2>/dev/null || true

work=$(mktemp -d)
app_port=3462 hello_port=3463
export DATABASE_URL="sqlite:$work/bench.db" LEPTOS_SITE_ROOT=target/site COMMONPLACE_DEMO=false
export COMMONPLACE_ADMIN_PASSWORD="bench admin passphrase" RUST_LOG=warn COMMONPLACE_VOTES_PER_MINUTE=0
target/release/commonplace serve --port $app_port >"$work/app.log" 2>&1 &
app=$!
PORT=$hello_port target/hello/release/hello_axum &
hello=$!
trap 'kill $app $hello 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

base="http://127.0.0.1:$app_port"
cookie=$(curl -si -X POST "$base/api/public/sign_in" -H 'Accept: application/json' \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'email=admin%40library.example&password=bench+admin+passphrase' | grep -i '^set-cookie: cp_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
[ -n "$cookie" ] || { echo "could not sign in"; exit 1; }
today=$(date -u +%F)
for slug in bench-ballots bench-live; do
  curl -fsS -X POST "$base/api/staff/polls/create" -H "Cookie: $cookie" -H 'Accept: application/json' \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "question=Which+benchmark+matters+most%3F&slug=$slug&choice=single&opens_on=$today&visibility=live&voter_check=browser&options%5B%5D=Ballots&options%5B%5D=Listeners&options%5B%5D=Both" >/dev/null
done
option() { curl -fsS -X POST "$base/api/public/polls/view" -H 'Accept: application/json' \
  -H 'Content-Type: application/x-www-form-urlencoded' --data "slug=$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["poll"]["options"][0]["id"])'; }
ballot_option=$(option bench-ballots)
live_option=$(option bench-live)

run() { oha --no-tui --output-format json "$@"; }
read -r hello_rps hello_p50 hello_p99 _ < <(run -z 15s -c 32 "http://127.0.0.1:$hello_port/" | python3 bench/oha_summary.py)

run -z "${secs}s" -c 64 -m POST -H 'Accept: application/json' -T 'application/x-www-form-urlencoded' \
  -d "slug=bench-ballots&choices%5B%5D=$ballot_option" "$base/api/public/polls/vote" >"$work/votes.json"
read -r vote_rps vote_p50 vote_p99 vote_ok < <(python3 bench/oha_summary.py <"$work/votes.json")
acked=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["statusCodeDistribution"].get("200", 0))' "$work/votes.json")
other=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(v for k, v in d["statusCodeDistribution"].items() if k != "200"))' "$work/votes.json")
stored=$(curl -fsS -X POST "$base/api/staff/polls/list" -H "Cookie: $cookie" -H 'Accept: application/json' \
  | python3 -c 'import json,sys; print([p["ballots"] for p in json.load(sys.stdin) if p["slug"]=="bench-ballots"][0])')

read -r l_n l_got l_within l_p50 l_p99 l_max < <(python3 bench/sse_listeners.py 127.0.0.1 $app_port bench-live "$live_option" "$listeners")
rss_kb=$(ps -o rss= -p $app | tr -d ' ')

python3 - <<PY
h, v = float("$hello_rps"), float("$vote_rps")
print()
print("ballots through POST /api/public/polls/vote (SQLite, unique voters, 64 connections, ${secs} s)")
print(f"  bare axum hello-world : {h:8.0f} req/s   p50 $hello_p50 ms   p99 $hello_p99 ms")
print(f"  ballots               : {v:8.0f} /s      p50 $vote_p50 ms   p99 $vote_p99 ms   ({100*v/h:.1f} % of bare axum; target >= 5,000/s, p99 <= 50 ms)")
acked, stored = int("$acked"), int("$stored")
# oha stops at the deadline with up to 64 requests in flight: those ballots may be stored
# without their answer having arrived, so stored may exceed acknowledged by at most 64.
ok = acked <= stored <= acked + 64
verdict = f"every acknowledged ballot is stored ({stored - acked} more were in flight at the cut-off)" if ok else "MISMATCH"
print(f"  acknowledged (200)    : {acked}; other answers: $other; stored afterwards: {stored} -> {verdict}")
print(f"live results: $l_n listeners; $l_got saw the new vote, $l_within within 1 s; p50 $l_p50 ms, p99 $l_p99 ms, slowest $l_max ms")
print(f"server RSS after the run: {int('$rss_kb')/1024:.1f} MB")
PY
