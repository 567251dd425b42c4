#!/bin/sh
# e2e/reading.sh - end-to-end tests of the reading habits in tmux: the
# prompts' history outlives kilde (saved in the state folder, Up brings it
# back in the next run); y copies what is selected to the terminal's
# clipboard (OSC 52, here tmux's buffer) and to clipboard.txt. Same harness as e2e/run.sh, e2e/lib/harness.sh;
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

# yank: what y copied reaches tmux's buffer through OSC 52 (set-clipboard
# on, as a terminal with a clipboard would take it) and clipboard.txt.
yank_checks() {
	start "$1" "$2" y
	tm set -g set-clipboard on
	current="yank"
	check start "5 articles"
	tm delete-buffer 2> /dev/null
	# In the reader with a search: the paragraph of the match.
	keys Enter /
	type_text suffolk
	keys Enter
	check match "match 1/1"
	keys y
	check copied "Copied the match's paragraph"
	check where "terminal, clipboard.txt"
	buf=$(tm show-buffer 2> /dev/null)
	case $buf in
	*"skriver John Suffolk, der er Global"*) ok ;;
	*) bad "OSC 52 did not reach tmux's buffer: '$buf'" ;;
	esac
	if grep -q "skriver John Suffolk, der er Global" "$tmp/state/kilde/clipboard.txt"; then ok; else bad "clipboard.txt lacks the paragraph"; fi
	# In the list: the article's title and file.
	keys Escape q
	tm delete-buffer 2> /dev/null
	keys j y
	check list "Copied the title and address"
	buf=$(tm show-buffer 2> /dev/null)
	case $buf in
	"Huawei calls for cybersecurity cooperation
corpus/001_445ba2664ba4056b.txt") ok ;;
	*) bad "the list's yank is not title and file: '$buf'" ;;
	esac
	check_fits yank
	keys Q
	exits_ok quit
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
yank_checks 80 24
yank_checks 200 50

echo "e2e-reading: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
