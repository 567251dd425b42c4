/* ui_story.h - the article list by story (ui_story.c): each story of the
 * index (story.h, grouped by the index worker) a header row that folds and
 * unfolds, its articles beneath, under the list's filter and sort
 * (ui_list.h). The rows are made here, when the filter, the sort, a fold
 * or the index changes, never per key: the list view only walks them.
 * UI modules only. */
#ifndef KILDE_UI_STORY_H
#define KILDE_UI_STORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/story.h"
#include "kilde/ui_core.h"

/* One row of the list by story. */
struct ui_story_row {
	uint32_t story;  /* as numbered by story_get */
	uint32_t art;    /* the article; a header's is its story's first
	                    article listed, which the panes then show */
	bool header;
};

struct ui_story {
	bool on;                     /* the list shows stories */
	const struct story_set *set; /* the rows were made from it (owned by
	                                ui_xref); NULL: none made */
	bool sorted;                 /* ui->order's order within a story,
	                                else the story's date order */
	bool *open;                  /* per story: unfolded (owned) */
	size_t *first, *count;       /* per story: its articles listed, in
	                                arts (owned) */
	uint32_t *arts;              /* the listed articles by story (owned) */
	size_t nlisted;              /* how many arts holds */
	size_t *artpos;              /* per article: its place in arts, or
	                                SIZE_MAX (owned) */
	size_t *hdrrow;              /* per story: its header's row, SIZE_MAX
	                                when the filter leaves it nothing */
	size_t *shownno;             /* per story: its place among the stories
	                                shown, from 0 (owned) */
	size_t nshown;               /* stories with a header row */
	size_t *artrow;              /* per article: its row, SIZE_MAX when
	                                folded away or filtered out (owned) */
	struct ui_story_row *rows;   /* owned */
	size_t nrows, rowcap;
	size_t cur;                  /* the list's cursor row */
};

/* Allocates ui->sv (the plain list). */
void ui_story_init(struct ui *ui);
void ui_story_done(struct ui *ui);
/* Whether the list shows stories now: on, and the index's stories are in
 * (until then the plain list stands in). */
bool ui_story_active(const struct ui *ui);
/* S: the plain list or the list by story, every story folded but the
 * selected article's. */
void ui_story_toggle(struct ui *ui);
/* The list's filter or sort changed (sorted: the articles of a story in
 * ui->order's order, else in the story's date order), the corpus was
 * replaced, or the index came (ui_story_refresh: the order as before):
 * the rows again, the cursor on the selection. Without the index's
 * stories (a replaced corpus) the rows are dropped. */
void ui_story_rebuild(struct ui *ui, bool sorted);
void ui_story_refresh(struct ui *ui);
/* Unfolds (open) or folds story s; the cursor goes to its header when it
 * is folded. */
void ui_story_fold(struct ui *ui, size_t s, bool open);
/* The selection changed from outside the list (a jump, J/K): the cursor
 * follows it, unfolding its story if that is folded. */
void ui_story_follow(struct ui *ui);
/* J/K in the list by story: the listed article after (dir 1) or before
 * (-1) art in story order, folded or not; art itself at an end. */
long ui_story_step(const struct ui *ui, size_t art, int dir);
/* Moves the cursor to row r (clamped) and selects its article. */
void ui_story_move(struct ui *ui, size_t r);
/* The story of the selected article, for the title bar: its place among
 * the stories shown (from 1) and their count, and its label; false when
 * the list does not show stories. */
bool ui_story_current(const struct ui *ui, size_t *no, size_t *n,
                      const char **label);

#endif
