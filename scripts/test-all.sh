#!/usr/bin/env bash
# The whole test suite from a fresh checkout: set-up, type-check, lint, every
# vitest test. Ends with one line "N passed, N failed" and a non-zero exit
# status when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts

if ! bash scripts/setup.sh --browser --helpdesk; then
  echo "set-up failed: see above"
  echo "0 passed, 1 failed"
  exit 1
fi

checks_passed=0
checks_failed=0
run_check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then checks_passed=$((checks_passed + 1)); else
    echo "!! $name failed"
    checks_failed=$((checks_failed + 1))
  fi
}

run_check "type-check (tsc --noEmit)" npx tsc -p tsconfig.json --noEmit
run_check "type-check k6 scripts" bash -c '[ ! -f scenarios/k6/tsconfig.json ] || npx tsc -p scenarios/k6/tsconfig.json --noEmit'
run_check "lint and format (biome)" npx biome check .

# The helpdesk tests replay traffic against a real Request Tracker and judge
# its timing: they run after the unit tests, not beside them, so the
# simulator's CPU-heavy theory checks do not slow the helpdesk and its
# virtual agents on a small machine.
echo "== tests (vitest): unit"
rm -f artifacts/vitest-unit.json artifacts/vitest-helpdesk.json
npx vitest run --project unit --reporter=default --reporter=json \
  --outputFile.json=artifacts/vitest-unit.json
unit_status=$?
echo "== tests (vitest): helpdesk"
npx vitest run --project helpdesk --reporter=default --reporter=json \
  --outputFile.json=artifacts/vitest-helpdesk.json
helpdesk_status=$?

node scripts/summarise-tests.mjs "$checks_passed" "$checks_failed" \
  artifacts/vitest-unit.json:"$unit_status" artifacts/vitest-helpdesk.json:"$helpdesk_status"
