/* layout.c - display columns and word wrapping of clean text.
 *
 * Widths are the sum of libunistring's uc_width over a grapheme's code
 * points: that is what ncurses (wcwidth per character) and tmux put on the
 * screen, so a ZWJ emoji sequence counts as the sum of its emoji. Break
 * opportunities come from libunistring's line breaking (UAX #14), taken
 * only where they fall on a grapheme boundary (UAX #29), and lines are
 * filled greedily in one pass over each paragraph: O(n). The opportunities
 * come from u8_possible_linebreaks rather than u8_width_linebreaks, which
 * picks the breaks itself but cannot cut a word longer than the line and
 * knows nothing of grapheme clusters, so its lines could overflow. */
#include "kilde/layout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "kilde/util.h"

#define NO_CAND ((size_t)-1)

static int span_width(const char *s, size_t n)
{
	return u8_width((const uint8_t *)s, n, "UTF-8");
}

int layout_width(const char *s, size_t n)
{
	return span_width(s, n);
}

static ucs4_t char_at(const uint8_t *p, const uint8_t *end)
{
	ucs4_t uc = 0;

	if (p < end)
		u8_mbtouc(&uc, p, (size_t)(end - p));
	return uc;
}

static bool is_ri(ucs4_t uc)
{
	return uc_graphemeclusterbreak_property(uc) == GBP_RI;
}

/* u8_grapheme_next decides pairwise, so it misses the two rules that need
 * context (u8_grapheme_breaks gets them right but wants the whole string):
 * it ends a cluster after every regional indicator, cutting a flag in half,
 * and after the ZWJ of an emoji sequence. Walking from a known boundary,
 * the first of two indicators always opens a flag, and a ZWJ after a
 * pictograph glues on the next pictograph (GB11, GB12). */
/* Whether [p, q) holds an extended pictograph: a cluster may start with
 * something else (a Prepend character such as U+0603) before the emoji
 * whose ZWJ sequence it then carries on. */
static bool has_pictograph(const uint8_t *p, const uint8_t *q)
{
	while (p < q) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, p, (size_t)(q - p));

		if (uc_is_property_extended_pictographic(uc))
			return true;
		p += k > 0 ? k : 1;
	}
	return false;
}

static const uint8_t *grapheme_next(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *q = u8_grapheme_next(p, end);
	bool pict = has_pictograph(p, q);

	if (is_ri(char_at(p, end)) && is_ri(char_at(q, end)))
		return u8_grapheme_next(q, end);
	while (pict && q < end && q - p >= 3 && q[-3] == 0xE2 && q[-2] == 0x80 &&
	       q[-1] == 0x8D /* U+200D */ &&
	       uc_is_property_extended_pictographic(char_at(q, end)))
		q = u8_grapheme_next(q, end);
	return q;
}

size_t layout_grapheme_len(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;

	if (n == 0)
		return 0;
	return (size_t)(grapheme_next(p, p + n) - p);
}

/* State of the line being filled within one paragraph. */
struct wrap {
	struct layout *lo;
	const char *text;
	int width;
	bool para;          /* next line emitted starts the paragraph */
	bool emitted;       /* this paragraph has a line already */
	size_t start;       /* byte offset where the current line starts */
	int all, trim;      /* its width so far, and without trailing spaces */
	size_t cand;        /* last break opportunity in it, or NO_CAND */
	int cand_trim;      /* width of the line if broken at cand */
	int since_all, since_trim; /* widths from cand to here */
};

static void push_line(struct wrap *wr, size_t off, size_t len, int w)
{
	struct layout *lo = wr->lo;

	util_grow((void **)&lo->lines, &lo->cap, lo->n + 1, sizeof(*lo->lines));
	lo->lines[lo->n++] = (struct layout_line){
		.off = off, .len = len, .width = w, .para_start = wr->para};
	wr->para = false;
	wr->emitted = true;
}

/* Ends the current line at end (trailing spaces dropped: they would only
 * push the line past the width) and starts the next one there. */
static void break_at(struct wrap *wr, size_t end, int w)
{
	size_t e = end;

	/* Trailing spaces go, unless a space is glued to the character before
	 * it (after a Prepend character such as U+0600 the space belongs to
	 * the same grapheme, and cutting there would split it). */
	while (e > wr->start && wr->text[e - 1] == ' ') {
		ucs4_t pc;
		const uint8_t *t = (const uint8_t *)wr->text;
		if (e - 1 > wr->start &&
		    u8_prev(&pc, t + e - 1, t + wr->start) &&
		    !uc_is_grapheme_break(pc, ' '))
			break;
		e--;
	}
	/* A run of spaces alone on a line (deep indentation at a narrow
	 * width) is not worth a blank line. */
	if (e > wr->start)
		push_line(wr, wr->start, e - wr->start, w);
	wr->start = end;
	wr->cand = NO_CAND;
}

