#!/usr/bin/env bash
# Installs what the end-to-end test needs: a real VS Code (code-server, which is the VS Code
# 1.100.3 web workbench with a Node extension host) and Debian's Chromium to drive it.
#
#   npm run test:e2e:setup          # or: bash scripts/e2e-setup.sh
#
# Idempotent: a second run checks the install and returns in about a second. Everything lands
# outside the repository, in $BATCH_HTTP_E2E_HOME (default ~/.cache/batch-http-e2e). On
# success it writes $BATCH_HTTP_E2E_HOME/install.json, which test/e2e reads to find the editor
# and the browser; without that file the end-to-end test is skipped.
#
# Why it is not a plain `npm install code-server`: the package's install hook downloads
# ripgrep from outside the npm registry, so the scripts are turned off, Debian's ripgrep is
# linked in instead and the native modules are compiled here. code-server 4.100.x is the
# last line that runs on Node 20.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
E2E_HOME=${BATCH_HTTP_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/batch-http-e2e}
TARGET="$E2E_HOME/code-server-$CODE_SERVER_VERSION"
MANIFEST="$E2E_HOME/install.json"
CHROMIUM=${BATCH_HTTP_E2E_CHROMIUM:-/usr/bin/chromium}

say() { printf '[e2e-setup] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
started=$(date +%s)

mkdir -p "$E2E_HOME"
# One setup at a time (CI and a developer may both start one).
exec 9>"$E2E_HOME/.setup.lock"
flock -w 1200 9 || die "another setup has held $E2E_HOME/.setup.lock for 20 minutes"

cs_bin="$TARGET/node_modules/.bin/code-server"
server_main="$TARGET/node_modules/code-server/lib/vscode/out/server-main.js"

installed() {
  [ -f "$TARGET/.complete" ] && [ -x "$cs_bin" ] && [ -f "$server_main" ] && [ -x "$CHROMIUM" ]
}

write_manifest() {
  local tmp="$MANIFEST.tmp.$$"
  node -e '
    const [file, version, home, bin, serverMain, chromium] = process.argv.slice(1);
    const data = { codeServerVersion: version, codeServerHome: home, codeServer: bin, serverMain, chromium,
      node: process.version, writtenAt: new Date().toISOString() };
    require("node:fs").writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  ' "$tmp" "$CODE_SERVER_VERSION" "$TARGET" "$cs_bin" "$server_main" "$CHROMIUM"
  mv "$tmp" "$MANIFEST"
}

if installed; then
  write_manifest
  say "already installed: code-server $CODE_SERVER_VERSION and $CHROMIUM ($(( $(date +%s) - started )) s)"
  echo "$MANIFEST"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || die "code-server $CODE_SERVER_VERSION runs on Node 20; this is $(node -v)"

# --- system packages ---------------------------------------------------------------------
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
for pkg in libkrb5-dev pkg-config g++ make fonts-liberation; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "install these packages first: ${missing[*]} (apt-get not found)"
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "run as root or install: ${missing[*]}"
    sudo=(sudo)
  fi
  say "apt-get install ${missing[*]}"
  "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing after apt-get (set BATCH_HTTP_E2E_CHROMIUM to another Chromium)"
rg_path=$(command -v rg)

# --- code-server, built in a staging folder and moved into place when complete -------------
stage="$TARGET.partial"
rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
echo '{"name":"batch-http-e2e-editor","private":true}' > package.json
npm_quiet=(--no-audit --no-fund --loglevel=error)
# Some native modules build through `npx node-gyp`; let npx fetch it without asking.
export npm_config_yes=true

say "npm install code-server@$CODE_SERVER_VERSION (install scripts off)"
npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$CODE_SERVER_VERSION" >&2
say "compiling argon2 for Node $(node -v)"
npm rebuild --loglevel=error argon2 >&2

vscode_dir="$stage/node_modules/code-server/lib/vscode"
cd "$vscode_dir"
say "npm install VS Code's runtime dependencies"
npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts >&2
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$rg_path" node_modules/@vscode/ripgrep/bin/rg
say "compiling VS Code's native modules (a few minutes on 2 cores)"
npm rebuild --loglevel=error kerberos node-pty @vscode/spdlog native-watchdog @parcel/watcher @vscode/deviceid >&2
# The server loads its modules through the name a packaged build uses.
ln -sfn node_modules node_modules.asar
ln -sf code-linux.sh bin/remote-cli/code-server
ln -sf browser-linux.sh bin/helpers/browser.sh
say "npm install the built-in extensions' dependencies"
(cd extensions && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts >&2)

cd "$E2E_HOME"
rm -rf "$TARGET"
mv "$stage" "$TARGET"
# npm's .bin links are relative, so they survive the move. An empty --config keeps
# code-server from writing a default ~/.config/code-server/config.yaml.
: > "$E2E_HOME/empty-config.yaml"
version_line=$("$cs_bin" --config "$E2E_HOME/empty-config.yaml" --version 2>&1 | grep -m 1 "^$CODE_SERVER_VERSION " || true)
[ -n "$version_line" ] || die "$cs_bin does not report version $CODE_SERVER_VERSION"
# (Debian's launcher script prints a harmless shell warning on stderr on some machines.)
chromium_version=$("$CHROMIUM" --version 2>/dev/null) || die "$CHROMIUM does not start"
touch "$TARGET/.complete"
write_manifest
say "installed code-server $version_line and $chromium_version in $(( $(date +%s) - started )) s"
echo "$MANIFEST"
