#!/usr/bin/env bash
# One command to install everything and serve the site locally at http://localhost:4321/
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
npm ci --no-audit --no-fund
exec npm run dev -- "$@"