/* Makes room for a grapheme of width gw starting at p; returns false if it
 * can never fit (wider than the whole line, e.g. CJK at width 1). */
static bool make_room(struct wrap *wr, size_t p, int gw)
{
	if (wr->all + gw <= wr->width)
		return true;
	if (wr->cand != NO_CAND && wr->cand > wr->start) {
		break_at(wr, wr->cand, wr->cand_trim);
		wr->all = wr->since_all;
		wr->trim = wr->since_trim;
	}
	if (wr->all + gw > wr->width && p > wr->start) {
		/* A word longer than the line: break it between graphemes. */
		break_at(wr, p, wr->trim);
		wr->all = wr->trim = 0;
	}
	return gw <= wr->width;
}

static void wrap_paragraph(struct wrap *wr, size_t a, size_t e, uint8_t *brk)
{
	const uint8_t *t = (const uint8_t *)wr->text;
	size_t p = a;

	wr->para = true;
	wr->emitted = false;
	wr->start = a;
	wr->all = wr->trim = 0;
	wr->cand = NO_CAND;
	if (e > a)
		u8_possible_linebreaks(t + a, e - a, "UTF-8", (char *)brk);
	while (p < e) {
		size_t q;
		int gw;
		bool space = t[p] == ' ';
		char b = (char)brk[p - a];

		if (t[p] < 0x80 && (p + 1 == e || t[p + 1] < 0x80)) {
			/* ASCII not followed by a combining mark: one column
			 * (none for a control), one grapheme. */
			q = p + 1;
			gw = t[p] >= 0x20 && t[p] < 0x7F;
		} else {
			q = (size_t)(grapheme_next(t + p, t + e) - t);
			gw = span_width(wr->text + p, q - p);
			space = space && q - p == 1;
		}

		if (p > wr->start && (b == UC_BREAK_POSSIBLE || b == UC_BREAK_MANDATORY)) {
			wr->cand = p;
			wr->cand_trim = wr->trim;
			wr->since_all = wr->since_trim = 0;
		}
		/* Spaces never force a break: at a break they are dropped. */
		if (!space && !make_room(wr, p, gw)) {
			/* Wider than the line itself: leave it out rather than
			 * draw past the edge. Only happens at tiny widths. */
			wr->start = q;
			wr->cand = NO_CAND;
			p = q;
			continue;
		}
		wr->all += gw;
		wr->since_all += gw;
		if (!space) {
			wr->trim = wr->all;
			wr->since_trim = wr->since_all;
		}
		p = q;
	}
	break_at(wr, e, wr->trim);
	if (!wr->emitted) /* a blank line stays a blank line */
		push_line(wr, a, 0, 0);
}

/* Whether the text just before byte a (a paragraph's start, text[a - 1]
 * its LF) ends a sentence: scraped articles often put one LF between
 * paragraphs, which on screen would read as one wall of text, while a
 * line that stops mid-sentence (a byline, a menu, a hard-wrapped text)
 * carries on. Closing quotes and brackets after the stop count with it. */
static bool ends_sentence(const char *text, size_t a)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t i = a - 1; /* the LF */

	while (i > 0 && t[i - 1] == ' ')
		i--;
	while (i > 0) {
		ucs4_t uc;
		const uint8_t *p = u8_prev(&uc, t + i, t);

		if (!p || uc == '\n')
			return false;
		if (uc == '.' || uc == '!' || uc == '?' || uc == 0x2026)
			return true;
		/* " ' ) ] and the typographic closing quotes */
		if (uc != '"' && uc != '\'' && uc != ')' && uc != ']' &&
		    uc != 0x2019 && uc != 0x201D && uc != 0x00BB && uc != 0x203A)
			return false;
		i = (size_t)(p - t);
	}
	return false;
}

/* Whether [a, e) holds more than spaces. */
static bool has_ink(const char *text, size_t a, size_t e)
{
	for (size_t i = a; i < e; i++)
		if (text[i] != ' ')
			return true;
	return false;
}

void layout_begin(struct layout *lo, const char *text, size_t len, int width)
{
	lo->n = 0;
	lo->width = width > 0 ? width : 1;
	lo->text = len ? text : NULL;
	lo->len = len;
	lo->done = 0;
	lo->folds = NULL;
	lo->nfolds = lo->nextfold = 0;
}

void layout_set_folds(struct layout *lo, const struct layout_fold *folds,
                      size_t n)
{
	lo->folds = n ? folds : NULL;
	lo->nfolds = n;
	lo->nextfold = 0;
}

/* The fold that paragraph start a falls in, or NULL. Paragraphs are
 * wrapped in order, so the folds ahead are walked once. */
