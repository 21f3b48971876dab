#!/usr/bin/env bash
# Installs code-server into .cache/code-server/<version>/ for the end-to-end tests, using only the
# npm registry and Debian's packages. A plain `npm install code-server` fails offline, so this
# installs without scripts and runs the native builds itself. Running it again is a no-op once the
# marker file names the requested version.
#
# Environment: CODE_SERVER_VERSION (default 4.100.3, the newest whose engines accept Node 20) and
# CODE_SERVER_CACHE (default <repo>/.cache/code-server).
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${CODE_SERVER_CACHE:-$repo_root/.cache/code-server}"
prefix="$cache/$version"
marker="$prefix/installed-version"

# The compilers and Kerberos headers build the native addons. Debian's ripgrep replaces the binary
# that @vscode/ripgrep would download. The tests drive the workbench with chromium and can
# inspect a VSIX with unzip.
apt_packages=(build-essential python3 libkrb5-dev ripgrep chromium unzip)

install_missing_apt_packages() {
  local missing=()
  local package
  for package in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return
  fi

  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "Missing Debian packages: ${missing[*]}. Install them as root, or install sudo." >&2
      exit 1
    fi
    sudo="sudo"
  fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  # env sets the variable inside sudo, which would otherwise drop it.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

install_missing_apt_packages

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$version" ]; then
  echo "code-server $version is already installed in $prefix."
  exit 0
fi

started=$(date +%s)
echo "Installing code-server $version into $prefix"
rm -rf "$prefix"
mkdir -p "$prefix"
cd "$prefix"

# Without a package.json here npm would walk up and install into the repository's node_modules.
echo '{ "private": true, "description": "code-server for the end-to-end tests" }' >package.json

# node-pty's build runs `npx node-gyp`, which must not stop to ask. Node's headers are in
# /usr/include/node, so node-gyp needs no download.
export npm_config_yes=true
export npm_config_nodedir=/usr
export npm_config_audit=false
export npm_config_fund=false

# As root, code-server's own postinstall demands --unsafe-perm, so its steps are run one by one.
npm install --ignore-scripts "code-server@$version"
# argon2 finds no prebuilt binary offline and then compiles from source.
npm rebuild argon2

vscode_dir="$prefix/node_modules/code-server/lib/vscode"
cd "$vscode_dir"
npm install --omit=dev --ignore-scripts
# @vscode/ripgrep's postinstall skips its download from GitHub when bin/rg already exists.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sfn /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm rebuild
# VS Code resolves module resources under node_modules.asar, the archive its Electron builds
# ship, so a link to the plain folder stands in for it.
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server
ln -sfn browser-linux.sh bin/helpers/browser.sh

cd "$vscode_dir/extensions"
npm install --omit=dev --ignore-scripts
npm rebuild

echo "$version" >"$marker"
echo "Installed code-server $version in $(($(date +%s) - started)) s."
