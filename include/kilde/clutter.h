/* clutter.h - which lines of an article are its text and which are page
 * clutter: menus and navigation, banners, captions, bylines and datelines,
 * share, newsletter, cookie and comment widgets, ads, job and people
 * notices, "read more" teasers, tag lists. Decided from the text alone, in
 * the manner of jusText (length, function-word density, list-like lines,
 * then smoothing between neighbours), with cue lists from the configuration.
 * Also picks the title line. Pure core: no ncurses, no static state. */
#ifndef KILDE_CLUTTER_H
#define KILDE_CLUTTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The word lists that steer the rules, each sorted and case-folded (see
 * clutter_rules_init). An empty set of rules (all zero) classifies
 * nothing as clutter and takes the first line as the title. */
struct clutter_list {
	char **items; /* owned, lower case, sorted */
	size_t n;
	size_t *lens;   /* of each item, owned */
	uint8_t *flags; /* of each item: a plain word, where words bound it */
	uint32_t from[256], to[256]; /* items starting with byte c: [from, to) */
	/* Open addressing over the items' hashes (index + 1, 0 empty, a power
	 * of two at least twice n): a word of every line of every article is
	 * looked up, and a bucket of one first letter holds dozens. */
	uint32_t *slot;
	size_t mask;
	/* The items of at most eight bytes as numbers (their bytes, the
	 * first lowest; 0 empty), open addressing over a power of two at
	 * least twice n: a word of a folded line is one read and a probe or
	 * two (see clutter.c). */
	uint64_t *short_keys;
	size_t short_mask;
	/* Bit min(len, 63) of each item, at the index its first and last
	 * bytes give (see clutter.c): most words of a line are told from
	 * every item there, without hashing them. */
	uint64_t ends_held[256];
	/* Bit of each item's first two bytes (see clutter.c; every second
	 * byte for an item of one): a line is searched for the items only
	 * where two of its bytes are held. */
	uint64_t pairs_held[64];
};

struct clutter_rules {
	bool enabled;
	struct clutter_list stopwords; /* function words, both languages */
	struct clutter_list line_cues;    /* a line that starts so is clutter */
	struct clutter_list inline_cues; /* a line that holds one is clutter */
	struct clutter_list section_cues; /* a short line that starts so opens
	                                     a run of clutter to the end */
	struct clutter_list byline_cues;  /* a short line that starts so is a
	                                     byline */
	uint64_t hash; /* of everything above: caches keyed on the rules */
};

/* Lists are |-separated phrases (surrounding spaces ignored); NULL or ""
 * is an empty list. */
void clutter_rules_init(struct clutter_rules *r, bool enabled,
                        const char *stopwords, const char *line_cues,
                        const char *inline_cues, const char *section_cues,
                        const char *byline_cues);
void clutter_rules_free(struct clutter_rules *r);

enum clutter_part {
	CLUTTER_PART_EMPTY,   /* a blank line */
	CLUTTER_PART_TEXT,    /* article text */
	CLUTTER_PART_TITLE,   /* the headline (one line) */
	CLUTTER_PART_CLUTTER, /* page clutter */
};

/* Which rule decided a line, for --parts's readers and the tests. */
enum clutter_rule {
	CLUTTER_BY_NONE,
	CLUTTER_BY_CUE,      /* starts with a line cue (teaser, widget, tag list) */
	CLUTTER_BY_INLINE,  /* holds an inline cue: a caption, a photo credit, widget text */
	CLUTTER_BY_SECTION,  /* at or after a section cue near the end */
	CLUTTER_BY_LIST,     /* a list of links: separators, no sentence */
	CLUTTER_BY_DATELINE, /* a date, time or byline on its own */
	CLUTTER_BY_HEADER,   /* above the headline, or a label under it */
	CLUTTER_BY_REPEAT,   /* repeats the headline or another clutter line */
	CLUTTER_BY_CONTEXT,  /* short or thin, among clutter (smoothing) */
	CLUTTER_BY_DENSITY,  /* long but with too few function words */
	CLUTTER_BY_TEMPLATE, /* recurs in many articles of the corpus */
	CLUTTER_BY_COUNT
};

/* Short names of enum clutter_rule ("cue", "caption", ...). */
const char *clutter_rule_name(enum clutter_rule r);

struct clutter_line {
	size_t off, len;   /* the line in the text, without its LF */
	uint8_t part;      /* enum clutter_part */
	uint8_t rule;      /* enum clutter_rule, for clutter */
	bool dateline;     /* a date or byline: clutter, but where the
	                      article's own date is looked for */
};

struct clutter_doc {
	struct clutter_line *lines; /* every line of the text, owned */
	size_t n;
	size_t title; /* index into lines, or SIZE_MAX when there is none */
};

/* Splits text into lines and classifies each. Never fails (allocation
 * failure aborts, as everywhere). */
void clutter_classify(const char *text, size_t len,
                      const struct clutter_rules *r, struct clutter_doc *d);
void clutter_doc_free(struct clutter_doc *d);

/* What the rules count in one line alone, as clutter_classify counts it
 * (the words, of the line's first 256 bytes lower-cased), and the folded
 * line the cues are looked for in, so the tests
 * can hold the counting to a plain reading of the line. */
struct clutter_counts {
	size_t chars;  /* characters */
	size_t words;  /* runs of letters and digits (with ' and U+2019 inside) */
	size_t stops;  /* of them, function words */
	size_t digits; /* of them, digits alone */
	size_t seps;   /* list separators: | • » › and a / between spaces */
	bool has_year; /* a word of four digits from 1 or 2 */
	char *folded;  /* the first 256 bytes lower-cased, spaces squeezed
	                  (the cues are looked for there): owned */
};
void clutter_line_counts(const char *line, size_t n, const struct clutter_rules *r,
                         struct clutter_counts *c);

/* Whether the date reader finds a date in line[0..n) read as a dateline
 * (text false) or as a line of article text (text true). */
typedef bool clutter_dated_fn(const char *line, size_t n, bool text);

/* For the article's date alone (article_detect_date), without classifying
 * the whole page. The date is read from the first max_lines lines that are
 * not empty, above the last line of text: the earliest of their datelines'
 * dates, a headline repeated there with a date run on, else the first of
 * them that is text and starts with a date. True when the first lines show
 * which: no line there starts with the headline's text, and either a
 * dateline has a date and a line below every dateline is text for sure,
 * or none has and the first line that starts with a date is text for sure
 * (or none does). d then has every line, those datelines (dateline set)
 * and that line of text as clutter_classify has them, all others called
 * clutter and no title: date_of reads the same date from it; the parts
 * are not the page's. False (d empty) when it cannot be shown, or without
 * rules: clutter_classify is needed. */
bool clutter_classify_date(const char *text, size_t len, const struct clutter_rules *r,
                           size_t max_lines, clutter_dated_fn *dated, struct clutter_doc *d);

/* A byte range [off, off + len) of the text that is clutter. */
struct clutter_span {
	uint32_t off, len;
};

/* The clutter lines as byte ranges, neighbours (and the blank lines
 * between them) merged; a malloc'd array (NULL when none) and its size. */
size_t clutter_spans(const struct clutter_doc *d, struct clutter_span **out);

/* Whether byte off falls in one of the n sorted spans. */
bool clutter_spans_hit(const struct clutter_span *s, size_t n, size_t off);

#endif
