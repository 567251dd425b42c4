/* ui_draw.c - drawing text inside a pane: colours from the configuration
 * (or monochrome attributes that keep every distinction), text drawn one
 * grapheme cluster at a time so that no line can run past its pane, and
 * the transliterated display for terminals that are not UTF-8; also the
 * pieces of pane behaviour several views share (the status bar's text,
 * overlays placed in the middle, scrolling by keys). */
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uniconv.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>
#include <wchar.h>

#include "kilde/layout.h"
#include "kilde/text.h"
#include "kilde/util.h"
#include "kilde/ui_draw.h"

/* wchar_t values are passed to ncurses as Unicode code points. */
#ifndef __STDC_ISO_10646__
#error "kilde needs wchar_t to hold Unicode code points"
#endif

/* Monochrome: each element keeps a distinction of its own. */
static const attr_t mono_attr[COLOR_ELEM_COUNT] = {
	[COLOR_ELEM_title_bar] = A_REVERSE | A_BOLD,
	[COLOR_ELEM_status] = A_REVERSE,
	[COLOR_ELEM_message] = A_BOLD,
	[COLOR_ELEM_error] = A_BOLD | A_UNDERLINE,
	[COLOR_ELEM_list] = A_NORMAL,
	[COLOR_ELEM_list_selected] = A_REVERSE,
	[COLOR_ELEM_list_selected_inactive] = A_UNDERLINE | A_BOLD,
	[COLOR_ELEM_list_read] = A_DIM,
	[COLOR_ELEM_text] = A_NORMAL,
	[COLOR_ELEM_heading] = A_BOLD,
	[COLOR_ELEM_info_label] = A_BOLD,
	[COLOR_ELEM_border] = A_NORMAL,
	[COLOR_ELEM_border_focus] = A_BOLD | A_REVERSE,
	[COLOR_ELEM_help] = A_NORMAL,
	[COLOR_ELEM_control] = A_DIM,
	[COLOR_ELEM_xref_name] = A_UNDERLINE,
	[COLOR_ELEM_xref_name_wide] = A_UNDERLINE | A_BOLD,
	[COLOR_ELEM_xref_number] = A_UNDERLINE,
	[COLOR_ELEM_xref_passage] = A_UNDERLINE | A_DIM,
	[COLOR_ELEM_xref_current] = A_REVERSE | A_UNDERLINE,
	[COLOR_ELEM_search_match] = A_REVERSE,
	[COLOR_ELEM_search_current] = A_REVERSE | A_BOLD,
};

static attr_t config_attrs(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & CONFIG_ATTR_BOLD)
		r |= A_BOLD;
	if (a & CONFIG_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & CONFIG_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & CONFIG_ATTR_DIM)
		r |= A_DIM;
	if (a & CONFIG_ATTR_STANDOUT)
		r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & CONFIG_ATTR_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* A 256-colour index on a terminal with fewer colours: the nearest of the
 * eight basic colours, so a config written for 256 colours still reads. */
static short fit_color(short c)
{
	static const unsigned char cube[6] = {0, 95, 135, 175, 215, 255};
	int r, g, b, v, bits;

	if (c < 0 || c < COLORS)
		return c;
	if (c < 16)
		return (short)(c - 8);
	if (c >= 232) {
		v = 8 + (c - 232) * 10;
		r = g = b = v;
	} else {
		v = c - 16;
		r = cube[v / 36];
		g = cube[(v / 6) % 6];
		b = cube[v % 6];
	}
	bits = (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0);
	return (short)bits; /* COLOR_RED = 1, GREEN = 2, BLUE = 4 in curses */
}

