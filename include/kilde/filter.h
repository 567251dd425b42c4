/* filter.h - narrowing and ordering the article list: a filter typed by
 * the person (language, source, date range, mentions), and sorting by
 * date, source, title or number of shared cross-references. Pure; no
 * ncurses here.
 *
 * Filter strings are terms separated by spaces; a value with spaces is
 * quoted (key:"two words"):
 *     lang:da              language code as detected ("da", "en", "?")
 *     source:ritzau        source (corpus.ini's or the file's stem) or the
 *                          outlet the text names contains this (search
 *                          folding: case and Danish diacritics as in
 *                          search.h)
 *     date:2018..2019      inclusive range; either end may be left out
 *                          (date:2018.., date:..2019-06); a bound is YYYY,
 *                          YYYY-MM or YYYY-MM-DD; date:2018-05 alone means
 *                          that month. Undated articles never match.
 *     mentions:Suffolk     the text contains this (a phrase if quoted);
 *                          a bare word without a key means the same.
 *     is:unread            not read yet (is:read: read); is:bookmarked
 *                          (is:bm): bookmarked. What the person marked,
 *                          given to filter_match as marks.
 * Terms combine with AND; lang, source and date given twice keep the last.
 *
 * Sorting by source and title compares search_collate_key() keys: case
 * and accents ignored, æ ø å after z in Danish order. This is not a full
 * locale collation (no strcoll), so it is the same under any locale. */
#ifndef KILDE_FILTER_H
#define KILDE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "kilde/corpus.h"
#include "kilde/search.h"

struct filter {
	char lang[4]; /* "" = any */
	char *source; /* as typed, NULL = any (owned) */
	struct search_pattern source_pat;
	char date_from[11]; /* "YYYY-MM-DD" or "" for open */
	char date_to[11];
	char *date_raw;                      /* as typed, NULL = any (owned) */
	char **mentions;                     /* as typed (owned) */
	struct search_pattern *mention_pats; /* owned */
	size_t nmentions, mcap;
	unsigned mode; /* search mode for source and mentions */
	unsigned is;   /* FILTER_MARK_* bits that must be set, and ... */
	unsigned is_not; /* ... those that must not (is:unread) */
};

/* What the person marked on an article, for is: terms. */
enum {
	FILTER_MARK_READ = 1,
	FILTER_MARK_BOOKMARKED = 2,
};

/* Parses s into f (f is reset first; free it with filter_free either way).
 * An empty string is the empty filter. Returns 0, or -1 and a malloc'd
 * *msg saying what is wrong. */
int filter_parse(const char *s, unsigned mode, struct filter *f, char **msg);

bool filter_is_empty(const struct filter *f);

/* marks: the article's FILTER_MARK_* bits. */
bool filter_match(const struct filter *f, const struct article *a,
                  unsigned marks);

/* Writes the indices of matching articles into out (room for c->n) in
 * corpus order. Returns how many. marks[i] are article i's FILTER_MARK_*
 * bits (NULL: none marked). */
size_t filter_apply(const struct filter *f, const struct corpus *c,
                    const unsigned char *marks, size_t *out);
/* filter_apply where only the articles maybe[0..nmaybe) (increasing) can
 * have every mention (the word index's candidates): the others are not
 * matched, and their texts not searched. */
size_t filter_apply_among(const struct filter *f, const struct corpus *c,
                          const unsigned char *marks, const uint32_t *maybe,
                          size_t nmaybe, size_t *out);

enum filter_sort {
	FILTER_SORT_FILE,   /* corpus order (file name) */
	FILTER_SORT_DATE,   /* oldest first; undated last */
	FILTER_SORT_SOURCE, /* as the list shows it, then date */
	FILTER_SORT_TITLE,
	FILTER_SORT_XREFS, /* most shared cross-references first */
};

/* "file", "date", "source", "title", "xrefs". */
const char *filter_sort_name(enum filter_sort key);

/* Sorts idx[0..n) (indices into c). xref_counts[i] is the number of
 * shared cross-references of article i (needed for FILTER_SORT_XREFS,
 * else may be NULL). reverse flips the order of the key, not of ties,
 * which always go by corpus order. */
void filter_sort(size_t *idx, size_t n, const struct corpus *c,
                 enum filter_sort key, bool reverse, const size_t *xref_counts);

/* The filter as a string that filter_parse reads back, for the status bar;
 * "" for the empty filter. Malloc'd. */
char *filter_describe(const struct filter *f);

void filter_free(struct filter *f);

#endif
