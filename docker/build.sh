#!/bin/sh
# The Dockerfile's build stage, as a script that also runs (and is tested) without Docker:
# install exactly the lockfile, compile TypeScript to dist/, then drop the devDependencies.
# Run it in a copy of the repository (the Docker build context), not in a working checkout:
# `npm prune --omit=dev` removes jest, typescript and the other dev tools from node_modules.
set -eu
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npm run build
npm prune --omit=dev --no-audit --no-fund
# The native addon must load in the image; fail the build here rather than at the first request.
node -e "new (require('better-sqlite3'))(':memory:').close()"
