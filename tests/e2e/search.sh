#!/bin/sh
# e2e/search.sh - end-to-end tests of finding things in the real
# interface, in tmux: search `suffolk` in the Danish article and step the
# matches, a corpus-wide KWIC search for `Huawei` opening the third hit, the
# list filtered to the Danish articles, two articles compared, and bookmarks,
# read marks, the clipboard file, a pipe and the pager around them. Same
# harness as e2e/run.sh, e2e/lib/harness.sh (isolated tmux server, polling
# waits, no fixed sleeps); read marks and bookmarks live in a state folder
# of its own.
# Run from the source root: sh tests/e2e/search.sh
set -u

suite=e2e-search
e2e_state=1
. "$(dirname "$0")/lib/harness.sh"

# type TEXT: sends TEXT literally, one key per character.
type_text() { tm send-keys -t k -l -- "$1"; }

check_gone() {
	if wait_gone "$2"; then ok; else bad "$1: '$2' still on the screen"; fi
}

# check_file NAME FILE TEXT: FILE appears (polling) and holds TEXT.
check_file() {
	n=80
	while [ "$n" -gt 0 ] && ! grep -qF -- "$3" "$2" 2> /dev/null; do
		sleep 0.05
		n=$((n - 1))
	done
	if grep -qF -- "$3" "$2" 2> /dev/null; then ok; else bad "$1: $2 lacks '$3'"; fi
}

# start COLS LINES NAME: kilde on the corpus in a new server, with a pager
# and an editor that end by themselves.
start() {
	e2e_start "$1" "$2" "$1-$3" "PAGER=\"head -n 3\" EDITOR=true \"$kilde\" corpus"
}

run_size() {
	rm -rf "$tmp/state"/*
	start "$1" "$2" a
	current="open corpus"
	check start "5 articles"

	# Search suffolk in the Danish article (000), as the person types.
	current="search suffolk"
	keys Enter
	check open "Huawei går med i internationalt"
	keys /
	type_text suff
	check typing "/suff"
	check typing "match 1/1"
	type_text olk
	keys Enter
	check found "skriver John Suffolk"
	check status "match 1/1"
	check_widths search
	# n steps on and goes round (one match in this article).
	keys n
	check wrap "Search went round to the top"
	check wrap "match 1/1"
	# Esc removes the search; the status bar stops counting.
	keys Escape
	check_gone esc "match 1/1"
	# A phrase in quotes, and folding: "oegersen" style and æ/aa rules
	# are unit-tested; here: soren finds Søren.
	keys /
	type_text soren
	keys Enter
	check fold "Søren Vindfelt Røn"
	check fold "match 1/2"
	keys N
	check prev "match 2/2"
	# Exact matching (E): soren no longer finds Søren.
	keys Escape E
	check exact "Exact matching"
	keys /
	type_text soren
	check exact "no match (exact)"
	keys Escape E
	check folded "Folded matching"
	keys g

	# KWIC: Huawei across the corpus, the third hit opened.
	current="kwic"
	keys F
	check prompt "find:"
	type_text Huawei
	keys Enter
	check kwic "Concordance: Huawei"
	check kwic "51 hits"
	check kwic "hit 1/51"
	check_widths kwic
	keys s
	check sort "sorted by source"
	keys s s s s
	check sort "sorted by position"
	keys j j
	check third "hit 3/51"
	keys Enter
	check_gone opened "Concordance:"
	check opened "match 3/13"
	check opened "Huawei forpligter sig nu"
	check_widths opened
	# F with an empty pattern shows the concordance again; q closes it.
	keys F Enter
	check again "Concordance: Huawei"
	keys q
	check_gone closed "Concordance:"
	keys q

	# The list filtered to the Danish articles.
	current="filter"
	keys f
	check prompt "lang:da source:X"
	type_text lang:da
	keys Enter
	check filter "2 of 5 articles match"
	check filter "filter: lang:da"
	check filter "Title (2)"
	# The English rows are gone (chinapost still labels 001 in the info
	# pane's cross-references).
	check_gone filter "Huawei calls for cyber"
	check_widths filter
	keys j Enter
	check danish "USA fortsætter med at angribe"
	keys q f C-u Enter
	check clear "Filter cleared"
	check clear "Title (5)"

	# Two articles compared: 000 and 002.
	current="compare"
	keys g c
	check choose "Compare with: choose an article"
	keys j j Enter
	check compare "shared terms"
	check compare "Huawei calls for international"
	check compare "Huawei går med i internationalt"
	check_widths compare
	keys n
	check step "(n: next)"
	keys Tab Space
	settle
	keys q
	check_gone close "shared terms"
	check close "5 articles"

	# Bookmarks and read marks persist: m, quit, start again.
	current="state"
	keys g m
	check mark "Bookmarked: Huawei går med"
	keys j Enter
	check read "Huawei calls for cybersecurity"
	# y copies the paragraph at the top of the reader to clipboard.txt.
	keys y
	check yank "clipboard.txt"
	check_file yank "$tmp/state/kilde/clipboard.txt" "News Videos"
	# Only that paragraph (the article's first line), not the next one.
	if grep -q "International" "$tmp/state/kilde/clipboard.txt"; then
		bad "yank copied more than the paragraph"
	else
		ok
	fi
	# | pipes the article's text to a command.
	keys '|'
	type_text "wc -w > $tmp/wc.txt"
	keys Enter
	check pipe "press Enter to return"
	keys Enter
	check pipe "done"
	check_file pipe "$tmp/wc.txt" "4"
	# v shows the file in $PAGER and the screen comes back.
	keys v
	check pager "head -n 3: done"
	check pager "5 articles"
	keys e
	check editor "true: done"
	check_widths shell
	keys q
	settle
	keys q
	exits_ok quit
	if ls "$tmp/state/kilde/"*.state > /dev/null 2>&1; then ok; else bad "no state file"; fi

	start "$1" "$2" b
	current="state again"
	check again "5 articles"
	if wait_for "*000       "; then ok; else bad "the bookmark did not persist"; fi
	keys Q
	exits_ok quit

	# A state file that does not parse is reported and kept aside.
	for f in "$tmp/state/kilde/"*.state; do printf 'garbage\n' > "$f"; done
	start "$1" "$2" c
	current="corrupt state"
	check corrupt "state file"
	if ls "$tmp/state/kilde/"*.corrupt-* > /dev/null 2>&1; then ok; else bad "the corrupt file was not kept aside"; fi
	keys Q
	exits_ok quit
}

run_size 80 24
run_size 200 50

echo "e2e-search: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
