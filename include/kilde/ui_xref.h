/* ui_xref.h - cross-references in the interface (ui_xref.c): the index
 * built in a worker thread while the list is already on screen, what the
 * views show of it (the reader's highlights, the info pane's entries, the
 * articles' labels), and the browser-like history of reading places. It
 * calls no view: following a cross-reference is ui_nav.c's.
 *
 * Only the UI modules include this header (it sees <curses.h> through
 * ui_core.h). */
#ifndef KILDE_UI_XREF_H
#define KILDE_UI_XREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/ui_core.h"
#include "kilde/ui_draw.h"
#include "kilde/provenance.h"
#include "kilde/story.h"
#include "kilde/xnav.h"
#include "kilde/xref.h"

/* --- the index -------------------------------------------------------- */

/* Its row in the table of jobs: start, poll, busy, join, the corpus
 * replaced (indexed again), stop, free. */
extern const struct ui_job_ops ui_xref_job;

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
/* A correction was saved: fresh (taken over) is the configuration read
 * again, whose aliases the index is built with from now on (also after a
 * corpus change). The running worker is stopped and joined, the views
 * drop the old index at once, and a new worker builds the new one; the
 * history of places stays. */
void ui_xref_reindex(struct ui *ui, struct config *fresh);
/* The alias lines ("id\tDisplay|variant...") the index is built with. */
void ui_xref_aliases(const struct ui *ui, char *const **lines, size_t *n);
/* The index, or NULL while it is being built. */
const struct xref_index *ui_xref_index(const struct ui *ui);
/* The stories grouped from the index (story.h), built with it by the
 * worker; NULL while it is being built. */
const struct story_set *ui_xref_stories(const struct ui *ui);
/* What each article repeats and had first (provenance.h), built with the
 * index by the worker; NULL while it is being built. */
const struct provenance_index *ui_xref_provenance(const struct ui *ui);
/* What the status bar shows about the index ("indexing…"), or NULL. */
const char *ui_xref_status(const struct ui *ui);
/* The article's short label (xnav_label), "" before the index is ready. */
const char *ui_xref_label(const struct ui *ui, size_t art);
/* How the bars and the list name who published art: its outlet
 * (article_outlet) when anything says, else its short label, else (before
 * the index is ready) the file's part before the first '_', else the
 * source; never a long file name when a label exists. buf (n bytes) may
 * hold the result. */
const char *ui_xref_source(const struct ui *ui, size_t art, char *buf,
                           size_t n);
/* Terms the article shares, or -1 while indexing. */
long ui_xref_article_count(const struct ui *ui, size_t art);

/* --- the reader -------------------------------------------------------- */

/* The attribute an occurrence of t is drawn in: by kind and spread, or
 * xref_current for the current one; without colour, attributes alone. */
attr_t ui_xref_attr(const struct ui *ui, const struct xref_term *t, bool cur);
/* Whether the reader highlights t: not a common term (one more than
 * common_share percent of the articles have), unless highlight_common. */
bool ui_xref_highlighted(const struct ui *ui, const struct xref_term *t);
/* Fills *spans with one span per occurrence of the article's terms, in
 * the order of xref_occs (so span i is occurrence i); occurrence cur is
 * drawn as the current one; a term not highlighted (ui_xref_highlighted)
 * gets an empty span unless it is current. converted: the reader shows the text through
 * ui_display_text, so offsets are mapped into that text. */
void ui_xref_spans(struct ui *ui, size_t art, long cur, bool converted,
                   struct ui_span **spans, size_t *n, size_t *cap);
/* What the status bar says of the term in hand, the k-th of n (the
 * reader's current occurrence, the info pane's selected row): "xref 3/25:
 * name · Feng Tie · 4 articles · Enter follows", key being the bound key
 * that follows it (no "follows" part when NULL). The name is cut (by
 * display columns, with "…") so that the whole fits in cols where it can.
 * Malloc'd, UTF-8 (the bar converts it for the terminal and cuts what
 * still does not fit); NULL without an index. */
char *ui_xref_describe(const struct ui *ui, uint32_t term, size_t k,
                       size_t n, const char *key, int cols);
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

/* --- history ----------------------------------------------------------- */

/* Before a jump (open from the list, J/K, follow): remembers the place
 * being left. */
void ui_history_jump(struct ui *ui);
/* The reader is about to show another article than p's, which the person
 * read: the place to come back to if the next jump starts from the list. */
void ui_history_leave(struct ui *ui, const struct xnav_pos *p);
/* Back (or forward): where to go from the reader's place (or, from
 * another pane, from the place read last); false if nowhere. */
bool ui_history_move(struct ui *ui, bool back, struct xnav_pos *to);
/* On while our own jump loads an article (the place it leaves is not
 * remembered as read). */
void ui_history_navigating(struct ui *ui, bool on);
/* The reader's place (ui->rd) as a history position; false if it shows
 * nothing. *visited (may be NULL): the person has had the article in front
 * of them with the focus since it was opened. */
bool ui_xref_reading(const struct ui *ui, struct xnav_pos *p, bool *visited);

#endif
