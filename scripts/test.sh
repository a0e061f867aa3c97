#!/usr/bin/env bash
# One command to install everything and run every test: typecheck, unit tests, build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ENSURE_CHROMIUM=1 source scripts/ensure-tools.sh
# `npm install` rather than `npm ci`: npm 11 rejects this lock file in ci mode over a Windows-only
# optional dependency of Vite that it never records; install still follows the lock file.
npm install --no-audit --no-fund
npm test
