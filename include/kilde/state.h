/* state.h - what the reader remembers per corpus between runs: which
 * articles were read and which are bookmarked, keyed by article file name.
 *
 * One file per corpus in the state directory ($XDG_STATE_HOME/kilde/, by
 * default ~/.local/state/kilde/), named after a hash of the corpus folder's
 * absolute path ("<16 hex digits>.state"). The format is lines of text:
 *
 *     kilde-state 1
 *     corpus /abs/path/of/corpus
 *     read 000_78b0cf8d7ad02d3c.txt
 *     bookmark 003_92b029a54c8523d7.txt
 *
 * Names are percent-encoded where they hold '%', a control character or
 * leading/trailing space, so any file name fits on one line. Saves are
 * atomic (temporary file, fsync, rename). A file that does not parse is
 * renamed to NAME.corrupt-<unix time> and reported; it is never silently
 * overwritten. No ncurses here. */
#ifndef KILDE_STATE_H
#define KILDE_STATE_H

#include <stdbool.h>
#include <stddef.h>

#define STATE_VERSION 1

/* A set of names (open addressing). */
struct state_set {
	char **slots; /* owned names, NULL for empty */
	size_t cap, n;
};

struct state {
	char *dir;       /* state directory (owned) */
	char *corpus_id; /* absolute corpus path (owned) */
	char *path;      /* the state file (owned) */
	struct state_set read, bookmarks;
	bool no_save; /* loading failed for a reason other than a missing
	                 or corrupt file: saving could destroy data */
	bool dirty;   /* changed since load or save */
};

/* The state directory from the environment (XDG_STATE_HOME, else
 * HOME/.local/state), with "/kilde" appended. Malloc'd; NULL if neither
 * variable is set. */
char *state_default_dir(void);

/* The id of the corpus opened from path: its absolute, symlink-free path
 * (realpath), so `kilde corpus` and `kilde ./corpus/` share their marks.
 * Falls back to path itself if it cannot be resolved. Malloc'd. */
char *state_corpus_id(const char *path);

/* Loads the state of corpus_id from dir (NULL: state_default_dir()). A
 * missing file is an empty state. Returns 0 (st usable; *msg may still be
 * set, e.g. for a corrupt file kept aside) or -1 (st usable but empty and
 * will not be saved; *msg says why). *msg is malloc'd or NULL. */
int state_load(const char *dir, const char *corpus_id, struct state *st,
               char **msg);

bool state_is_read(const struct state *st, const char *file);
void state_set_read(struct state *st, const char *file, bool read);
bool state_is_bookmarked(const struct state *st, const char *file);
/* Returns the new value. */
bool state_toggle_bookmark(struct state *st, const char *file);

/* Writes the state atomically, creating the directory. Returns 0, or -1
 * and a malloc'd *msg; the previous file is then left as it was. */
int state_save(struct state *st, char **msg);

void state_free(struct state *st);

/* ---- prompt history ------------------------------------------------------
 *
 * What was typed at the prompts, for every corpus alike, in one file in
 * the state directory, "history":
 *
 *     kilde-history 1
 *     search huawei
 *     filter lang:da
 *
 * oldest first, one line per entry, "KIND TEXT" with TEXT percent-encoded
 * as the state's names are. Each kind keeps its PROMPT_HISTORY_MAX newest
 * lines. kinds[i] names the kind of h[i] (a word without spaces).
 */
struct prompt_history;

/* Loads the history file of dir (NULL: state_default_dir()) into h[0..n),
 * which must be empty. A missing file is an empty history. A file that
 * does not parse is renamed to history.corrupt-<unix time> and reported,
 * as the state file is. Returns 0, or -1 with h empty; *msg (malloc'd)
 * says what went wrong in either case, or is NULL. */
int state_history_load(const char *dir, const char *const *kinds,
                       struct prompt_history *h, size_t n, char **msg);
/* Adds the lines each h[i] got since it was loaded or saved (its fresh
 * ones) to what the file holds now (another kilde may have written it
 * meanwhile: its lines stay), keeps the newest PROMPT_HISTORY_MAX of each
 * kind, and writes the file atomically. Returns 0, or -1 and a malloc'd
 * *msg with the file left as it was (a file it cannot read or that a newer
 * kilde wrote is not overwritten). */
int state_history_save(const char *dir, const char *const *kinds,
                       struct prompt_history *h, size_t n, char **msg);

#endif
