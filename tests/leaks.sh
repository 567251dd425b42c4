#!/bin/sh
# leaks.sh - runs the non-interactive modes under valgrind and fails on any
# memory error or definite/indirect leak. Run from the source root (make
# leaks). Prints one closing line: "leaks: N passed, N failed".
set -u
if ! command -v valgrind >/dev/null 2>&1; then
	echo "leaks.sh: valgrind not installed (apt-get install valgrind)" >&2
	exit 1
fi
pass=0
fail=0
log=$(mktemp)

check() {
	if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=1 --log-file="$log" ./kilde "$@" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAILED: valgrind ./kilde $*" >&2
		cat "$log" >&2
		fail=$((fail + 1))
	fi
}

# A folder with one of each kind of trouble, so every skip path and the
# metadata warnings run under valgrind too.
hostile=$(mktemp -d)
trap 'rm -f "$log"; rm -rf "$hostile"' EXIT
# A cache of its own: never the user's, and the warm runs below use it.
export XDG_CACHE_HOME="$hostile/.cache"
printf 'Title \033]0;pwned\007 \302\233 \342\200\256 bad \303 end\r\n\tx\n' > "$hostile/esc.txt"
printf 'Bl\345b\346rgr\370d\n\nDet er godt.\n' > "$hostile/latin1.txt"
printf '\377\376H\000i\000\n\000' > "$hostile/utf16.txt"
printf '\177ELF\002\001\001\000\000' > "$hostile/binary.txt"
: > "$hostile/empty.txt"
printf '  \n\n' > "$hostile/blank.txt"
mkdir "$hostile/sub"
printf 'Nested\nSeptember 24, 2017\n' > "$hostile/sub/README"
ln -s .. "$hostile/sub/loop"
ln -s nowhere.txt "$hostile/dangling.txt"
printf '[esc.txt]\nsource = x\nbogus = 1\n[gone.txt]\ndate = 2019-13-01\n' > "$hostile/corpus.ini"

check --list corpus
check --list "$hostile"
check --dump "$hostile/esc.txt" --width 5
check --dump corpus/000_78b0cf8d7ad02d3c.txt
check --dump corpus/000_78b0cf8d7ad02d3c.txt --width 17
check --xrefs corpus
check --stories corpus
check --xrefs --translations corpus
# Whatever folder of hostile input the suites keep, if there is one.
for d in tests/data/hostile tests/hostile; do
	if [ -d "$d" ]; then
		check --list "$d"
		check --xrefs "$d"
	fi
done
echo "leaks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
