#!/usr/bin/env bash
# Builds the site: the browser side (the wasm split into a module per lazy page, bound by
# wasm-bindgen, optimised by wasm-opt -Oz; the CSS; public/) into target/site, each file with a
# brotli and a gzip copy beside it (scripts/precompress.cjs), and the server.
#
#   scripts/site.sh release    what ships and what run.sh serves: the browser build size-tuned
#                              (opt-level z, fat LTO, one codegen unit) and the release server
#   scripts/site.sh journeys   the browser side only, for the Playwright journeys: the same steps
#                              (the split, wasm-bindgen, wasm-opt -Oz: what past hydration bugs
#                              depended on) without link-time optimisation and in 16 codegen
#                              units; the journeys' server is the test build's binary
#
# cargo-leptos runs wasm-opt once per module (about 950 in the release, 1,170 without LTO), and
# binaryen's wasm-opt is a Node program that spends over a second per run loading and compiling
# itself (measured: 61 modules in 70 s on two cores). Here it only writes down each run
# (scripts/wasm-opt/wasm-opt), and batch.cjs then does them all with the same program loaded
# once per core, in about a tenth of the time and with byte-identical output.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"

kind=${1:-release}
case "$kind" in
  release) args=(--release --split) ;;
  journeys)
    args=(--release --split --frontend-only)
    export CARGO_PROFILE_WASM_RELEASE_LTO=false CARGO_PROFILE_WASM_RELEASE_CODEGEN_UNITS=16
    ;;
  *) echo "usage: scripts/site.sh release|journeys" >&2; exit 2 ;;
esac

[ -f end2end/node_modules/binaryen/bin/wasm-opt ] || { echo "binaryen is missing: run scripts/tools.sh build" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WASM_OPT_QUEUE=$work/wasm-opt.queue

started=$(date +%s)
PATH="$root/scripts/wasm-opt:$PATH" cargo leptos build "${args[@]}"
built=$(date +%s)
[ -s "$WASM_OPT_QUEUE" ] || { echo "cargo-leptos asked for no wasm-opt run: is scripts/wasm-opt first on PATH?" >&2; exit 1; }
# Its messages (a harmless warning per module about an unknown name subsection) are shown only
# when a run fails, as cargo-leptos does.
if ! node scripts/wasm-opt/batch.cjs "$WASM_OPT_QUEUE" 2>"$work/wasm-opt.log"; then
  grep -v 'unknown name subsection' "$work/wasm-opt.log" >&2 || true
  echo "wasm-opt failed (scripts/wasm-opt/batch.cjs)" >&2
  exit 1
fi
echo "wasm-opt: $(wc -l <"$WASM_OPT_QUEUE") modules in $(( $(date +%s) - built )) s"
# The server sends these copies as they are (src/server/assets.rs).
squeezed=$(date +%s)
node scripts/precompress.cjs target/site
echo "precompress: $(( $(date +%s) - squeezed )) s"
modules=$(ls target/site/pkg/*.wasm | wc -l)
echo "site ($kind): $modules wasm modules, built in $(( $(date +%s) - started )) s"
