#!/bin/sh
# eval.sh - scores `kilde --xrefs corpus` against the hand-made gold list
# (../shared/eval/seed-xrefs.tsv beside the repository, or $KILDE_GOLD):
# recall over gold (entity, article) pairs by the `needs` class (text,
# alias), the pairs missed, the false positives from the `#!` list of names
# that only one article mentions, and the number of terms output.
# A gold entity matches an output term when one of its surface forms (or
# its name) equals the term or one of the term's forms, ignoring case.
# POSIX sh and awk only. Exit status 0 even when recall is not complete:
# this is a measurement, not a test.
set -eu
gold=${KILDE_GOLD:-../shared/eval/seed-xrefs.tsv}
corpus=${KILDE_CORPUS:-corpus}
kilde=${KILDE:-./kilde}
if [ ! -r "$gold" ]; then
	echo "eval: no gold list at $gold (set KILDE_GOLD)" >&2
	exit 1
fi
out=$(mktemp "${TMPDIR:-/tmp}/kilde-eval.XXXXXX")
trap 'rm -f "$out"' EXIT INT TERM
"$kilde" --xrefs "$corpus" > "$out"

awk -F '\t' -v goldfile="$gold" '
function lc(s) { return tolower(s) }
# A gold article id (000) names the output file 000_....txt, 000.txt or 000.
function same_article(id, file,   base) {
	base = file
	sub(/.*\//, "", base)
	return base == id || index(base, id "_") == 1 || index(base, id ".") == 1
}
BEGIN {
	while ((getline line < goldfile) > 0) {
		if (line ~ /^#!/) {
			sub(/^#![ \t]*/, "", line)
			nfp = split(line, fpnames, "|")
			continue
		}
		if (line ~ /^#/ || line ~ /^[ \t]*$/)
			continue
		n = split(line, f, "\t")
		if (n < 4)
			continue
		ng++
		gname[ng] = f[1]; gforms[ng] = f[2]; garts[ng] = f[3]; gneeds[ng] = f[4]
	}
	close(goldfile)
}
NR == 1 { next }    # header
{
	nt++
	tname[nt] = $1; tkind[nt] = $2; tforms[nt] = $3; tarts[nt] = $4
}
END {
	for (g = 1; g <= ng; g++) {
		split("", want)
		want[lc(gname[g])] = 1
		k = split(gforms[g], gf, "|")
		for (i = 1; i <= k; i++)
			want[lc(gf[i])] = 1
		split("", match_t)
		nm = 0
		for (t = 1; t <= nt; t++) {
			hit = (lc(tname[t]) in want)
			if (!hit) {
				k = split(tforms[t], tf, "|")
				for (i = 1; i <= k && !hit; i++)
					if (lc(tf[i]) in want)
						hit = 1
			}
			if (hit)
				match_t[++nm] = t
		}
		na = split(garts[g], ga, ",")
		for (i = 1; i <= na; i++) {
			found = 0
			for (m = 1; m <= nm && !found; m++) {
				k = split(tarts[match_t[m]], ta, ",")
				for (j = 1; j <= k; j++)
					if (same_article(ga[i], ta[j])) {
						found = 1
						break
					}
			}
			total[gneeds[g]]++
			if (found)
				got[gneeds[g]]++
			else
				missed[++nmiss] = gname[g] " (" gneeds[g] ") in " ga[i]
		}
	}
	all = 0; allgot = 0
	nc = split("text alias", order, " ")
	for (c in total)
		if (c != "text" && c != "alias")
			order[++nc] = c
	for (o = 1; o <= nc; o++) {
		c = order[o]
		if (!(c in total))
			continue
		printf "recall %-6s %3d/%-3d %5.1f%%\n", c, got[c] + 0, total[c], 100 * (got[c] + 0) / total[c]
		all += total[c]; allgot += got[c]
	}
	if (all)
		printf "recall %-6s %3d/%-3d %5.1f%%\n", "all", allgot, all, 100 * allgot / all
	printf "missed pairs: %d\n", nmiss + 0
	for (i = 1; i <= nmiss; i++)
		print "  missed: " missed[i]
	fp = 0
	for (i = 1; i <= nfp; i++) {
		name = fpnames[i]
		gsub(/^[ \t]+|[ \t]+$/, "", name)
		if (name == "")
			continue
		for (t = 1; t <= nt; t++) {
			hit = lc(tname[t]) == lc(name)
			k = split(tforms[t], tf, "|")
			for (j = 1; j <= k && !hit; j++)
				if (lc(tf[j]) == lc(name))
					hit = 1
			if (hit) {
				print "  false positive: " name " (term \"" tname[t] "\")"
				fp++
				break
			}
		}
	}
	printf "false positives from the one-article list: %d of %d\n", fp, nfp
	printf "terms output: %d\n", nt
}' "$out"
