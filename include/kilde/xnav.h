/* xnav.h - the pure side of following cross-references in the interface:
 * short article labels, the browser-like history of reading positions,
 * stepping from one occurrence to the next, and mention counts for the
 * matrix. No ncurses here, so all of it is unit-tested. */
#ifndef KILDE_XNAV_H
#define KILDE_XNAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/article.h"
#include "kilde/corpus.h"
#include "kilde/xref.h"

/* A short label for an article, the same everywhere (info pane, chooser,
 * matrix): the file's base name up to its first '_' when it has one and
 * something stands before it ("001_445b.txt" -> "001"), else the source.
 * Returns a malloc'd string. */
char *xnav_label(const struct article *a);

/* A place in the reader: the article, the byte offset of the first line
 * shown, and the current occurrence (index into xref_occs, -1 for none). */
struct xnav_pos {
	size_t art;
	size_t top_off;
	long occ;
	size_t end_off; /* past the last line shown (not part of the place:
	                   the same place at another height is the same) */
};

/* Back and forward stacks, as a browser keeps them: a jump pushes where
 * the person was onto back and forgets forward; back and forward move the
 * current place to the other stack. At most XNAV_HISTORY_MAX entries
 * each; the oldest go first. */
#define XNAV_HISTORY_MAX 256
struct xnav_history {
	struct xnav_pos *back, *fwd; /* owned */
	size_t nback, nfwd, backcap, fwdcap;
};

/* Remembers from before a jump. A place equal to the top of back is not
 * pushed twice. */
void xnav_jump(struct xnav_history *h, const struct xnav_pos *from);
/* Going back from cur: true and *to set, or false if there is nothing. */
bool xnav_back(struct xnav_history *h, const struct xnav_pos *cur,
               struct xnav_pos *to);
bool xnav_forward(struct xnav_history *h, const struct xnav_pos *cur,
                  struct xnav_pos *to);
void xnav_history_free(struct xnav_history *h);

/* The occurrence to go to from cur (an index into o[0..n), or -1) in
 * direction dir (1 next, -1 previous), the screen showing the bytes
 * [from_off, to_off). Like n in less, the step is from what is on the
 * screen: from cur when it is there, else (no current one, or the person
 * scrolled away from it) the first occurrence at or after from_off (next)
 * or the last before to_off (previous). Past either end it wraps around
 * and sets *wrapped. Returns -1 if there is none. */
long xnav_step(const struct xref_occ *o, size_t n, long cur, size_t from_off,
               size_t to_off, int dir, bool *wrapped);

/* Short labels for every article of c, unique in c and at most
 * XNAV_LABEL_COLS columns wide (malloc'd array of c->n malloc'd strings;
 * free with xnav_labels_free): the source corpus.ini gives, else the outlet
 * the article's text names (article_outlet, outlet.h), else the file's
 * base name up to its first '_' when it has one and something stands
 * before it ("001_445b.txt" -> "001"), else the shortest part of the file
 * name that tells it apart ("01-politiken-mette.txt" -> "01-politiken");
 * two from one outlet get the file's number or first part after it
 * ("B.T. 06"); a label that two articles would still share gets the folder
 * in front ("100/000123") or, failing that, a number after ("B.T.~2"). */
#define XNAV_LABEL_COLS 16
char **xnav_labels(const struct corpus *c);
void xnav_labels_free(char **labels, size_t n);

/* How often article art mentions term: each occurrence once, and a
 * shared passage once however many pieces the names and numbers inside it
 * cut it into. */
unsigned xnav_mentions(const struct xref_index *ix, size_t art, uint32_t term);

/* How often article art mentions each of the terms t0 .. t0+nt-1:
 * out[i] for term t0+i, counted as xnav_mentions does. */
void xnav_counts(const struct xref_index *ix, size_t art, uint32_t t0,
                 size_t nt, unsigned *out);
/* The same for rows that are not a run of terms: row_of[term] is the
 * term's row (UINT32_MAX: none); out[i] counts row r0+i, for nr rows. */
void xnav_counts_rows(const struct xref_index *ix, size_t art,
                      const uint32_t *row_of, size_t r0, size_t nr,
                      unsigned *out);

#endif
