# e2e/lib/harness.sh - the harness the tmux end-to-end suites share
# (e2e/run.sh, e2e/search.sh, e2e/xref.sh): kilde runs in a pane of an
# isolated tmux server, keys are sent with send-keys, and the screen is read
# back with capture-pane. Sourced, not run: it lives out of tests/e2e/*.sh
# because `make e2e` runs every one of those as a suite.
#
# Waits poll the screen (every 50 ms, up to a few seconds) instead of
# sleeping for fixed times, so a suite is fast when kilde is and does not
# fail when the machine is slow.
#
# The suite sets before sourcing:
#   suite        the name its messages start with ("e2e", "e2e-search" ...)
#   e2e_state    1 to give kilde a state folder of its own (XDG_STATE_HOME)
#   e2e_borders  1 for check_widths to check the pane borders too
# and keeps the counters pass and fail for its closing line.

root=$(pwd)
kilde=${KILDE:-$root/kilde}
[ -x "$kilde" ] || { echo "$suite: $kilde not built" >&2; exit 1; }
command -v tmux > /dev/null || { echo "$suite: tmux not installed" >&2; exit 1; }

tmp=$(mktemp -d)
# One isolated server per terminal size, so a server still shutting down
# cannot take the next session's commands.
sock=kilde-$suite-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2> /dev/null; rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/home" "$tmp/config"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
if [ "${e2e_state:-0}" = 1 ]; then
	mkdir -p "$tmp/state"
	export XDG_STATE_HOME="$tmp/state"
fi
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

# check NAME TEXT: the screen shows TEXT (polling).
check() {
	if wait_for "$2"; then ok; else bad "$1: '$2' not on the screen"; fi
}

# check_fits NAME: no captured line is wider than the terminal.
check_fits() {
	settle
	if [ "$(capture | wc -L)" -le "$cols" ]; then ok; else bad "$1: a line is wider than $cols"; fi
}

# check_widths NAME: every captured line fits the terminal and, with
# e2e_borders=1, in the side-by-side layout the pane borders (│) stand in
# the same columns on every row that has them, so no pane line ran past its
# border. Display widths come from perl (always on Debian, as perl-base):
# wide characters count 2, combining marks 0.
check_widths() {
	settle
	capture > "$tmp/screen"
	msg=$(perl -CSD -ne '
		chomp;
		sub w { my $s = shift; length($s) - (() = $s =~ /[\p{Mn}\p{Me}\p{Cf}]/g)
			+ (() = $s =~ /[\p{Ea=W}\p{Ea=F}]/g) }
		if (w($_) > '"$cols"') { print "row $. is ", w($_), " columns wide\n"; exit }
		next unless '"${e2e_borders:-0}"' && /\x{2502}/;
		my ($o, @p) = (0);
		for my $seg (split /\x{2502}/, $_, -1) { $o += w($seg); push @p, $o++ }
		pop @p;
		my $p = "@p";
		$first //= $p;
		if ($p ne $first) { print "row $. has borders at $p, not $first\n"; exit }
	' "$tmp/screen")
	if [ -n "$msg" ]; then bad "$1: $msg"; else ok; fi
}

# e2e_start COLS LINES SOCK COMMAND: COMMAND (shell text, run from the
# source root) in a new server kilde-SUITE-PID-SOCK, with the status it
# exits with kept for exits_ok.
e2e_start() {
	cols=$1
	lines=$2
	rm -f "$tmp/status"
	cat > "$tmp/run.sh" <<EOF
cd "$root"
$4
echo \$? > "$tmp/status"
EOF
	tm kill-server 2> /dev/null
	sock=kilde-$suite-$$-$3
	tm new-session -d -s k -x "$cols" -y "$lines" \
	    "sh $tmp/run.sh; sleep 30"
	tm set-option -g window-size manual > /dev/null 2>&1
}

# exits_ok NAME: kilde ended, and with status 0.
exits_ok() {
	n=100
	while [ "$n" -gt 0 ] && [ ! -s "$tmp/status" ]; do
		sleep 0.05
		n=$((n - 1))
	done
	st=$(cat "$tmp/status" 2> /dev/null)
	if [ "$st" = 0 ]; then ok; else bad "$1: exit status '${st:-none}'"; fi
}
