#!/usr/bin/env bash
# Installs what building and testing Commonplace needs, only where it is missing.
# Idempotent: on a machine that has everything it returns in about a second.
#   scripts/tools.sh build   wasm target, cargo-leptos, wasm-bindgen, wasm-opt
#   scripts/tools.sh test    the above, plus Chromium and the end2end npm packages
#   scripts/tools.sh bench   the above, plus oha
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-build}
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"

say() { printf '\033[1m[tools]\033[0m %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

# The cargo tools below are built with their release profile minus fat LTO and single-unit
# codegen: cargo-leptos asks for both, which triples its build time on two cores for a tool whose
# own speed hardly matters (the work it drives runs in rustc, wasm-bindgen and wasm-opt).
quick_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

need_version() { # binary, expected version substring
  have "$1" && "$1" --version 2>/dev/null | grep -q "$2"
}

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm-bindgen CLI must equal the crate pinned in Cargo.toml exactly.
if ! need_version wasm-bindgen 0.2.130; then
  say "installing wasm-bindgen-cli 0.2.130 (a few minutes, once)"
  quick_install wasm-bindgen-cli --version 0.2.130 --force
fi

# cargo-leptos itself is built unoptimised but for the crates that split the wasm (a second's
# work on the whole module, kept at full speed) and the CSS compiler (-O1): 8.7 minutes to
# install instead of about 16, and the same output (every wasm module byte-identical, measured
# 2026-12-01). Its other work (minifying one JavaScript file, starting wasm-bindgen and
# wasm-opt) is small.
if ! need_version cargo-leptos 0.3.10; then
  say "installing cargo-leptos 0.3.10 (about 9 minutes, once)"
  split_crates=(wasm_split_cli_support wasmparser wasm-encoder gimli regex-automata)
  optimised=()
  for crate in "${split_crates[@]}"; do optimised+=(--config "profile.release.package.$crate.opt-level=3"); done
  optimised+=(--config 'profile.release.package.lightningcss.opt-level=1')
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 quick_install cargo-leptos --version 0.3.10 --locked "${optimised[@]}"
fi

# wasm-opt for release builds: binaryen from npm (a current version; Debian's 108 breaks hydration).
if ! have wasm-opt || ! wasm-opt --version 2>/dev/null | grep -qE 'version (1[1-9][0-9]|[2-9][0-9][0-9])'; then
  say "installing binaryen (wasm-opt) from npm into end2end/node_modules"
  (cd end2end && npm install --no-audit --no-fund --silent)
fi

if [ "$what" = test ] || [ "$what" = bench ]; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ ! -d end2end/node_modules/@axe-core/playwright ]; then
    say "installing the end2end npm packages"
    (cd end2end && npm install --no-audit --no-fund --silent)
  fi
fi

if [ "$what" = bench ] && ! have oha; then
  say "installing oha (load generator, once)"
  quick_install oha --locked
fi
