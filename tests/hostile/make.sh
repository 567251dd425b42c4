#!/bin/sh
# make.sh DIR - generates the hostile-input folder into DIR (replacing it).
# Every case of issue 5 is here: escape sequences, C0/C1 controls, bidi
# overrides, zero-width characters, invalid UTF-8, wide and combining
# characters, binary files, NUL bytes, empty and huge files, a symlink loop,
# unreadable files and folders, legacy encodings, hostile file names and
# hostile metadata. Generated rather than committed: NUL bytes, symlinks,
# permissions and megabytes do not belong in git.
#
# Each text file has plain ASCII markers (BEFORE/AFTER and the like) on both
# sides of its hostile bytes, so checks can see that the rest of the line
# survived. Files meant to be skipped are listed in DIR/.expect-skipped
# (hidden, so kilde does not read it) one name a line.
set -eu

dir=${1:?usage: make.sh DIR}
case $dir in
/ | "") echo "make.sh: refusing to use '$dir'" >&2; exit 2 ;;
esac

# A previous run's chmod 000 folders would stop rm as a normal user.
if [ -e "$dir" ]; then
	chmod -R u+rwx "$dir" 2>/dev/null || true
	rm -rf "$dir"
fi
mkdir -p "$dir"
cd "$dir"

p() { printf "$@"; }

# ---- escape sequences ------------------------------------------------------
p 'Escape sequences in the text\n\nBEFORE-TITLE \033]0;PWNED\007 AFTER-TITLE\n' > esc_title.txt
p 'The title again, ended by ST: BEFORE \033]2;PWNED\033\\ AFTER\n' >> esc_title.txt
p 'Icon name: \033]1;PWNED\007 done.\n' >> esc_title.txt

p 'Clipboard\n\nBEFORE-OSC52 \033]52;c;cHduZWQ=\007 AFTER-OSC52\n' > osc52.txt
p 'Primary selection: \033]52;p;cHduZWQ=\033\\ end.\n' >> osc52.txt

p 'Screen attacks\n\nBEFORE-ALT \033[?1049h AFTER-ALT\n' > screen.txt
p 'Leave the alternate screen: BEFORE-ALTOFF \033[?1049l\033[?47l AFTER-ALTOFF\n' >> screen.txt
p 'Clear: \033[2J\033[H home. Erase line: \033[K.\n' >> screen.txt
p 'Colours: \033[31;1mred bold\033[0m, \033[38;5;196m256\033[0m, \033[48;2;255;0;0mtruecolor\033[m.\n' >> screen.txt
p 'Cursor: \033[10;10H moved, \0337saved\0338, \033[5A up, \033M reverse index.\n' >> screen.txt
p 'DCS: BEFORE-DCS \033P1$r0m\033\\ AFTER-DCS. APC: \033_payload\033\\ PM: \033^pm\033\\.\n' >> screen.txt
p 'Palette: \033]4;1;rgb:ff/00/00\007 and \033]10;#ff0000\007 and reset \033c.\n' >> screen.txt
p 'Hyperlink: \033]8;;http://example.com/\033\\link\033]8;;\033\\ done.\n' >> screen.txt
p 'Charset: \033(0lqqk\033(B and \033)0 \016shifted\017 done.\n' >> screen.txt
p 'Mouse and keys: \033[?1000h \033[?2004h \033[?1h\033= done.\n' >> screen.txt

# ---- C0, DEL and C1 controls -----------------------------------------------
p 'Controls\n\nBEL BEFORE\007AFTER. Backspace: abc\010\010\010XYZ. Form feed:\014next.\n' > controls.txt
p 'DEL: BEFORE\177AFTER. VT: a\013b. NUL-free. SO/SI: \016x\017. ESC alone: \033 end.\n' >> controls.txt
p 'CR alone overwrites: visible\rHIDDEN? CR LF next.\r\n' >> controls.txt
p 'Tabs:\tone\ttwo\t\tthree.\n' >> controls.txt

# C1 controls encoded in UTF-8: CSI (U+009B), OSC (U+009D), ST (U+009C), NEL.
p 'C1 in UTF-8\n\nBEFORE-CSI \302\23331m AFTER-CSI\n' > c1_utf8.txt
p 'OSC: \302\2350;PWNED\302\234 AFTER-OSC. NEL:\302\205next. DCS \302\220x\302\234.\n' >> c1_utf8.txt
p 'Dansk: S\303\270ren R\303\270n, bl\303\245b\303\246rgr\303\270d.\n' >> c1_utf8.txt

# Raw 0x9B in a Latin-1 file: a CSI for 8-bit terminals.
p 'C1 i Latin-1\n\nS\370ren Vindfelt R\370n: BEFORE-CSI \23331m AFTER-CSI\n' > c1_latin1.txt
p 'OSC: \2350;PWNED\007 efter. Bl\345b\346rgr\370d p\345 \346blet, \306ble \330l \305.\n' >> c1_latin1.txt

