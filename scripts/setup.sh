#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: npm packages, the build, and (with
# --browser / --helpdesk) Debian's Chromium and Request Tracker. Skips what is
# already there. Non-interactive: safe under CI=true with no stdin.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_helpdesk=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --helpdesk) want_helpdesk=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf 'setup: %s\n' "$*"; }

# npm packages: reinstall only when the lock file changed since the last install.
stamp=node_modules/.slalab-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages"
  npm config set omit-lockfile-registry-resolved true >/dev/null 2>&1 || true
  # npm install, not npm ci: the registry this project uses lacks some other
  # platforms' optional packages (biome's), which npm ci refuses to miss; npm
  # install keeps to the lock file all the same.
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  say "npm packages already installed"
fi

say "building"
npx tsc -p tsconfig.build.json
chmod +x dist/cli/main.js

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: installing $* needs root (apt-get install $*)" >&2
    exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ "$want_browser" -eq 1 ]; then
  if [ -x /usr/bin/chromium ]; then
    say "chromium already installed"
  else
    say "installing chromium (Debian package)"
    apt_install chromium
  fi
fi

if [ "$want_helpdesk" -eq 1 ]; then
  if [ -x scenarios/helpdesks/rt/install.sh ] || [ -f scenarios/helpdesks/rt/install.sh ]; then
    say "installing Request Tracker (Debian packages) if needed"
    bash scenarios/helpdesks/rt/install.sh
  fi
fi
say "done"
