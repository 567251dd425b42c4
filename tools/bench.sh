#!/bin/sh
# bench.sh - `make bench`: measures kilde on the generated benchmark corpora
# (tools/bench-corpus.sh) and prints one table: wall time, peak memory and
# throughput of --list, --xrefs and --grep; time to the first frame, cold
# and warm; key press latency in the list and the reader; and `wc -w` /
# `grep -c` over the same files as the floor, as ratios taken in the same
# run (so a busy machine inflates both sides). One column per corpus: each
# size, then each reuse-heavy corpus (rN: most sentences recur in hundreds
# of articles, see tools/benchgen.c). The growth column is from the
# smallest to the largest plain size (linear growth: the size ratio).
#
# Environment:
#   BENCH_SIZES   corpus sizes (default "10000 100000"; "10000" is quick)
#   BENCH_REUSE   reuse-heavy corpus sizes (default "100000"; "" for none;
#                 BENCH_SIZES=10000 BENCH_REUSE=10000 is a quick full run)
#   BENCH_KEYS    key presses per scripted run (default 2000)
#   BENCH_REPEAT  runs per batch measurement (default 1); the table shows
#                 the best and, with more than one run, best/median
#   BENCH_SCREEN  terminal size (default 200x50)
#   BENCH_READER_SCREEN  terminal size for the reader keys (default 100x30:
#                 at 200x50 a 3 KB article fits in the pane and the scroll
#                 keys would have nothing to do)
#   BENCH_LIST_KEYS, BENCH_READER_KEYS  the key scripts (see ptykeys.c)
#   BENCH_DIR     where corpora and results go (default build/bench)
#   KILDE         the binary (default ./kilde)
#   BENCH_RENDER  a results file (build/bench/results*.txt, several may be
#                 concatenated): print its table and measure nothing
#
# Method, in short (details in tools/measure.c and tools/ptykeys.c):
# - all runs have a warm page cache (the files are read once first), the
#   locale C.UTF-8 and a private HOME/XDG so no user config or cache counts;
# - wall time and peak RSS come from wait4() (tools/measure.c);
# - MB/s = corpus bytes on disk / wall time of the whole command;
# - the floor is `find | xargs wc -w` (and `grep -c` of the same word,
#   for --grep; Huawei is in most articles, Ålborg in few): opening
#   every file and looking at every byte once; wc -w in C.UTF-8 (what the
#   targets are judged against: the same locale as kilde) and in C. Not
#   `xargs cat | wc -w`: the pipe costs a context switch per small file,
#   which made that "floor" 3-4x slower than wc reading the files itself;
# - CPU time (user+sys) is shown too: it is steadier than wall time when
#   other work shares the machine;
# - cold and warm: a cold run starts with an empty XDG_CACHE_HOME (every
#   file read, the index built); a warm run finds the cache the cold run
#   left. Both are printed; the interface rows (first frame on the pty,
#   keys, RSS) are warm, the way a user meets kilde after the first time;
# - first frame: kilde's own --bench-startup figure, headless (--screen)
#   and on a real pseudo-terminal;
# - key latency: tools/ptykeys runs kilde on a pty and times, per key, the
#   write to the last byte of the answer (quiet for 5 ms after it).
# No timing here is asserted: this prints figures, it does not judge tests.
set -eu

sizes=${BENCH_SIZES:-10000 100000}
reuse=${BENCH_REUSE-100000}
nkeys=${BENCH_KEYS:-2000}
repeat=${BENCH_REPEAT:-1}
screen=${BENCH_SCREEN:-200x50}
reader_screen=${BENCH_READER_SCREEN:-100x30}
list_keys=${BENCH_LIST_KEYS:-j*40 Space*5 b*3 k*20 Down*10 Up*10 PgDn*2 PgUp*2 G k*5 g}
reader_keys=${BENCH_READER_KEYS:-J j*5 k*5 Space b J j*3 Down*3 Up*3 k*3 K G g}
dir=${BENCH_DIR:-build/bench}
kilde=${KILDE:-./kilde}
cc=${CC:-cc}
warn="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes"

