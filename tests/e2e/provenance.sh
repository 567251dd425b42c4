#!/bin/sh
# e2e/provenance.sh - `kilde --xrefs` names where a passage started: on
# tests/data/provenance, a copy dated a week later repeats two paragraphs of
# the original; every passage the two share must name the original in the
# `first` column (found by its header name, as the scorers do), and a name
# that an undated letter also has must too. No tmux needed.
# Run from the source root: sh tests/e2e/provenance.sh
set -u

kilde=${KILDE:-./kilde}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "e2e-provenance: FAIL: $*" >&2; }

out=$(mktemp "${TMPDIR:-/tmp}/kilde-prov.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT INT TERM
if "$kilde" --no-cache --xrefs tests/data/provenance > "$out"; then ok; else
	bad "--xrefs exited with $?"
fi

# first OF: the `first` field of every line whose articles include the copy
# and whose kind is OF, one a line.
first() {
	awk -F '\t' -v kind="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["kind"] == kind && index($col["articles"], "03-harbour-copy.txt") {
		print $col["first"]
	}' "$out"
}

n=$(first passage | wc -l)
if [ "$n" -ge 2 ]; then ok; else bad "$n shared passages, expected two paragraphs"; fi
if [ -z "$(first passage | grep -v '^01-harbour-original.txt$')" ]; then ok; else
	bad "a passage of the copy not first seen in the original: $(first passage | sort -u | tr '\n' ' ')"
fi
line=$(awk -F '\t' 'NR > 1 && $1 == "Maren Oddsdottir"' "$out")
case $line in
*"04-harbour-undated.txt"*) ok ;;
*) bad "the undated letter does not share the name: $line" ;;
esac
case $line in
*"	01-harbour-original.txt") ok ;;
*) bad "the name is not first seen in the original: $line" ;;
esac

echo "e2e-provenance: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
