#!/bin/sh
# run.sh [SECONDS] [HARNESS...] - builds the libFuzzer harnesses
# (tests/fuzz/fuzz_*.c) with clang -fsanitize=fuzzer,address,undefined into
# build/fuzz/, replays every committed regression input
# (tests/fuzz/regress/NAME/*), then fuzzes each harness for SECONDS
# (default 60), two at a time, from a seed corpus made of corpus/ and the
# hostile samples (tests/hostile/make.sh). Prints the executions per harness
# and one closing line: "fuzz: N passed, N failed".
#
# A crash leaves its input in build/fuzz/crashes-NAME/; to keep it as a
# regression test, copy it to tests/fuzz/regress/NAME/.
#
# Environment: FUZZ_CC (clang), FUZZ_JOBS (2), FUZZ_OPT (-O1), FUZZ_SEED
# (unset: libFuzzer picks one). With a seed the run is a fixed sequence of
# inputs, and a shorter run only a prefix of it: make check uses one, so a
# smoke run on a slower machine cannot find what a longer run here did not;
# make fuzz leaves it unset, to explore.
set -u

secs=${1:-60}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1

out=build/fuzz
cc=${FUZZ_CC:-clang}
jobs=${FUZZ_JOBS:-2}
names=${*:-decode layout meta xref config xcache ccache clutter entity story wbrk widx grepscan}

# The largest input each harness takes: big enough for whole articles
# (the seeds are 2-4 KB, xref seeds hold several), small enough to keep the
# executions per second up.
max_len() {
	case $1 in
	xref | xcache | ccache | story | widx) echo 16384 ;;
	meta | entity) echo 4096 ;;
	config) echo 32768 ;;
	*) echo 16384 ;;
	esac
}

san='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
cppflags="-Iinclude -I$out -I/usr/include/iniparser -D_GNU_SOURCE \
-DNCURSES_WIDECHAR=1 -DKILDE_VERSION=\"fuzz\" -DKILDE_SYSCONFDIR=\"/nonexistent\""
cflags="-std=c17 -g ${FUZZ_OPT:--O1} -fno-omit-frame-pointer"
# ncursesw too, in case a module outside ui*/view* draws (harmless if not).
libs="-liniparser -lunistring -lpthread -lm $(pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)"

mkdir -p "$out/obj" || exit 1

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz: $cc not found (apt-get install clang libclang-rt-14-dev)" >&2
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' > "$out/probe.c"
if ! "$cc" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" 2>"$out/probe.log"; then
	cat "$out/probe.log" >&2
	echo "fuzz: $cc cannot link -fsanitize=fuzzer (install libclang-rt-14-dev)" >&2
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi

