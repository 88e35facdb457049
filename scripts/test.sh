#!/usr/bin/env bash
# Runs every test: format, clippy (ssr and hydrate), unit and integration tests on SQLite and
# PostgreSQL, then the Playwright journeys in Debian's Chromium against a release-like browser build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s)
# Each step prints the minutes and seconds since the run began, so a slow step shows in the log.
step() {
  local t=$(( $(date +%s) - started ))
  printf '\n\033[1;34m==> [%d:%02d] %s\033[0m\n' $((t / 60)) $((t % 60)) "$*"
}

step "tools"
scripts/tools.sh test
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"

step "PostgreSQL"
export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql 2>/dev/null | head -n 1 || true)
  [ -n "$ver" ] && pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
  sleep 2
fi
if pg_up; then
  echo "PostgreSQL answers at 127.0.0.1:5432: database tests run on SQLite and PostgreSQL."
else
  printf '\n\033[1;31m!!! PostgreSQL is NOT reachable at 127.0.0.1:5432: the PostgreSQL half of the database tests is SKIPPED !!!\033[0m\n\n'
  if [ "${CI:-}" = true ]; then echo "Under CI that is a failure."; exit 1; fi
fi

step "format"
cargo fmt --all -- --check

step "clippy (ssr)"
cargo clippy --features ssr --all-targets -- -D warnings
step "clippy (hydrate)"
cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "unit and integration tests (SQLite and PostgreSQL)"
cargo test --features ssr

# Restarting PostgreSQL stops every other test's database too, so this one runs alone.
step "PostgreSQL restarted under two app servers"
pg_version=$(ls /etc/postgresql 2>/dev/null | head -n 1 || true)
can_restart() { [ "$(id -u)" = 0 ] || [ "$(id -un)" = postgres ]; }
if pg_up && [ -n "$pg_version" ] && command -v pg_ctlcluster >/dev/null 2>&1 && can_restart; then
  COMMONPLACE_TEST_PG_RESTART="pg_ctlcluster --skip-systemctl-redirect $pg_version main restart" \
    cargo test --features ssr --test api -- --ignored two_servers_recover_when_postgres_restarts
else
  # Restarting needs a local cluster and the right to restart it (root or postgres); a shared
  # PostgreSQL elsewhere is not ours to restart, so this is said loudly, not failed.
  printf '\n\033[1;31m!!! cannot restart PostgreSQL here (no local cluster, or not root/postgres): the restart test is SKIPPED !!!\033[0m\n\n'
fi

# The journeys run the browser build made as the release is (the split, wasm-bindgen, wasm-opt)
# minus link-time optimisation, against the test build's own server binary: the fat-LTO browser
# build and the release server (over 20 minutes here) are what ships, not what a journey checks.
step "browser build for the journeys (scripts/site.sh journeys)"
scripts/site.sh journeys

step "browser journeys (Playwright, Debian's Chromium; JavaScript off and hydrated)"
# `cargo test` above built the server (for the integration tests) and the SMTP sink (an example).
[ -x target/debug/commonplace ] || { echo "target/debug/commonplace is missing: cargo test builds it" >&2; exit 1; }
COMMONPLACE_BIN=target/debug/commonplace scripts/e2e.sh

echo
echo "All tests passed in $(( $(date +%s) - started )) s."
