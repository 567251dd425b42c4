#!/bin/sh
# tsan/keys.sh KILDE - kilde built with -fsanitize=thread (make tsan) in the
# real interface, in tmux, on a cold corpus of a few thousand generated
# articles (tools/benchgen.c) and an empty cache, so that the index worker
# builds from the spill file and the loader reads the texts behind it,
# while keys keep coming: open, step and follow cross-references, search,
# compare (which waits for the texts and builds an index of its own),
# filter, the concordance (and keys while it fills in), corrections (M, R,
# D: the index built again),
# back, quit. Every ThreadSanitizer report goes
# to a log file; any log fails the suite. Run from the source root.
set -u

suite=tsan
KILDE=${1:-build/tsan/kilde}
export KILDE
e2e_state=1
. "$(dirname "$0")/../e2e/lib/harness.sh"

narts=${TSAN_ARTICLES:-2000}
cc=${CC:-cc}
$cc -std=c17 -O2 -D_GNU_SOURCE -o "$tmp/benchgen" tools/benchgen.c -lunistring -lm ||
	{ echo "$suite: cannot build tools/benchgen.c" >&2; exit 1; }
"$tmp/benchgen" -s 20261124 -p 1000 "$narts" "$tmp/corpus" corpus/*.txt > /dev/null ||
	{ echo "$suite: benchgen failed" >&2; exit 1; }
mkdir -p "$tmp/cache" "$tmp/tsan"
# The reports, one file per process; the exit code is the program's own.
tsan_opts="log_path=$tmp/tsan/report second_deadlock_stack=1"

# run NAME KEYS...: a cold start (empty cache; with warm=1 the cache the
# run before left), the keys sent one group at a time without waiting for
# the workers, then q until kilde ends.
warm=0
run() {
	name=$1
	shift
	current=$name
	[ "$warm" = 1 ] || rm -rf "$tmp/cache"/*
	e2e_start 160 45 "$name" \
	    "TSAN_OPTIONS=\"$tsan_opts\" XDG_CACHE_HOME=\"$tmp/cache\" \"$kilde\" \"$tmp/corpus\""
	check "$name: start" "$narts articles"
	# first=TEXT: waits (long) for TEXT before the keys.
	if [ -n "${first:-}" ]; then
		wait_for "$first" 2400 || bad "$name: '$first' not on the screen"
	fi
	for k in "$@"; do
		# shellcheck disable=SC2086
		keys $k
		sleep 0.05
	done
	# until=TEXT: waits (long) for TEXT before quitting.
	if [ -n "${until:-}" ]; then
		wait_for "$until" 2400 || bad "$name: '$until' not on the screen"
	fi
	# Quit: from wherever the keys left it (an overlay, the prompt). A
	# key that waits for the texts waits for the index build too, which
	# is slow under ThreadSanitizer.
	tries=0
	while [ ! -s "$tmp/status" ] && [ "$tries" -lt 480 ]; do
		keys Escape q
		sleep 0.25
		tries=$((tries + 1))
	done
	exits_ok "$name: exit"
}

# While indexing: open articles (texts read on demand while the build
# lends them from the spill file), step, search, the concordance, filter;
# compare waits for the texts (and so for the index), then builds an index
# of two articles while the loader reads the texts; then, with the index in
# and the loader running: follow a cross-reference to the chooser and the
# article it offers, back and forward, the matrix, where else, the help.
run keys j j Enter n n N / d a n s k Enter n Escape q \
	F d a Enter j j Enter Tab f l a n g : d a Enter f C-u Enter \
	c j j Enter q J K \
	Enter n Enter Enter BSpace ] x j l Escape \
	w j Enter q Tab Tab Tab '?' Escape q
# The corpus from the cache, but the index built again (passage_words
# changed): the loader reads the texts, the build starts, and compare
# builds its own small index on the UI thread while the worker builds
# (two builds at once); the index is let finish.
mkdir -p "$tmp/config/kilde"
printf '[xref]\npassage_words = 7\n' > "$tmp/config/kilde/kilde.ini"
warm=1
until=Xrefs
run compare-while-indexing c j Enter q c j Enter q c j j Enter q \
	c k Enter q c j Enter q
# Corrections one after another while the loader reads the texts: each
# one stops the index worker (cancelling a build under way), joins it,
# and starts another with the aliases read again; the last build is let
# finish. They go into the harness's own kilde.ini, next to the line above.
until=Xrefs
run fix-while-indexing Enter n n R C-u T s a n Enter n D Tab Tab j D \
	Tab Tab g M C h i n a Enter j R C-u x Enter
warm=0
until=
# The list by story from the cache the run before left: the worker reads
# the index and a second thread groups the stories and works out the
# provenance while S, folds, J/K, the timeline, the story's matrix and the
# info pane's lines come.
run stories S j S G Enter j Enter J K q Left S S T j Enter T q x S l q \
	S x q Tab Tab k Enter BSpace
# The concordance searched behind its layer, the index in first (so the
# search starts at once and the loop takes its hits in while keys come):
# keys while the hits come in, s waiting for the rest, a second search
# replacing one that runs, Enter on a hit and quitting while a search
# runs (the search's thread stopped and joined).
first=Xrefs
run kwic-filling F a Enter j j G k s Escape F e Enter q F n Enter j Enter \
	F a Enter
first=
# Quitting at once, while the index is being built: the build is
# cancelled and joined.
run quit-early j Enter q q

if ls "$tmp"/tsan/report* > /dev/null 2>&1; then
	for f in "$tmp"/tsan/report*; do
		echo "$suite: ThreadSanitizer report in $(basename "$f"):" >&2
		sed 's/^/    | /' "$f" >&2
	done
	fail=$((fail + 1))
fi
echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
