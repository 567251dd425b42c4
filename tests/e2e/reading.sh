#!/bin/sh
# e2e/reading.sh - end-to-end tests of the reading habits in tmux: the
# prompts' history outlives kilde (saved in the state folder, Up brings it
# back in the next run). Same harness as e2e/run.sh, e2e/lib/harness.sh;
# a state folder of its own.
# Run from the source root: sh tests/e2e/reading.sh
set -u

suite=e2e-reading
e2e_state=1
. "$(dirname "$0")/lib/harness.sh"

type_text() { tm send-keys -t k -l -- "$1"; }

start() {
	e2e_start "$1" "$2" "$1-$3" "\"$kilde\" corpus"
}

run_size() {
	rm -rf "$tmp/state"/*
	start "$1" "$2" a
	current="prompt history"
	check start "5 articles"
	keys f
	type_text "lang:da"
	keys Enter
	check filtered "filter: lang:da"
	keys :
	type_text "ericsson"
	keys Enter
	check kwic "ericsson"
	keys q
	keys Q
	exits_ok quit
	if grep -qx "filter lang:da" "$tmp/state/kilde/history" 2> /dev/null; then ok; else bad "no filter line in the history file"; fi

	start "$1" "$2" b
	current="history again"
	check again "5 articles"
	keys f C-u Up
	check "filter back" "filter: lang:da"
	keys Escape :
	keys Up
	check "find back" "find: ericsson"
	keys Escape Q
	exits_ok quit
}

run_size 80 24
run_size 200 50

echo "e2e-reading: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
