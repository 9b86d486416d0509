#!/usr/bin/env bash
# End-to-end tests (`npm run test:e2e`, and .ci/run):
#   1. install code-server, chromium, neovim (cached; scripts/setup-e2e.sh)
#   2. build dist/, compile the tests (out/), package the .vsix
#   3. check the .vsix contents      (test/e2e/package.test.mjs)
#   4. VS Code API suite + UI tests  (test/e2e/run.mjs, in code-server + chromium;
#      screenshots in test-output/e2e/)
#   5. Neovim as a second LSP client (test/nvim/run.sh)
# Exits non-zero if any step fails; ends with the total "N passed, N failed".
# Environment: NETPOL_E2E_CACHE (install folder), NETPOL_E2E_SKIP_SETUP=1.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=test-output/e2e-run
mkdir -p "$OUT"

passed=0
failed=0
status=0
t_start=$SECONDS
step() { printf '\n=== %s\n' "$*"; }
elapsed() { echo "    ($1: $(( SECONDS - $2 )) s)"; }

# Fatal steps: without them nothing after can run.
must() {
  local name="$1"; shift
  local t=$SECONDS
  if ! "$@"; then
    echo "FAIL $name"
    echo "0 passed, $((failed + 1)) failed (stopped at: $name)"
    exit 1
  fi
  elapsed "$name" "$t"
}

# Test steps: run, echo, and add their "N passed, N failed" line to the total.
tests() {
  local name="$1"; shift
  local t=$SECONDS log="$OUT/$name.log"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local counts
  counts="$(grep -Eo '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)"
  if [ -z "$counts" ]; then
    echo "FAIL $name printed no result line (exit $rc)"
    failed=$((failed + 1))
  else
    passed=$((passed + $(cut -d' ' -f1 <<<"$counts")))
    failed=$((failed + $(cut -d' ' -f3 <<<"$counts")))
  fi
  [ "$rc" = 0 ] || status=1
  elapsed "$name" "$t"
}

if [ "${NETPOL_E2E_SKIP_SETUP:-}" != 1 ]; then
  step "setup (code-server, chromium, neovim)"
  must setup bash scripts/setup-e2e.sh
fi

step "build, compile, package"
must build npm run --silent build
must compile npx tsc -p .
VERSION="$(node -p 'require("./package.json").version')"
VSIX="netpol-inspector-$VERSION.vsix"
must package node scripts/package.mjs --out "$VSIX"

step "package contents"
tests package node test/e2e/package.test.mjs "$VSIX"

step "VS Code (code-server): API suite and UI"
tests vscode node test/e2e/run.mjs --vsix "$VSIX"

step "Neovim"
tests nvim bash test/nvim/run.sh

echo
echo "e2e total: $(( SECONDS - t_start )) s; screenshots in test-output/e2e/"
echo "$passed passed, $failed failed"
[ "$status" = 0 ] && [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
