#!/usr/bin/env bash
# Runs Commonplace at http://127.0.0.1:3000 on an embedded SQLite file (data/commonplace.db),
# with demo data on first start. Installs what is missing, builds the release, serves.
# Any arguments go to the server binary (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/tools.sh build
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
scripts/site.sh release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
# The demo town is for trying Commonplace out; the binary alone never adds it.
export COMMONPLACE_DEMO="${COMMONPLACE_DEMO:-true}"
exec target/release/commonplace "$@"
