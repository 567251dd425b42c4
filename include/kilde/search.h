/* search.h - Unicode-aware search: case folding and Danish-aware diacritic
 * folding, matches in one article, and the corpus-wide keyword-in-context
 * (KWIC) concordance. Pure C, no ncurses.
 *
 * How matching works
 * ------------------
 * Text and pattern are both turned into a folded key, and the pattern's key
 * is looked for in the text's key. The key keeps, for every byte, the span of
 * original bytes it came from, so a match is reported (and highlighted) in
 * original byte offsets.
 *
 * Folding goes one character cluster at a time (a character and the
 * combining marks after it), so NFD input folds exactly like NFC input:
 *  - every run of white space (spaces, tabs, newlines, NBSP, any Unicode
 *    White_Space) becomes one space; a pattern's runs do too, so a phrase
 *    matches across line breaks and wraps. Default-ignorable characters
 *    (soft hyphen, zero-width joiner...) are dropped.
 *  - SEARCH_FOLD_CASE: full Unicode case folding (u8_casefold), so `søren`
 *    finds `SØREN` and `straße` finds `STRASSE`.
 *  - SEARCH_FOLD_MARKS (the Danish way): compatibility decomposition (NFKD)
 *    with combining marks dropped (é->e, ö->o, ﬁ->fi), except that
 *      å (and a + combining ring) -> "aa", so `Aalborg` == `Ålborg`;
 *      æ -> "ae", so `aerø` finds `Ærø`;
 *      ø stays ø in the key, and the matcher lets a pattern `o` or `oe`
 *      match a text ø, and a pattern ø match a text ø, `oe` or `o`.
 *    So `Thogersen`, `Thoegersen` and `Thøgersen` all find `Thøgersen`, and
 *    `Thøgersen` also finds `Thoegersen` and `Thogersen`. A pattern `o`
 *    never matches a text `oe` (else `dos` would find `does`).
 *    (These ø rules work on the case-folded key; with SEARCH_FOLD_MARKS
 *    but without SEARCH_FOLD_CASE they apply to lower-case o/ø only.)
 *  - Without SEARCH_FOLD_MARKS (exact mode) the key is NFC: accents and
 *    æ/ø/å must match as written (still case-insensitive if
 *    SEARCH_FOLD_CASE is set).
 * Patterns: surrounding double quotes ("...", “...”, „...“, »...«) are
 * removed; inside or outside quotes, words match as a phrase across any run
 * of white space. Leading and trailing white space is ignored. Matches are
 * plain substrings of the key (no word boundaries): `a` finds the å of
 * `Ålborg`, as `e` finds é. */
#ifndef KILDE_SEARCH_H
#define KILDE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kilde/corpus.h"

enum {
	SEARCH_FOLD_CASE = 1u << 0,
	SEARCH_FOLD_MARKS = 1u << 1,
	/* search_kwic and search_kwic_any only: a hit must be whole words
	 * (China is not found in chinapost), as a cross-reference is */
	SEARCH_WHOLE_WORDS = 1u << 2,
};
/* The default mode, and what the exact-matching toggle switches to. */
#define SEARCH_MODE_DEFAULT (SEARCH_FOLD_CASE | SEARCH_FOLD_MARKS)
#define SEARCH_MODE_EXACT SEARCH_FOLD_CASE

struct search_grep_options {
	bool exact; /* no diacritic folding (case still folds) */
	bool tsv;   /* TSV instead of aligned text */
	int width;  /* total width of the aligned output */
};

/* A folded key. ostart[i]..oend[i] is the original byte span that key byte
 * i came from (NULL when built without a map). All owned. */
struct search_folded {
	char *s;
	size_t len;
	uint32_t *ostart, *oend;
};

/* Folds text (UTF-8; invalid bytes fold as U+FFFD) under mode. Texts longer
 * than 4 GiB are not supported (articles are capped at 64 MiB). */
void search_fold(const char *text, size_t len, unsigned mode, bool want_map,
                 struct search_folded *out);
void search_folded_free(struct search_folded *f);

/* search_fold for many texts in turn: the buffers and the cache of
 * folded characters are kept from one text to the next (a fold per text
 * costs more in allocation and case mapping than in folding). The result
 * lives until the next fold or search_folder_free. The cache is for one
 * mode: fold every text of one folder under the same mode. */
