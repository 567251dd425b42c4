#!/bin/sh
# e2e/provenance-dev.sh - where a passage started, on real articles: the
# dev corpus of ../shared/eval (twenty articles, Danish and English, several
# stories) plus a reprint, dated a week after its original, that repeats two
# of the original's paragraphs under a title and a closing line of its own.
# `kilde --xrefs` must name the original in the `first` column of both
# passages and of every name the two share. No tmux needed.
# Without ../shared/eval/dev-corpus (a checkout on its own) there is nothing
# to read: the suite says so and passes.
# Run from the source root: sh tests/e2e/provenance-dev.sh
set -u

kilde=${KILDE:-./kilde}
dev=${KILDE_DEV_CORPUS:-../shared/eval/dev-corpus}
orig=17-jaunenglish-cause-of-fire-borsen.txt
copy=99-reprint-cause-of-fire.txt
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "e2e-provenance-dev: FAIL: $*" >&2; }

if [ ! -f "$dev/$orig" ]; then
	echo "e2e-provenance-dev: skipped: no $dev/$orig"
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/kilde-provdev.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT INT TERM
mkdir "$dir/corpus"
cp "$dev"/*.txt "$dir/corpus/"
# The original is dated 17 April 2024; the reprint a week later takes its
# first and third long paragraphs.
{
	echo "Investigators still search for the cause of the Børsen fire"
	echo
	echo "April 24, 2024"
	echo
	awk 'length > 200' "$dev/$orig" | sed -n '1p;3p' | sed G
	echo "The building's owner says it will be rebuilt."
} > "$dir/corpus/$copy"

if "$kilde" --no-cache --xrefs "$dir/corpus" > "$dir/out"; then ok; else
	bad "--xrefs exited with $?"
fi

# first KIND: the `first` field of every row of that kind the reprint is in.
first() {
	awk -F '\t' -v kind="$1" -v copy="$copy" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["kind"] == kind && index($col["articles"], copy) { print $col["first"] }
	' "$dir/out"
}

n=$(first passage | wc -l)
if [ "$n" -eq 2 ]; then ok; else bad "$n shared passages, expected the two paragraphs"; fi
if [ -z "$(first passage | grep -v "^$orig\$")" ]; then ok; else
	bad "a passage of the reprint not first seen in the original: $(first passage | sort -u | tr '\n' ' ')"
fi
# Names the two alone share started in the original too; a name older
# articles had already (Børsen, Denmark) may name one of those.
shared=$(awk -F '\t' -v copy="$copy" -v orig="$orig" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["kind"] == "name" && $col["articles"] == orig "," copy { print $col["first"] }
	' "$dir/out")
if [ -n "$shared" ] && [ -z "$(echo "$shared" | grep -v "^$orig\$")" ]; then ok; else
	bad "the names only the two share do not all start in the original: $shared"
fi
# The reprint is first with nothing: every row it is in names another.
if [ -z "$(awk -F '\t' -v copy="$copy" 'NR > 1 && $NF == copy' "$dir/out")" ]; then ok; else
	bad "the reprint is named first of something"
fi

echo "e2e-provenance-dev: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
