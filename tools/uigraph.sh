#!/bin/sh
# uigraph.sh [SRCDIR] - the interface's include and call graph, and whether
# it has cycles. Nodes are the interface's files (src/ui*.c, src/view*.c,
# src/main.c); an edge A -> B means A includes B's header or calls a
# function (or uses an object) that B defines. Symbols defined by a file
# come from ctags (static ones left out); a call is a whole-word use of the
# symbol in the other file. The pure core is a leaf below them all and is
# not drawn. Prints the edges, then each cycle (a strongly connected set of
# files) or "cycles: none". Exit status 1 when there is a cycle.
set -eu
dir=${1:-.}
cd "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(ls src/ui*.c src/view*.c src/main.c 2>/dev/null)

: > "$tmp/edges"
# Code without comments, so that prose naming a function is no call.
for f in $files; do
	m=$(basename "$f" .c)
	gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null > "$tmp/code.$m" || cp "$f" "$tmp/code.$m"
	ctags -x --kinds-c=fv --extras=-F --language-force=C "$f" |
		awk '$1 != "main" {print $1}' | sort -u > "$tmp/sym.$m"
done
for f in $files; do
	m=$(basename "$f" .c)
	# Includes of another interface module's own header.
	sed -n 's/^#include "kilde\/\(.*\)\.h".*/\1/p' "$f" | while read -r h; do
		if [ "$h" != "$m" ]; then
			case " $(echo $files) " in
			*" src/$h.c "*) echo "$m -> $h include" ;;
			esac
		fi
	done >> "$tmp/edges"
	# Calls of what another interface file defines.
	for g in $files; do
		n=$(basename "$g" .c)
		if [ "$n" = "$m" ] || [ ! -s "$tmp/sym.$n" ]; then
			continue
		fi
		if grep -qwF -f "$tmp/sym.$n" "$tmp/code.$m"; then
			syms=$(grep -owF -f "$tmp/sym.$n" "$tmp/code.$m" | sort -u | head -3 | tr '\n' ' ')
			echo "$m -> $n call ${syms% }"
		fi
	done >> "$tmp/edges"
done

echo "# edges (A -> B: A includes B's header or uses what B defines)"
sort -u "$tmp/edges" | awk '
	{ k = $1 " -> " $3; what[k] = what[k] (what[k] ? ", " : "") $4 (NF > 4 ? " (" substr($0, index($0, $5)) ")" : "") }
	END { for (k in what) print k "  [" what[k] "]" }' | sort
echo "# files: $(echo $files | wc -w), edges: $(awk '{print $1, $3}' "$tmp/edges" | sort -u | wc -l)"
# Strongly connected sets: transitive closure over the few nodes.
awk '{print $1, $3}' "$tmp/edges" | sort -u | awk '
	{ r[$1, $2] = 1; n[$1] = 1; n[$2] = 1 }
	END {
		for (k in n) for (i in n) if (r[i, k]) for (j in n) if (r[k, j]) r[i, j] = 1
		cyc = 0
		for (i in n) {
			if (done[i] || !r[i, i]) continue
			s = i; done[i] = 1
			for (j in n) if (j != i && r[i, j] && r[j, i]) { s = s " " j; done[j] = 1 }
			print "cycle: " s; cyc++
		}
		if (!cyc) print "cycles: none"
		exit cyc ? 1 : 0
	}'
