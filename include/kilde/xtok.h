/* xtok.h - tokens and matching keys for the cross-reference engine: words,
 * spaces and punctuation from libunistring's word boundaries, the folded
 * key of a word (NFC, case fold, æ->ae ø->oe å->aa, no accents, no dots or
 * apostrophes), a small 64-bit hash map, and the function-word lists that
 * keep "The", "Det" and "Han" from passing for names. No ncurses. */
#ifndef KILDE_XTOK_H
#define KILDE_XTOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/util.h"

enum xtok_type { XTOK_WORD, XTOK_SPACE, XTOK_PUNCT };

enum xtok_flag {
	XTOK_CAP = 1,        /* word whose first letter is upper case */
	XTOK_ALLCAPS = 2,    /* word with >= 2 letters, all upper case */
	XTOK_LOWER = 4,      /* word whose first character is a lower-case letter */
	XTOK_DIGIT = 8,      /* word containing a digit */
	XTOK_ALPHA = 16,     /* word containing a letter */
	XTOK_GEN = 32,       /* word ending in 's or ’s (stripped from its key) */
	XTOK_NEWLINE = 64,   /* space containing a line break */
	XTOK_PARA = 128,     /* space containing two or more line breaks */
	XTOK_INITIAL = 256,  /* word at a sentence start, after a quote, colon... */
	XTOK_TITLE = 512,    /* word on a title-case line (headline, menu) */
	XTOK_DOTTED = 1024,  /* word with an inner dot: U.S, bl.a */
	XTOK_PROSE = 2048,   /* word on a line of running text (ends as a sentence does) */
	XTOK_SOFT = 4096,    /* line break inside a hard-wrapped paragraph: a space */
};

struct xtok {
	uint32_t off, len;   /* bytes in the text */
	uint32_t koff, klen; /* key (words only): in the key buffer, or with
	                        XTOK_KEY_MEMO in the memo's (xtok_keystr) */
	uint64_t kh;         /* hash of the key (words only) */
	uint16_t flags;
	uint8_t type;
	uint8_t stop;        /* XSTOP_* class of the key, 0 if none */
	uint32_t memo;       /* words: 1 + the memo entry the word came from
	                        or went to, 0 if none (see xtok_memo_tally) */
};

/* Word classes and keys already computed, by surface: a corpus repeats
 * its words, and the key (case fold, NFKD, accents) is the dearest part
 * of tokenising. Bounded; filled only while it has room. */
struct xtok_memo {
	struct xtok_memo_slot *slot;
	size_t cap, n;
	struct strbuf str;          /* surface then key, per entry */
	/* The function-word table it was made with, known by its storage:
	 * builders that work in parallel each hold a copy of the one table. */
	const uint64_t *stop_keys;
	size_t stop_n;
};

/* Tokens of one text, reused from article to article. */
struct xtok_list {
	struct xtok *t;
	size_t n, cap;
	struct strbuf keys; /* all word keys, back to back */
	char *brk;          /* word-break scratch */
	size_t brkcap;
	struct xtok_memo memo;
};

enum xstop_class {
	XSTOP_STOP = 1,  /* function word: never a name, ends a name */
	XSTOP_JOIN = 2,  /* may join two capitalised words: of, for, &, von */
	XSTOP_WEAK = 4,  /* month, weekday, title: not a name on its own */
	XSTOP_ROLE = 8,  /* role or title word (config role lists): cut from
	                    a name even in capitals (PM), kept as its context */
	XSTOP_PARTICLE = 16, /* particle inside a name (á, af, von): joins its
	                        parts, left out when names are compared */
	XSTOP_SUBNAME = 32,  /* names a part of an organisation after its name
	                        (DR Nyheder, BBC Sport): config org_subnames;
	                        an ordinary word otherwise */
};

/* A hash map from a non-zero 64-bit key to a 32-bit value. */
struct xmap {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, n;
	unsigned shift; /* 64 - log2(cap) */
};
uint32_t *xmap_ref(struct xmap *m, uint64_t key, uint32_t init, bool *isnew);
bool xmap_get(const struct xmap *m, uint64_t key, uint32_t *val);
void xmap_free(struct xmap *m);
/* Makes room for n entries at once (no rehash on the way there). */
void xmap_reserve(struct xmap *m, size_t n);

/* Appends the matching key of s[0..n) to out (no NUL counted in len). */
void xtok_key(const char *s, size_t n, struct strbuf *out);
uint64_t xtok_hash(const char *s, size_t n);

/* Splits text into tokens and computes keys, flags (except XTOK_INITIAL
 * and XTOK_TITLE, see xtok_mark) and stop classes. */
void xtok_split(struct xtok_list *l, const char *text, size_t len,
                const struct xmap *stop);
/* The same with the word breaks as bits ((len + 7) / 8 bytes): read from
 * in when it is not NULL (no segmenting), else computed and, when out is
 * not NULL, stored there. */
void xtok_split_brk(struct xtok_list *l, const char *text, size_t len,
                    const struct xmap *stop, const uint8_t *in, uint8_t *out);
/* Marks sentence-initial words and title-case lines. */
void xtok_mark(struct xtok_list *l, const char *text);
void xtok_list_free(struct xtok_list *l);

/* A count per memo entry, for a caller that tallies words by surface
 * (xref's pass 1 counts every word): the splitter already found each
 * word's entry, so a tally is one add there instead of a hash table's
 * lookup. t is a token of l with t->memo set. */
void xtok_memo_tally(struct xtok_list *l, const struct xtok *t);
/* Calls fn with the key hash, flags (as the splitter gives them) and
 * count of every entry tallied since the last call, and clears the
 * counts. */
void xtok_memo_drain(struct xtok_list *l,
                     void (*fn)(uint64_t kh, uint16_t flags, uint32_t n, void *arg), void *arg);

/* The function-word table: key hash -> XSTOP_* bits. */
void xtok_stopwords(struct xmap *stop);

#define XTOK_KEY_MEMO 0x80000000u

/* The key of token i (NUL-terminated). A word the memo knew keeps its
 * key where the memo does, valid until the list splits another text:
 * copying it for every word was a seventh of a memo hit. */
static inline const char *xtok_keystr(const struct xtok_list *l, size_t i)
{
	uint32_t k = l->t[i].koff;

	return (k & XTOK_KEY_MEMO ? l->memo.str.s : l->keys.s) + (k & ~XTOK_KEY_MEMO);
}

/* Splits "a|b|c" (whitespace around items trimmed) and calls fn per item. */
void xtok_each_item(const char *s, char sep,
                    void (*fn)(const char *item, size_t n, void *arg), void *arg);

#endif
