#!/bin/sh
# eval.sh - measures kilde against the hand-made eval material in
# ../shared/eval (or $KILDE_SHARED/eval), with that folder's own scorers run
# as they are:
#   score-xrefs   kilde --xrefs against a gold list of cross-references;
#   score-parts   kilde --parts (article text, title, page clutter) against
#                 gold clutter lines and headlines, with corpus.ini ignored
#                 (--no-corpus-ini), so titles come from the text alone;
#   score-stories kilde --stories against a gold grouping into stories.
# on two corpora: the bundled corpus/ (gold seed-xrefs.tsv, seed-body.tsv)
# and eval/dev-corpus/ (GOLD.tsv, BODY.tsv, STORIES.tsv), read where it is:
# the dev corpus is never copied into the project.
#
# This is a measurement, not a test: a scorer that reports a missed target
# does not make it fail. It fails only when the eval material, python3 or
# kilde cannot be found. A mode kilde does not have yet is reported as such.
set -u
shared=${KILDE_SHARED:-../shared}
kilde=${KILDE:-./kilde}
ev=$shared/eval
dev=$ev/dev-corpus

if [ ! -d "$ev" ] || [ ! -r "$ev/score-xrefs" ] || [ ! -r "$ev/score-parts" ]; then
	echo "eval: no eval material at $ev (the shared folder beside the repository; set KILDE_SHARED)" >&2
	exit 1
fi
if [ ! -d "$dev" ]; then
	echo "eval: no dev corpus at $dev" >&2
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "eval: python3 is needed to run the scorers" >&2
	exit 1
fi
if [ ! -x "$kilde" ]; then
	echo "eval: no kilde at $kilde (run make, or set KILDE)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kilde-eval.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# The help text lists every option: a mode kilde lacks is skipped, not an error.
"$kilde" --help > "$tmp/help" 2>&1
has() { grep -q -- "$1" "$tmp/help"; }

# name corpus xref-gold body-gold stories-gold ("" if none)
score() {
	name=$1 corpus=$2 xgold=$3 bgold=$4 sgold=$5
	echo "== $name ($corpus)"

	# The cache is left alone: a measurement should neither read a stale
	# one nor write one for a corpus the user never opened.
	if "$kilde" --no-cache --xrefs "$corpus" > "$tmp/xrefs" 2> "$tmp/err"; then
		python3 "$ev/score-xrefs" "$xgold" "$tmp/xrefs" | sed 's/^/score-xrefs: /'
	else
		echo "score-xrefs: kilde --xrefs failed:"; sed 's/^/  /' "$tmp/err"
	fi

	if has --parts && has --no-corpus-ini; then
		if "$kilde" --no-cache --no-corpus-ini --parts "$corpus" > "$tmp/parts" 2> "$tmp/err"; then
			python3 "$ev/score-parts" "$bgold" "$tmp/parts" | sed 's/^/score-parts: /'
		else
			echo "score-parts: kilde --parts failed:"; sed 's/^/  /' "$tmp/err"
		fi
	else
		echo "score-parts: not run (kilde has no --parts and --no-corpus-ini yet)"
	fi

	# Stories: scored on the corpora that have a gold grouping.
	if [ -n "$sgold" ]; then
		if has --stories; then
			if "$kilde" --no-cache --stories "$corpus" > "$tmp/stories" 2> "$tmp/err"; then
				python3 "$ev/score-stories" "$sgold" "$tmp/stories" | sed 's/^/score-stories: /'
			else
				echo "score-stories: kilde --stories failed:"; sed 's/^/  /' "$tmp/err"
			fi
		else
			echo "score-stories: not run (kilde has no --stories yet)"
		fi
	fi
}

score bundled corpus "$ev/seed-xrefs.tsv" "$ev/seed-body.tsv" ""
score dev "$dev" "$dev/GOLD.tsv" "$dev/BODY.tsv" "$dev/STORIES.tsv"
exit 0
