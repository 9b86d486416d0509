#!/usr/bin/env bash
# Neovim's built-in LSP client (Debian's neovim 0.7) against the bundled server
# over --stdio: diagnostics must arrive for a broken policy and be empty for a
# correct one. Needs `npm run build` first. Ends with "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/test/nvim"
export NETPOL_SERVER="$ROOT/dist/server.js"
export NETPOL_TIMEOUT_MS="${NETPOL_TIMEOUT_MS:-60000}"

command -v nvim >/dev/null || { echo "nvim missing: run scripts/setup-e2e.sh"; echo "0 passed, 1 failed"; exit 1; }
[ -f "$NETPOL_SERVER" ] || { echo "$NETPOL_SERVER missing: npm run build"; echo "0 passed, 1 failed"; exit 1; }

# A scratch copy of the examples: the server indexes the workspace root.
WS="$(mktemp -d -t netpol-nvim-XXXXXX)"
trap 'rm -rf "$WS"' EXIT
cp -r "$ROOT/examples/." "$WS/"
export NETPOL_ROOT="$WS"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   nvim: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL nvim: $1"; shift; printf '     %s\n' "$@"; }

# Runs headless Neovim on a file; its output is in $OUT.
run_nvim() {
  OUT="$(cd "$WS" && timeout 120 nvim --headless -u NONE -i NONE -n "$1" -c "luafile $HERE/diagnostics.lua" 2>&1)"
  STATUS=$?
}

# Does $OUT contain this exact line?
has_line() { grep -qxF -- "$1" <<<"$OUT"; }

echo "nvim: $(nvim --version | head -1)"

run_nvim mistakes/04-ports.yaml
want=(
  'diag 16 netpol/invalid-protocol spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"'
  'diag 18 netpol/invalid-port spec.ingress[0].ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive'
  'diag 24 netpol/invalid-end-port spec.egress[0].ports[0].endPort: Invalid value: 32000: must be greater than or equal to `port`'
)
missing=()
for w in "${want[@]}"; do has_line "$w" || missing+=("$w"); done
if [ "$STATUS" = 0 ] && [ ${#missing[@]} = 0 ]; then
  ok "diagnostics for mistakes/04-ports.yaml ($(grep -c '^diag ' <<<"$OUT") lines)"
else
  fail "diagnostics for mistakes/04-ports.yaml (exit $STATUS)" "missing:" "${missing[@]}" "output:" "$OUT"
fi

run_nvim three-tier/db-policy.yaml
if [ "$STATUS" = 0 ] && has_line 'published 0' && ! grep -q '^diag ' <<<"$OUT"; then
  ok "no diagnostics for three-tier/db-policy.yaml (an empty publish arrived)"
else
  fail "no diagnostics for three-tier/db-policy.yaml (exit $STATUS)" "output:" "$OUT"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
