#!/usr/bin/env bash
# One-step setup for a fresh machine (npm run setup); safe and fast to re-run.
#   1. System packages: on Debian/Ubuntu, apt-installs only what is missing (Mesa EGL so WebGPU runs on
#      the CPU when there is no GPU, the Fashion-MNIST dataset, Chromium for the browser tests, CPU
#      PyTorch for the interop tests and comparison benches); elsewhere, says what to install.
#   2. npm ci, only when node_modules is missing or older than package-lock.json.
#   3. npm run build (turbo; cached, so a no-op build takes seconds).
# Flags: --runtime-only (only what `pad-gpu distill` needs: no Chromium, no PyTorch; the README's main
# command uses it), --no-browser (skip chromium; the browser tests then cannot run), --no-build,
# --dry-run (print the commands that would change something, run none), -h/--help.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Packages per purpose. To add a purpose: one array here and one flag below.
# libegl-dev provides the unversioned libEGL.so that Dawn's OpenGL backend dlopens (PLATFORM.md).
APT_BASE=(libegl1 libgl1-mesa-dri libegl-dev dataset-fashion-mnist)
# The browser tests drive Debian's chromium (never a downloaded browser); part of `npm test`.
APT_BROWSER=(chromium)
# PyTorch (CPU) is the reference for interop tests (outputs load in PyTorch) and comparison benches.
APT_TORCH=(python3-torch)

want=("${APT_BASE[@]}")
browser=1
torch=1
build=1
dry=0
for arg in "$@"; do
  case "$arg" in
    --runtime-only) browser=0; torch=0 ;;
    --no-browser) browser=0 ;;
    --no-build) build=0 ;;
    --dry-run) dry=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "setup: unknown flag '$arg' (valid: --runtime-only, --no-browser, --no-build, --dry-run, --help)" >&2; exit 2 ;;
  esac
done

[ "$browser" -eq 1 ] && want+=("${APT_BROWSER[@]}")
[ "$torch" -eq 1 ] && want+=("${APT_TORCH[@]}")

say() { echo "setup: $*"; }
# Every command that changes the machine or the tree goes through here, so --dry-run is faithful.
run() {
  if [ "$dry" -eq 1 ]; then echo "setup: would run: $*"; else "$@"; fi
}

check_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "Node.js 20 or newer (with npm) is required: https://nodejs.org/en/download (or nvm install 20)." >&2
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    say "Node.js $(node -v) is too old; pad-gpu needs 20 or newer: https://nodejs.org/en/download (or nvm install 20)." >&2
    exit 1
  fi
}

apt_missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_debian() {
  local missing
  mapfile -t missing < <(apt_missing "$@")
  if [ "${#missing[@]}" -eq 0 ]; then
    say "system packages present: $*"
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      say "missing packages ${missing[*]} and no sudo: as root run apt-get install --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  say "installing ${missing[*]}"
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

explain_other() {
  local os
  os=$(uname -s)
  say "not a Debian/Ubuntu system ($os): install these yourself, then re-run."
  case "$os" in
    Darwin) echo "  - nothing for WebGPU (Dawn uses Metal)." ;;
    MINGW*|MSYS*|CYGWIN*) echo "  - nothing for WebGPU (Dawn uses D3D12)." ;;
    *) echo "  - with a GPU: its Vulkan driver. Without one: Mesa's EGL + llvmpipe and the unversioned libEGL.so"
       echo "    (Fedora: mesa-libEGL mesa-libEGL-devel mesa-dri-drivers; Arch: mesa libglvnd)." ;;
  esac
  echo "  - Fashion-MNIST: the four {train,t10k}-*-ubyte.gz files from"
  echo "    https://github.com/zalandoresearch/fashion-mnist in one folder; point PAD_GPU_DATA at it."
  [[ " ${want[*]} " == *" chromium "* ]] && echo "  - Chromium (for the browser tests), found by playwright-core."
  [[ " ${want[*]} " == *" python3-torch "* ]] && echo "  - PyTorch for python3 (pip install torch), for the comparison benches."
  return 0
}

npm_deps() {
  # npm writes node_modules/.package-lock.json at the end of every install; if it is at least as new as
  # package-lock.json, the install is complete and current. The bin link catches installs made before
  # the CLI existed.
  if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] \
    && [ -e node_modules/.bin/pad-gpu ]; then
    say "node_modules up to date"
  else
    say "npm ci"
    run npm ci --no-audit --no-fund
  fi
}

start=$(date +%s)
check_node
if [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  install_debian "${want[@]}"
else
  explain_other
fi
npm_deps
if [ "$build" -eq 1 ]; then
  say "npm run build"
  run npm run build --silent
fi
say "done in $(($(date +%s) - start)) s"
