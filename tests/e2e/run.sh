#!/bin/sh
# e2e/run.sh - end-to-end tests of the real interface in tmux: kilde runs in
# a pane of an isolated tmux server, keys are sent with send-keys, and the
# screen is read back with capture-pane. Run from the source root.
#
# Waits poll the screen (every 50 ms, up to a few seconds) instead of
# sleeping for fixed times, so the suite is fast when kilde is and does not
# fail when the machine is slow.
set -u

root=$(pwd)
kilde=${KILDE:-$root/kilde}
[ -x "$kilde" ] || { echo "e2e: $kilde not built" >&2; exit 1; }
command -v tmux > /dev/null || { echo "e2e: tmux not installed" >&2; exit 1; }

tmp=$(mktemp -d)
# One isolated server per terminal size, so a server still shutting down
# cannot take the next session's commands.
sock=kilde-e2e-$$
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

# wait_gone TEXT: polls until TEXT is no longer on the screen.
wait_gone() {
	n=80
	while [ "$n" -gt 0 ]; do
		capture | grep -qF -- "$1" || return 0
		sleep 0.05
		n=$((n - 1))
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

# check_fits NAME: no captured line is wider than the terminal.
check_fits() {
	settle
	if [ "$(capture | wc -L)" -le "$cols" ]; then ok; else bad "$1: a line is wider than $cols"; fi
}

# check NAME TEXT: the screen shows TEXT (polling).
check() {
	if wait_for "$2"; then ok; else bad "$1: '$2' not on the screen"; fi
}

# Every captured line fits the terminal, and in the side-by-side layout the
# pane borders (│) stand in the same columns on every row that has them, so
# no pane line ran past its border. Display widths come from perl (always
# on Debian, as perl-base): wide characters count 2, combining marks 0.
check_widths() {
	settle
	capture > "$tmp/screen"
	msg=$(perl -CSD -ne '
		chomp;
		sub w { my $s = shift; length($s) - (() = $s =~ /[\p{Mn}\p{Me}\p{Cf}]/g)
			+ (() = $s =~ /[\p{Ea=W}\p{Ea=F}]/g) }
		if (w($_) > '"$cols"') { print "row $. is ", w($_), " columns wide\n"; exit }
		next unless /\x{2502}/;
		my ($o, @p) = (0);
		for my $seg (split /\x{2502}/, $_, -1) { $o += w($seg); push @p, $o++ }
		pop @p;
		my $p = "@p";
		$first //= $p;
		if ($p ne $first) { print "row $. has borders at $p, not $first\n"; exit }
	' "$tmp/screen")
	if [ -n "$msg" ]; then bad "$1: $msg"; else ok; fi
}

# find_text TEXT: pages down the reader until TEXT shows (at most 12 pages).
find_text() {
	pages=12
	while [ "$pages" -gt 0 ]; do
		if wait_for "$1" 4; then ok; return; fi
		keys Space
		pages=$((pages - 1))
	done
	bad "'$1' not found in the article"
}

# start COLS LINES [PATH]: kilde on PATH (default corpus) in a new server.
start() {
	cols=$1
	lines=$2
	rm -f "$tmp/status"
	cat > "$tmp/run.sh" <<EOF
cd "$root"
"$kilde" "${3:-corpus}"
echo \$? > "$tmp/status"
EOF
	tm kill-server 2> /dev/null
	sock=kilde-e2e-$$-$cols-${3:+w}
	tm new-session -d -s k -x "$cols" -y "$lines" \
	    "sh $tmp/run.sh; sleep 30"
	tm set-option -g window-size manual > /dev/null 2>&1
}

# exits_ok: kilde ended, and with status 0.
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

	current="open corpus"
	check start "5 articles"
	check start "Huawei calls for international"
	check_widths start

	# 000 (Danish): the first article.
	current="article 000"
	keys Enter
	check open "Huawei går med i internationalt"
	check_widths open
	find_text "tværs"
	check_widths tvaers
	keys G
	check bottom "Søren Vindfelt Røn"
	check_widths bottom

	# 002 (English): the curly quote.
	current="article 002"
	keys J J g
	check next "Huawei calls for international standardisation"
	find_text "“It is with an eye"
	check_widths quote

	# 003 (Danish): Sydkorea.
	current="article 003"
	keys q j Enter
	check sydkorea "Sydkorea"
	check_widths sydkorea

	# The help overlay lists the bindings.
	current="help"
	keys F1 # in the reader ? searches backward; F1 and h are help
	check help "Show this help"
	check help "Open the next article"
	check_fits help
	keys q
	if wait_gone "Show this help"; then ok; else bad "q did not close the help"; fi

	# A resize to 40x12 and back.
	current="resize"
	tm resize-window -t k -x 40 -y 12
	check small "USA fortsætter"
	settle
	if [ "$(capture | wc -L)" -le 40 ]; then ok; else bad "wider than 40 columns after the resize"; fi
	if [ "$(capture | wc -l)" -le 12 ]; then ok; else bad "taller than 12 lines"; fi
	tm resize-window -t k -x "$cols" -y "$lines"
	check back "5 articles"
	check back "Sydkorea"
	check_widths back

	# Too small, then back.
	current="too small"
	tm resize-window -t k -x 15 -y 4
	check tiny "terminal"
	tm resize-window -t k -x "$cols" -y "$lines"
	check back "5 articles"
	check_widths back

	# q goes back to the list, then quits with status 0.
	current="quit"
	keys q
	settle
	keys q
	exits_ok quit
}

# Suspend with C-z and resume with fg from an interactive shell: the screen
# must come back whole.
run_suspend() {
	cols=80
	lines=24
	current="suspend"
	tm kill-server 2> /dev/null
	sock=kilde-e2e-$$-tstp
	tm new-session -d -s k -x "$cols" -y "$lines" "PS1='tstp\$ ' sh -i"
	wait_for 'tstp$' || { bad "no shell prompt"; return; }
	keys "cd '$root' && '$kilde' corpus" Enter
	check start "5 articles"
	keys Enter
	check open "Huawei går med i internationalt"
	keys C-z
	if wait_gone "5 articles"; then ok; else bad "C-z did not suspend"; fi
	keys fg Enter
	check resumed "5 articles"
	check resumed "Huawei går med i internationalt"
	check_widths resumed
	keys q q
	wait_gone "5 articles"
	# After fg, $? is kilde's exit status.
	keys "echo status=\$?" Enter
	check quit "status=0"
}

# Wide characters, emoji, combining marks and a word wider than any pane:
# tmux must agree with kilde on every width, so no border moves.
run_wide() {
	start "$1" "$2" tests/golden/data/wide
	current="wide text"
	check start "1 article"
	keys Enter
	check open "東京都"
	check_widths open
	keys G
	check bottom "ellipse"
	check_widths bottom
	tm resize-window -t k -x 40 -y 12
	check small "1 article"
	check_widths small
	tm resize-window -t k -x "$cols" -y "$lines"
	check back "1 article"
	check_widths back
	keys Q
	exits_ok quit
}

run_size 80 24
run_size 200 50
run_wide 80 24
run_wide 200 50
run_suspend

# --bench-startup draws one frame and says how long it took.
current="bench-startup"
if "$kilde" --bench-startup --screen 80x24 corpus 2>&1 > /dev/null |
	grep -q '^first frame: [0-9.]* ms$'; then
	ok
else
	bad "--bench-startup printed no 'first frame: N ms'"
fi

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