void ui_colors_init(struct ui *ui)
{
	const struct config *cfg = ui->cfg;
	bool want = !ui->opt->no_color && cfg->color != 0;

	ui->color = false;
	if (want && has_colors() && start_color() == OK &&
	    COLOR_PAIRS > COLOR_ELEM_COUNT) {
		ui->color = true;
		use_default_colors();
	}
	for (int i = 0; i < COLOR_ELEM_COUNT; i++) {
		const struct config_color_spec *sp = &cfg->colors[i];

		if (!ui->color) {
			ui->attr[i] = mono_attr[i] | config_attrs(sp->attr);
			continue;
		}
		init_pair((short)(i + 1), fit_color(sp->fg), fit_color(sp->bg));
		ui->attr[i] = COLOR_PAIR(i + 1) | config_attrs(sp->attr);
	}
}

/* The code points of one grapheme cluster as one cell's worth of wide
 * characters: the base character and its combining marks. Characters a
 * cell cannot hold (format characters, the rest of an emoji ZWJ sequence)
 * are left out, so the cluster may come out narrower, never wider. Returns
 * the width, 0 for a cluster that shows nothing. */
static int cluster_cell(const uint8_t *p, const uint8_t *end,
                        wchar_t wc[CCHARW_MAX + 1])
{
	int n = 0, width = 0;

	while (p < end) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, p, (size_t)(end - p));

		p += len;
		if (n == 0) {
			int w1, w2;

			if (uc < 0x20 || (uc >= 0x7f && uc < 0xa0))
				uc = ' '; /* clean text has none; never let one through */
			w1 = uc_width(uc, "UTF-8");
			w2 = wcwidth((wchar_t)uc);
			if (w1 <= 0 && w2 <= 0)
				continue; /* zero-width base: nothing to show */
			if (w2 < 0) {
				/* The C library does not know it: ncurses
				 * could not place it, so show a stand-in. */
				uc = 0xfffd;
				w2 = wcwidth((wchar_t)uc);
				if (w2 < 0) {
					uc = '?';
					w2 = 1;
				}
			}
			wc[n++] = (wchar_t)uc;
			width = w1 > w2 ? w1 : w2;
			if (width > 2)
				width = 2;
		} else if (n < CCHARW_MAX - 1 &&
		           uc_is_general_category(uc, UC_CATEGORY_M) &&
		           wcwidth((wchar_t)uc) == 0) {
			wc[n++] = (wchar_t)uc;
		}
	}
	wc[n] = 0;
	return n ? width : 0;
}

int ui_draw_text(WINDOW *w, int y, int x, int maxw, const char *s, size_t n,
                 attr_t attr)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	int used = 0;

	if (maxw <= 0 || wmove(w, y, x) == ERR)
		return 0;
	while (p < end && used < maxw) {
		const uint8_t *next;
		wchar_t wc[CCHARW_MAX + 1];
		cchar_t cc;
		int cw;

		if (*p >= 0x20 && *p < 0x7f && (p + 1 == end || p[1] < 0x80)) {
			/* Printable ASCII not followed by a combining mark:
			 * one cluster of one column. Most of what is drawn, and
			 * the general path (grapheme break, two width tables)
			 * was a tenth of the CPU of a list key. */
			next = p + 1;
			wc[0] = (wchar_t)*p;
			wc[1] = 0;
			cw = 1;
		} else {
			next = u8_grapheme_next(p, end);
			if (!next)
				break;
			cw = cluster_cell(p, next, wc);
		}
		p = next;
		if (cw == 0)
			continue;
		if (used + cw > maxw)
			break;
		setcchar(&cc, wc, UI_ATTR(attr), UI_PAIR(attr), NULL);
		/* A wide character wadd_wch'ed into the last cell would wrap:
		 * place it explicitly, then move on by its width. */
		mvwadd_wch(w, y, x + used, &cc);
		used += cw;
	}
	return used;
}

