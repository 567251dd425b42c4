#!/bin/sh
# run.sh - the on-disk cache (issue 6) end to end, non-interactively: with
# a cache folder of its own and a copy of corpus/, --list and --xrefs print
# exactly what they print without a cache (stdout and stderr), a second run
# uses the cache instead of writing it again, the cache follows the files'
# size and modification time (and only those, as documented), a damaged
# cache is ignored and rewritten, an unwritable one changes nothing, and
# --no-cache and --grep write nothing, the stories and the provenance
# kept beside the index read back as they were made, and the copy of the texts a cold
# --xrefs keeps in TMPDIR leaves nothing behind. Closing line: "cache: N passed, N
# failed".
#
# Environment: KILDE (./kilde).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
kilde=${KILDE:-./kilde}
case $kilde in /*) ;; *) kilde=$root/$kilde ;; esac
if [ ! -x "$kilde" ]; then
	echo "cache: $kilde not built (run make)" >&2
	echo "cache: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2> /dev/null; rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/config" "$tmp/state" "$tmp/cache"
cp -R corpus "$tmp/corpus" || exit 1
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
export XDG_CACHE_HOME="$tmp/cache" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR
cd "$tmp" || exit 1
cdir=$tmp/cache/kilde

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $*" >&2; }

# expect NAME MODE... - runs kilde MODE... $target (corpus unless set)
# with the cache and with --no-cache; both exit 0 with the same stdout and
# stderr.
target=corpus
expect() {
	name=$1
	shift
	"$kilde" --no-cache "$@" $target > ref.out 2> ref.err
	"$kilde" "$@" $target > got.out 2> got.err
	rc=$?
	if [ "$rc" -ne 0 ]; then
		bad "$name: exit status $rc"
	elif ! cmp -s ref.out got.out; then
		bad "$name: stdout differs from --no-cache"
		diff ref.out got.out | head -5 >&2
	elif ! cmp -s ref.err got.err; then
		bad "$name: stderr differs from --no-cache"
		diff ref.err got.err | head -5 >&2
	else
		ok
	fi
}

# What is in the cache folder: names, inodes, sizes (a rewrite is a new
# inode: files are replaced by rename).
listing() {
	if [ -d "$cdir" ]; then
		(cd "$cdir" && for f in *; do [ -e "$f" ] && stat -c '%n %i %s' "$f"; done)
	fi
}

# ---- --no-cache and --grep write nothing ---------------------------------
"$kilde" --no-cache --list corpus > /dev/null 2>&1
"$kilde" --no-cache --xrefs corpus > /dev/null 2>&1
"$kilde" --grep Huawei corpus > /dev/null 2>&1
"$kilde" --dump corpus/002_9ee63272115c30f3.txt > /dev/null 2>&1
"$kilde" --parts corpus > /dev/null 2>&1
if [ -z "$(ls -A "$tmp/cache")" ]; then ok; else bad "--no-cache, --grep, --dump or --parts wrote $(ls -A "$tmp/cache")"; fi

# ---- --list: cold, then warm ----------------------------------------------
expect "list, cold" --list
if [ "$(ls "$cdir" 2> /dev/null | grep -c '\.corpus$')" = 1 ]; then ok; else bad "no .corpus file after --list: $(ls -A "$cdir" 2>&1)"; fi
if [ "$(ls -A "$cdir" | wc -l)" = 1 ]; then ok; else bad "--list left more than its file: $(ls -A "$cdir")"; fi
before=$(listing)
expect "list, warm" --list
if [ "$(listing)" = "$before" ]; then ok; else bad "the warm --list wrote the cache again"; fi

# ---- other load settings: the cache of one is not the other's ------------
# corpus.ini ignored (001 then has no source "chinapost"), then the clutter
# rules off (004's title is its banner again), then back: each prints what
# it prints without a cache.
"$kilde" --no-cache --list corpus > plain.out 2>&1
expect "list, corpus.ini ignored" --no-corpus-ini --list
if cmp -s ref.out plain.out; then bad "--no-corpus-ini changed nothing in --list"; else ok; fi
printf '[clutter]\ndetect = false\n' > off.ini
expect "list, clutter rules off" --config off.ini --no-corpus-ini --list
if grep -q 'Proving the Business Case' ref.out; then ok; else bad "rules off: 004's title is not its first line"; fi
expect "list, settings back" --list

# ---- --xrefs: cold, then warm ---------------------------------------------
# The index is written while the rows are printed, and complete (renamed,
# no temporary file left) when kilde exits. The corpus the cache holds is
# read again for the build, the same: its file is not written again.
corpus_before=$(listing | grep '\.corpus ')
expect "xrefs, cold" --xrefs
if [ "$(ls "$cdir" | grep -c '\.xref$')" = 1 ]; then ok; else bad "no .xref file after --xrefs"; fi
if [ "$(ls -A "$cdir" | wc -l)" = 2 ]; then ok; else bad "--xrefs left more than its two files: $(ls -A "$cdir")"; fi
if [ "$(listing | grep '\.corpus ')" = "$corpus_before" ]; then ok; else bad "the cold --xrefs wrote the same .corpus again"; fi
before=$(listing)
expect "xrefs, warm" --xrefs
if [ "$(ls "$cdir" | wc -l)" = 2 ]; then ok; else bad "the warm --xrefs made new files: $(ls "$cdir")"; fi
if [ "$(listing)" = "$before" ]; then
	ok
else
	bad "the warm --xrefs wrote the cache again"
fi

# ---- the cache is used, and follows size and mtime --------------------------
# The same size and the same mtime: the documented blind spot proves that
# the warm run did not read the file.
art=corpus/002_9ee63272115c30f3.txt
cp -p "$art" orig.txt
printf 'J' | dd of="$art" bs=1 count=1 conv=notrunc 2> /dev/null
touch -r orig.txt "$art"
"$kilde" --list corpus > got.out 2> /dev/null
if grep -q '	Huawei calls for international' got.out && ! grep -q 'Juawei' got.out; then
	ok
else
	bad "same size and mtime: --list did not come from the cache"
fi
touch "$art"
"$kilde" --list corpus > got.out 2> /dev/null
if grep -q '	Juawei calls for international' got.out; then ok; else bad "touched file: --list still shows the old title"; fi
expect "list after touch" --list
expect "xrefs after touch" --xrefs
# A file added and a file removed.
printf 'A new article\n\nHuawei and John Suffolk again.\n' > corpus/new.txt
expect "list, file added" --list
if grep -q '^new.txt	' got.out; then ok; else bad "the added file is not listed"; fi
rm corpus/new.txt
expect "list, file removed" --list
expect "xrefs, file removed" --xrefs

# ---- other options, and their messages ----------------------------------------
# An alias table with a conflict: another index, and its message on stderr
# whether the index was built or read back.
mkdir -p "$tmp/config/kilde"
printf '[aliases]\nfoo = Foo | Huawei\nbar = Bar | Huawei\n' > "$tmp/config/kilde/kilde.ini"
expect "xrefs, other options" --xrefs
if grep -q 'already listed under foo' got.err; then ok; else bad "no alias message on stderr"; fi
expect "xrefs, other options, warm" --xrefs
rm "$tmp/config/kilde/kilde.ini"
expect "xrefs, options back" --xrefs
# --stories writes its index the same way, while it groups the stories.
rm "$cdir"/*.xref
expect "stories, cold" --stories
if [ "$(ls "$cdir" | grep -c '\.xref$')" = 1 ]; then ok; else bad "no .xref file after --stories"; fi
before=$(listing)
expect "xrefs after stories, warm" --xrefs
if [ "$(listing)" = "$before" ]; then ok; else bad "the index --stories wrote was not used"; fi

# ---- the stories and the provenance -------------------------------------------
# Kept beside the index with its key (.story by --stories and the
# interface, .prov by the interface) and read back instead of made again:
# the same output warm, after a touched file, with other options, and
# from a damaged file, which is then written again.
expect "stories, cold" --stories
if [ "$(ls "$cdir" | grep -c '\.story$')" = 1 ]; then ok; else bad "no .story file after --stories: $(ls "$cdir")"; fi
before=$(listing)
expect "stories, warm" --stories
if [ "$(listing)" = "$before" ]; then ok; else bad "the warm --stories wrote the cache again"; fi
expect "stories screen, cold" --screen 100x30 --keys 'S Enter'
if [ "$(ls "$cdir" | grep -c '\.prov$')" = 1 ]; then ok; else bad "no .prov file after the interface: $(ls "$cdir")"; fi
before=$(listing)
expect "stories screen, warm" --screen 100x30 --keys 'S Enter'
expect "provenance in the info pane, warm" --screen 120x40 --keys 'j j'
if [ "$(listing)" = "$before" ]; then ok; else bad "the warm interface wrote the stories or the provenance again"; fi
touch "$art"
expect "stories after touch" --stories
expect "stories screen after touch" --screen 100x30 --keys 'S Enter'
printf '[aliases]\nfoo = Foo | Huawei\nbar = Bar | Huawei\n' > "$tmp/config/kilde/kilde.ini"
expect "stories, other options" --stories
expect "info pane, other options" --screen 120x40 --keys 'j j'
rm "$tmp/config/kilde/kilde.ini"
expect "stories, options back" --stories
for ext in story prov; do
	f=$(ls "$cdir"/*.$ext)
	size=$(stat -c %s "$f")
	printf 'XXXXXXXX' | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
	cp "$f" damaged
	expect "damaged .$ext, info pane" --screen 120x40 --keys 'j j'
	expect "damaged .$ext, stories screen" --screen 100x30 --keys 'S Enter'
	if cmp -s "$f" damaged; then bad "damaged .$ext was not rewritten"; else ok; fi
done

# ---- damaged cache files ----------------------------------------------------
for ext in corpus xref; do
	f=$(ls "$cdir"/*.$ext)
	size=$(stat -c %s "$f")
	cp "$f" damaged
	printf 'XXXXXXXX' | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2> /dev/null
	if cmp -s "$f" damaged; then bad "$ext: the damage did not change the file"; fi
	cp "$f" damaged
	[ "$ext" = corpus ] && mode=--list || mode=--xrefs
	expect "damaged .$ext" "$mode"
	if cmp -s "$f" damaged; then bad "damaged .$ext was not rewritten"; else ok; fi
done
# A cache file cut short, and one that is empty.
f=$(ls "$cdir"/*.corpus)
head -c 100 "$f" > cut && cat cut > "$f"
expect "truncated .corpus" --list
: > "$f"
expect "empty .corpus" --list
if [ "$(stat -c %s "$f")" -gt 80 ]; then ok; else bad "the empty .corpus was not rewritten"; fi

# ---- a cache that cannot be written -----------------------------------------
# A file where the cache folder should be stops root too.
rm -rf "$tmp/cache"
: > "$tmp/cache"
expect "unwritable cache, list" --list
expect "unwritable cache, xrefs" --xrefs
rm -f "$tmp/cache"
mkdir -p "$cdir"
if [ "$(id -u)" != 0 ]; then
	chmod 555 "$cdir"
	expect "read-only cache folder, list" --list
	expect "read-only cache folder, xrefs" --xrefs
	chmod 755 "$cdir"
fi
# No HOME and no XDG_CACHE_HOME: no cache at all.
(unset HOME XDG_CACHE_HOME; "$kilde" --list corpus > got.out 2> got.err)
"$kilde" --no-cache --list corpus > ref.out 2> ref.err
if cmp -s ref.out got.out && cmp -s ref.err got.err; then ok; else bad "no HOME: output differs"; fi

# ---- the file named on the command line, and the fallback folder ------------
target="corpus/002_9ee63272115c30f3.txt corpus/000_78b0cf8d7ad02d3c.txt"
expect "two files, cold" --list
expect "two files, warm" --list
target=""
expect "default ./corpus, cold" --xrefs
expect "default ./corpus, warm" --xrefs

# ---- --xrefs's copy of the texts (TMPDIR) ---------------------------------------
# Built without a cache, the index reads its texts back from an unnamed file
# in TMPDIR: it leaves nothing there, and where it cannot write one it reads
# the files again, with the same output and no word on stderr.
target=corpus
"$kilde" --no-cache --xrefs corpus > ref.out 2> ref.err
mkdir -p spill
TMPDIR=$tmp/spill "$kilde" --no-cache --xrefs corpus > got.out 2> got.err
if cmp -s ref.out got.out && cmp -s ref.err got.err && [ -z "$(ls -A spill)" ]; then
	ok
else
	bad "TMPDIR: output differs or a file was left: $(ls -A spill)"
fi
TMPDIR=$tmp/nonexistent "$kilde" --no-cache --xrefs corpus > got.out 2> got.err
if cmp -s ref.out got.out && cmp -s ref.err got.err; then ok; else bad "unwritable TMPDIR: output differs"; fi
TMPDIR=$tmp/nonexistent "$kilde" --no-cache --screen 100x30 corpus > got.out 2> got.err
"$kilde" --no-cache --screen 100x30 corpus > ref.out 2> ref.err
if cmp -s ref.out got.out && grep -q 'Huawei calls for cybersecurity' got.out; then
	ok
else
	bad "unwritable TMPDIR: the cold interface's screen differs"
fi

echo "cache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
