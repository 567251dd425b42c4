#!/bin/sh
# e2e/xref.sh - end-to-end test of following a cross-reference in the real
# interface, in tmux at 80x24 and 200x50: open the Danish article (000),
# step with n to `John Suffolk`, open the chooser with Enter, choose an
# English article, check that it opens at the name with the name
# highlighted as the current cross-reference, go back with Backspace to
# exactly where the jump started, forward with ], open the matrix, and quit
# with status 0. Run from the source root: sh tests/e2e/xref.sh
#
# The harness is that of e2e/run.sh: an isolated tmux server per size, keys
# with send-keys, the screen from capture-pane, waits that poll instead of
# sleeping for fixed times.
set -u

root=$(pwd)
kilde=${KILDE:-$root/kilde}
[ -x "$kilde" ] || { echo "e2e-xref: $kilde not built" >&2; exit 1; }
command -v tmux > /dev/null || { echo "e2e-xref: tmux not installed" >&2; exit 1; }

tmp=$(mktemp -d)
sock=kilde-e2e-xref-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2> /dev/null; rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/config"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR

pass=0
fail=0
cols=0
lines=0
current=""

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL [$current ${cols}x$lines] $*" >&2
	capture | sed 's/^/    | /' >&2
	fail=$((fail + 1))
}

capture() { tm capture-pane -p -t k 2> /dev/null; }
# With the escape sequences of colours and attributes.
capture_e() { tm capture-pane -e -p -t k 2> /dev/null; }

# wait_for TEXT [TRIES]: polls until the screen shows TEXT exactly.
wait_for() {
	tries=${2:-80}
	while [ "$tries" -gt 0 ]; do
		capture | grep -qF -- "$1" && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	return 1
}

# settle: waits until two captures in a row agree (the screen is drawn).
settle() {
	prev=""
	n=40
	while [ "$n" -gt 0 ]; do
		now=$(capture)
		[ -n "$now" ] && [ "$now" = "$prev" ] && return 0
		prev=$now
		sleep 0.05
		n=$((n - 1))
	done
}

keys() { tm send-keys -t k "$@"; }

# check NAME TEXT: the screen shows TEXT (polling).
check() {
	if wait_for "$2"; then ok; else bad "$1: '$2' not on the screen"; fi
}

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

# check_fits NAME: no captured line is wider than the terminal.
check_fits() {
	settle
	if [ "$(capture | wc -L)" -le "$cols" ]; then ok; else bad "$1: a line is wider than $cols"; fi
}

start() {
	cols=$1
	lines=$2
	rm -f "$tmp/status"
	cat > "$tmp/run.sh" <<EOF
cd "$root"
"$kilde" corpus
echo \$? > "$tmp/status"
EOF
	tm kill-server 2> /dev/null
	sock=kilde-e2e-xref-$$-$cols
	tm new-session -d -s k -x "$cols" -y "$lines" \
	    "sh $tmp/run.sh; sleep 30"
	tm set-option -g window-size manual > /dev/null 2>&1
}

exits_ok() {
	n=100
	while [ "$n" -gt 0 ] && [ ! -s "$tmp/status" ]; do
		sleep 0.05
		n=$((n - 1))
	done
	st=$(cat "$tmp/status" 2> /dev/null)
	if [ "$st" = 0 ]; then ok; else bad "$1: exit status '${st:-none}'"; fi
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
	check open "000_78b0cf8d7ad02d3c · da · 654 words · 8 xrefs"
	# John Suffolk is the 13th cross-reference of 000.
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do keys n; done
	check step "xref 13/34: John Suffolk (name, 3 articles)"
	check_current step "John Suffolk"
	check_fits step

	current="chooser"
	keys Enter
	check chooser "John Suffolk · name · 2 other articles"
	check chooser "001 chinapost"
	check chooser "002 002_9ee63272115c30f3"
	check_fits chooser

	current="001"
	keys Enter
	check follow "chinapost · 2017-09-24 · en · 404 words"
	check follow "John Suffolk in 001"
	check follow "report was written by John Suffolk"
	check_not follow "2 other articles"
	check_current follow "John Suffolk"
	check_fits follow

	current="back"
	keys BSpace
	check back "000_78b0cf8d7ad02d3c · da · 654 words"
	check back "skriver John Suffolk"
	check_current back "John Suffolk"
	check_not back "chinapost · 2017-09-24"
	check_fits back

	current="forward"
	keys ']'
	check forward "chinapost · 2017-09-24 · en · 404 words"
	check_current forward "John Suffolk"
	keys C-o
	check back2 "000_78b0cf8d7ad02d3c · da · 654 words"
	check back2 "skriver John Suffolk"

	current="matrix"
	keys x
	check matrix "Cross-references × articles"
	check matrix "N John Suffolk"
	check_fits matrix
	keys q
	check closed "000_78b0cf8d7ad02d3c · da · 654 words"
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