int ui_draw_spans(WINDOW *w, int y, int x, int maxw, const char *text,
                  size_t off, size_t len, attr_t base,
                  const struct ui_span *spans, size_t nspans)
{
	size_t end = off + len, pos = off, lo = 0, hi = nspans;
	int used = 0;

	/* The first span that ends after off: spans are sorted, so a binary
	 * search keeps a long article's highlights cheap to draw. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (spans[mid].off + spans[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; pos < end && used < maxw; i++) {
		size_t s0 = i < nspans ? spans[i].off : end;
		size_t s1 = i < nspans ? spans[i].off + spans[i].len : end;

		if (s0 > end)
			s0 = end;
		if (s1 > end)
			s1 = end;
		if (s0 > pos) /* plain text before the span */
			used += ui_draw_text(w, y, x + used, maxw - used,
			                     text + pos, s0 - pos, base);
		if (s0 < pos)
			s0 = pos;
		if (i < nspans && s1 > s0)
			used += ui_draw_text(w, y, x + used, maxw - used,
			                     text + s0, s1 - s0, spans[i].attr);
		if (s1 > pos)
			pos = s1;
		if (i >= nspans)
			break;
	}
	return used;
}

void ui_draw_fill(WINDOW *w, int y, int x, int n, attr_t attr)
{
	cchar_t cc;
	wchar_t sp[2] = {L' ', 0};

	if (n <= 0)
		return;
	setcchar(&cc, sp, UI_ATTR(attr), UI_PAIR(attr), NULL);
	mvwhline_set(w, y, x, &cc, n);
}

char *ui_display_text(const struct ui *ui, const char *s, size_t n,
                      size_t *out_len)
{
	char *nul, *conv, *back;
	size_t backlen = 0;

	if (ui->utf8)
		return NULL;
	/* text_to_charset wants a NUL-terminated string; a slice is copied. */
	nul = s[n] == '\0' ? NULL : util_xstrndup(s, n);
	conv = text_to_charset(nul ? nul : s, ui->charset);
	free(nul);
	/* Back to UTF-8, so wrapping and drawing stay the same code: what
	 * comes back holds only characters the terminal can show. */
	back = (char *)u8_conv_from_encoding(ui->charset, iconveh_question_mark,
	                                     conv, strlen(conv), NULL, NULL,
	                                     &backlen);
	if (!back) {
		/* A charset iconv does not know: text_to_charset gave ASCII. */
		*out_len = strlen(conv);
		return conv;
	}
	free(conv);
	back = util_xrealloc(back, backlen + 1);
	back[backlen] = '\0';
	*out_len = backlen;
	return back;
}

int ui_str_width(const char *s)
{
	return layout_width(s, strlen(s));
}

int ui_draw_str(const struct ui *ui, WINDOW *w, int y, int x, int maxw,
                const char *s, attr_t attr)
{
	size_t len;
	char *conv = ui_display_text(ui, s, strlen(s), &len);
	char *cut;
	int used;

	if (maxw <= 0) {
		free(conv);
		return 0;
	}
	cut = layout_truncate(conv ? conv : s, maxw, !ui->utf8);
	used = ui_draw_text(w, y, x, maxw, cut, strlen(cut), attr);
	free(cut);
	free(conv);
	return used;
}