static const struct layout_fold *fold_at(struct layout *lo, size_t a)
{
	while (lo->nextfold < lo->nfolds &&
	       (lo->folds[lo->nextfold].len == 0 ||
	        lo->folds[lo->nextfold].off + lo->folds[lo->nextfold].len <= a))
		lo->nextfold++;
	if (lo->nextfold < lo->nfolds && lo->folds[lo->nextfold].off <= a)
		return &lo->folds[lo->nextfold];
	return NULL;
}

bool layout_complete(const struct layout *lo)
{
	return lo->done >= lo->len;
}

/* Nothing when more(lo, arg) is false already (scrolling among the lines
 * made costs nothing); else wraps paragraphs until it is false and at
 * least step bytes were wrapped, or the text is done. */
static void wrap_more(struct layout *lo, bool (*more)(const struct layout *, size_t),
                      size_t arg, size_t step)
{
	struct wrap wr = {.lo = lo, .text = lo->text, .width = lo->width};
	const char *text = lo->text;
	size_t from = lo->done, len = lo->len;
	uint8_t *brk = NULL;
	size_t brkcap = 0;

	if (!more(lo, arg))
		return;
	while (lo->done < len && (more(lo, arg) || lo->done - from < step)) {
		size_t a = lo->done;
		const char *nl = memchr(text + a, '\n', len - a);
		size_t e = nl ? (size_t)(nl - text) : len;
		const struct layout_fold *f = fold_at(lo, a);

		util_grow((void **)&brk, &brkcap, e - a + 1, 1);
		/* One LF after a finished sentence reads as a new paragraph:
		 * an empty line on the LF, as two LFs would give. */
		if (a >= 2 && text[a - 2] != '\n' && has_ink(text, a, e) &&
		    ends_sentence(text, a)) {
			wr.para = false;
			push_line(&wr, a - 1, 0, 0);
		}
		if (f) {
			/* The whole range is one line; the paragraph after it
			 * starts past its last LF. */
			size_t end = f->off + f->len < len ? f->off + f->len : len;

			wr.para = true;
			push_line(&wr, a, end - a, 0);
			lo->lines[lo->n - 1].fold = true;
			lo->done = end < len && text[end] == '\n' ? end + 1 : end;
			continue;
		}
		wrap_paragraph(&wr, a, e, brk);
		lo->done = nl ? e + 1 : len;
	}
	free(brk);
	if (lo->done >= len)
		lo->text = NULL;
}

static bool want_line(const struct layout *lo, size_t i)
{
	return lo->n <= i;
}

/* The line holding off is complete once the paragraph holding it is:
 * wrapping stops at paragraph ends, so done past off is enough. */
static bool want_off(const struct layout *lo, size_t off)
{
	return lo->done <= off;
}

static bool want_all(const struct layout *lo, size_t unused)
{
	(void)unused;
	return true;
}

void layout_need_line(struct layout *lo, size_t i)
{
	wrap_more(lo, want_line, i, LAYOUT_STEP);
}

void layout_need_off(struct layout *lo, size_t off)
{
	wrap_more(lo, want_off, off, LAYOUT_STEP);
}

void layout_finish(struct layout *lo)
{
	wrap_more(lo, want_all, 0, 0);
}

void layout_wrap(struct layout *lo, const char *text, size_t len, int width)
{
	layout_begin(lo, text, len, width);
	layout_finish(lo);
}

void layout_free(struct layout *lo)
{
	free(lo->lines);
	*lo = (struct layout){0};
}

size_t layout_line_of(const struct layout *lo, size_t off)
{
	size_t lo_i = 0, hi = lo->n;

	if (lo->n == 0)
		return 0;
	/* Last line whose start is <= off. */
	while (hi - lo_i > 1) {
		size_t mid = lo_i + (hi - lo_i) / 2;
		if (lo->lines[mid].off <= off)
			lo_i = mid;
		else
			hi = mid;
	}
	return lo_i;
}

size_t layout_fit(const char *s, size_t n, int cols, int *w)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	int used = 0;

	while (p < end) {
		const uint8_t *q = grapheme_next(p, end);
		int gw = span_width((const char *)p, (size_t)(q - p));
		if (used + gw > cols)
			break;
		used += gw;
		p = q;
	}
	*w = used;
	return (size_t)(p - (const uint8_t *)s);
}

char *layout_truncate(const char *s, int cols, bool ascii_only)
{
	const char *ell = ascii_only ? "~" : "\xE2\x80\xA6"; /* U+2026 */
	size_t n = strlen(s), k;
	struct strbuf sb = {0};
	int w;

	if (cols <= 0)
		return util_xstrdup("");
	if (span_width(s, n) <= cols)
		return util_xstrdup(s);
	k = layout_fit(s, n, cols - 1, &w);
	while (k > 0 && s[k - 1] == ' ')
		k--;
	sb_append(&sb, s, k);
	sb_puts(&sb, ell);
	return sb_take(&sb);
}
