#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian packages (chromium, ripgrep,
# neovim, headers for code-server's native modules) and code-server +
# playwright-core + @vscode/vsce into a cache folder outside the repo.
# Idempotent: a marker file records the finished install; re-runs skip it.
# Recipe: /work/shared/docs/real-vscode.md (the only way that works offline:
# code-server's own postinstall downloads ripgrep from outside, so we run its
# steps by hand with --ignore-scripts and explicit rebuilds).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${NETPOL_E2E_CACHE:-$HOME/.cache/netpol-e2e}"
MARKER="$CACHE/.installed"
# Bump the suffix when the recipe changes, so old caches are rebuilt.
WANT="code-server@$CODE_SERVER_VERSION recipe-1"

log() { printf '[setup-e2e] %s\n' "$*"; }

# --- Debian packages ---------------------------------------------------------
# build-essential/python3 are for node-gyp (the `npm rebuild` steps compile C++).
APT_PKGS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium neovim
  build-essential python3)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "apt packages already installed"
fi

# --- code-server into the cache -----------------------------------------------
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$WANT" ]; then
  log "cache $CACHE is ready ($WANT); nothing to do"
  exit 0
fi

log "installing $WANT into $CACHE"
mkdir -p "$CACHE"
# Start clean but never rm -rf "$CACHE" itself (it may be a user-given path).
rm -rf "$CACHE/node_modules" "$CACHE/package.json" "$CACHE/package-lock.json"
cd "$CACHE"
npm init -y >/dev/null
# (the recipe's npm_config_unsafe_perm is a no-op since npm 7 and npm 11 warns about it)
export npm_config_yes=true npm_config_fund=false npm_config_audit=false
# npm 11 runs no install scripts by default; we skip them explicitly anyway and
# rebuild the native modules below, so behaviour is the same on npm 10 and 11.
log "npm install code-server playwright-core @vscode/vsce"
npm install --ignore-scripts "code-server@$CODE_SERVER_VERSION" playwright-core @vscode/vsce

VS="$CACHE/node_modules/code-server/lib/vscode"
cd "$VS"
log "npm install (code-server's bundled vscode)"
npm install --omit=dev --ignore-scripts
# @vscode/ripgrep's postinstall would download rg: use Debian's instead.
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "npm rebuild native modules (node-gyp; takes a while)"
npm rebuild --foreground-scripts kerberos node-pty @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid
# code-server expects the Electron asar layout and a few launcher names.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
log "npm install (built-in extensions)"
(cd extensions && npm install --omit=dev --ignore-scripts)
cd "$CACHE"
log "npm rebuild argon2"
npm rebuild --foreground-scripts argon2

# npm rebuild can "succeed" without building anything (scripts disabled, or a
# prebuild lookup that silently fell through): insist on the .node binaries.
need() { [ -f "$1" ] || { echo "[setup-e2e] ERROR: native module not built: $1" >&2; exit 1; }; }
NM="$VS/node_modules"
need "$NM/kerberos/build/Release/kerberos.node"
need "$NM/node-pty/build/Release/pty.node"
need "$NM/@vscode/spdlog/build/Release/spdlog.node"
need "$NM/native-watchdog/build/Release/watchdog.node"
# @parcel/watcher ships its binary as an optional per-platform package.
need "$(ls "$NM"/@parcel/watcher-linux-*-glibc/watcher.node 2>/dev/null | head -1)"
need "$CACHE/node_modules/argon2/lib/binding/napi-v3/argon2.node"
"$CACHE/node_modules/.bin/code-server" --version >/dev/null

echo "$WANT" >"$MARKER"
log "done: $("$CACHE/node_modules/.bin/code-server" --version | head -1)"
