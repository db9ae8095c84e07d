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
stage typecheck npx tsc --noEmit
stage unit npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json"
stage engine npx vitest run --project engine --reporter=default --reporter=json --outputFile="$results/engine.json"
stage e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json

node scripts/test-summary.mjs "$results" "${failed_stages[@]}"