render=${BENCH_RENDER:-}
[ -z "$render" ] && BENCH_SIZES=$sizes BENCH_REUSE=$reuse BENCH_DIR=$dir sh tools/bench-corpus.sh
# The columns: plain sizes, then reuse-heavy ones (rN).
corpora="$sizes $(for r in $reuse; do printf 'r%s ' "$r"; done)"
began=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

build_tool() { # name extra-libs
	if [ ! -x "$dir/$1" ] || [ -n "$(find "tools/$1.c" -newer "$dir/$1")" ]; then
		# shellcheck disable=SC2086
		$cc -std=c17 $warn -O2 -D_GNU_SOURCE -o "$dir/$1" "tools/$1.c" $2
	fi
}
if [ -z "$render" ]; then
	build_tool measure ""
	build_tool ptykeys -lutil
fi

case $kilde in /*) ;; *) kilde=$(pwd)/$kilde ;; esac
top=$(pwd)
version=$("$kilde" --version 2>/dev/null || echo "kilde ?")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")

home=$top/$dir/home
if [ -z "$render" ]; then
	rm -rf "$home"
	mkdir -p "$home/config" "$home/state" "$home/cache"
fi
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
	XDG_CACHE_HOME="$home/cache" LC_ALL=C.UTF-8 LANG=C.UTF-8 TERM=xterm-256color \
	ESCDELAY=25 TZ=UTC
unset NO_COLOR LINES COLUMNS || true

res=$top/$dir/results.txt
tmp=$top/$dir/tmp
mkdir -p "$tmp"
if [ -n "$render" ]; then
	res=$(cd "$(dirname "$render")" && pwd)/$(basename "$render")
	sizes=$(cut -d' ' -f1 "$res" | grep -v '^r' | sort -n | uniq | tr '\n' ' ')
	corpora="$sizes $(cut -d' ' -f1 "$res" | grep '^r' | sort -k1.2n | uniq | tr '\n' ' ')"
	load_before="(not measured now)"
else
	: > "$res"
fi

put() { # size key value
	echo "$1 $2 $3" >> "$res"
}

note() {
	printf 'bench: %s\n' "$*" >&2
}

# timed SIZE NAME COMMAND...: best wall time of $repeat runs, peak RSS;
# with cold set, each run starts with an empty cache.
cold=
timed() {
	n=$1 name=$2
	shift 2
	rm -f "$tmp/m"
	i=0
	while [ "$i" -lt "$repeat" ]; do
		# A cold figure is cold every time, not only the first.
		[ -n "$cold" ] && clear_cache
		"$top/$dir/measure" "$tmp/m" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" || true
		i=$((i + 1))
	done
	# wall_ms user_ms sys_ms maxrss_kb status; maxrss is in KiB, the
	# corpus in MB (10^6 bytes): RSS is printed in MB too, so that the
	# ratio to the corpus is not flattered by 5%. The sixth figure is the
	# median wall time.
	# shellcheck disable=SC2046
	set -- $(sort -n "$tmp/m" | awk 'NR == 1 { w = $1; u = $2; s = $3 }
	              $4 > r { r = $4 } { st = $5; all[NR] = $1 }
	              END { printf "%.3f %.3f %.3f %.1f %d %.3f", w / 1000, u / 1000,
	                    s / 1000, r * 1024 / 1e6, st,
	                    all[int((NR + 1) / 2)] / 1000 }')
	if [ "$5" -ne 0 ]; then
		note "$name on $n: exit $5: $(head -c 200 "$tmp/$name.err")"
		put "$n" "$name" "exit$5"
		return 0
	fi
	put "$n" "$name" "$1"
	[ "$repeat" -gt 1 ] && put "$n" "${name}_med" "$6"
	put "$n" "${name}_cpu" "$(echo "$2 $3" | awk '{ printf "%.3f", $1 + $2 }')"
	put "$n" "${name}_rss" "$4"
}

# ptyrun SIZE NAME PTYKEYS-ARGS... -- COMMAND...: one ptykeys line.
ptyrun() {
	n=$1 name=$2
	shift 2
	"$top/$dir/ptykeys" -s "$screen" -o "$tmp/$name.pty" "$@" > "$tmp/$name.out" \
		2> "$tmp/$name.err" || true
	line=$(cat "$tmp/$name.out")
	if [ -z "$line" ]; then
		note "$name on $n: ptykeys failed: $(head -c 200 "$tmp/$name.err")"
		return 0
	fi
	for kv in $line; do
		put "$n" "${name}_${kv%%=*}" "${kv#*=}"
	done
}

# first_frame FILE: the figure kilde printed after --bench-startup.
first_frame() {
	sed -n 's/.*first frame: *\([0-9.]*\) *ms.*/\1/p' "$1" | head -n 1
}

