#!/bin/sh
# e2e/provenance-ui.sh - the info pane's provenance in the real interface,
# in tmux at 160x16 on tests/data/provenance: open the copy, scroll it
# down three lines, go to the info pane, select "repeats 2 passages first
# seen in 01-harbour" (k from the first cross-reference), follow it with
# Enter to the original (at the passage, the status bar saying how to come
# back), and come back with Backspace to the copy at the very line it
# showed; then, once the stories are grouped behind the index (a thread
# of their own), S shows the list by story and T the story's timeline.
# Run from the source root: sh tests/e2e/provenance-ui.sh
set -u

suite=e2e-provenance-ui
. "$(dirname "$0")/lib/harness.sh"

e2e_start 160 16 prov "\"$kilde\" tests/data/provenance"

current="copy"
check start "4 articles"
check index "Xrefs"
keys j j Enter
check open "03-harbour · 2024-03-20 · en"
keys j j j
# The copy scrolled: its title line is gone, its first paragraph on top.
check scrolled "│ A week after the closure the bridge is still shut"
check info "repeats 2 passages first"
check info "seen in 01-harbour,"

current="follow"
keys Tab k Enter
check original "01-harbour · 2024-03-12 · en · 122 words"
check original "shared passage in 01-harbour"
check original "We will not reopen the bridge"
check_fits original

current="back"
keys BSpace
check back "03-harbour · 2024-03-20 · en"
check back "│ A week after the closure the bridge is still shut"
if capture | grep -qF "Cyclists face long detour as bridge stays shut  "; then
	bad "back: the copy is shown from its top, not at the line left"
else
	ok
fi

# The stories are grouped after the index, by a thread of their own: S
# may come before them (the status bar says so), so it is pressed until
# the list by story shows.
current="stories"
# (s_tries: wait_for has a tries of its own.)
s_tries=0
while [ "$s_tries" -lt 40 ] && ! capture | grep -qF "story 1/2: Havnebussen"; do
	capture | grep -qF "The list by story" && break
	keys S
	wait_for "story 1/2: Havnebussen" 10 && break
	s_tries=$((s_tries + 1))
done
check title "story 1/2: Havnebussen, Maren Oddsdottir"
check header "▾ 3 articles · en · 2024-03-12"
keys T
check timeline "Timeline · story 1/2"
check timeline "repeats 2 passages of 01-harbour"
keys q
wait_gone "Timeline · story 1/2" || bad "q did not close the timeline"

current="quit"
keys q
settle
keys q
exits_ok quit

echo "$suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