# ---- the library, instrumented ---------------------------------------------
# Every module except main.c and the ncurses interface: the harnesses only
# need the pure core, and linking all of it catches missing symbols early.
lib_src=
for f in src/*.c; do
	case $f in
	src/main.c | src/ui*.c | src/view*.c) continue ;;
	esac
	grep -q '^#[[:space:]]*include[[:space:]]*<n\{0,1\}curses' "$f" && continue
	lib_src="$lib_src $f"
done
sh tools/embed.sh config_default_ini config/kilde.ini > "$out/default_ini.c.tmp" &&
	{ cmp -s "$out/default_ini.c.tmp" "$out/default_ini.c" ||
	  mv "$out/default_ini.c.tmp" "$out/default_ini.c"; }
rm -f "$out/default_ini.c.tmp"
lib_src="$lib_src $out/default_ini.c"

# Objects are rebuilt when their source or any header is newer.
newest_header=$(ls -t include/kilde/*.h src/*.h | head -n 1)
todo=
objs=
for f in $lib_src; do
	o=$out/obj/$(basename "$f" .c).o
	objs="$objs $o"
	if [ ! -e "$o" ] || [ "$f" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
		todo="$todo $f"
	fi
done
build_fail=0
if [ -n "$todo" ]; then
	echo "fuzz: compiling$todo"
	# $jobs compilers at a time; the flags hold literal quotes for the
	# string macros, so they are expanded here, never re-parsed by a shell.
	k=0
	pids=
	for f in $todo; do
		# shellcheck disable=SC2086
		"$cc" $cppflags $cflags -fsanitize=fuzzer-no-link $san -c \
			-o "$out/obj/$(basename "$f" .c).o" "$f" &
		pids="$pids $!"
		k=$((k + 1))
		if [ "$k" -ge "$jobs" ]; then
			for p in $pids; do
				wait "$p" || build_fail=1
			done
			k=0
			pids=
		fi
	done
	for p in $pids; do
		wait "$p" || build_fail=1
	done
fi

pass=0
fail=0
ran=
if [ "$build_fail" -eq 0 ]; then
	for n in $names; do
		# shellcheck disable=SC2086
		if "$cc" $cppflags $cflags -Wall -Wextra -Wpedantic -Werror -fsanitize=fuzzer $san \
			-o "$out/fuzz_$n" "tests/fuzz/fuzz_$n.c" $objs $libs; then
			ran="$ran $n"
		else
			echo "fuzz: FAILED to build fuzz_$n" >&2
			fail=$((fail + 1))
		fi
	done
else
	echo "fuzz: FAILED to build the library" >&2
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi

# ---- seeds -----------------------------------------------------------------
# Small text samples: the bundled corpus and the hostile folder (without the
# multi-megabyte files, the FIFO and the unreadable entries).
# Rebuilt only when what they come from changed: starting processes is the
# slow part on a busy machine.
samples=$out/samples
stamp=$out/seeds.stamp
fresh=1
for f in tests/hostile/make.sh tests/fuzz/run.sh corpus/*.txt; do
	[ -e "$stamp" ] && [ ! "$f" -nt "$stamp" ] && continue
	fresh=0
done
if [ "$fresh" = 0 ]; then
	HOSTILE_LONGLINE_BYTES=20000 sh tests/hostile/make.sh "$out/hostile" || exit 1
	rm -rf "$samples"
	mkdir -p "$samples"
	for f in corpus/*.txt $(find "$out/hostile" -type f -size -64k 2>/dev/null | sort); do
		[ -r "$f" ] || continue
		case $f in */.expect-skipped) continue ;; esac
		cp "$f" "$samples/$(printf '%s' "$f" | tr -c 'A-Za-z0-9._-' '_')"
	done
fi

# joined NAME...: the bundled articles whose names start so, separated by
# 0x1E, the record separator the xref harnesses split their input at.
joined() {
	sep=
	for a in "$@"; do
		printf '%s' "$sep"
		cat corpus/"${a}"_*.txt
		sep=$(printf '\036')
	done
}