clear_cache() {
	rm -rf "${XDG_CACHE_HOME:?}"
	mkdir -p "$XDG_CACHE_HOME"
}

# first_frames SIZE NAME CORPUS: the median of three headless
# --bench-startup figures (one run on large corpora).
first_frames() {
	rm -f "$tmp/ff"
	runs="1 2 3"
	[ "${1#r}" -gt 10000 ] && runs=1
	for i in $runs; do
		if "$kilde" --screen "$screen" --bench-startup "$3" > /dev/null \
			2> "$tmp/ff.err"; then
			first_frame "$tmp/ff.err" >> "$tmp/ff"
		fi
	done
	if [ -s "$tmp/ff" ]; then
		put "$1" "$2" "$(sort -n "$tmp/ff" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
	else
		note "--bench-startup ($2) on $1: no figure: $(head -c 200 "$tmp/ff.err")"
	fi
}

[ -n "$render" ] || for n in $corpora; do
	corpus=$top/$dir/corpus-$n
	note "corpus $n: warming the page cache"
	files=$(find "$corpus" -type f -name '*.txt' | wc -l)
	bytes=$(find "$corpus" -type f -name '*.txt' -print0 | xargs -0 cat | wc -c)
	put "$n" files "$files"
	put "$n" commit "$commit"
	put "$n" load "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
	put "$n" mb "$(echo "$bytes" | awk '{ printf "%.2f", $1 / 1e6 }')"

	note "corpus $n: floor (wc -w, grep -c)"
	# shellcheck disable=SC2016
	timed "$n" wc sh -c 'find "$1" -type f -name "*.txt" -print0 | xargs -0 wc -w' sh "$corpus"
	# shellcheck disable=SC2016
	timed "$n" wcc sh -c 'find "$1" -type f -name "*.txt" -print0 | xargs -0 env LC_ALL=C wc -w' sh "$corpus"
	# shellcheck disable=SC2016
	timed "$n" grepc sh -c 'find "$1" -type f -name "*.txt" -print0 | xargs -0 grep -c Huawei' sh "$corpus"
	# shellcheck disable=SC2016
	timed "$n" grepca sh -c 'find "$1" -type f -name "*.txt" -print0 | xargs -0 grep -c Ålborg' sh "$corpus"

	note "corpus $n: kilde --list, --xrefs, --grep (cold, then warm)"
	# Cold: no cache (an empty XDG_CACHE_HOME), every file is read and the
	# index built. Warm: the same command again, with the cache the cold
	# run left behind (validated by every file's size and mtime).
	cold=1
	timed "$n" list "$kilde" --list "$corpus"
	cold=
	timed "$n" list2 "$kilde" --list "$corpus"
	cmp -s "$tmp/list.out" "$tmp/list2.out" || note "--list on $n: warm output differs from cold"
	cold=1
	timed "$n" xrefs "$kilde" --xrefs "$corpus"
	cold=
	cp "$tmp/xrefs.out" "$tmp/xrefs.cold"
	if [ -n "$(ls -A "$XDG_CACHE_HOME" 2>/dev/null)" ]; then
		timed "$n" xrefs2 "$kilde" --xrefs "$corpus"
		cmp -s "$tmp/xrefs.cold" "$tmp/xrefs2.out" || note "--xrefs on $n: warm output differs from cold"
	fi
	timed "$n" kgrep "$kilde" --grep Huawei --tsv "$corpus"
	timed "$n" kgrepa "$kilde" --grep ålborg "$corpus"
	put "$n" kgrep_lines "$(($(wc -l < "$tmp/kgrep.out") - 1))"
	put "$n" kgrepa_lines "$(wc -l < "$tmp/kgrepa.out")"
	for f in list xrefs kgrep; do
		[ -s "$tmp/$f.out" ] || note "$f on $n printed nothing"
	done
	put "$n" list_lines "$(wc -l < "$tmp/list.out")"
	# Corpus-wide work past the index: stories and provenance, cold (the
	# index built first) and warm (the index from the cache).
	cold=1
	timed "$n" stories "$kilde" --stories "$corpus"
	cold=
	timed "$n" stories2 "$kilde" --stories "$corpus"
	cmp -s "$tmp/stories.out" "$tmp/stories2.out" || note "--stories on $n: warm output differs from cold"
	put "$n" xrefs_terms "$(($(wc -l < "$tmp/xrefs.cold") - 1))"

	note "corpus $n: first frame (warm: the cache of the --xrefs run; cold: none)"
	first_frames "$n" ff_headless "$corpus"
	ptyrun "$n" ffpty -n 0 -r 300 -- "$kilde" --bench-startup "$corpus"
	ff=$(first_frame "$tmp/ffpty.pty")
	[ -n "$ff" ] && put "$n" ff_pty "$ff"
	cp -a "$XDG_CACHE_HOME" "$tmp/cache.keep"
	clear_cache
	first_frames "$n" ff_cold "$corpus"
	clear_cache
	ptyrun "$n" ffptycold -n 0 -r 300 -- "$kilde" --bench-startup "$corpus"
	ff=$(first_frame "$tmp/ffptycold.pty")
	[ -n "$ff" ] && put "$n" ff_pty_cold "$ff"
	clear_cache
	# The interface with no cache holds every text (the reader, search)
	# and builds the index beside them: --screen waits for the index.
	cold=1
	timed "$n" uicold "$kilde" --screen "$screen" "$corpus"
	cold=
	rm -rf "$XDG_CACHE_HOME"
	mv "$tmp/cache.keep" "$XDG_CACHE_HOME"

	# The runs above wrote and copied hundreds of MB (the cache, twice):
	# let the kernel write them back now, not in the middle of the key
	# timings (in bench runs one reader key took 76-108 ms, never seen in
	# eight runs of the same keys outside the bench).
	sync
	note "corpus $n: key presses ($nkeys in the list, $nkeys in the reader)"
	rm -f "$tmp/m"
	ptyrun "$n" klist -n "$nkeys" -k "$list_keys" -- \
		"$top/$dir/measure" "$tmp/m" "$kilde" "$corpus"
	[ -s "$tmp/m" ] && put "$n" ui_rss "$(awk '{ printf "%.1f", $4 * 1024 / 1e6 }' "$tmp/m")"
	# The concordance of a name, warm: the prompt typed in the prelude
	# (not timed), then Enter: from the key to the layer's first screen
	# (its title), and to the finished concordance (its order named in
	# the title: the hits fill in behind the first screen, so a pause in
	# the filling must not decide when the answer ends). Ready waits for
	# the index and the stories to be in, so the figure is the
	# concordance's, not a start-up's.
	ptyrun "$n" kkwic -n 1 -r 2000 -i 100 -w 20000 -t 120 -u "Concordance:" \
		-p ": H a n s e n" -k Enter -- "$kilde" "$corpus"
	ptyrun "$n" kkwicall -n 1 -r 2000 -i 100 -w 20000 -t 120 -u "sorted by" \
		-p ": H a n s e n" -k Enter -- "$kilde" "$corpus"
	ptyrun "$n" kreader -s "$reader_screen" -n "$nkeys" -p Enter -k "$reader_keys" -- \
		"$kilde" "$corpus"
