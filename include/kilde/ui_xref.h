/* ui_xref.h - cross-references in the interface: the index built in a
 * worker thread while the list is already on screen, the highlights and
 * n/N stepping in the reader, the info pane's list, the chooser and matrix
 * overlays, and the browser-like history of reading places.
 *
 * Only the UI modules include this header (it sees <curses.h> through
 * view.h). */
#ifndef KILDE_UI_XREF_H
#define KILDE_UI_XREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/view.h"
#include "kilde/xnav.h"
#include "kilde/xref.h"

/* --- the index -------------------------------------------------------- */

/* Allocates ui->xr and starts a worker thread that takes the index from
 * the cache (ui->opt->cache_stem) or builds it, then writes the cache.
 * While the texts of a corpus from the cache are not in yet
 * (ui_load_texts_ready), a cache miss waits: ui_xref_poll starts the
 * build once they are. The corpus and the configuration must not change
 * while the worker runs. */
void ui_xref_start(struct ui *ui);
/* Waits for the index, building it here if it was waiting for the texts
 * (the headless --screen mode does, so that its screens are always the
 * same); the views are not told (they are laid out afterwards). */
void ui_xref_wait(struct ui *ui);
/* Waits for a running worker without telling the views (the next
 * ui_xref_poll does): before the UI thread changes the corpus. */
void ui_xref_join(struct ui *ui);
/* Whether the worker is still running (the main loop then wakes up every
 * few milliseconds to poll). */
bool ui_xref_busy(const struct ui *ui);
/* Quitting: cancels a running build (xref_options.cancel; reading a
 * cached index is short) and joins the worker. A worker already writing
 * the cache is let finish, so that the cache is whole. */
void ui_xref_stop(struct ui *ui);
/* Joins a finished worker and tells the views; starts the build that
 * waited for the texts once they are in. Cheap when nothing happened;
 * call after every wake-up of the main loop. */
void ui_xref_poll(struct ui *ui);
/* Joins the worker and frees everything. */
void ui_xref_free(struct ui *ui);
/* The index, or NULL while it is being built. */
const struct xref_index *ui_xref_index(const struct ui *ui);
/* What the status bar shows about the index ("indexing…"), or NULL. */
const char *ui_xref_status(const struct ui *ui);
/* The article's short label (xnav_label), "" before the index is ready. */
const char *ui_xref_label(const struct ui *ui, size_t art);
/* Terms the article shares, or -1 while indexing. */
long ui_xref_article_count(const struct ui *ui, size_t art);

/* --- the reader -------------------------------------------------------- */

/* The attribute an occurrence of t is drawn in: by kind and spread, or
 * xref_current for the current one; without colour, attributes alone. */
attr_t ui_xref_attr(const struct ui *ui, const struct xref_term *t, bool cur);
/* Fills *spans with one span per occurrence of the article's terms, in
 * the order of xref_occs (so span i is occurrence i); occurrence cur is
 * drawn as the current one. converted: the reader shows the text through
 * ui_display_text, so offsets are mapped into that text. */
void ui_xref_spans(struct ui *ui, size_t art, long cur, bool converted,
                   struct ui_span **spans, size_t *n, size_t *cap);
/* n / N in the reader: the next or previous occurrence becomes the
 * current one and is scrolled into view. One function so that search can
 * take n/N over while a search is active and call this otherwise. */
void ui_xref_step(struct ui *ui, int dir);
/* The term the person has in hand: the entry selected in the focused info
 * pane, else the reader's current occurrence (when the reader has the
 * focus); -1 if none or while indexing. */
long ui_xref_focused_term(struct ui *ui);
/* Enter in the reader: the chooser for the current occurrence's term. */
void ui_xref_follow(struct ui *ui);

/* --- the info pane --------------------------------------------------- */

struct ui_xref_entry {
	uint32_t term;
	char *text;     /* "John Suffolk — 001, 002", display charset (owned) */
	size_t termlen; /* bytes of text that are the term itself */
	attr_t attr;    /* how the term is drawn */
};
/* The article's terms, most shared first. Returns the count. */
size_t ui_xref_entries(struct ui *ui, size_t art, struct ui_xref_entry **out);
void ui_xref_entries_free(struct ui_xref_entry *e, size_t n);

/* --- overlays and jumps ---------------------------------------------- */

/* Opens the chooser of the articles other than art that share term. */
void ui_xref_choose(struct ui *ui, size_t art, uint32_t term);
/* Opens the term x article matrix. */
void ui_xref_matrix(struct ui *ui);
/* An action while an overlay is open: true if the overlay took it. */
bool ui_overlay_action(struct ui *ui, enum keys_action act);
void ui_overlay_close(struct ui *ui);
/* Opens art in the reader at occurrence occ of its cross-references (the
 * current one from then on; -1 for the top), remembering where the person
 * was in the history. */
void ui_xref_goto(struct ui *ui, size_t art, long occ);

/* --- history ----------------------------------------------------------- */

/* Before a jump (open from the list, J/K, follow): remembers the place
 * being left. */
void ui_history_jump(struct ui *ui);
/* The reader is about to show another article than p's, which the person
 * read: the place to come back to if the next jump starts from the list. */
void ui_history_leave(struct ui *ui, const struct xnav_pos *p);
/* Back and forward: true if there was somewhere to go. */
bool ui_history_back(struct ui *ui);
bool ui_history_forward(struct ui *ui);

/* --- the overlay views (view_chooser.c, view_matrix.c) ----------------- */

void view_chooser_set(struct ui *ui, struct view *v, size_t from,
                      uint32_t term);
/* Puts the matrix cursor on article art and term (or the first row). */
void view_matrix_set(struct ui *ui, struct view *v, size_t art, long term);

#endif
