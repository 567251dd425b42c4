/* prompt.c - the editing buffer of the status-bar prompt: insertion and
 * deletion by grapheme cluster, and the scrolled window that fits the bar.
 * See prompt.h. */
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>

#include "kilde/layout.h"
#include "kilde/prompt.h"
#include "kilde/util.h"

static void reserve(struct prompt *p, size_t extra)
{
	bool fresh = !p->buf;

	util_grow((void **)&p->buf, &p->cap, p->len + extra + 1, 1);
	if (fresh)
		p->buf[0] = '\0';
}

void prompt_clear(struct prompt *p)
{
	reserve(p, 0);
	p->len = p->cur = p->scroll = 0;
	p->buf[0] = '\0';
}

void prompt_set(struct prompt *p, const char *s)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t n = strlen(s);

	prompt_clear(p);
	while (n) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, u, n);

		if (k < 0) {
			uc = 0xFFFD;
			k = 1;
		}
		prompt_insert(p, uc);
		u += k;
		n -= (size_t)k;
	}
}

bool prompt_insert(struct prompt *p, uint32_t uc)
{
	uint8_t tmp[6];
	int k;

	if (uc < 0x20 || uc == 0x7F || (uc >= 0x80 && uc < 0xA0) ||
	    uc > 0x10FFFF || (uc >= 0xD800 && uc < 0xE000))
		return false;
	k = u8_uctomb(tmp, (ucs4_t)uc, sizeof(tmp));
	if (k <= 0)
		return false;
	reserve(p, (size_t)k);
	memmove(p->buf + p->cur + k, p->buf + p->cur, p->len - p->cur + 1);
	memcpy(p->buf + p->cur, tmp, (size_t)k);
	p->len += (size_t)k;
	p->cur += (size_t)k;
	/* A combining mark joins the grapheme before it: the cursor stays
	 * after that whole cluster, which it already is. */
	return true;
}

/* Start of the grapheme that ends at off. */
static size_t prev_boundary(const struct prompt *p, size_t off)
{
	const uint8_t *s = (const uint8_t *)p->buf;
	const uint8_t *q = u8_grapheme_prev(s + off, s);

	return q ? (size_t)(q - s) : 0;
}

static size_t next_boundary(const struct prompt *p, size_t off)
{
	return off + layout_grapheme_len(p->buf + off, p->len - off);
}

static void cut(struct prompt *p, size_t from, size_t to)
{
	memmove(p->buf + from, p->buf + to, p->len - to + 1);
	p->len -= to - from;
	p->cur = from;
	if (p->scroll > p->cur)
		p->scroll = p->cur;
}

bool prompt_backspace(struct prompt *p)
{
	if (!p->cur)
		return false;
	cut(p, prev_boundary(p, p->cur), p->cur);
	return true;
}

bool prompt_delete(struct prompt *p)
{
	if (p->cur >= p->len)
		return false;
	cut(p, p->cur, next_boundary(p, p->cur));
	return true;
}

bool prompt_kill_word(struct prompt *p)
{
	size_t from = p->cur;
	bool word = false;

	/* Back by graphemes, so the cut stays on a boundary: first over the
	 * spaces, then over the word up to the space before it. */
	while (from > 0) {
		size_t b = prev_boundary(p, from);
		bool space = from - b == 1 && p->buf[b] == ' ';

		if (space && word)
			break;
		word = word || !space;
		from = b;
	}
	if (from == p->cur)
		return false;
	cut(p, from, p->cur);
	return true;
}

bool prompt_kill_start(struct prompt *p)
{
	if (!p->cur)
		return false;
	cut(p, 0, p->cur);
	return true;
}

bool prompt_kill_end(struct prompt *p)
{
	size_t at = p->cur;

	if (p->cur >= p->len)
		return false;
	cut(p, p->cur, p->len);
	p->cur = at;
	return true;
}

bool prompt_left(struct prompt *p)
{
	if (!p->cur)
		return false;
	p->cur = prev_boundary(p, p->cur);
	return true;
}

bool prompt_right(struct prompt *p)
{
	if (p->cur >= p->len)
		return false;
	p->cur = next_boundary(p, p->cur);
	return true;
}

void prompt_home(struct prompt *p)
{
	p->cur = 0;
}

void prompt_end(struct prompt *p)
{
	p->cur = p->len;
}

void prompt_view(struct prompt *p, int cols, size_t *off, size_t *n,
                 int *cursor_col)
{
	int room = cols > 1 ? cols - 1 : 1, w;

	if (!p->buf)
		reserve(p, 0);
	if (p->scroll > p->cur)
		p->scroll = p->cur;
	/* Scroll right, a grapheme at a time, until the text up to the
	 * cursor fits with the cursor's own column after it. */
	while (p->scroll < p->cur &&
	       layout_width(p->buf + p->scroll, p->cur - p->scroll) > room)
		p->scroll = next_boundary(p, p->scroll);
	/* Scroll back left when there is room (after deleting, say). */
	while (p->scroll > 0) {
		size_t b = prev_boundary(p, p->scroll);

		if (layout_width(p->buf + b, p->cur - b) > room)
			break;
		p->scroll = b;
	}
	*cursor_col = layout_width(p->buf + p->scroll, p->cur - p->scroll);
	*off = p->scroll;
	*n = layout_fit(p->buf + p->scroll, p->len - p->scroll, cols, &w);
}

void prompt_free(struct prompt *p)
{
	free(p->buf);
	*p = (struct prompt){0};
}

/* ---- history ------------------------------------------------------------ */

void prompt_history_add(struct prompt_history *h, const char *s)
{
	prompt_history_rewind(h);
	if (!*s || (h->n && !strcmp(h->items[h->n - 1], s)))
		return;
	if (h->n >= PROMPT_HISTORY_MAX) {
		free(h->items[0]);
		memmove(h->items, h->items + 1, (h->n - 1) * sizeof(*h->items));
		h->n--;
		if (h->fresh)
			h->fresh--;
	}
	util_grow((void **)&h->items, &h->cap, h->n + 1, sizeof(*h->items));
	h->items[h->n++] = util_xstrdup(s);
	h->pos = h->n;
}

void prompt_history_rewind(struct prompt_history *h)
{
	free(h->draft);
	h->draft = NULL;
	h->pos = h->n;
}

bool prompt_history_up(struct prompt_history *h, struct prompt *p)
{
	if (h->pos > h->n)
		h->pos = h->n;
	if (h->pos == 0)
		return false;
	if (h->pos == h->n) {
		free(h->draft);
		h->draft = util_xstrdup(p->buf ? p->buf : "");
	}
	h->pos--;
	prompt_set(p, h->items[h->pos]);
	return true;
}

bool prompt_history_down(struct prompt_history *h, struct prompt *p)
{
	if (h->pos >= h->n)
		return false;
	h->pos++;
	prompt_set(p, h->pos < h->n ? h->items[h->pos] :
	                              (h->draft ? h->draft : ""));
	return true;
}

void prompt_history_free(struct prompt_history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->items[i]);
	free(h->items);
	free(h->draft);
	*h = (struct prompt_history){0};
}
