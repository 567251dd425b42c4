/* ui_nav.h - what the loop does for the requests of the views and for
 * the actions that reach past one view (ui_nav.c): following a
 * cross-reference (n/N, Enter, the chooser, the matrix, back and forward),
 * the concordance and the comparison, and the views of the layers, which
 * it owns. Only ui.c calls it; it calls the views and the parts below
 * them, and nothing below calls it. UI modules only. */
#ifndef KILDE_UI_NAV_H
#define KILDE_UI_NAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"

/* The layers' views and what the loop keeps between keys. */
struct ui_nav {
	struct view help, chooser, matrix, timeline;
	struct view kwic; /* kept after Enter, so find can show it again */
	struct view cmp;  /* made for one look: freed when closed */
	long compare_first; /* c pressed: waiting for the second article */
};

/* Its row in the table of jobs and parts: a corpus change forgets the
 * concordance, the comparison, the pending compare and a search prompt. */
extern const struct ui_job_ops ui_nav_job;

void ui_nav_init(struct ui *ui);
void ui_nav_done(struct ui *ui);
/* The term the person has in hand: the entry selected in the focused info
 * pane, else the reader's current occurrence (when the reader has the
 * focus); -1 if none or while indexing. */
long ui_nav_term(struct ui *ui);
/* Does what a view asked for. */
void ui_nav_request(struct ui *ui, const struct ui_request *r);
/* Closes the top layer (the comparison is freed with it). */
void ui_nav_close_layer(struct ui *ui);
/* The help layer on or off. */
void ui_nav_help(struct ui *ui, bool open);
/* Opens the term x article matrix. */
void ui_nav_matrix(struct ui *ui);
/* Opens the timeline of the selected article's story. */
void ui_nav_timeline(struct ui *ui);
/* Before a jump (J/K, open from the list): remembers the place left. */
void ui_nav_jump(struct ui *ui);
/* Back and forward: true if there was somewhere to go. */
bool ui_nav_back(struct ui *ui);
bool ui_nav_forward(struct ui *ui);
/* w: the concordance of the term in hand or of the search. */
void ui_nav_where_else(struct ui *ui);
/* The find prompt's text accepted: its concordance, or with an empty
 * pattern the last one again. */
void ui_nav_find(struct ui *ui, const char *pattern);
/* c: remembers the selection as the first article to compare. */
void ui_nav_compare(struct ui *ui);
/* Enter in the list while a compare waits: the comparison; false if none
 * waits (Enter is the list's). */
bool ui_nav_compare_with(struct ui *ui);
/* Esc with no layer open: cancels a compare that waits; true if one did. */
bool ui_nav_compare_cancel(struct ui *ui);

#endif
