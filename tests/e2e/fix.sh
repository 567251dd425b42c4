#!/bin/sh
# e2e/fix.sh - end-to-end test of the reader's corrections in tmux at
# 200x50, with a HOME and XDG_CONFIG_HOME of the harness's own (the
# person's real configuration is never read or written): R in the info
# pane renames John Suffolk, the info pane shows the new name (with the
# file and line of its alias) once the index is built again, and so does
# a new kilde (the line is in the user's
# kilde.ini, next to what was there); M in the chooser merges two names;
# D drops one; a configuration folder that cannot be made gives a message
# and kilde goes on. Run from the source root: sh tests/e2e/fix.sh
set -u

suite=e2e-fix
. "$(dirname "$0")/lib/harness.sh"

ini="$tmp/config/kilde/kilde.ini"

check_not() {
	settle
	if capture | grep -qF -- "$2"; then bad "$1: '$2' is on the screen"; else ok; fi
}

# check_file NAME TEXT: the user's kilde.ini has the line TEXT.
check_file() {
	if grep -qxF -- "$2" "$ini" 2> /dev/null; then ok; else
		bad "$1: '$2' is not a line of $ini"
		sed 's/^/    > /' "$ini" >&2 2> /dev/null
	fi
}

start() {
	e2e_start 200 50 "$1" "\"$kilde\" corpus"
}

# type TEXT: each character of TEXT as a key.
type_text() {
	tm send-keys -t k -l -- "$1"
}

quit() {
	keys Q
	exits_ok "$1"
}

# The person's own settings, which a correction must leave as they are.
mkdir -p "$tmp/config/kilde"
printf '; mine\n[ui]\nmouse = false\n' > "$ini"

current="rename"
start rename
check xrefs "Xrefs"
keys Tab Tab j j
check selected "xref 3/7: name · John Suffolk · 3 articles"
keys R
check prompt "rename to: John Suffolk"
keys C-u
type_text "John S. Suffolk"
keys Enter
check saved "Renamed John Suffolk to John S. Suffolk: saved in $ini:6"
# The info pane wraps the entry: the name, then its articles and origin.
check info "John S. Suffolk —"
check info "chinapost, 002 ("
# The info pane names the file and line of an alias of the user's own.
check origin "kilde.ini:6)"
check_not info "John Suffolk —"
check_file rename "john_suffolk = John S. Suffolk | John Suffolk"
check_file kept "; mine"
check_file kept "mouse = false"
check_fits rename
quit rename

current="restart"
start restart
check xrefs "Xrefs"
# The info pane wraps the entry: the name, then its articles and origin.
check info "John S. Suffolk —"
check info "chinapost, 002 ("
check origin "kilde.ini:6)"
keys Tab Tab j j
check selected "xref 3/7: name · John S. Suffolk · 3 articles"

current="merge"
# From the chooser of the selected term: LM Ericsson into China (a
# correction nobody would make, but one the texts cannot make by chance).
keys g Enter
check chooser "LM Ericsson · name"
keys M
check prompt "merge with:"
type_text "China"
keys Enter
check saved "Merged LM Ericsson into China: saved in"
check_not merged "LM Ericsson — 001"
check_file merge "china = China | Kina | Chinese | People's Republic of China | Folkerepublikken Kina | PRC | kinesisk | kineser | LM Ericsson"

current="drop"
keys g
settle
keys D
check saved "Dropped espionage: saved in"
check_not dropped "espionage — 001"
# espionage is an entry of the shipped table: its line goes, a drop_
# line with its spellings comes.
check_file drop "drop_espionage = espionage | spying | spionage"
check_file drop "espionage ="
check_file kept "mouse = false"
quit drop

current="unwritable"
# A configuration folder that is a file: a message, and kilde goes on.
: > "$tmp/notadir"
XDG_CONFIG_HOME="$tmp/notadir" e2e_start 200 50 unwritable \
	"XDG_CONFIG_HOME=\"$tmp/notadir\" \"$kilde\" corpus"
check xrefs "Xrefs"
keys Tab Tab j j D
check error "Cannot save the correction in $tmp/notadir/kilde/kilde.ini: Not a directory"
keys j
check alive "xref 4/7"
quit unwritable

echo "e2e-fix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