make_seeds() {
	n=$1
	d=$out/seeds-$n
	rm -rf "$d"
	mkdir -p "$d"
	case $n in
	layout)
		# Two leading bytes choose the widths: 80 and 4, 40 and 1.
		for f in "$samples"/*; do
			{ printf 'O\003'; cat "$f"; } > "$d/w80-$(basename "$f")"
			{ printf '\047\006'; cat "$f"; } > "$d/w40-$(basename "$f")"
		done
		;;
	clutter)
		# One leading byte: even for the shipped rules, odd for none.
		for f in "$samples"/*; do
			{ printf '\000'; cat "$f"; } > "$d/$(basename "$f")"
		done
		;;
	meta)
		# One leading byte: how many lines to look for a date in.
		for f in "$samples"/*; do
			{ printf '\014'; cat "$f"; } > "$d/$(basename "$f")"
		done
		;;
	xref | story)
		# Several articles in one input, separated by RS (0x1e): real
		# ones share names, numbers and passages.
		i=0
		for set in "000 001 002 003" "001 002 004" "000 003" "002 004" \
			"000 001 003 004"; do
			i=$((i + 1))
			{
				printf '\102' # 0x40: with the alias table
				joined $set
			} > "$d/corpus-$i"
		done
		# A real article beside each hostile sample.
		for f in "$samples"/*; do
			{ printf '\001'; cat corpus/000_*.txt; printf '\036'; cat "$f"; } \
				> "$d/$(basename "$f")"
		done
		;;
	xcache)
		# The xref seeds behind two bytes: no damage (a round trip), or
		# three changes (an XOR in the header, one further on, a cut).
		i=0
		for set in "000 001 002 003" "001 002 004" "000 003" "002 004"; do
			i=$((i + 1))
			for dmg in none some; do
				{
					printf '\102'
					if [ "$dmg" = none ]; then
						printf '\000'
					else
						printf '\003\020\000\001\000\200\377\000\360\000'
					fi
					joined $set
				} > "$d/corpus-$i-$dmg"
			done
		done
		for f in "$samples"/*; do
			{ printf '\001\000'; cat corpus/000_*.txt; printf '\036'; cat "$f"; } \
				> "$d/$(basename "$f")"
		done
		;;
	config)
		# The shipped file, the hostile corpus.ini files, and hand-made
		# breakage of each kind the issue names.
		cp config/kilde.ini "$d/kilde.ini"
		cp "$samples"/*corpus.ini "$d/" 2>/dev/null
		printf '[nosuch]\nkey = 1\n[ui]\nbogus = 2\nmouse = perhaps\n' > "$d/unknown"
		printf '[colors]\ntext = mauve default blink\nstatus = 300 -2\n' > "$d/colours"
		printf '[keys]\nquit = q q Q C-\nhelp = q\nmove_down = F99 \033[A\n' > "$d/keys"
		printf '[aliases]\nA = B, C\nB = A\nC = C\n\033]0;PWNED\007 = x\n' > "$d/aliases"
		printf '[ui\nlist_width = 999999999999999999999\n= empty\n\000\377\n' > "$d/malformed"
		;;
	*)
		cp "$samples"/* "$d/"
		;;
	esac
}

# ---- regression inputs, then fuzzing ---------------------------------------
seedopt=${FUZZ_SEED:+-seed=$FUZZ_SEED}
fuzz_one() {
	n=$1
	log=$out/$n.log
	# A fresh working corpus each run: what earlier runs found would make
	# the start-up replay, and so a short run, longer every time.
	rm -rf "$out/crashes-$n" "$out/corpus-$n"
	mkdir -p "$out/corpus-$n" "$out/crashes-$n"
	: > "$log"
	status=0
	if [ -d "tests/fuzz/regress/$n" ] &&
		[ -n "$(ls -A "tests/fuzz/regress/$n" 2>/dev/null)" ]; then
		# Each committed input runs once; any failure fails the harness.
		if ! "./$out/fuzz_$n" -rss_limit_mb=2048 -timeout=30 \
			"tests/fuzz/regress/$n"/* >> "$log" 2>&1; then
			echo "regress-failed" >> "$log"
			status=1
		fi
	fi
	if [ "$status" -eq 0 ]; then
		# shellcheck disable=SC2086
		"./$out/fuzz_$n" -max_total_time="$secs" -rss_limit_mb=2048 $seedopt \
			-timeout=20 -max_len="$(max_len "$n")" -print_final_stats=1 \
			-artifact_prefix="$out/crashes-$n/" \
			"$out/corpus-$n" "$out/seeds-$n" >> "$log" 2>&1 || status=1
	fi
	echo "exit=$status" >> "$log"
}

for n in $ran; do
	[ "$fresh" = 1 ] && [ -d "$out/seeds-$n" ] || make_seeds "$n"
done
touch "$stamp"
echo "fuzz: replaying regression inputs, then fuzzing each harness for ${secs}s ($jobs at a time)"
# shellcheck disable=SC2086
set -- $ran
while [ $# -gt 0 ]; do
	pids=
	k=0
	while [ $# -gt 0 ] && [ "$k" -lt "$jobs" ]; do
		fuzz_one "$1" &
		pids="$pids $!"
		k=$((k + 1))
		shift
	done
	for p in $pids; do
		wait "$p"
	done
done

for n in $ran; do
	log=$out/$n.log
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	regress=$(ls -A "tests/fuzz/regress/$n" 2>/dev/null | wc -l)
	if grep -q '^exit=0$' "$log"; then
		pass=$((pass + 1))
		echo "fuzz_$n: ok, ${execs:-?} executions in ${secs}s, $regress regression inputs"
	else
		fail=$((fail + 1))
		if grep -q '^regress-failed$' "$log"; then
			echo "fuzz_$n: FAILED on a regression input (tests/fuzz/regress/$n)" >&2
		else
			echo "fuzz_$n: FAILED after ${execs:-?} executions; input saved in $out/crashes-$n/:" >&2
			ls -t "$out/crashes-$n" | head -n 3 | sed 's/^/  /' >&2
		fi
		grep -m 3 -E 'invariant broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY' "$log" | sed 's/^/  /' >&2
		echo "  full log: $log" >&2
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