struct search_folder;
struct search_folder *search_folder_new(bool want_map);
const struct search_folded *search_folder_fold(struct search_folder *sf,
                                               const char *text, size_t len,
                                               unsigned mode);
void search_folder_free(struct search_folder *sf);

/* A pattern ready to be matched many times. */
struct search_pattern {
	char *key; /* folded pattern, owned */
	size_t len;
	unsigned mode;
	bool oslash; /* key has o or ø and marks fold: needs the ø matcher */
};

/* Returns 0, or -1 if the pattern is empty once quotes and white space are
 * gone (nothing to find; pat is then empty but safe to free). */
int search_compile(struct search_pattern *pat, const char *pattern,
                   unsigned mode);
void search_pattern_free(struct search_pattern *pat);

/* One match in original byte offsets. */
struct search_match {
	size_t off, len;
};

/* All matches of pat in a folded text, non-overlapping (in original
 * offsets), in order. *out is malloc'd (NULL when none). Returns count. */
size_t search_find_folded(const struct search_pattern *pat,
                          const struct search_folded *f,
                          struct search_match **out);

/* All matches of pattern in text under mode. Convenience wrapper. */
size_t search_find_all(const char *text, size_t len, const char *pattern,
                       unsigned mode, struct search_match **out);

/* What search_find_all finds, by the way search_kwic takes for one key
 * of printable ASCII without a space: folding only the stretches around
 * where a match could be (for tests, against search_find_all). Returns
 * false, with nothing found, for a key or text that way cannot take. */
bool search_find_sparse(const char *text, size_t len, const char *pattern,
                        unsigned mode, struct search_match **out, size_t *n);

/* Index of the next match starting after off (forward) or the last one
 * starting before off (backward); with wrap, goes round the ends. Returns
 * -1 when there is none. */
long search_next(const struct search_match *m, size_t n, size_t off,
                 bool forward, bool wrap);

/* For incremental search from where the person was: the first match
 * starting at or after off (forward), or the last one starting at or
 * before off (backward), going round the ends. -1 when n is 0. */
long search_nearest(const struct search_match *m, size_t n, size_t off,
                    bool forward);

/* ---- keyword in context -------------------------------------------- */

/* Context kept on each side of a hit, in bytes of original text (cut at
 * grapheme boundaries): about 200 columns of Latin text per side, enough
 * for the widest terminals, while 100,000 hits stay around 40 MB. */
#define SEARCH_KWIC_CONTEXT_BYTES 200

struct search_kwic_hit {
	size_t article;  /* index in the corpus */
	size_t off, len; /* hit in the article's text, original bytes */
	char *left;      /* text before the hit, white space runs as one
	                    space, no newlines (owned) */
	char *hit;       /* the hit as written, white space as above (owned) */
	char *right;     /* text after the hit, as left (owned) */
};

struct search_kwic {
	const struct corpus *c;       /* not owned; must outlive the list */
	struct search_kwic_hit *hits; /* owned */
	size_t n, cap;
};

enum search_kwic_key {
	SEARCH_KWIC_POSITION, /* article order, then offset (as found) */
	SEARCH_KWIC_SOURCE,   /* source, then date, then position */
	SEARCH_KWIC_DATE,     /* date (undated last), then source, position */
	SEARCH_KWIC_LEFT,     /* words leftwards from the hit (1L, 2L, ...) */
	SEARCH_KWIC_RIGHT,    /* words rightwards from the hit (1R, 2R, ...) */
};

/* Concordance of pattern over every article of c. On a large corpus the
 * articles are split over one thread per core (hits still come in corpus
 * order); c must not change meanwhile. Returns the number of
 * hits (0 also for an empty pattern). kw must be zeroed or freed before. */
size_t search_kwic(const struct corpus *c, const char *pattern, unsigned mode,
                   struct search_kwic *kw);
/* The same for several patterns at once (the variants of a
 * cross-reference term, in several languages): a hit for any of them, one
 * hit per stretch of text where variants overlap (the longest wins). Empty
 * patterns are ignored. */
size_t search_kwic_any(const struct corpus *c, const char *const *patterns,
                       size_t npatterns, unsigned mode, struct search_kwic *kw);
