/* layout.h - display-column arithmetic and word wrapping.
 *
 * Widths are terminal columns (libunistring's u8_width / uc_width), never
 * bytes. Wrapping uses libunistring's line-breaking opportunities and never
 * splits a grapheme cluster; a word wider than the line is broken at a
 * grapheme boundary. No ncurses here. */
#ifndef KILDE_LAYOUT_H
#define KILDE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* One display line: a slice of the source text. */
struct layout_line {
	size_t off;      /* byte offset into the text */
	size_t len;      /* bytes, without the trailing newline or break space */
	int width;       /* display columns of text[off..off+len) */
	bool para_start; /* first line of a paragraph */
	bool fold;       /* a folded range (layout_fold): off and len are the
	                    whole range, width is 0, nothing of it is wrapped */
};

/* A range of the text shown as one line instead of its own lines (page
 * clutter a reader folds away): whole lines, from a line's start to the
 * end of a line (its LF not included). */
struct layout_fold {
	size_t off, len;
};

struct layout {
	struct layout_line *lines;
	size_t n;
	size_t cap;
	int width; /* the width it was wrapped to */
	/* Wrapping on demand (layout_begin): the text, not owned, which must
	 * outlive the layout until it is complete; done is how many of its
	 * bytes are wrapped into lines so far, always up to the end of a
	 * paragraph. The layout is complete when done == len (text is then
	 * NULL and no longer looked at). */
	const char *text;
	size_t len;
	size_t done;
	/* Ranges to fold (layout_set_folds), sorted, not overlapping, not
	 * owned: each becomes one line with fold set. nextfold is the first
	 * that may still lie ahead of done. */
	const struct layout_fold *folds;
	size_t nfolds, nextfold;
};

/* How many bytes a layout_need_* call that has to wrap wraps at least
 * (when that many are left): a text this short is complete after the
 * first call, with its exact line count, and a long one is wrapped a step
 * at a time as it is read, never all at once unless its end is asked
 * for. */
#define LAYOUT_STEP ((size_t)64 * 1024)

/* Wraps text (clean text, see text.h) to width columns (width >= 1).
 * Replaces whatever lo held. Every line's width is <= width.
 * Each LF-separated line of text is a paragraph: it starts a new display
 * line with para_start set, and an empty one stays one empty line (a final
 * LF adds no line; empty text gives no lines). A single LF after a line
 * that ends a sentence (. ! ? or …, then perhaps closing quotes or
 * brackets) before a line with text adds an empty line too, on the LF
 * (off at the LF, len 0, para_start false): scraped articles often
 * separate paragraphs by one LF. Lines break at UAX #14
 * opportunities that are also grapheme boundaries; spaces at a break are
 * in neither line; a word wider than width is cut between graphemes. A
 * grapheme wider than the whole width (a CJK character at width 1) cannot
 * be shown without overflowing and is left out. O(len). */
void layout_wrap(struct layout *lo, const char *text, size_t len, int width);
void layout_free(struct layout *lo);

/* The same layout as layout_wrap, made paragraph by paragraph as lines
 * are asked for (a long article opens and scrolls without wrapping all of
 * it): replaces whatever lo held and makes no line yet. Each of the
 * layout_need_* calls below does nothing when what it asks for exists;
 * else it wraps whole paragraphs until it does and at least LAYOUT_STEP
 * bytes were wrapped (or the text is done). The lines made are exactly layout_wrap's first lines. One
 * paragraph (one LF-separated line of the text) is the unit of work: a
 * single paragraph of a megabyte is wrapped in one go. */
void layout_begin(struct layout *lo, const char *text, size_t len, int width);
/* After layout_begin, before any line is made: the ranges of the text
 * that become one fold line each (NULL, 0 for none). They must outlive
 * the layout's wrapping. A position inside a fold is on its line, so
 * layout_line_of and layout_need_off work for every byte. */
void layout_set_folds(struct layout *lo, const struct layout_fold *folds,
                      size_t n);
/* Makes line i exist, if the text has that many lines. */
void layout_need_line(struct layout *lo, size_t i);
/* Makes the line holding byte off exist, complete. */
void layout_need_off(struct layout *lo, size_t off);
/* Wraps the rest of the text. */
void layout_finish(struct layout *lo);
/* Whether every line exists (lo->n is the total). */
bool layout_complete(const struct layout *lo);
/* Index of the line that contains byte offset off (the last line if off is
 * past the end), among the lines made so far (see layout_need_off). */
size_t layout_line_of(const struct layout *lo, size_t off);

/* Display width of a UTF-8 string (n bytes). */
int layout_width(const char *s, size_t n);
/* Longest prefix of s (n bytes) that fits in cols columns without splitting
 * a grapheme; returns its byte length and stores its width in *w. */
size_t layout_fit(const char *s, size_t n, int cols, int *w);
/* Copies s into a malloc'd string that fits in cols columns, ending in "…"
 * when it had to be cut (or "~" when ascii_only). Never splits a grapheme. */
char *layout_truncate(const char *s, int cols, bool ascii_only);
/* Byte length of the grapheme cluster starting at s (n bytes available). */
size_t layout_grapheme_len(const char *s, size_t n);

#endif