void ui_draw_header(const struct ui *ui, WINDOW *w, int y, const char *label,
                    bool focused)
{
	attr_t a = ui->attr[focused ? COLOR_ELEM_border_focus : COLOR_ELEM_border];
	int width = getmaxx(w), used = 0;

	wattr_set(w, UI_ATTR(a), UI_PAIR(a), NULL);
	mvwhline_set(w, y, 0, WACS_HLINE, width);
	if (label && *label && width > 4) {
		ui_draw_fill(w, y, 1, 1, a);
		used = ui_draw_str(ui, w, y, 2, width - 4, label, a | A_BOLD);
		ui_draw_fill(w, y, 2 + used, 1, a);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
}

void ui_draw_status(const struct ui *ui, WINDOW *w, const char *pos,
                    const char *note, const char *hint, attr_t a)
{
	int x = 1 + ui_draw_str(ui, w, 0, 1, COLS - 2, pos, a | A_BOLD);
	int hw = ui_str_width(hint);

	if (ui->msg) {
		attr_t m = ui->attr[ui->msg_error ? COLOR_ELEM_error :
		                                    COLOR_ELEM_message];

		/* The message takes the bar's background in colour mode,
		 * so it reads as part of the bar. */
		if (ui->color)
			m = (UI_ATTR(m) | UI_ATTR(a)) | COLOR_PAIR(UI_PAIR(a));
		x += 2;
		x += ui_draw_str(ui, w, 0, x, COLS - x - 1, ui->msg, m);
	}
	if (note && *note && COLS - x - 3 > 0) {
		x += 2;
		x += ui_draw_str(ui, w, 0, x, COLS - x - 1, note, a);
	}
	if (COLS - x - 2 > hw)
		ui_draw_str(ui, w, 0, COLS - hw - 1, hw, hint, a);
}

void ui_view_place(struct view *v, int y, int x, int h, int w)
{
	if (v->win)
		delwin(v->win);
	v->win = NULL;
	v->y = y;
	v->x = x;
	v->h = h;
	v->w = w;
	if (h < 1 || w < 1)
		return;
	v->win = newwin(h, w, y, x);
	if (!v->win)
		util_die("cannot create a window of %dx%d", w, h);
}

void ui_place_centered(struct view *v, int h, int w)
{
	ui_view_place(v, (LINES - h) / 2, (COLS - w) / 2, h, w);
}

bool ui_place_full(const struct ui *ui, struct view *v)
{
	if (ui->avail < 1 || COLS < 1) {
		if (v->win)
			delwin(v->win);
		v->win = NULL;
		return false;
	}
	ui_view_place(v, ui->top, 0, ui->avail, COLS);
	v->dirty = true;
	return true;
}

bool ui_place_between_bars(struct view *v, int min_h, int min_w)
{
	int top = LINES >= 8 ? 1 : 0;

	if (v->win)
		delwin(v->win);
	v->win = NULL;
	v->y = top;
	v->x = 0;
	v->h = LINES - top - 1;
	v->w = COLS;
	if (v->h < min_h || v->w < min_w)
		return false;
	ui_view_place(v, v->y, v->x, v->h, v->w);
	return true;
}

int ui_pane_rows(const struct view *v)
{
	return v->h > 1 ? v->h - 1 : 0;
}

bool ui_move_key(enum keys_action act, long page, long half, long last,
                 long *pos)
{
	switch (act) {
	case ACT_move_down: ++*pos; break;
	case ACT_move_up: --*pos; break;
	case ACT_page_down: *pos += page; break;
	case ACT_page_up: *pos -= page; break;
	case ACT_half_down: *pos += half; break;
	case ACT_half_up: *pos -= half; break;
	case ACT_top: *pos = 0; break;
	case ACT_bottom: *pos = last; break;
	default: return false;
	}
	return true;
}

bool ui_scroll_key(size_t *top, size_t n, long h, enum keys_action act)
{
	long t = (long)*top;
	long mt = (long)n > h ? (long)n - h : 0;
	long page = h > 1 ? h - 1 : 1;

	if (!ui_move_key(act, page, page, mt, &t))
		return false;
	if (t > mt)
		t = mt;
	if (t < 0)
		t = 0;
	*top = (size_t)t;
	return true;
}

/* Bytes that n bytes of s take once shown. */
static size_t shown_len(const struct ui *ui, const char *s, size_t n)
{
	size_t out = n;
	char *conv = n ? ui_display_text(ui, s, n, &out) : NULL;

	free(conv);
	return conv ? out : n;
}

void ui_display_map_range(const struct ui *ui, struct ui_display_map *m,
                          size_t *off, size_t *len)
{
	size_t o = *off, l = *len;

	m->shown += shown_len(ui, m->src + m->done, o - m->done);
	*off = m->shown;
	*len = shown_len(ui, m->src + o, l);
	m->shown += *len;
	m->done = o + l;
}
