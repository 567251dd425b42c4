#!/bin/sh
# bench-corpus.sh - `make bench-corpus`: generates the benchmark corpora
# build/bench/corpus-N/ (one per size in BENCH_SIZES, default "10000 100000")
# with tools/benchgen.c from the bundled corpus/. Deterministic: the same
# generator, sources, seed and size give the same bytes, so a corpus whose
# stamp matches is kept and not written again. Never committed (build/).
#
# Environment: BENCH_SIZES, BENCH_SEED (default 20261124), BENCH_DIR
# (default build/bench), CC (default cc).
set -eu

sizes=${BENCH_SIZES:-10000 100000}
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

for n in $sizes; do
	out=$dir/corpus-$n
	stamp=$dir/corpus-$n.stamp
	want="benchgen=$sum seed=$seed n=$n per_dir=$per_dir"
	if [ -d "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		echo "bench-corpus: $out is up to date"
		continue
	fi
	rm -rf "$out" "$stamp"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$gen" -s "$seed" -p "$per_dir" "$n" "$out" $sources
	# The stamp is written last: an interrupted run is regenerated.
	echo "$want" > "$stamp"
	echo "bench-corpus: $out written in $(($(date +%s) - start)) s"
done
