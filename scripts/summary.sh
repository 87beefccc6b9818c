#!/usr/bin/env bash
# Adds up the JUnit reports of every test runner and prints one closing line, `N passed, N failed`.
# A missing report counts as a failure: a tier that did not run did not pass.
set -uo pipefail
passed=0; failed=0
for report in "$@"; do
  if [ ! -s "$report" ]; then
    echo "missing test report: $report"
    failed=$((failed + 1))
    continue
  fi
  # The first <testsuites …> or <testsuite …> element carries the totals.
  head=$(grep -m1 -oE '<testsuites?[^>]*>' "$report")
  attr() { grep -oE "\b$1=\"[0-9]+\"" <<<"$head" | grep -oE '[0-9]+' || echo 0; }
  tests=$(attr tests); fails=$(attr failures); errors=$(attr errors); skipped=$(attr skipped)
  failed=$((failed + fails + errors))
  passed=$((passed + tests - fails - errors - skipped))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
