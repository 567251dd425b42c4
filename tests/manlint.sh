#!/bin/sh
# manlint.sh - lints every man page in man/ (sections 1 and 5) with
# `mandoc -Tlint -W warning` and `groff -ww -z -man`; any output from either
# is a failure. Prints one closing line: "manlint: N passed, N failed".
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
have_mandoc=false
have_groff=false
command -v mandoc >/dev/null 2>&1 && have_mandoc=true
command -v groff >/dev/null 2>&1 && have_groff=true
if ! $have_mandoc && ! $have_groff; then
	echo "manlint: neither mandoc nor groff is installed (apt-get install mandoc)" >&2
	echo "manlint: 0 passed, 1 failed"
	exit 1
fi
found=false
for page in man/*.1 man/*.5; do
	[ -f "$page" ] || continue
	found=true
	out=""
	if $have_mandoc; then
		out=$(mandoc -Tlint -W warning "$page" 2>&1)
	fi
	if $have_groff; then
		# groff exits 0 on warnings; only its output tells.
		gout=$(LC_ALL=C.UTF-8 groff -ww -z -K utf8 -Tutf8 -man "$page" 2>&1)
		out="$out$gout"
	fi
	if [ -n "$out" ]; then
		echo "FAILED: $page" >&2
		printf '%s\n' "$out" >&2
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
if ! $found; then
	echo "manlint: no man pages in man/" >&2
	fail=$((fail + 1))
fi
echo "manlint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
