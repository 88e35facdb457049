#!/usr/bin/env bash
# Serves the site on a fresh SQLite database with demo data, beside a real SMTP
# server (examples/smtp_sink.rs) that writes what it receives to a folder the journeys read,
# and runs the Playwright suite against it. Expects the site built by `scripts/site.sh` (either
# kind) and a server binary: `COMMONPLACE_BIN`, by default the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"
port=${E2E_PORT:-3457}
smtp_port=${E2E_SMTP_PORT:-2526}
work=$(mktemp -d)
export MAIL_DIR="$work/mail"
sink=target/debug/examples/smtp_sink
[ -x "$sink" ] || cargo build --quiet --features ssr --example smtp_sink
"$sink" "127.0.0.1:$smtp_port" "$MAIL_DIR" >"$work/smtp.log" 2>&1 &
smtp=$!
export DATABASE_URL="sqlite:$work/e2e.db" PORT=$port LEPTOS_SITE_ROOT=target/site
export COMMONPLACE_SMTP_URL="smtp://127.0.0.1:$smtp_port" COMMONPLACE_PUBLIC_URL="http://127.0.0.1:$port"
export COMMONPLACE_MAIL_RETRY_SECONDS=1 COMMONPLACE_DEMO=true
export COMMONPLACE_ADMIN_EMAIL=admin@library.example COMMONPLACE_ADMIN_PASSWORD="e2e admin passphrase"
# The browsers connect from 127.0.0.1, as through a proxy there: a journey whose visitor stands
# for someone else (a partner signing up from their own shop) says so with X-Forwarded-For, so
# the sign-up limit per address counts them apart from the journeys' other sign-ups.
export COMMONPLACE_TRUSTED_PROXIES=127.0.0.1/32
# routes.spec.ts asks the same binary for its page routes.
export COMMONPLACE_BIN="${COMMONPLACE_BIN:-target/release/commonplace}"
[ -x "$COMMONPLACE_BIN" ] || { echo "no server binary at $COMMONPLACE_BIN: build it first" >&2; exit 1; }
COMMONPLACE_BIN=$(realpath "$COMMONPLACE_BIN")
"$COMMONPLACE_BIN" serve >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" "$smtp" 2>/dev/null || true
  wait "$server" "$smtp" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; echo "the server did not start"; exit 1; }
  sleep 0.2
done
cd end2end
BASE_URL="http://127.0.0.1:$port" npx playwright test "$@" || { echo "--- server log ---"; tail -50 "$work/server.log"; exit 1; }
