#!/bin/sh
# run-unit.sh BIN... - runs each cmocka test binary from the source root and
# prints one closing line: "unit: N passed, N failed".
set -u
pass=0
fail=0
for t in "$@"; do
	if "$t"; then
		pass=$((pass + 1))
	else
		echo "FAILED: $t" >&2
		fail=$((fail + 1))
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
