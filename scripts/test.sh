#!/usr/bin/env bash
# The one test command (npm test): unit tests, then e2e tests on every configured dialect.
# The CLI e2e tests run the built binary, so build first.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning" exec npx jest "$@"
