#!/bin/sh
# hostile.sh - end-to-end: the real interface, in tmux, over the hostile
# folder (tests/hostile/make.sh). Opens every article, pages through it, and
# checks after every step what a terminal would suffer from a leak: the pane
# title unchanged (not PWNED), no tmux buffer set by OSC 52 (set-clipboard is
# on, so a leaked OSC 52 WOULD land there; a canary proves it), the
# alternate screen still on, no captured line wider than the pane, the
# status line still at the bottom, and the screen exactly what ncurses
# believes it drew (a Ctrl-L full redraw changes nothing). Also a 20x5
# terminal with wide characters, and quitting with status 0.
# Standalone; closing line "e2e-hostile: N passed, N failed".
#
# Environment: KILDE (./kilde).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1

kilde=${KILDE:-./kilde}
out=build/e2e-hostile
dir=build/hostile-e2e
check=${HOSTILE_CHECK:-build/hostile-check}
sock=kilde-hostile-$$
title=kilde-e2e-title
pass=0
fail=0

# A cache of its own, never the user's.
export XDG_CACHE_HOME="$root/$dir.cache"
rm -rf "$XDG_CACHE_HOME"
if [ ! -x "$kilde" ]; then
	echo "e2e-hostile: $kilde not built (run make)" >&2
	echo "e2e-hostile: 0 passed, 1 failed"
	exit 1
fi
mkdir -p build && if ! "$kilde" --screen 10x5 corpus > /dev/null 2> "$out.probe" &&
	grep -q 'interface not built' "$out.probe"; then
	rm -f "$out.probe"
	echo "SKIP: interface not built"
	echo "e2e-hostile: 0 passed, 0 failed"
	exit 0
fi
rm -f "$out.probe"
if ! command -v tmux >/dev/null 2>&1; then
	echo "e2e-hostile: tmux not installed" >&2
	echo "e2e-hostile: 0 passed, 1 failed"
	exit 1
fi

rm -rf "$out"
mkdir -p "$out" || exit 1
# The judge applies the library's own rule of what may reach a terminal.
if [ ! -x "$check" ]; then
	echo "e2e-hostile: $check not built (run make e2e)" >&2
	echo "e2e-hostile: 0 passed, 1 failed"
	exit 1
fi
sh tests/hostile/make.sh "$dir" || exit 1

T() {
	LANG=C.UTF-8 tmux -u -L "$sock" -f /dev/null "$@"
}
cleanup() {
	T kill-server 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAILED: $*" >&2
}

# Waits until the screen has stopped changing (two equal captures in a
# row); gives up after about 5 s. A wait, not an assertion on time.
# (sh has no local variables: these names are settle's own.)
settle() {
	s_prev=
	s_i=0
	while [ "$s_i" -lt 100 ]; do
		sleep 0.05
		s_cur=$(T capture-pane -p -e 2>/dev/null) || return 1
		if [ -n "$s_cur" ] && [ "$s_cur" = "$s_prev" ]; then
			return 0
		fi
		s_prev=$s_cur
		s_i=$((s_i + 1))
	done
	return 1
}

keys() {
	T send-keys "$@"
	settle
}

shot=0
# check_screen LABEL WIDTH - every check a leak would break; one pass or
# one failure per call, the screen kept in $out for a failure.
check_screen() {
	label=$1
	width=$2
	shot=$((shot + 1))
	f=$out/screen-$shot.txt
	T capture-pane -p > "$f"
	problems=
	t=$(T display -p '#{pane_title}')
	[ "$t" = "$title" ] || problems="$problems; pane title changed to '$t'"
	b=$(T list-buffers)
	[ -z "$b" ] || problems="$problems; a tmux buffer was set (OSC 52): $b"
	altnow=$(T display -p '#{alternate_on}')
	[ "$altnow" = "$alt" ] ||
		problems="$problems; alternate screen flag went from $alt to $altnow"
	msg=$("$check" -w "$width" "$f") || problems="$problems; $msg"
	h=$(T display -p '#{pane_height}')
	last=$(sed -n "${h}p" "$f")
	[ -n "$(printf '%s' "$last" | tr -d ' ')" ] ||
		problems="$problems; the bottom line (status bar) is blank"
	if [ -n "$problems" ]; then
		bad "$label:${problems#;} (screen in $f)"
		return 1
	fi
	ok
	return 0
}

