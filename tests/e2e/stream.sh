#!/bin/sh
# e2e/stream.sh - the cold start streams: with no cache, the list of a
# corpus of 3,000 generated articles (tools/benchgen.c) is on the screen
# before its files are read, the status bar counts them ("reading 1,234 of
# 3,000") while keys keep coming (a key holds the reader of files back),
# and once they are read the list shows their titles, the article under
# the cursor opens, and the index is built. Nothing says the corpus
# changed on disk: it was only read for the first time. Before all that,
# the first frame comes while the folder is still being listed.
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

# The first frame does not wait for the folder to be listed: here the
# listing cannot end, its corpus.ini being a named pipe that nothing has
# written yet (reading it blocks, for as long as the test likes, with no
# timing involved). The frame is drawn all the same and says the folder is
# being read; once corpus.ini comes, the names show (with the source it
# gives), then the files are read (the pipe is read again at the end of
# that) and the titles show. Keys are answered meanwhile.
mkdir "$tmp/fifo"
cp corpus/000_78b0cf8d7ad02d3c.txt corpus/001_445ba2664ba4056b.txt "$tmp/fifo/"
printf '[001_445ba2664ba4056b.txt]\nsource = fifosource\n' > "$tmp/meta.ini"
mkfifo "$tmp/fifo/corpus.ini"
current="listing"
rm -rf "$tmp/cache"
e2e_start 120 30 listing "XDG_CACHE_HOME=\"$tmp/cache\" \"$kilde\" \"$tmp/fifo\""
check listing_bar "reading the folder…"
check listing_title "Articles…"
if capture | grep -qF "0 articles"; then bad "the title said 0 articles while listing"; else ok; fi
check listing_list "Reading the folder…"
keys '?'
check listing_keys "Keys"
keys q
wait_gone "Keys" || bad "help did not close while the folder was read"
cat "$tmp/meta.ini" > "$tmp/fifo/corpus.ini"
check listed "fifosource"
check listed_count "2 articles"
# From here on corpus.ini is there whenever it is opened: how many times
# the rest of the start reads it is not this test's business.
(while :; do cat "$tmp/meta.ini" > "$tmp/fifo/corpus.ini" || break; done) &
feeder=$!
wait_gone "reading " || bad "the files were never read"
keys q
settle
keys q
exits_ok listing
kill "$feeder" 2> /dev/null
wait "$feeder" 2> /dev/null
# Its cat may still wait in open() for a reader: opening the pipe for
# reading and writing does not block, and lets that cat write and end.
: <> "$tmp/fifo/corpus.ini"

echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
