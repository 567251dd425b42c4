#!/bin/sh
# bench-corpus.sh - `make bench-corpus`: generates the benchmark corpora
# build/bench/corpus-N/ (one per size in BENCH_SIZES, default "10000 100000")
# with tools/benchgen.c from the bundled corpus/, and a reuse-heavy
# build/bench/corpus-rN/ (benchgen -r: wire copy, reprints, pooled quotes)
# per size in BENCH_REUSE (default "100000"; "" for none). Deterministic: the same
# generator, sources, seed and size give the same bytes, so a corpus whose
# stamp matches is kept and not written again. Never committed (build/).
#
# Environment: BENCH_SIZES, BENCH_REUSE, BENCH_SEED (default 20261124), BENCH_DIR
# (default build/bench), CC (default cc).
set -eu

sizes=${BENCH_SIZES:-10000 100000}
reuse=${BENCH_REUSE-100000}
seed=${BENCH_SEED:-20261124}
dir=${BENCH_DIR:-build/bench}
cc=${CC:-cc}
per_dir=1000
# The project's warning flags (see Makefile): the tools are held to them too.
warn="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes"

export LC_ALL=C
mkdir -p "$dir"
gen=$dir/benchgen
if [ ! -x "$gen" ] || [ -n "$(find tools/benchgen.c -newer "$gen")" ]; then
	# shellcheck disable=SC2086
	$cc -std=c17 $warn -O2 -D_GNU_SOURCE -o "$gen" tools/benchgen.c -lunistring -lm
fi

sources=$(ls corpus/*.txt)
# What the output depends on: the generator's source, the sources' bytes and
# the parameters.
# shellcheck disable=SC2086
sum=$(cat tools/benchgen.c $sources | cksum | tr ' ' '-')

# A corpus is named by its size, with an r before it when reuse-heavy.
for name in $sizes $(for r in $reuse; do echo "r$r"; done); do
	n=${name#r}
	flag=
	[ "$n" = "$name" ] || flag=-r
	out=$dir/corpus-$name
	stamp=$dir/corpus-$name.stamp
	want="benchgen=$sum seed=$seed n=$n per_dir=$per_dir $flag"
	if [ -d "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		echo "bench-corpus: $out is up to date"
		continue
	fi
	rm -rf "$out" "$stamp"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$gen" $flag -s "$seed" -p "$per_dir" "$n" "$out" $sources
	# The stamp is written last: an interrupted run is regenerated.
	echo "$want" > "$stamp"
	echo "bench-corpus: $out written in $(($(date +%s) - start)) s"
done
