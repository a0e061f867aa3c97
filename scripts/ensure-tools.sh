#!/usr/bin/env bash
# Sourced by scripts/dev.sh and scripts/test.sh: makes sure this shell has Node >= 22.12 (Astro 7)
# and, when asked with ENSURE_CHROMIUM=1, a Chromium for Playwright. Installs only what is missing:
# Node 22 from the npm registry into ~/.cache/softlab/node22, Chromium from Debian's packages.
node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}
if ! node_ok; then
  NODE_DIR="${SOFTLAB_NODE_DIR:-$HOME/.cache/softlab/node22}"
  if [ ! -x "$NODE_DIR/bin/node" ]; then
    echo "softlab: installing Node 22 into $NODE_DIR (the system Node is older than 22.12)"
    npm install -g --prefix "$NODE_DIR" "node@$(cat "$(dirname "${BASH_SOURCE[0]}")/../.nvmrc")"
  fi
  export PATH="$NODE_DIR/bin:$PATH"
  node_ok || { echo "softlab: could not get Node >= 22.12" >&2; exit 1; }
fi
echo "softlab: using Node $(node --version)"

if [ "${ENSURE_CHROMIUM:-0}" = "1" ] && [ ! -x /usr/bin/chromium ] && [ -z "${PLAYWRIGHT_BROWSERS_PATH:-}" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "softlab: installing Debian's chromium for the browser tests"
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "softlab: no /usr/bin/chromium; Playwright will use its own browser (npx playwright install chromium)"
  fi
fi
