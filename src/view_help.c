/* view_help.c - the help overlay: every action with the keys bound to it
 * NOW (from the keymap the configuration built, so rebinding shows here)
 * and its help text from the action table in keys.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_draw.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_help.h"

/* Under the keys, a legend of the reader's highlights: a blank row, a
 * heading and one row per style. */
enum { LEGEND_ROWS = 9, HELP_ROWS = ACT_COUNT + LEGEND_ROWS };

struct help {
	char *keys[ACT_COUNT]; /* "j Down C-n" (owned) */
	int keysw;             /* width of the keys column */
	int textw;             /* width of the widest help text */
	size_t top;
};

static int rows(const struct view *v)
{
	return v->h > 2 ? v->h - 2 : 0; /* inside the box */
}

static void help_open(struct ui *ui, struct view *v)
{
	struct help *hp = util_xcalloc(1, sizeof(*hp));
	const struct keymap *km = &ui->cfg->keymap;

	for (int a = 0; a < ACT_COUNT; a++) {
		struct strbuf sb = {0};
		char name[64];

		for (int k = 0; k < km->nkeys[a]; k++) {
			if (k)
				sb_puts(&sb, " ");
			sb_puts(&sb, keys_name(km->keys[a][k], name, sizeof(name)));
		}
		if (km->nkeys[a] == 0)
			sb_puts(&sb, "(unbound)");
		hp->keys[a] = sb_take(&sb);
		int w = ui_str_width(hp->keys[a]);

		if (w > hp->keysw)
			hp->keysw = w;
		w = ui_str_width(keys_actions[a].help);
		if (w > hp->textw)
			hp->textw = w;
	}
	if (hp->keysw > 18)
		hp->keysw = 18;
	v->priv = hp;
}

/* A box in the middle, as tall as the list of actions and 78 columns
 * wide, or as wide as its longest line where the screen has room for it
 * (no help text cut on a wide terminal); none on a screen too small. */
static void help_resize(struct ui *ui, struct view *v)
{
	struct help *hp = v->priv;
	int want = 2 + hp->keysw + 2 + hp->textw + 2;
	int bw = want > 78 ? want : 78;

	if (bw > COLS - 4)
		bw = COLS - 4;
	int bh = LINES - 2 < HELP_ROWS + 2 ? LINES - 2 : HELP_ROWS + 2;
	size_t h;

	if (v->win)
		delwin(v->win);
	v->win = NULL;
	if (bw < 10 || bh < 3)
		return;
	ui_place_centered(v, bh, bw);
	v->dirty = true;
	h = (size_t)rows(v);

	if (hp->top + h > HELP_ROWS)
		hp->top = HELP_ROWS > h ? HELP_ROWS - h : 0;
}

/* Row i of the legend at row y: a sample drawn with the very attribute
 * the reader gives such a term (ui_xref_attr on a term of that kind and
 * spread), so that the legend cannot tell another story than the reader,
 * with or without colour; then what it means. */
static void legend_row(struct ui *ui, struct view *v, int y, size_t i,
                       int kw, int inner, attr_t text)
{
	const struct config *cfg = ui->cfg;
	const struct help *hp = v->priv;
	struct xref_term t = {.kind = XREF_NAME, .narticles = 2};
	const char *sample = NULL;
	char what[160];
	attr_t a;
	bool cur = false;

	switch (i) {
	case 0:
		return;
	case 1:
		ui_draw_str(ui, v->win, y, 2, inner,
		            "Highlights in the reader",
		            text | A_BOLD);
		return;
	case 2:
		sample = "Name";
		snprintf(what, sizeof(what), "a name two articles share");
		break;
	case 3:
		sample = "Name";
		t.narticles = 3;
		snprintf(what, sizeof(what),
		         "a name three or more articles share");
		break;
	case 4:
		sample = "40%";
		t.kind = XREF_NUMBER;
		snprintf(what, sizeof(what),
		         "a number: a year long past, a date, an amount, a code");
		break;
	case 5:
		sample = "shared passage";
		t.kind = XREF_PASSAGE;
		snprintf(what, sizeof(what),
		         "a passage of %d words or more that articles share",
		         cfg->passage_words);
		break;
	case 6:
		sample = "current";
		cur = true;
		/* The keys bound now, as the rows above show them. */
		snprintf(what, sizeof(what),
		         "the current one (%s, %s), named in the status bar",
		         hp->keys[ACT_xref_next], hp->keys[ACT_xref_prev]);
		break;
	case 7:
		sample = "common term";
		/* More than half of a corpus of more than ten articles. */
		t.common = true;
		t.narticles = 6;
		if (ui_xref_highlighted(ui, &t))
			snprintf(what, sizeof(what),
			         "in over %d%% of articles: shown "
			         "(highlight_common)", cfg->common_share);
		else
			snprintf(what, sizeof(what),
			         "in over %d%% of articles: plain unless "
			         "highlight_common",
			         cfg->common_share);
		break;
	default:
		sample = "translation";
		snprintf(what, sizeof(what),
		         "not highlighted: kilde --xrefs --translations lists them");
		break;
	}
	/* A common term and a translation are drawn as plain text. */
	if (i >= 7 && !(i == 7 && ui_xref_highlighted(ui, &t)))
		a = text;
	else
		a = ui_xref_attr(ui, &t, cur);
	ui_draw_str(ui, v->win, y, 2, kw, sample, a);
	ui_draw_str(ui, v->win, y, 2 + kw + 2, inner - kw - 2, what, text);
}