# The screen must be what ncurses believes it drew: a full redraw (Ctrl-L)
# repaints from its model, so anything a leaked sequence moved or cleared
# shows up as a difference. (Text only: capture-pane -e serialises the same
# attributes differently after a redraw.)
check_redraw() {
	label=$1
	T capture-pane -p > "$out/before.txt"
	keys C-l
	T capture-pane -p > "$out/after.txt"
	if cmp -s "$out/before.txt" "$out/after.txt"; then
		ok
	else
		shot=$((shot + 1))
		cp "$out/before.txt" "$out/redraw-$shot-before.txt"
		cp "$out/after.txt" "$out/redraw-$shot-after.txt"
		bad "$label: the screen changed on a full redraw: a control leaked (see $out/redraw-$shot-*.txt)"
	fi
}

# ---- a canary: tmux here does capture what the checks look for -------------
T new-session -d -s canary -x 80 -y 24 \
	"while [ ! -e '$out/go-canary' ]; do sleep 0.05; done; printf '\\033]2;CANARY\\007\\033]52;c;Y2FuYXJ5\\007'; sleep 30"
T set -g set-clipboard on
T set -g status off
touch "$out/go-canary"
i=0
while [ "$i" -lt 50 ] && [ -z "$(T list-buffers)" ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ "$(T display -p -t canary '#{pane_title}')" = CANARY ] && [ -n "$(T list-buffers)" ]; then
	ok
else
	bad "canary: this tmux did not report an OSC 2 title or an OSC 52 buffer; the checks below could not see a leak"
fi
T delete-buffer 2>/dev/null
T kill-session -t canary

# ---- kilde over the hostile folder -----------------------------------------
narticles=$("$kilde" --list "$dir" 2>/dev/null | wc -l)
T new-session -d -s h -x 80 -y 24 \
	"while [ ! -e '$out/go' ]; do sleep 0.05; done; TERM=tmux-256color LANG=C.UTF-8 '$kilde' '$dir' 2> '$out/stderr'; echo \$? > '$out/rc'; sleep 30"
T set -g set-clipboard on
T set -g status off
T select-pane -t h -T "$title"
touch "$out/go"
settle
# The index is built beside the first frame; its "N cross-references"
# message would otherwise change the screen between two captures of the
# redraw check. Wait (up to ~10 s) until it is done, then clear the message.
i=0
while [ "$i" -lt 200 ] && T capture-pane -p | grep -q 'indexing'; do
	sleep 0.05
	i=$((i + 1))
done
keys C-l
alt=$(T display -p '#{alternate_on}')
check_screen "start" 80

# Open the first article, then for each: page down, to the end, check,
# redraw, next article (J). A leak leaves a lasting trace (title, buffer,
# flags, screen), so the keys of one article go in one batch.
keys g Enter
check_screen "first article opened" 80
n=0
while [ "$n" -lt "$narticles" ]; do
	n=$((n + 1))
	keys Space Space G
	check_screen "article $n paged to the end" 80 && check_redraw "article $n"
	keys J
done
keys q
check_screen "back in the list after $narticles articles" 80

# A 20x5 terminal: wide characters and borders must still fit.
T resize-window -t h -x 20 -y 5
settle
check_screen "list at 20x5" 20
keys Enter
check_screen "article at 20x5" 20
keys q
T resize-window -t h -x 80 -y 24
settle
check_screen "list back at 80x24" 80
check_redraw "list back at 80x24"

# Quit: back out until kilde exits; status 0.
i=0
while [ ! -s "$out/rc" ] && [ "$i" -lt 5 ]; do
	keys q
	i=$((i + 1))
done
if [ "$(cat "$out/rc" 2>/dev/null)" = 0 ]; then
	ok
else
	bad "quit: kilde exit status '$(cat "$out/rc" 2>/dev/null)' (stderr in $out/stderr)"
fi
t=$(T display -p '#{pane_title}')
if [ "$t" = "$title" ] && [ -z "$(T list-buffers)" ]; then
	ok
else
	bad "after quitting: pane title '$t', buffers: $(T list-buffers)"
fi

echo "e2e-hostile: $narticles articles opened; screens in $out"
echo "e2e-hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
