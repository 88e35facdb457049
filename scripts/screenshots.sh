#!/usr/bin/env bash
# Rebuilds the README's screenshots (docs/screenshots/*.png) from the running app: builds the
# release, serves it on a fresh demo database and photographs the main pages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/tools.sh test
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
scripts/site.sh release
work=$(mktemp -d)
port=3458
DATABASE_URL="sqlite:$work/shots.db" PORT=$port LEPTOS_SITE_ROOT=target/site COMMONPLACE_DEMO=true \
  COMMONPLACE_ADMIN_PASSWORD="screenshot passphrase" target/release/commonplace serve >"$work/log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
cd end2end && BASE_URL="http://127.0.0.1:$port" ADMIN_PASSWORD="screenshot passphrase" node screenshots.mjs
