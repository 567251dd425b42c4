/* article.h - one article and what can be told about it from its text:
 * title, language, date and word count. No ncurses here. */
#ifndef KILDE_ARTICLE_H
#define KILDE_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/text.h"

struct clutter_span;

#define CORPUS_NO_SPILL UINT64_MAX

struct article {
	char *path;   /* path as opened (owned) */
	char *file;   /* name shown and used as id: path relative to the
	                 corpus folder, or the basename (owned) */
	char *text;   /* clean text, see text.h (owned) */
	size_t len;   /* bytes in text */
	char *title;  /* owned */
	char *source; /* metadata source, else file name without extension (owned) */
	char *outlet; /* the outlet the text names (outlet.h), or NULL (owned) */
	char *date;   /* ISO 8601 "YYYY-MM-DD" or "" (owned) */
	char *url;    /* owned, "" if none */
	char lang[4]; /* "da", "en" or "?" */
	size_t words;
	enum text_encoding enc;
	int64_t mtime; /* seconds, for caches */
	int64_t size;  /* bytes on disk */
	uint64_t texthash; /* util_checksum64 of the text, set by
	                      corpus_load_meta for an article that has no
	                      copy in the spill file, else 0 (unknown): tells
	                      a text read again from a changed file
	                      (corpus_read_text) */
	bool borrowed; /* path, file, title, source, date, url and outlet
	                  point into the corpus's arena (an article read from
	                  the cache): article_free leaves them alone */
	uint64_t spill; /* where corpus_load_meta put the text (see
	                   corpus.h), or CORPUS_NO_SPILL */
	bool spill_brk; /* and its breaks after it */
	uint8_t *brk;  /* word breaks of text (u8_wordbreaks), one bit a byte,
	                  (len + 7) / 8 bytes, set by article_detect (owned) */
	/* The page clutter article_detect found (owned; NULL when none): the
	 * index build blanks these spans, and classifying a text costs as
	 * much as tokenising it, so it is done once, at load. */
	struct clutter_span *clut;
	uint32_t nclut;
	bool clut_known;     /* clut holds the verdict of some rules: */
	uint64_t clut_rules; /* those rules' clutter_rules.hash, so a build
	                        under other rules classifies again */
};

struct clutter_rules;

/* Fills title, lang, date, words and outlet from a->text (source is left
 * alone).
 * With rules (may be NULL), the title and date come from article text and
 * datelines, never from page clutter, and clutter's words are not counted
 * (see clutter.h). Frees any previous values of those fields. */
void article_detect(struct article *a, const struct clutter_rules *rules);

/* article_detect's date alone (the one --grep --tsv prints), at a
 * fraction of the cost. */
void article_detect_date(struct article *a, const struct clutter_rules *rules);

/* "da", "en" or "?" from the frequencies of the commonest function words
 * in the first 3000 words: "?" with fewer than 5 such words, or without a
 * 2:1 majority. */
const char *article_language(const char *text, size_t len);

/* Looks for the first date in the first max_lines non-empty lines. Knows
 * "September 24, 2017", "24 September 2017", "24. september 2017",
 * "2019-05-16", "Dec. 12, 2018"; English and Danish month names and their
 * abbreviations, any case; NBSP and other Unicode spaces count as spaces.
 * Impossible dates (month 13, 31 April, 29 February 2019) are not dates.
 * Writes "YYYY-MM-DD" into iso (11 bytes; "" if none). Returns 1 if
 * found, else 0. */
int article_find_date(const char *text, size_t len, int max_lines,
                      char iso[11]);

/* First non-empty line, trimmed, as a malloc'd string. */
char *article_title(const char *text, size_t len);

/* Words: runs of letters or digits (libunistring word boundaries). */
size_t article_word_count(const char *text, size_t len);

/* Who published a, as far as anything says: the source corpus.ini gives
 * (a source other than the file's stem), else the outlet its text names,
 * else NULL. */
const char *article_outlet(const struct article *a);

void article_free(struct article *a);

#endif