# ---- bidi and zero-width ---------------------------------------------------
p 'Bidi\n\nBEFORE \342\200\256REVERSED TEXT\342\200\254 AFTER\n' > bidi.txt
p 'Embed: \342\200\252ltr\342\200\254 \342\200\253rtl\342\200\254 \342\200\255lro\342\200\254.\n' >> bidi.txt
p 'Isolates: \342\201\246lri\342\201\251 \342\201\247rli\342\201\251 \342\201\250fsi\342\201\251.\n' >> bidi.txt
p 'Unclosed override at the end: \342\200\256gnirts\n' >> bidi.txt
p 'Marks: a\342\200\216b\342\200\217c. Hebrew: \327\251\327\234\327\225\327\235 and Arabic: \330\263\331\204\330\247\331\205.\n' >> bidi.txt

p 'Zero width\n\nZW\342\200\213SP ZW\342\200\214NJ ZW\342\200\215J WORD\342\201\240JOINER BOM\357\273\277MID\n' > zerowidth.txt
p 'Soft hyphen: Uaf\302\255h\302\255\303\246n\302\255gig\302\255heds\302\255er\302\255kl\302\255\303\246\302\255ring. ' >> zerowidth.txt
i=0
while [ $i -lt 30 ]; do
	p 'lang\302\255ord\342\200\213' >> zerowidth.txt
	i=$((i + 1))
done
p '\nEND-ZW\n' >> zerowidth.txt

# ---- invalid UTF-8 ---------------------------------------------------------
# In a file that is otherwise mostly valid UTF-8 (many more good Danish
# letters than broken sequences), so it is damaged UTF-8, not Windows-1252.
p 'Ugyldig UTF-8: S\303\270ren\n\n' > invalid_utf8.txt
for i in 1 2 3; do
	p 'Bl\303\245b\303\246rgr\303\270d p\303\245 \303\206r\303\270, S\303\270ren Vindfelt R\303\270n, \303\246\303\270\303\245 \303\206\303\230\303\205.\n' >> invalid_utf8.txt
done
p 'Truncated: BEFORE-TRUNC \303 AFTER-TRUNC. Three of four: \360\237\230 AFTER-4.\n' >> invalid_utf8.txt
p 'Overlong: BEFORE-OVERLONG \300\257 \340\200\257 \301\277 AFTER-OVERLONG.\n' >> invalid_utf8.txt
p 'Surrogates: BEFORE-SURR \355\240\200 \355\277\277 \355\240\275\355\270\200 AFTER-SURR.\n' >> invalid_utf8.txt
p 'Stray continuation: BEFORE-STRAY \200\277\232 AFTER-STRAY.\n' >> invalid_utf8.txt
p 'Out of range: \364\220\200\200 \365\200\200\200 \370\210\200\200\200 \376\377 AFTER-RANGE.\n' >> invalid_utf8.txt
p 'Truncated at the very end: \342\202' >> invalid_utf8.txt

# ---- wide and combining ----------------------------------------------------
{
	p 'Wide characters\n\n'
	p 'CJK: \344\270\255\346\226\207\346\265\213\350\257\225\346\227\245\346\234\254\350\252\236\355\225\234\352\265\255\354\226\264 '
	p 'Emoji: \360\237\230\200\360\237\221\215\360\237\216\211 '
	p 'Flags: \360\237\207\251\360\237\207\260\360\237\207\254\360\237\207\247\360\237\207\250\360\237\207\263 '
	p 'Family: \360\237\221\251\342\200\215\360\237\221\251\342\200\215\360\237\221\247 '
	p 'Skin: \360\237\221\215\360\237\217\275 Keycap: 1\357\270\217\342\203\243\n'
	# One long "word" of CJK and emoji with no break opportunities at ASCII.
	i=0
	while [ $i -lt 40 ]; do
		p '\344\270\255\360\237\207\251\360\237\207\260\360\237\221\251\342\200\215\360\237\221\247'
		i=$((i + 1))
	done
	p '\nFullwidth: \357\274\241\357\274\242\357\274\243 END-WIDE\n'
} > wide.txt

{
	# NFD Danish: a + U+030A is the decomposed form of a-ring; O-slash
	# and ae have no decomposition and stay as they are.
	p 'Kombinerende tegn: bla\314\212ba\314\212r og \303\230l\n\n'
	p 'NFD: A\314\212lborg, a\314\212, e\314\201, o\314\210, \303\270, \303\246. BEFORE '
	# Zalgo: one base with 60 combining marks.
	p 'Z'
	i=0
	while [ $i -lt 60 ]; do
		p '\314\201\315\207'
		i=$((i + 1))
	done
	p ' AFTER\n'
	p 'Combining at line start:\n\314\201orphan mark. Hangul jamo: \341\204\222\341\205\241\341\206\253.\n'
} > combining.txt

