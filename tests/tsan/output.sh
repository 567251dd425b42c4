#!/bin/sh
# tsan/output.sh KILDE - kilde built with -fsanitize=thread (make tsan) in
# the non-interactive modes that run threads: a cold --list, --xrefs,
# --stories and --xrefs --translations on a corpus of generated articles
# (tools/benchgen.c), each with an empty cache, so that the cache is
# written on its own thread while the rows are printed; then warm, where
# the folders are walked beside the cache read. Any ThreadSanitizer report
# (exit code 66) fails the suite, as does output that differs from a run
# without the cache. Closing line: "tsan-output: N passed, N failed".
set -u

KILDE=${1:-build/tsan/kilde}
narts=${TSAN_ARTICLES:-2000}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8 TZ=UTC HOME="$tmp" XDG_CONFIG_HOME="$tmp/config"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
$cc -std=c17 -O2 -D_GNU_SOURCE -o "$tmp/benchgen" tools/benchgen.c -lunistring -lm ||
	{ echo "tsan-output: cannot build tools/benchgen.c" >&2; exit 1; }
"$tmp/benchgen" -s 20261203 -p 500 "$narts" "$tmp/corpus" corpus/*.txt > /dev/null ||
	{ echo "tsan-output: benchgen failed" >&2; exit 1; }

pass=0
fail=0
# run NAME MODE...: cold (an empty cache), then warm, each equal to
# --no-cache.
run() {
	name=$1
	shift
	rm -rf "$tmp/cache"
	"$KILDE" --no-cache "$@" "$tmp/corpus" > "$tmp/ref" 2> /dev/null
	for round in cold warm; do
		XDG_CACHE_HOME=$tmp/cache "$KILDE" "$@" "$tmp/corpus" > "$tmp/got" 2> "$tmp/err"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			fail=$((fail + 1))
			echo "FAILED: $name, $round: exit status $rc" >&2
			head -40 "$tmp/err" >&2
		elif ! cmp -s "$tmp/ref" "$tmp/got"; then
			fail=$((fail + 1))
			echo "FAILED: $name, $round: output differs from --no-cache" >&2
		else
			pass=$((pass + 1))
		fi
	done
}

run list --list
run xrefs --xrefs
run stories --stories
run translations --xrefs --translations

echo "tsan-output: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
