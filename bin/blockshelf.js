#!/usr/bin/env node
// The `blockshelf` command (package bin). Runs the compiled CLI: `npm run build` first, or use `npm run cli -- …`.
import('../dist/src/cli/main.js');