# ---- binary, empty, huge ---------------------------------------------------
p '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\020\000\000\000\020\010\006\000\000\000' > image.txt
p '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000\001\000\000\000' > program
p 'Text before a NUL\n\nBEFORE-NUL\000AFTER-NUL\n' > nul.txt
: > empty.txt
p '   \n\t\n  \r\n\n \302\240 \n' > whitespace.txt
# One 5 MB line (HOSTILE_LONGLINE_BYTES; the valgrind runs use a shorter
# one): no newline at all, words only.
yes 'ordet er langt og ' | head -c "${HOSTILE_LONGLINE_BYTES:-5242880}" |
	tr -d '\n' > longline.txt
# Bigger than kilde reads (CORPUS_MAX_FILE_BYTES is 64 MiB): sparse, free.
truncate -s 65M huge.txt 2>/dev/null || dd if=/dev/zero of=huge.txt bs=1 count=0 seek=65M 2>/dev/null

# ---- legacy encodings and line ends ----------------------------------------
p 'S\370ren Vindfelt R\370n\n\nLatin-1: bl\345b\346rgr\370d, \306BLE, \330L, \305EN, caf\351 \253citat\273.\n' > latin1.txt
p 'Windows-1252: \223curly\224 \226 dash \200 euro \205 ellipsis.\n' >> latin1.txt
if command -v iconv >/dev/null 2>&1; then
	p 'S\303\270ren Vindfelt R\303\270n\n\nUTF-16: bl\303\245b\303\246rgr\303\270d \342\200\234citat\342\200\235 \360\237\207\251\360\237\207\260\n' > utf16.tmp
	{ p '\377\376'; iconv -f UTF-8 -t UTF-16LE utf16.tmp; } > utf16le.txt
	{ p '\376\377'; iconv -f UTF-8 -t UTF-16BE utf16.tmp; } > utf16be.txt
	rm -f utf16.tmp
fi
p 'CRLF Windows file\r\n\r\nS\303\270ren Vindfelt R\303\270n\r\nsecond line\r\nold Mac\rline\r\n' > crlf.txt
p '\357\273\277BOM file\n\nS\303\270ren after a BOM.\n' > bom.txt

# ---- hostile names and metadata --------------------------------------------
# A file name is printed by --list and in skip messages: it must not act.
p 'Name with an escape\n\nThe name of this file sets the title.\n' > "$(p 'name\033]0;PWNED\007.txt')"
p 'Name with C1\n\nThe name of this file has a raw 0x9B.\n' > "$(p 'name\23331m.txt')"
p 'Latin-1 name\n\nThe name of this file is not UTF-8.\n' > "$(p 's\370ren.txt')"
p 'Tab and newline name\n\nThe name has a tab and a newline.\n' > "$(p 'tab\tnew\nline.txt')"
# A file that is skipped (binary) has its name in the skip message.
p 'bin\000ary\000' > "$(p 'skip\033]0;PWNED\007.txt')"
# corpus.ini values are printed too.
{
	p '[osc52.txt]\n'
	p 'source = evil\033]0;PWNED\007source\n'
	p 'title = title\033[2J\302\233cleared\n'
	p 'url = http://x/\033]52;c;cHduZWQ=\007\n'
	p '[nosuchfile.txt]\nsource = nobody\n'
	p '[screen.txt]\nbogus_key = 1\ndate = 9999-99-99\n'
} > corpus.ini

# ---- folders ---------------------------------------------------------------
mkdir loop
p 'Inside the loop folder\n\nloop/self points back to this folder.\n' > loop/inside.txt
ln -s .. loop/self
ln -s . loop/here
ln -s nowhere.txt dangling.txt
mkdir -p deep/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20
p 'Deep\n\nTwenty folders down.\n' > deep/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20/deep.txt
# A corpus.ini that is not ini at all: its folder still loads.
p '[deep.txt\nsource = \033]0;PWNED\007\nthis line is not ini\n\000\377\n' > deep/corpus.ini
p 'Hidden\n\nHidden files are skipped.\n' > .hidden.txt
p 'No extension\n\nA text file with no extension is read.\n' > README
mkfifo fifo.txt 2>/dev/null || true

p 'Unreadable\n\nchmod 000.\n' > unreadable.txt
chmod 000 unreadable.txt
mkdir unreadable_dir
p 'Behind a closed door\n\nchmod 000 folder.\n' > unreadable_dir/inside.txt
chmod 000 unreadable_dir

# What must be skipped (as root, permissions do not stop reading, so the
# unreadable ones are listed only when they really are unreadable).
{
	echo image.txt
	echo nul.txt
	echo empty.txt
	echo huge.txt
	if ! cat unreadable.txt >/dev/null 2>&1; then
		echo unreadable.txt
	fi
	if ! ls unreadable_dir >/dev/null 2>&1; then
		echo unreadable_dir
	fi
} > .expect-skipped
