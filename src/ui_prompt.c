/* ui_prompt.c - the one-line prompt in the status bar: a label, the text
 * being edited (scrolled by display columns when it is longer than the
 * bar, see prompt.h), a block cursor, and at the right a text the caller
 * gives. Keys go to the prompt raw, before the keymap: Enter accepts, Esc
 * cancels, Backspace deletes a grapheme (and closes an empty prompt), C-w
 * the word before the cursor, C-u all before it, C-k all after it,
 * Left/Right/Home/End (and C-a) move, Up/Down (C-p/C-n) walk this kind of
 * prompt's history, and the key of toggle_exact that is not a letter (C-e
 * by default) is handed back to the caller. The history is one file in
 * the state directory (state.h), written on every Enter so that a crash
 * loses nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/ui_draw.h"
#include "kilde/state.h"
#include "kilde/ui_prompt.h"
#include "kilde/util.h"

/* The names of the kinds in the history file, hist[kind - 1]. */
static const char *const hist_kinds[UI_PROMPT_KINDS] = {
	"search", "find", "filter", "pipe", "name"};

void ui_prompt_init(struct ui *ui)
{
	struct ui_prompt *f = util_xcalloc(1, sizeof(*f));
	char *msg = NULL;

	ui->pr = f;
	f->hist_ok = state_history_load(NULL, hist_kinds, f->hist,
	                                UI_PROMPT_KINDS, &msg) == 0;
	if (msg)
		ui_report(ui, true, "%s", msg);
	free(msg);
}

void ui_prompt_done(struct ui *ui)
{
	if (!ui->pr)
		return;
	for (size_t k = 0; k < UI_PROMPT_KINDS; k++)
		prompt_history_free(&ui->pr->hist[k]);
	prompt_free(&ui->pr->pr);
	free(ui->pr);
	ui->pr = NULL;
}

enum ui_prompt_kind ui_prompt_kind(const struct ui *ui)
{
	return ui->pr ? ui->pr->kind : UI_PROMPT_NONE;
}

const char *ui_prompt_text(const struct ui *ui)
{
	return ui->pr && ui->pr->pr.buf ? ui->pr->pr.buf : "";
}

static struct prompt_history *history(struct ui *ui)
{
	struct ui_prompt *f = ui->pr;

	return f->kind == UI_PROMPT_NONE ? NULL : &f->hist[f->kind - 1];
}

/* An accepted line goes to its kind's history and to the file at once. */
static void remember(struct ui *ui)
{
	struct ui_prompt *f = ui->pr;
	struct prompt_history *h = history(ui);
	char *msg = NULL;

	if (!h)
		return;
	prompt_history_add(h, f->pr.buf ? f->pr.buf : "");
	if (!f->hist_ok || h->fresh == h->n)
		return;
	if (state_history_save(NULL, hist_kinds, f->hist, UI_PROMPT_KINDS,
	                       &msg) < 0 && msg)
		ui_report(ui, true, "%s", msg);
	free(msg);
}

void ui_prompt_open(struct ui *ui, enum ui_prompt_kind kind,
                    const char *label, const char *hint, const char *text)
{
	struct ui_prompt *f = ui->pr;

	if (kind != UI_PROMPT_NONE)
		prompt_history_rewind(&f->hist[kind - 1]);
	f->kind = kind;
	f->label = label;
	f->hint = hint;
	prompt_set(&f->pr, text ? text : "");
	ui->bars_dirty = true;
}

void ui_prompt_close(struct ui *ui)
{
	ui->pr->kind = UI_PROMPT_NONE;
	ui->bars_dirty = true;
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

static enum ui_prompt_event closing(struct ui *ui, enum ui_prompt_event e,
                                    enum ui_prompt_kind *kind)
{
	*kind = ui->pr->kind;
	ui_prompt_close(ui);
	return e;
}

enum ui_prompt_event ui_prompt_key(struct ui *ui, int key,
                                   enum ui_prompt_kind *kind)
{
	struct ui_prompt *f = ui->pr;
	struct prompt *p = &f->pr;
	bool changed = false;

	*kind = f->kind;
	if (f->kind == UI_PROMPT_NONE)
		return UI_PROMPT_NOT_OPEN;
	if (is_toggle_key(ui, key))
		return UI_PROMPT_TOGGLE;
	switch (key) {
	case KEY_K_ENTER:
		remember(ui);
		return closing(ui, UI_PROMPT_ACCEPTED, kind);
	case KEY_K_ESC:
		return closing(ui, UI_PROMPT_CANCELLED, kind);
	case KEY_K_BACKSPACE:
	case KEY_K_CTRL('h'):
		if (p->len == 0)
			return closing(ui, UI_PROMPT_CANCELLED, kind);
		changed = prompt_backspace(p);
		break;
	case KEY_K_DELETE:
	case KEY_K_CTRL('d'):
		changed = prompt_delete(p);
		break;
	case KEY_K_CTRL('u'):
		changed = prompt_kill_start(p);
		break;
	case KEY_K_CTRL('w'):
		changed = prompt_kill_word(p);
		break;
	case KEY_K_CTRL('k'):
		changed = prompt_kill_end(p);
		break;
	case KEY_K_UP:
	case KEY_K_CTRL('p'):
		changed = prompt_history_up(history(ui), p);
		break;
	case KEY_K_DOWN:
	case KEY_K_CTRL('n'):
		changed = prompt_history_down(history(ui), p);
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
	ui->bars_dirty = true;
	return changed ? UI_PROMPT_CHANGED : UI_PROMPT_TAKEN;
}

void ui_prompt_draw(struct ui *ui, const char *right)
{
	struct ui_prompt *f = ui->pr;
	WINDOW *w = ui->statusbar;
	attr_t a = ui->attr[COLOR_ELEM_status];
	int rw = ui_str_width(right), x, room, col;
	size_t off, n;

	if (!w)
		return;
	ui_draw_fill(w, 0, 0, COLS, a);
	x = 1 + ui_draw_str(ui, w, 0, 1, COLS - 2, f->label, a | A_BOLD);
	room = COLS - x - 1;
	/* The right text gives way first when the bar is narrow. */
	if (rw + 2 <= room - 8) {
		ui_draw_str(ui, w, 0, COLS - rw - 1, rw, right, a);
		room -= rw + 2;
	}
	if (room < 1)
		return;
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
}
