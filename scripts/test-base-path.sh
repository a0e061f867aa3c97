#!/usr/bin/env bash
# Builds the site under a sub-path (BASE_PATH=/softlab/) into dist-base/ and checks that every
# link and asset resolves there and that tfjs finds its wasm files under the base path.
set -euo pipefail
cd "$(dirname "$0")/.."
export BASE_PATH=/softlab/ OUT_DIR=./dist-base E2E_PORT=4330
npx astro build >/dev/null
npx pagefind --site dist-base --output-subdir pagefind >/dev/null
npx playwright test e2e/base-path.check.ts --config playwright.base.config.ts
