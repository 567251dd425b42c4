#!/bin/sh
# e2e/stream.sh - the cold start streams: with no cache, the list of a
# corpus of 3,000 generated articles (tools/benchgen.c) is on the screen
# before its files are read, the status bar counts them ("reading 1,234 of
# 3,000") while keys keep coming (a key holds the reader of files back),
# and once they are read the list shows their titles, the article under
# the cursor opens, and the index is built. Nothing says the corpus
# changed on disk: it was only read for the first time.
# Run from the source root: sh tests/e2e/stream.sh
set -u

suite=e2e-stream
. "$(dirname "$0")/lib/harness.sh"

narts=3000
${CC:-cc} -std=c17 -O2 -D_GNU_SOURCE -o "$tmp/benchgen" tools/benchgen.c -lunistring -lm ||
	{ echo "$suite: cannot build tools/benchgen.c" >&2; exit 1; }
"$tmp/benchgen" -s 20261124 -p 1000 "$narts" "$tmp/corpus" corpus/*.txt > /dev/null ||
	{ echo "$suite: benchgen failed" >&2; exit 1; }

current="cold"
e2e_start 160 40 cold "XDG_CACHE_HOME=\"$tmp/cache\" \"$kilde\" \"$tmp/corpus\""
# k at the top of the list does nothing but count as a key; the file
# reading pauses while keys come less than 100 ms apart.
( i=0; while [ "$i" -lt 60 ] && [ ! -e "$tmp/stop" ]; do
	tm send-keys -t k k 2> /dev/null; sleep 0.03; i=$((i + 1)); done ) &
typer=$!
check names "000/0000000.txt"
check progress " of 3,000"
check progress_word "reading "
touch "$tmp/stop"
wait "$typer"
check read "3000 articles"
wait_gone "reading " || bad "the count of files read stayed on the screen"
check xrefs "Xrefs"
if capture | grep -qF "corpus changed on disk"; then
	bad "a first read was called a change on disk"
else
	ok
fi
keys Enter
check reader "0000000 · 2023-05-02 · da · "
check_fits cold
keys q
settle
keys q
exits_ok cold
if [ -n "$(ls "$tmp"/cache/kilde/*.xref 2> /dev/null)" ]; then ok; else
	bad "no cache written after the streamed start"
fi

echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
