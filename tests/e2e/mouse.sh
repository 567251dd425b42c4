#!/bin/sh
# e2e/mouse.sh - end-to-end tests of the mouse in tmux: the events come as
# the terminal sends them (X10 mouse reports, ESC [ M and three bytes, which
# kmous of tmux-256color names), typed into the pane with send-keys -l while
# kilde has the terminal's mouse mode on. A click selects a row of the list,
# two clicks on one row open it in the reader, and the wheel moves the
# reader's position in the status bar as j and k do. Same harness as
# e2e/run.sh, e2e/lib/harness.sh.
# Run from the source root: sh tests/e2e/mouse.sh
set -u

suite=e2e-mouse
. "$(dirname "$0")/lib/harness.sh"

# x10 BUTTON COL ROW: one mouse report, COL and ROW counted from 1 (button
# 0 the first pressed, 3 released, 64 the wheel up, 65 down).
x10() {
	seq=$(printf '\033[M%b%b%b' "\\0$(printf '%o' $(($1 + 32)))" \
	    "\\0$(printf '%o' $(($2 + 32)))" "\\0$(printf '%o' $(($3 + 32)))")
	tm send-keys -t k -l -- "$seq"
}
click() { x10 0 "$1" "$2"; x10 3 "$1" "$2"; }

# The status bar's position: "3/5  24%" (the list's row, the reader's %).
position() { capture | tail -n 1 | awk '{ print $1, $2 }'; }

run_size() {
	cols=$1
	lines=$2
	e2e_start "$1" "$2" "$1" "TERM=tmux-256color \"$kilde\" corpus"
	current="mouse"
	check start "5 articles"
	settle
	# The list's rows start on the third line (the title and the list's
	# header above): the third row is 002.
	click 6 5
	check "click selects" "3/5"
	settle
	# j tells which pane has the focus: the list's row moves, the
	# reader's does not.
	keys j
	check "single click stays in the list" "4/5"
	keys k
	check back "3/5"
	settle
	# Two clicks on the same row at once: a double click opens it.
	click 6 5
	click 6 5
	settle
	keys j
	settle
	if [ "$(position | cut -d' ' -f1)" = 3/5 ]; then ok; else bad "a double click did not open the article"; fi
	keys k
	settle
	before=$(position)
	# What the wheel shows must be what j shows after the same scroll.
	x10 65 "$((cols / 2))" "$((lines - 4))"
	x10 65 "$((cols / 2))" "$((lines - 4))"
	settle
	wheel=$(position)
	keys k k k k k k
	settle
	top=$(position)
	keys j j j j j j
	settle
	byj=$(position)
	if [ "$wheel" = "$byj" ] && [ "$wheel" != "$top" ]; then ok; else
		bad "after the wheel '$wheel', after j '$byj', at the top '$top' (before '$before')"
	fi
	keys Q
	exits_ok quit
}

run_size 80 24
run_size 200 50

echo "e2e-mouse: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
