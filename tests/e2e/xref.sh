#!/bin/sh
# e2e/xref.sh - end-to-end test of following a cross-reference in the real
# interface, in tmux at 80x24 and 200x50: open the Danish article (000),
# step with n to `John Suffolk`, open the chooser with Enter, choose an
# English article, check that it opens at the name with the name
# highlighted as the current cross-reference, go back with Backspace to
# exactly where the jump started, forward with ], open the matrix, and quit
# with status 0. Run from the source root: sh tests/e2e/xref.sh
#
# The harness is e2e/lib/harness.sh, shared with e2e/run.sh: an isolated
# tmux server per size, keys with send-keys, the screen from capture-pane,
# waits that poll instead of sleeping for fixed times.
set -u

suite=e2e-xref
. "$(dirname "$0")/lib/harness.sh"

# check_not NAME TEXT: once drawn, the screen does not show TEXT.
check_not() {
	settle
	if capture | grep -qF -- "$2"; then bad "$1: '$2' is on the screen"; else ok; fi
}

# check_current NAME TEXT: TEXT is drawn in the xref_current colours
# (black on yellow by default: SGR 30 and 43 right before it).
check_current() {
	settle
	if capture_e | grep -q "$(printf '\033')\[43m$2"; then ok; else
		bad "$1: '$2' is not highlighted as the current cross-reference"
	fi
}

# start COLS LINES: kilde on the corpus in a new server.
start() {
	e2e_start "$1" "$2" "$1" "\"$kilde\" corpus"
}

run_size() {
	start "$1" "$2"

	current="index"
	check start "5 articles"
	# The Xrefs column appears once the worker has built the index.
	check xrefs "Xrefs"
	check xrefs " 10 Huawei calls for"

	current="000"
	keys Enter
	check open "000 · da · 358 words · 7 xrefs"
	# John Suffolk is the 11th cross-reference of 000.
	for i in 1 2 3 4 5 6 7 8 9 10 11; do keys n; done
	check step "xref 11/25: name · John Suffolk · 3 articles"
	check_current step "John Suffolk"
	check_fits step

	current="chooser"
	keys Enter
	check chooser "John Suffolk · name · 2 other articles"
	# The label is the outlet where one is known (corpus.ini: chinapost);
	# no Source column repeats it or the file's name.
	check chooser "chinapost 2017-09-24 en"
	check chooser "002       -          en"
	check_not chooser "002_9ee63272115c30f3"
	check_fits chooser

	current="001"
	keys Enter
	check follow "chinapost · 2017-09-24 · en · 357 words"
	check follow "John Suffolk in chinapost"
	check follow "report was written by John Suffolk"
	check_not follow "2 other articles"
	check_current follow "John Suffolk"
	check_fits follow

	current="back"
	keys BSpace
	check back "000 · da · 358 words"
	check back "skriver John Suffolk"
	check_current back "John Suffolk"
	check_not back "chinapost · 2017-09-24"
	check_fits back

	current="forward"
	keys ']'
	check forward "chinapost · 2017-09-24 · en · 357 words"
	check_current forward "John Suffolk"
	keys C-o
	check back2 "000 · da · 358 words"
	check back2 "skriver John Suffolk"

	current="matrix"
	keys x
	check matrix "Cross-references × articles"
	check matrix "N John Suffolk"
	check_fits matrix
	keys q
	check closed "000 · da · 358 words"
	check_not closed "Cross-references × articles"

	current="quit"
	keys q
	settle
	keys q
	exits_ok quit
}

run_size 80 24
run_size 200 50

echo "e2e-xref: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
