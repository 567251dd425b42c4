#!/bin/sh
# run.sh - what kilde prints for scripts stays what it printed: --xrefs,
# --list and --grep (plain and --tsv) on the bundled corpus and on two small
# generated corpora (tools/benchgen.c: the bench's mix, and its reuse-heavy
# mode) are compared byte for byte with tests/output/expected/. Each is run
# with --no-cache, with an empty cache and with the cache that run left,
# since a faster build or a cache must never change a byte. A change of
# output made on purpose regenerates the expectations in the same commit:
#   OUTPUT_UPDATE=1 sh tests/output/run.sh   (or make output-update)
# and the diff of tests/output/expected shows what changed.
# Closing line: "output: N passed, N failed".
#
# Environment: KILDE (./kilde), CC (cc), OUTPUT_UPDATE.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
kilde=${KILDE:-./kilde}
case $kilde in /*) ;; *) kilde=$root/$kilde ;; esac
expected=$root/tests/output/expected
update=${OUTPUT_UPDATE:-}
if [ ! -x "$kilde" ]; then
	echo "output: $kilde not built (run make)" >&2
	echo "output: 0 passed, 1 failed"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/config" "$tmp/state" "$tmp/cache"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state"
export XDG_CACHE_HOME="$tmp/cache" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $*" >&2; }

# The generated corpora: small, so the suite stays quick, and written by the
# bench's own generator with a fixed seed (its output depends only on the
# seed, the size and corpus/'s bytes).
warn="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes"
# shellcheck disable=SC2086
if ! ${CC:-cc} -std=c17 $warn -O2 -D_GNU_SOURCE -o "$tmp/benchgen" tools/benchgen.c \
	-lunistring -lm; then
	echo "output: tools/benchgen.c does not build" >&2
	echo "output: 0 passed, 1 failed"
	exit 1
fi
cp -R corpus "$tmp/corpus" || exit 1
"$tmp/benchgen" -s 20261124 -p 100 200 "$tmp/gen" corpus/*.txt > /dev/null || exit 1
"$tmp/benchgen" -r -s 20261124 -p 100 200 "$tmp/reuse" corpus/*.txt > /dev/null || exit 1
cd "$tmp" || exit 1

# check NAME CACHE-MODE KILDE-ARGS...: stdout and exit status against
# expected/NAME (the status is the file's last line, "exit N").
check() {
	name=$1 how=$2
	shift 2
	case $how in
	none) "$kilde" --no-cache "$@" > got 2> /dev/null ;;
	cold) rm -rf "$XDG_CACHE_HOME" && mkdir -p "$XDG_CACHE_HOME" &&
		"$kilde" "$@" > got 2> /dev/null ;;
	warm) "$kilde" "$@" > got 2> /dev/null ;;
	esac
	echo "exit $?" >> got
	if [ -n "$update" ] && [ "$how" = none ]; then
		cp got "$expected/$name"
		ok
	elif [ ! -f "$expected/$name" ]; then
		bad "$name: no expected output (OUTPUT_UPDATE=1 writes it)"
	elif ! cmp -s "$expected/$name" got; then
		bad "$name ($how cache): output differs from tests/output/expected/$name"
		diff "$expected/$name" got | head -6 >&2
	else
		ok
	fi
}

[ -n "$update" ] && mkdir -p "$expected"
for c in corpus gen reuse; do
	for how in none cold warm; do
		check "$c.xrefs" "$how" --xrefs "$c"
		check "$c.list" "$how" --list "$c"
	done
	check "$c.grep" none --grep Huawei "$c"
	check "$c.grep-tsv" none --grep ålborg --tsv "$c"
	check "$c.grep-exact" none --grep Ålborg --exact --width 60 "$c"
done
# Folded: the bundled corpus writes København.
check corpus.grep-fold none --grep kobenhavn --tsv corpus

echo "output: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
