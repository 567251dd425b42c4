#!/bin/sh
# leaks.sh - runs the non-interactive modes under valgrind and fails on any
# memory error or definite/indirect leak. Run from the source root (make
# leaks). Prints one closing line: "leaks: N passed, N failed".
set -u
if ! command -v valgrind >/dev/null 2>&1; then
	echo "leaks.sh: valgrind not installed (apt-get install valgrind)" >&2
	exit 1
fi
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

check() {
	if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=1 --log-file="$log" ./kilde "$@" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAILED: valgrind ./kilde $*" >&2
		cat "$log" >&2
		fail=$((fail + 1))
	fi
}

check --list corpus
check --dump corpus/000_78b0cf8d7ad02d3c.txt
check --dump corpus/000_78b0cf8d7ad02d3c.txt --width 17
check --xrefs corpus
# Whatever folder of hostile input the suites keep, if there is one.
for d in tests/data/hostile tests/hostile; do
	if [ -d "$d" ]; then
		check --list "$d"
		check --xrefs "$d"
	fi
done
echo "leaks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
