/* ui_search.h - search in the open article (ui_search.c): / and ? search
 * the reader's text as the prompt's text changes (search.h: case and
 * Danish diacritics folded unless exact matching is on), every match is
 * highlighted over the reader's other highlights, Enter keeps the search
 * (n/N step it), Esc returns to where the reader was. It reads the place
 * the reader shows (ui->rd) and asks the loop to scroll it
 * (UI_REQ_READER_OFF); it opens no prompt and calls no view.
 * UI modules only. */
#ifndef KILDE_UI_SEARCH_H
#define KILDE_UI_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "kilde/search.h"
#include "kilde/ui_core.h"
#include "kilde/ui_draw.h"

/* Its row in the table of jobs and parts: a corpus change forgets the
 * matches and the folded text. */
extern const struct ui_job_ops ui_search_job;

void ui_search_init(struct ui *ui);
void ui_search_done(struct ui *ui);
/* / (forward) or ? : starts a search from where the reader is, false
 * (reported) when there is no article to search. The caller opens the
 * prompt. */
bool ui_search_start(struct ui *ui, bool forward);
/* The prompt's text changed (incremental search), or was accepted or
 * cancelled. */
void ui_search_changed(struct ui *ui, const char *text);
void ui_search_accept(struct ui *ui);
void ui_search_cancel(struct ui *ui);
/* n (forward) / N: steps the reader's matches. Returns false when no
 * search is active in the reader, so the caller can fall through to the
 * cross-references. */
bool ui_search_step(struct ui *ui, bool forward);
/* Makes patterns the reader's active search on the open article, current
 * match the one at (or after) byte off of the article's text. */
void ui_search_activate(struct ui *ui, const char *const *pats, size_t n,
                        size_t off);
void ui_search_clear(struct ui *ui);
/* Exact matching on or off (said in the status bar unless a prompt is
 * open); typing: the search prompt is open with that text (searched again
 * at once), else NULL. */
void ui_search_toggle_exact(struct ui *ui, bool prompt_open,
                            const char *typing);
/* SEARCH_MODE_DEFAULT or SEARCH_MODE_EXACT. */
unsigned ui_search_mode(const struct ui *ui);
/* Whether a kept search is active (highlights shown, n/N step them). */
bool ui_search_active(const struct ui *ui);
/* The patterns of the search (several for a term's variants). */
const char *const *ui_search_patterns(const struct ui *ui, size_t *n);
/* The byte offset of the current match in the reader's text, when a
 * kept search has one in the article the reader shows. */
bool ui_search_current_off(const struct ui *ui, size_t *off);
/* The current match (-1 none) and the number of matches. */
void ui_search_matches(const struct ui *ui, long *cur, size_t *n);
/* The reader's highlights with the search matches laid over them. */
const struct ui_span *ui_search_spans(struct ui *ui, long art,
                                      const struct ui_span *base,
                                      size_t nbase, size_t *n);
/* Appends "  match 3/11" and "  exact" to the status text. */
void ui_search_status(const struct ui *ui, char *buf, size_t n);

#endif