done

# ---- the table ---------------------------------------------------------------
table=$tmp/table
[ -z "$render" ] || table=$tmp/table.render
{
	echo "kilde benchmark: $version ($commit), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPUs"
	echo "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" \
		"(wall times inflate once it exceeds the CPU count; CPU times do not)"
	if [ -n "$render" ]; then
		echo "re-printed from $render"
	else
		echo "warm page cache, LC_ALL=C.UTF-8, screen $screen (reader keys $reader_screen), $nkeys keys per run, best of $repeat"
	fi
	echo
	awk -v sizes="$sizes" -v corpora="$corpora" '
	{ v[$1, $2] = $3 }
	function num(x) { return x ~ /^-?[0-9.]+$/ && x != "-1.000" }
	function get(n, k) { return ((n, k) in v) ? v[n, k] : "-" }
	function ratio(a, b) { return num(a) && num(b) && b + 0 > 0 ? a / b : "-" }
	function fmt(x) {
		if (!num(x)) return x == "-1.000" ? "-" : x
		x += 0
		if (x == int(x)) return sprintf("%d", x)
		return x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : x >= 1 ? sprintf("%.2f", x) : sprintf("%.3f", x)
	}
	# Derived figures for size n.
	function derive(n,   mb) {
		mb = get(n, "mb")
		v[n, "list_mbs"] = ratio(mb, get(n, "list"))
		v[n, "xrefs_mbs"] = ratio(mb, get(n, "xrefs"))
		v[n, "wc_mbs"] = ratio(mb, get(n, "wc"))
		v[n, "xrefs_wc"] = ratio(get(n, "xrefs"), get(n, "wc"))
		v[n, "xrefs_wcc"] = ratio(get(n, "xrefs"), get(n, "wcc"))
		v[n, "list_wc"] = ratio(get(n, "list"), get(n, "wc"))
		v[n, "kgrep_grepc"] = ratio(get(n, "kgrep"), get(n, "grepc"))
		v[n, "kgrepa_grepca"] = ratio(get(n, "kgrepa"), get(n, "grepca"))
		v[n, "kgrep_rss_x"] = ratio(get(n, "kgrep_rss"), mb)
		v[n, "kgrepa_rss_x"] = ratio(get(n, "kgrepa_rss"), mb)
		v[n, "list_rss_x"] = ratio(get(n, "list_rss"), mb)
		v[n, "uicold_wc"] = ratio(get(n, "uicold"), get(n, "wc"))
		v[n, "xrefs_rss_x"] = ratio(get(n, "xrefs_rss"), mb)
		v[n, "xrefs2_rss_x"] = ratio(get(n, "xrefs2_rss"), mb)
		v[n, "xrefs2_wc"] = ratio(get(n, "xrefs2"), get(n, "wc"))
		v[n, "list2_wc"] = ratio(get(n, "list2"), get(n, "wc"))
		v[n, "ui_rss_x"] = ratio(get(n, "ui_rss"), mb)
		v[n, "uicold_rss_x"] = ratio(get(n, "uicold_rss"), mb)
		v[n, "stories_rss_x"] = ratio(get(n, "stories_rss"), mb)
		v[n, "stories2_rss_x"] = ratio(get(n, "stories2_rss"), mb)
		v[n, "stories_wc"] = ratio(get(n, "stories"), get(n, "wc"))
	}
	# A target is judged at 100,000 articles, plain and reuse-heavy (the
	# sizes an archive reaches; fixed costs dominate smaller ones).
	function judge1(x, op, limit) {
		if (!num(x)) return ""
		return (op == "<" ? x + 0 < limit : x + 0 <= limit) ? "ok" : "MISS"
	}
	function judge(key, op, limit,   a, b) {
		a = judge1(get(100000, key), op, limit)
		b = judge1(get("r100000", key), op, limit)
		return b == "" ? a : a " r:" b
	}
	# A cell: the best figure, and "/median" when runs were repeated.
	function cell(n, key,   m) {
		m = get(n, key "_med")
		if (num(m) && num(get(n, key)) && fmt(m) != fmt(get(n, key)))
			return fmt(get(n, key)) "/" fmt(m)
		return fmt(get(n, key))
	}
	function row(label, key, target, op, limit,   i, line, a, b, g) {
		line = sprintf("%-34s", label)
		for (i = 1; i <= nc; i++)
			line = line sprintf(" %10s", cell(c[i], key))
		a = get(s[1], key); b = get(s[ns], key)
		g = ns > 1 ? ratio(b, a) : "-"
		line = line sprintf(" %8s", num(g) ? sprintf("%.2f", g) : g)
		if (target != "")
			line = line sprintf("   %-9s %s", target, judge(key, op, limit))
		print line
	}
	END {
		ns = split(sizes, s, " ")
		nc = split(corpora, c, " ")
		for (i = 1; i <= nc; i++) derive(c[i])
		head = sprintf("%-34s", "articles (rN: reuse-heavy)")
		for (i = 1; i <= nc; i++) head = head sprintf(" %10s", c[i])
		print head sprintf(" %8s   %s", "growth", "target at 100k")
		row("kilde commit measured", "commit")
		row("load average at start", "load")
		row("files read", "files")
		row("corpus on disk (MB)", "mb")
		print "floor"
		row("  wc -w (s)", "wc")
		row("  wc -w (MB/s)", "wc_mbs")
		row("  wc -w, LC_ALL=C (s)", "wcc")
		row("  grep -c Huawei (s)", "grepc")
		row("  grep -c Ålborg (s) ", "grepca")
		print "kilde --list"
		row("  wall (s)", "list")
		row("  CPU user+sys (s)", "list_cpu")
		row("  peak RSS (MB)", "list_rss")
		row("  peak RSS / corpus (x)", "list_rss_x")
		row("  throughput (MB/s)", "list_mbs")
		row("  / wc -w (x)", "list_wc")
		row("  articles listed", "list_lines")
		row("  warm: wall (s)", "list2")
		row("  warm: peak RSS (MB)", "list2_rss")
		row("  warm: / wc -w (x)", "list2_wc")
		print "kilde --xrefs"
		row("  cold: wall (s)", "xrefs", "< 3 s", "<", 3)
		row("  cold: CPU user+sys (s)", "xrefs_cpu")
		row("  cold: peak RSS (MB)", "xrefs_rss")
		row("  cold: peak RSS / corpus (x)", "xrefs_rss_x", "< 2x", "<", 2)
		row("  cold: throughput (MB/s)", "xrefs_mbs")
		row("  cold: / wc -w (x)", "xrefs_wc", "<= 3x", "<=", 3)
		row("  cold: / wc -w, LC_ALL=C (x)", "xrefs_wcc")
		row("  warm: wall (s)", "xrefs2", "< 3 s", "<", 3)
		row("  warm: CPU user+sys (s)", "xrefs2_cpu")
		row("  warm: peak RSS (MB)", "xrefs2_rss")
		row("  warm: peak RSS / corpus (x)", "xrefs2_rss_x", "< 2x", "<", 2)
		row("  warm: / wc -w (x)", "xrefs2_wc", "<= 3x", "<=", 3)
		row("  terms", "xrefs_terms")
		print "kilde --stories (stories and provenance, corpus-wide)"
		row("  cold: wall (s)", "stories")
		row("  cold: CPU user+sys (s)", "stories_cpu")
		row("  cold: / wc -w (x)", "stories_wc")
		row("  cold: peak RSS (MB)", "stories_rss")
		row("  cold: peak RSS / corpus (x)", "stories_rss_x", "< 2x", "<", 2)
		row("  warm: wall (s)", "stories2")
		row("  warm: peak RSS (MB)", "stories2_rss")
		row("  warm: peak RSS / corpus (x)", "stories2_rss_x", "< 2x", "<", 2)
		print "kilde --grep Huawei --tsv (a word in most articles)"
		row("  wall (s)", "kgrep")
		row("  / grep -c (x)", "kgrep_grepc", "<= 3x", "<=", 3)
		row("  peak RSS (MB)", "kgrep_rss", "< 64 MB", "<", 64)
		row("  peak RSS / corpus (x)", "kgrep_rss_x")
		row("  lines", "kgrep_lines")
		print "kilde --grep ålborg (a name in few articles)"
		row("  wall (s)", "kgrepa")
		row("  / grep -c (x)", "kgrepa_grepca", "<= 3x", "<=", 3)
		row("  peak RSS (MB)", "kgrepa_rss", "< 64 MB", "<", 64)
		row("  peak RSS / corpus (x)", "kgrepa_rss_x")
		row("  lines", "kgrepa_lines")
		print "interface"
		row("  first frame, cold, headless (ms)", "ff_cold", "< 150 ms", "<", 150)
		row("  first frame, cold, pty (ms)", "ff_pty_cold", "< 150 ms", "<", 150)
		row("  first frame, warm, headless (ms)", "ff_headless", "< 150 ms", "<", 150)
		row("  first frame, warm, pty (ms)", "ff_pty", "< 150 ms", "<", 150)
		row("  first byte seen on pty (ms)", "klist_first_byte_ms")
		row("  screen settled on pty (ms)", "klist_ready_ms")
		row("  peak RSS (MB)", "ui_rss")
		row("  peak RSS / corpus (x)", "ui_rss_x", "< 1.5x", "<", 1.5)
		row("  cold, index built: wall (s)", "uicold")
		row("  cold, index built: / wc -w (x)", "uicold_wc")
		row("  cold, index built: peak RSS (MB)", "uicold_rss")
		row("  cold, index built: peak RSS / corpus (x)", "uicold_rss_x", "< 2x", "<", 2)
		row("  concordance of a name, warm: first screen (ms)", "kkwic_max_ms", "< 100 ms", "<", 100)
		row("  concordance of a name, warm: complete (ms)", "kkwicall_max_ms")
		row("  list key: avg (ms)", "klist_avg_ms", "< 5 ms", "<", 5)
		row("  list key: p99 (ms)", "klist_p99_ms")
		row("  list key: worst (ms)", "klist_max_ms", "< 16 ms", "<", 16)
		row("  list keys answered", "klist_keys")
		row("  list keys silent", "klist_silent")
		row("  list keys with late output", "klist_late")
		row("  reader key: avg (ms)", "kreader_avg_ms", "< 5 ms", "<", 5)
		row("  reader key: p99 (ms)", "kreader_p99_ms")
		row("  reader key: worst (ms)", "kreader_max_ms", "< 16 ms", "<", 16)
		row("  reader keys answered", "kreader_keys")
		row("  reader keys silent", "kreader_silent")
		row("  reader keys with late output", "kreader_late")
	}' "$res"
	echo
	[ -n "$render" ] || echo "make bench took $(($(date +%s) - began)) s; raw figures in $dir/results.txt"
} > "$table"
# Kept per run, so a change can be compared with the figures before it.
[ -n "$render" ] || cp "$table" "$dir/report.txt"
if [ -z "$render" ]; then
	stamp=$(date -u +%Y%m%dT%H%M%S)-$commit
	cp "$table" "$dir/report-$stamp.txt"
	cp "$res" "$dir/results-$stamp.txt"
fi
cat "$table"
