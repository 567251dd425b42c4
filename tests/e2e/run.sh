#!/bin/sh
# e2e/run.sh - end-to-end tests of the real interface in tmux: kilde runs in
# a pane of an isolated tmux server, keys are sent with send-keys, and the
# screen is read back with capture-pane. Run from the source root.
#
# The harness (tmux server, polling waits, counters) is e2e/lib/harness.sh,
# shared with the other suites.
set -u

suite=e2e
e2e_borders=1
. "$(dirname "$0")/lib/harness.sh"

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
	e2e_start "$1" "$2" "$1-${3:+w}" "\"$kilde\" \"${3:-corpus}\""
}

run_size() {
	start "$1" "$2"

	current="open corpus"
	check start "5 articles"
	check start "Huawei calls for inter"
	check_widths start

	# 000 (Danish): the first article.
	current="article 000"
	keys Enter
	check open "Huawei går med i internationalt"
	check_widths open
	find_text "tværs"
	check_widths tvaers
	keys G
	check bottom "26 lines of page furniture"
	check_widths bottom
	# C unfolds the ads and notices at the end; G reaches their end.
	keys C G
	check unfolded "Søren Vindfelt Røn"
	check_widths unfolded

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
	# The CJK paragraph has none of the function words the clutter
	# rules count: C unfolds it.
	keys Enter C
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