/* search_kwic_any over the articles arts[0..narts) only, numbers in
 * increasing order (a list out of order, or with a number past the
 * corpus, searches every article): the candidates of wordidx. */
size_t search_kwic_among(const struct corpus *c, const char *const *patterns,
                         size_t npatterns, unsigned mode, const uint32_t *arts,
                         size_t narts, struct search_kwic *kw);
/* search_kwic_among (arts NULL: search_kwic_any) on a thread of its own,
 * for a concordance that shows its first hits at once and fills in: the
 * articles are cut into chunks of 64 that one thread per core takes in
 * turn, and a chunk's hits are published once every chunk before it is,
 * so they come in corpus order. Once complete, the hits taken are
 * exactly search_kwic_among's, in the same order. The patterns and arts
 * are copied; c must not change until search_kwic_stream_free. */
struct search_kwic_stream;
struct search_kwic_stream_hooks {
	/* Called on a search's thread after it found each chunk but the
	 * last (and published what it could); true stops the search there
	 * (it then counts as complete). May be NULL. */
	bool (*pause)(void *ctx);
	void *ctx;
};
struct search_kwic_stream *
search_kwic_stream_start(const struct corpus *c, const char *const *patterns,
                         size_t npatterns, unsigned mode, const uint32_t *arts,
                         size_t narts,
                         const struct search_kwic_stream_hooks *hooks);
/* Moves the hits published since the last take to the end of kw (zeroed
 * the first time; its strings are then kw's) and says how many of total
 * articles have been searched (either may be NULL). Returns true once the
 * search is complete and every hit was taken. Not for two threads at
 * once. */
bool search_kwic_stream_take(struct search_kwic_stream *st,
                             struct search_kwic *kw, size_t *done,
                             size_t *total);
/* Blocks until the first chunk has been published, or, with all, until
 * the search is complete. */
void search_kwic_stream_wait(struct search_kwic_stream *st, bool all);
/* Stops the search where it is, waits for its thread and frees it with
 * the hits not taken. NULL is fine. */
void search_kwic_stream_free(struct search_kwic_stream *st);
/* Sorts by key; ties go by position, so the order is fully determined. */
void search_kwic_sort(struct search_kwic *kw, enum search_kwic_key key);
void search_kwic_free(struct search_kwic *kw);

/* One concordance line, display width exactly left_cols + right_cols:
 * the left context right-aligned in left_cols (cut at its left end, never
 * inside a grapheme; its last column is a gap space), then the hit and the
 * right context in right_cols (cut at the right, padded with spaces). A
 * wide character that does not fit is replaced by padding. hit_off and
 * hit_len (may be NULL) receive the hit's bytes in the returned line, for
 * highlighting. Returns a malloc'd string. */
char *search_kwic_format_line(const struct search_kwic_hit *hit, int left_cols,
                              int right_cols, size_t *hit_off, size_t *hit_len);

/* s cut or padded with spaces to exactly cols display columns, never
 * splitting a grapheme. Malloc'd. Also used for the source column. */
char *search_fit_width(const char *s, size_t n, int cols);

/* A key for sorting names and titles: case folded, marks dropped, and the
 * Danish letters æ, ø, å (aa stays aa) put after z in that order. Compare
 * with strcmp. Malloc'd. */
char *search_collate_key(const char *s, size_t n);

/* kilde --grep: prints the concordance of pattern over the corpus.
 * Returns the number of hits. */
size_t search_grep_print(const struct corpus *c, const char *pattern,
                         const struct search_grep_options *opt, FILE *out);
/* The same, reading the corpus first: loads paths into c (as
 * corpus_load_scan: a file the grepscan prefilter rules out is not
 * decoded, and only the articles with hits get their date detected, the
 * only metadata printed) and searches each text on the thread that read
 * it, so memory holds the hits and one text a thread, not the corpus.
 * Prints exactly what search_grep_print prints after a corpus_load. */
size_t search_grep_files(struct corpus *c, char *const paths[], size_t npaths,
                         const char *pattern,
                         const struct search_grep_options *opt, FILE *out);

/* For the benchmark: one corpus-wide KWIC search in the default mode,
 * results thrown away. Returns the number of hits. */
size_t search_bench(const struct corpus *c, const char *pattern);

#endif
