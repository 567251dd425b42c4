/* ui_load.h - the warm start: a corpus that came from the cache
 * (every article's metadata, no texts, the disk not checked yet) is drawn
 * at once, while a loader thread reads the corpus again from the disk. At
 * the main loop's poll points the result is taken in: the same corpus
 * (same fingerprint, same files) gives the articles their texts; a
 * changed one replaces the corpus, and the interface starts over on it.
 * Until then an article's text is read on demand (ui_article_text), and
 * work over every article's text waits for the loader (ui_load_wait).
 * Without a cache the interface starts from nothing: the loader lists
 * the folders (corpus_list) behind the first frame, the names replace the
 * empty corpus, and the loader reads the files next, counting them in the
 * status bar (ui_load_status), the corpus read replaces the names, and
 * the loader then goes again for its texts as on a warm start.
 *
 * Only the UI modules include this header (it sees <curses.h> through
 * ui_core.h). */
#ifndef KILDE_UI_LOAD_H
#define KILDE_UI_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "kilde/clutter.h"
#include "kilde/ui_core.h"

/* Its row in the table of jobs: start, poll, busy, the corpus replaced
 * (the texts read on demand go), stop, free. */
extern const struct ui_job_ops ui_load_job;

/* Starts the loader thread if the articles have no texts
 * (ui->opt->texts_later); does nothing otherwise. For a corpus with a spill
 * file (see corpus_load_meta) it waits while the index is being built from
 * that file, so that the texts and the build are never in memory at once:
 * ui_load_poll starts it after, ui_load_wait at once. */
void ui_load_start(struct ui *ui);
/* Whether the loader is still reading (the main loop then wakes up every
 * few milliseconds to poll). */
bool ui_load_busy(const struct ui *ui);
/* Whether every article has its text (or gets it on demand only because
 * the loader is not done): false only while a corpus from the cache has
 * not been checked against the disk yet. The index can be built once
 * this is true. */
bool ui_load_texts_ready(const struct ui *ui);
/* Takes in what a finished loader read: adopts the texts, or replaces a
 * corpus that changed on disk. Cheap when nothing happened; call after
 * every wake-up of the main loop. */
void ui_load_poll(struct ui *ui);
/* Waits for the loader and takes in what it read (work over every
 * article's text needs it). Says "loading articles…" in the status bar
 * first when it has to block. Returns true if the corpus changed on disk
 * and was replaced: article indices the caller holds mean nothing then. */
bool ui_load_wait(struct ui *ui);
/* The same without a word on the screen (the headless --screen mode, which
 * waits before its first frame). */
void ui_load_wait_quiet(struct ui *ui);
/* A file of the corpus was changed from kilde (e opened an editor on it):
 * reads the corpus again now, on this thread, and replaces the one on
 * screen as a change found at start-up does (selection kept by file
 * name, the index built again). Returns true if it changed. */
bool ui_load_reread(struct ui *ui);
/* Whether the folders are still being listed (a cold start draws its
 * first frame before; ui_options.names_later): the list is empty. */
bool ui_load_listing(const struct ui *ui);
/* "reading the folder…" while the folders are listed, then
 * "reading 41,200 of 100,000" while the files of a corpus that showed
 * names only (a cold start) are read, else NULL. */
const char *ui_load_status(struct ui *ui);
/* Tells the loader a key came: it pauses while keys keep coming (100 ms
 * apart or closer), unless something waits for it. */
void ui_load_key(struct ui *ui);

/* The text of article i, read from its file now if the loader has not
 * delivered it yet (on the UI thread: one file). Never NULL: a file that
 * can no longer be read gives "". Sets *len if len is not NULL. A text
 * read now is kept beside the article, not in it (the loader and the index
 * worker read the articles meanwhile), and goes into it once both are
 * joined. */
const char *ui_article_text(struct ui *ui, size_t i, size_t *len);
/* The page clutter of article i's text (as ui_article_text gives it,
 * classified with the corpus's rules, as --dump and the index see it):
 * byte ranges, neighbours merged (clutter_spans), in a malloc'd array
 * (NULL when none). Returns their number. */
size_t ui_article_clutter(struct ui *ui, size_t i, struct clutter_span **out);
/* Quitting: tells a running loader to stop where it can (between files
 * while it reads the texts of the same corpus; a changed corpus is read to
 * the end) and joins it. */
void ui_load_stop(struct ui *ui);
/* Frees the loader (joining it). */
void ui_load_free(struct ui *ui);

#endif
