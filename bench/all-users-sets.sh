#!/usr/bin/env bash
# The all-users backup on the data sets of issue 15, one after the other, each on every dialect:
#   1,000 users / 1,000,000 items, 10,000 users / 1,000,000 items (many small users: where fixed costs
#   per file show), and 1,000 users / 200,000 items (memory must stay flat from 200k to 1M).
# Usage: bench/all-users-sets.sh   (BENCH_DIST, BENCH_DIALECTS, BENCH_DIR are passed on to bench/run.js)
set -euo pipefail
cd "$(dirname "$0")/.."
root="${BENCH_DIR:-${TMPDIR:-/tmp}/blockshelf-bench}"
for set in "1000 1" "10000 1" "1000 0.2"; do
  read -r users scale <<<"$set"
  echo "=== all-users: ${users} users, BENCH_SCALE=${scale}"
  BENCH_USERS="$users" BENCH_SCALE="$scale" BENCH_PHASES=all-users BENCH_DIR="$root/all-users-${users}u-${scale}" node bench/run.js
done
