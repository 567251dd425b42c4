#!/bin/sh
# e2e/reading.sh - end-to-end tests of the reading habits in tmux: the
# prompts' history outlives kilde (saved in the state folder, Up brings it
# back in the next run); y copies what is selected to the terminal's
# clipboard (OSC 52, here tmux's buffer) and to clipboard.txt; o opens the
# article's address in $BROWSER, e and v open its file at the line shown. Same harness as e2e/run.sh, e2e/lib/harness.sh;
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

# o opens the article's url with $BROWSER (only http and https); e and v
# open the file at the line on the top of the reader (+N).
shell_checks() {
	mkdir -p "$tmp/urlc"
	# Sentences, so that none of it is page clutter (folded in the reader).
	printf 'Alpha title\n\nThe first line of the alpha article is a sentence that says what it is about.\nSecond line.\nThe last line of the alpha article ends it, as the articles of a paper do.\n' > "$tmp/urlc/a.txt"
	printf 'Beta title\n\nText of beta.\n' > "$tmp/urlc/b.txt"
	printf '[a.txt]\nurl = https://example.org/a?x=1&y=2\n[b.txt]\nurl = --new-window=evil\n' > "$tmp/urlc/corpus.ini"
	printf '#!/bin/sh\nprintf "%%s|" "$@" > "%s"\n' "$tmp/prog.out" > "$tmp/prog.sh"
	chmod +x "$tmp/prog.sh"
	rm -f "$tmp/prog.out"
	e2e_start "$1" "$2" "$1-u" "BROWSER=\"$tmp/prog.sh:firefox\" EDITOR=\"$tmp/prog.sh\" \"$kilde\" \"$tmp/urlc\""
	current="open url"
	check start "2 articles"
	keys o
	check_file_is browser "https://example.org/a?x=1&y=2|"
	rm -f "$tmp/prog.out"
	keys j o
	check refused "is not an http or https address"
	settle
	if [ -e "$tmp/prog.out" ]; then bad "a url that is not http(s) reached the browser"; else ok; fi
	keys Q
	exits_ok quit

	current="edit at the line"
	rm -f "$tmp/prog.out"
	# 80x24 at either size: a taller, wider reader shows all of 004.
	e2e_start 80 24 "$1-e" "EDITOR=\"$tmp/prog.sh\" \"$kilde\" corpus"
	check start "5 articles"
	keys e
	check_file_is "editor at the top" "corpus/000_78b0cf8d7ad02d3c.txt|"
	rm -f "$tmp/prog.out"
	keys G Enter G e
	n=80
	while [ "$n" -gt 0 ] && [ ! -s "$tmp/prog.out" ]; do sleep 0.05; n=$((n - 1)); done
	case $(cat "$tmp/prog.out" 2> /dev/null) in
	+[0-9]*"|corpus/004_6df98165fb3bae8c.txt|")
		line=$(sed 's/^+\([0-9]*\)|.*/\1/' "$tmp/prog.out")
		# The reader's last screen starts well into the 23-line file.
		if [ "$line" -gt 5 ] && [ "$line" -le 23 ]; then ok; else bad "editor line $line"; fi ;;
	*) bad "the editor did not get +N and the file: '$(cat "$tmp/prog.out" 2> /dev/null)'" ;;
	esac
	keys Q
	exits_ok quit

	# Lines are the file's under folded clutter: 001's first nine lines
	# are one fold, so two lines down the reader shows the title, line 11.
	current="edit below a fold"
	rm -f "$tmp/prog.out"
	e2e_start 80 24 "$1-f" "EDITOR=\"$tmp/prog.sh\" \"$kilde\" corpus"
	check start "5 articles"
	keys j Enter
	check folded "9 lines of page furniture"
	keys j j e
	check_file_is "editor under a fold" "+11|corpus/001_445ba2664ba4056b.txt|"
	keys Q
	exits_ok quit

	# v hands the pager the same line as e hands the editor.
	current="pager at the line"
	rm -f "$tmp/prog.out"
	e2e_start 80 24 "$1-p" "PAGER=\"$tmp/prog.sh\" \"$kilde\" corpus"
	check start "5 articles"
	keys j Enter
	check folded "9 lines of page furniture"
	keys j j v
	check_file_is "pager under a fold" "+11|corpus/001_445ba2664ba4056b.txt|"
	keys Q
	exits_ok quit

	# An edit is read back when the editor ends.
	current="edit read back"
	printf '#!/bin/sh\nfor a; do f=$a; done\necho "Gamma added by the editor." >> "$f"\n' > "$tmp/edit.sh"
	chmod +x "$tmp/edit.sh"
	e2e_start "$1" "$2" "$1-r" "EDITOR=\"$tmp/edit.sh\" \"$kilde\" \"$tmp/urlc\""
	check start "2 articles"
	keys Enter
	check opened "Second line."
	keys e
	check "read again" "the article was read again"
	check "new text" "Gamma added by the editor."
	keys Q
	exits_ok quit
}

# check_file_is NAME TEXT: $tmp/prog.out appears (polling) and is TEXT.
check_file_is() {
	n=80
	while [ "$n" -gt 0 ] && [ ! -s "$tmp/prog.out" ]; do sleep 0.05; n=$((n - 1)); done
	if [ "$(cat "$tmp/prog.out" 2> /dev/null)" = "$2" ]; then ok; else bad "$1: '$(cat "$tmp/prog.out" 2> /dev/null)', not '$2'"; fi
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
shell_checks 80 24
shell_checks 200 50

echo "e2e-reading: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
