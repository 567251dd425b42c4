/* ui_prompt.c - the one-line prompt in the status bar: a label, the text
 * being edited (scrolled by display columns when it is longer than the
 * bar, see prompt.h), a block cursor, and at the right a hint or, while
 * searching, how many matches the text has so far. Keys go to the prompt
 * raw, before the keymap: Enter accepts, Esc cancels, Backspace deletes a
 * grapheme (and closes an empty prompt), C-u clears, Left/Right/Home/End
 * (and C-a) move, and the key of toggle_exact that is not a letter (C-e by
 * default) switches exact matching while typing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_search.h"
#include "kilde/util.h"

void ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind,
                    const char *label, const char *hint, const char *text)
{
	struct ui_find *f = ui->find;

	f->kind = kind;
	f->label = label;
	f->hint = hint;
	prompt_set(&f->pr, text ? text : "");
	ui->bars_dirty = true;
}

void ui_prompt_close(struct ui *ui)
{
	ui->find->kind = UI_PROMPT_NONE;
	ui->bars_dirty = true;
}

/* What the text is for, once accepted. */
static void accept(struct ui *ui)
{
	struct ui_find *f = ui->find;
	enum ui_prompt_kind kind = f->kind;
	char *text = util_xstrdup(f->pr.buf ? f->pr.buf : "");

	ui_prompt_close(ui);
	switch (kind) {
	case UI_PROMPT_SEARCH: ui_search_accept(ui); break;
	case UI_PROMPT_FIND: ui_kwic_open(ui, text); break;
	case UI_PROMPT_FILTER: ui_list_filter(ui, text); break;
	case UI_PROMPT_PIPE:
		if (*text)
			ui_shell_pipe(ui, text);
		break;
	case UI_PROMPT_NONE: break;
	}
	free(text);
}

static void cancel(struct ui *ui)
{
	enum ui_prompt_kind kind = ui->find->kind;

	ui_prompt_close(ui);
	if (kind == UI_PROMPT_SEARCH)
		ui_search_cancel(ui);
}

static bool is_toggle_key(const struct ui *ui, int key)
{
	const struct keymap *km = &ui->cfg->keymap;

	/* Only keys that cannot be typed as text. */
	if (!(key < 0x20 || key > KEY_K_BASE))
		return false;
	for (int i = 0; i < km->nkeys[ACT_toggle_exact]; i++)
		if (km->keys[ACT_toggle_exact][i] == key)
			return true;
	return false;
}

bool ui_prompt_key(struct ui *ui, int key)
{
	struct ui_find *f = ui->find;
	struct prompt *p = &f->pr;
	bool changed = false;

	if (f->kind == UI_PROMPT_NONE)
		return false;
	if (is_toggle_key(ui, key)) {
		ui_search_toggle_exact(ui);
		return true;
	}
	switch (key) {
	case KEY_K_ENTER:
		accept(ui);
		return true;
	case KEY_K_ESC:
		cancel(ui);
		return true;
	case KEY_K_BACKSPACE:
	case KEY_K_CTRL('h'):
		if (p->len == 0) {
			cancel(ui);
			return true;
		}
		changed = prompt_backspace(p);
		break;
	case KEY_K_DELETE:
	case KEY_K_CTRL('d'):
		changed = prompt_delete(p);
		break;
	case KEY_K_CTRL('u'):
		changed = p->len > 0;
		prompt_clear(p);
		break;
	case KEY_K_LEFT:
	case KEY_K_CTRL('b'):
		prompt_left(p);
		break;
	case KEY_K_RIGHT:
	case KEY_K_CTRL('f'):
		prompt_right(p);
		break;
	case KEY_K_HOME:
	case KEY_K_CTRL('a'):
		prompt_home(p);
		break;
	case KEY_K_END:
		prompt_end(p);
		break;
	default:
		if (key > 0 && key < KEY_K_BASE)
			changed = prompt_insert(p, (uint32_t)key);
		break;
	}
	if (changed && f->kind == UI_PROMPT_SEARCH)
		ui_search_changed(ui);
	ui->bars_dirty = true;
	return true;
}

/* The right end of the bar: the count of matches while searching, else
 * the hint. Malloc'd. */
static char *right_text(const struct ui *ui)
{
	const struct ui_find *f = ui->find;
	bool exact = f->mode == SEARCH_MODE_EXACT;
	bool searching = f->kind == UI_PROMPT_SEARCH ||
	                 f->kind == UI_PROMPT_FIND ||
	                 f->kind == UI_PROMPT_FILTER;

	if (f->kind == UI_PROMPT_SEARCH && f->pr.len) {
		if (!f->nm)
			return util_xasprintf("no match%s", exact ? " (exact)" : "");
		return util_xasprintf("match %ld/%zu%s", f->cur + 1, f->nm,
		                      exact ? " (exact)" : "");
	}
	return util_xasprintf("%s%s", f->hint ? f->hint : "",
	                      searching && exact ? " (exact)" : "");
}

void ui_prompt_draw(struct ui *ui)
{
	struct ui_find *f = ui->find;
	WINDOW *w = ui->statusbar;
	attr_t a = ui->attr[COLOR_ELEM_status];
	char *right = right_text(ui);
	int rw = ui_str_width(right), x, room, col;
	size_t off, n;

	if (!w) {
		free(right);
		return;
	}
	ui_draw_fill(w, 0, 0, COLS, a);
	x = 1 + ui_draw_str(ui, w, 0, 1, COLS - 2, f->label, a | A_BOLD);
	room = COLS - x - 1;
	/* The right text gives way first when the bar is narrow. */
	if (rw + 2 <= room - 8) {
		ui_draw_str(ui, w, 0, COLS - rw - 1, rw, right, a);
		room -= rw + 2;
	}
	if (room < 1) {
		free(right);
		return;
	}
	prompt_view(&f->pr, room, &off, &n, &col);
	char *conv = ui_display_text(ui, f->pr.buf + off, n, &n);

	ui_draw_text(w, 0, x, room, conv ? conv : f->pr.buf + off, n, a);
	free(conv);
	/* A block cursor: the terminal's own stays hidden, as everywhere. */
	if (col < room) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1] = {L' '};

		mvwin_wch(w, 0, x + col, &cc);
		if (getcchar(&cc, wc, &(attr_t){0}, &(short){0}, NULL) == ERR)
			wc[0] = L' ';
		setcchar(&cc, wc, UI_ATTR(a) ^ A_REVERSE, UI_PAIR(a), NULL);
		mvwadd_wch(w, 0, x + col, &cc);
	}
	free(right);
}
