/* ui_list.h - narrowing and ordering the article list, and what kilde
 * remembers about it (ui_list.c): the filter typed at f (filter.h), the
 * sort cycled with s, read marks and bookmarks (m), loaded from and saved
 * to the corpus's state file (state.h) by a saver thread, off the keys.
 * The list view draws the rows it makes (ui->order). UI modules only. */
#ifndef KILDE_UI_LIST_H
#define KILDE_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "kilde/filter.h"
#include "kilde/state.h"
#include "kilde/ui_core.h"

struct ui_list {
	struct filter filter;
	enum filter_sort sort;
	struct state st;
	bool st_ok;           /* st was loaded (saving is allowed) */
	bool st_later;        /* no articles yet to tell the folder by: the
	                         state is loaded when the names come */
	struct ui_list_saver *saver; /* writes st off the key path (owned) */
	size_t nunread;       /* articles not read, and bookmarked, kept */
	size_t nbookmarked;   /* as they change, for the title bar */
};

/* Its row in the table of jobs and parts: a new corpus gets its read
 * marks and its rows again; an article read is marked. */
extern const struct ui_job_ops ui_list_job;

/* Loads the state; mode: the search mode for filters (search.h). */
void ui_list_init(struct ui *ui, unsigned mode);
/* Saves what is left (waiting for the saver) and frees. */
void ui_list_done(struct ui *ui);
/* Article i was read: its mark is saved in the background. */
void ui_list_seen(struct ui *ui, size_t i);
/* The corpus was replaced: read marks from the state, and the filter and
 * the sort applied again (ui->seen has the new size, ui->sel is set). */
void ui_list_corpus_changed(struct ui *ui);
/* Applies a filter string, matched in search mode mode (search.h);
 * returns 0 or -1 (reported). */
int ui_list_filter(struct ui *ui, const char *s, unsigned mode);
/* The filter as typed (malloc'd). */
char *ui_list_filter_text(const struct ui *ui);
void ui_list_cycle_sort(struct ui *ui);
void ui_list_toggle_bookmark(struct ui *ui);
bool ui_list_bookmarked(const struct ui *ui, size_t i);
/* The list's next row from article i in direction dir (J/K): an article
 * index, or i itself at an end. */
long ui_list_step(const struct ui *ui, size_t i, int dir);
/* n / N in the list: selects the next (dir 1) or previous (-1) unread
 * article in the list's order, going round at the end. */
void ui_list_step_unread(struct ui *ui, int dir);
/* The counts of the title bar: "2 of 5 articles · 3 unread · 1
 * bookmarked" (the part after "of" when a filter hides some; unread once
 * one was read; bookmarked when there are any). */
void ui_list_title(const struct ui *ui, char *buf, size_t n);
/* Appends "  filter: ..." and "  sort: ..." to the status text. */
void ui_list_status(const struct ui *ui, char *buf, size_t n);

#endif
