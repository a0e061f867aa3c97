#!/usr/bin/env bash
# One command to install everything and run every test: typecheck, unit tests, build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ENSURE_CHROMIUM=1 source scripts/ensure-tools.sh
npm ci --no-audit --no-fund
npm test
