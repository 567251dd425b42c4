#!/bin/sh
# golden/run.sh - golden-screen tests of the interface, run headless.
#
# Each tests/golden/NAME.case holds the arguments for ./kilde (shell words,
# '#' lines are comments), e.g.
#     --screen 80x24 --keys 'j j Enter' corpus
# and tests/golden/NAME.screen the screen kilde must print. A case with a
# line "#attrs" also compares the map of cell attributes (bold, underline,
# reverse, dim) kilde prints after the screen with KILDE_SCREEN_ATTRS=1;
# lines "#env NAME=VALUE" set the environment of that case only. Run from the
# source root: sh tests/golden/run.sh [NAME...]
# UPDATE=1 rewrites the .screen files from what kilde prints now (read the
# diff before committing it).
set -u

dir=tests/golden
kilde=${KILDE:-./kilde}
[ -x "$kilde" ] || { echo "golden: $kilde not built" >&2; exit 1; }

# Nothing from the person running the tests may change the screen.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/config" "$tmp/empty"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color TZ=UTC
export KILDE_GOLDEN_EMPTY="$tmp/empty"
unset NO_COLOR LINES COLUMNS

pass=0
fail=0
if [ $# -gt 0 ]; then
	cases=""
	for n in "$@"; do cases="$cases $dir/$n.case"; done
else
	cases=$(ls "$dir"/*.case)
fi
for c in $cases; do
	name=$(basename "$c" .case)
	expected="$dir/$name.screen"
	args=$(grep -v '^#' "$c" | tr '\n' ' ')
	eval "set -- $args"
	attrs=0
	grep -qx '#attrs' "$c" && attrs=1
	envs=$(sed -n 's/^#env //p' "$c" | tr '\n' ' ')
	# Read marks and bookmarks start empty for every case.
	rm -rf "$tmp/state"
	mkdir -p "$tmp/state"
	export XDG_STATE_HOME="$tmp/state"
	if ! env $envs KILDE_SCREEN_ATTRS=$attrs "$kilde" "$@" > "$tmp/out" 2> "$tmp/err"; then
		echo "FAIL $name: kilde exited with $?" >&2
		sed 's/^/    /' "$tmp/err" >&2
		fail=$((fail + 1))
		continue
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/out" "$expected"
		pass=$((pass + 1))
		continue
	fi
	if [ ! -f "$expected" ]; then
		echo "FAIL $name: no $expected (UPDATE=1 writes it)" >&2
		fail=$((fail + 1))
	elif diff -u "$expected" "$tmp/out" > "$tmp/diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL $name:" >&2
		cat "$tmp/diff" >&2
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