static void help_draw(struct ui *ui, struct view *v)
{
	struct help *hp = v->priv;
	attr_t border = ui->attr[COLOR_ELEM_border_focus];
	attr_t text = ui->attr[COLOR_ELEM_help];
	int h = rows(v), inner = v->w - 4;

	wbkgdset(v->win, ' ' | UI_ATTR(text) | COLOR_PAIR(UI_PAIR(text)));
	werase(v->win);
	wattr_set(v->win, UI_ATTR(border) & ~A_REVERSE, UI_PAIR(border), NULL);
	box_set(v->win, WACS_VLINE, WACS_HLINE);
	wattr_set(v->win, A_NORMAL, 0, NULL);
	if (v->w > 10) {
		ui_draw_str(ui, v->win, 0, 2, v->w - 4, " Keys ",
		            (UI_ATTR(border | A_BOLD) & ~A_REVERSE) |
		                COLOR_PAIR(UI_PAIR(border)));
		int fw = ui_str_width(" q or ? closes ");

		if (v->w - 4 > fw)
			ui_draw_str(ui, v->win, v->h - 1, v->w - 2 - fw, fw,
			            " q or ? closes ", text);
	}
	for (int y = 0; y < h && hp->top + (size_t)y < HELP_ROWS; y++) {
		size_t a = hp->top + (size_t)y;
		int kw = hp->keysw < inner / 2 ? hp->keysw : inner / 2;

		if (a >= ACT_COUNT) {
			legend_row(ui, v, y + 1, a - ACT_COUNT, kw, inner, text);
			continue;
		}
		ui_draw_str(ui, v->win, y + 1, 2, kw, hp->keys[a],
		            text | A_BOLD);
		ui_draw_str(ui, v->win, y + 1, 2 + kw + 2, inner - kw - 2,
		            keys_actions[a].help, text);
	}
	if (hp->top + (size_t)h < HELP_ROWS && v->w > 12)
		ui_draw_str(ui, v->win, v->h - 1, 2, 5,
		            ui->utf8 ? " ↓ " : " v ", border);
}

static bool help_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct help *hp = v->priv;

	if (!ui_scroll_key(&hp->top, HELP_ROWS, rows(v), act))
		return false;
	v->dirty = true;
	return true;
}

static void help_mouse(struct ui *ui, struct view *v, int y, int x, int wheel,
                       int clicks)
{
	if (wheel)
		help_key(ui, v, wheel > 0 ? ACT_move_down : ACT_move_up);
}

static void help_done(struct ui *ui, struct view *v)
{
	struct help *hp = v->priv;

	for (int a = 0; a < ACT_COUNT; a++)
		free(hp->keys[a]);
	free(hp);
	v->priv = NULL;
}

const struct view_ops view_help_ops = {
	.name = "Help",
	.scope = SCOPE_GLOBAL,
	.open = help_open,
	.resize = help_resize,
	.draw = help_draw,
	.key = help_key,
	.mouse = help_mouse,
	.done = help_done,
	.keep = true,
};
