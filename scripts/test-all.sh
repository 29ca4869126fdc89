#!/usr/bin/env bash
# Sets up everything a fresh machine needs and runs every test. README and .ci/run both use it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
npm ci --no-audit --no-fund
# The real kube-apiserver the cluster tests run against (Go; about 15 minutes cold on 2 busy cores).
bash harness/build.sh
npm run build
npm run typecheck

report=$(mktemp -d)/vitest.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" || status=$?
node scripts/test-summary.mjs "$report" || status=$?
exit "$status"
