/* alias.h - the alias table of the cross-reference engine: variants (USA,
 * US, U.S., De Forenede Stater, amerikansk) mapped to one canonical entry
 * (United States), matched on folded keys with the variant's own
 * capitalisation as a constraint (US is the country, us is not). Entries
 * whose id starts with "unit_" are units of measure: they name what a
 * number counts and are never terms on their own; those whose id starts
 * with "drop_" name what a reader said is no cross-reference (see
 * xref.c). No ncurses. */
#ifndef KILDE_ALIAS_H
#define KILDE_ALIAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/xtok.h"

struct alias_entry {
	char *id;      /* owned */
	char *display; /* owned: the first item of the line */
	char *origin;  /* owned: "file:line" it came from, or NULL */
	bool unit;
	bool drop;     /* id starts with "drop_": matched, never a term */
};

#define ALIAS_PREFIX 0x80000000u

struct alias_variant {
	uint32_t entry;
	uint32_t casepat; /* 2 bits a word: 0 any, 1 capitalised, 2 all caps */
	uint8_t nwords;
	bool inflect;     /* lower-case variant: Danish/English endings match */
};

struct alias_table {
	struct alias_entry *e;
	size_t n, cap;
	struct alias_variant *v;
	size_t nv, vcap;
	struct xmap vmap;   /* key hash -> variant */
	struct xmap prefix; /* key hash of a variant's first words -> 1 */
	/* The two in one map, so that the matcher looks each key up once:
	 * key hash -> the variant + 1 (0: none), | ALIAS_PREFIX when the
	 * key is a variant's first words. */
	struct xmap any;
	struct xmap skel;   /* hash of the skeleton (entity_skeleton) of a
	                       capitalised variant of an entry that is no
	                       unit -> entry: Borsen finds Børsen */
	int maxwords;
	/* Owned: one bit per hash of the first three bytes of a variant's key
	 * (keys of three bytes or more), see alias_lead. */
	uint64_t *lead;
	/* Variants that open with a word of another entry, a nationality
	 * (Danish Chamber of Commerce), kept without it (chamber of commerce)
	 * for alias_match_bare: key hash -> index into bare. */
	struct xmap bmap, bprefix;
	uint64_t *bare_lead; /* owned: as lead, for the keys of bmap */
	struct alias_bare {
		uint32_t entry;   /* the variant's entry (Dansk Erhverv) */
		uint32_t cond;    /* the first word's entry (Denmark) */
		uint32_t casepat; /* of the words left, as alias_variant's */
		uint8_t nwords;
	} *bare;
	size_t nbare, barecap;
	int bare_maxwords;
	char **msgs; /* owned, problems found while building */
	size_t nmsgs, msgcap;
};

/* Builds the table from "id\tDisplay|variant|..." lines. A later line with
 * the same id replaces an earlier one; a variant claimed by two ids stays
 * with the first and adds a message. */
void alias_build(struct alias_table *t, char *const *lines, size_t n);
/* The same, with origins[i] ("file:line", or origins NULL) naming where
 * line i was read, so that each message says which file to fix. */
void alias_build_from(struct alias_table *t, char *const *lines,
                      char *const *origins, size_t n);

/* The longest alias match starting at word token i of l: returns the entry
 * index (or -1) and the last word token of the match in *end. units selects
 * unit entries instead of ordinary ones. */
long alias_match(const struct alias_table *t, const struct xtok_list *l,
                 const char *text, size_t i, bool units, size_t *end);
/* As alias_match; *lower tells whether the variant matched is written in
 * lower case (kinesisk), which says nothing about a capital in the text. */
long alias_match_ex(const struct alias_table *t, const struct xtok_list *l,
                    const char *text, size_t i, bool units, size_t *end, bool *lower);

/* Words at which no match can start, remembered by key: most words of a
 * corpus start none and recur, and the match tried at every word cost ten
 * times a look-up here. Scratch of one thread for one table, zeroed to
 * start; what it remembers only saves work, never changes a match. */
struct alias_seen {
	struct alias_seen_slot *slot; /* owned: ALIAS_SEEN_SLOTS, made at first use */
};

/* A key seen, by its hash and length (as the table itself knows keys by
 * their hash), and whether no match can start at a word with that key,
 * whatever its case, genitive and the words after it. kh 0 is never
 * kept: it marks a free slot. */
struct alias_seen_slot {
	uint64_t kh;
	uint32_t klen;
	uint32_t inert;
};

#define ALIAS_SEEN_BITS 13
#define ALIAS_SEEN_SLOTS (1u << ALIAS_SEEN_BITS)

/* One slot a key (the last one seen there wins): a slot costs one
 * compare, and the words that recur most keep theirs. */
static inline size_t alias_seen_slot_of(uint64_t kh)
{
	return (size_t)((kh * 0x9e3779b97f4a7c15ULL) >> (64 - ALIAS_SEEN_BITS));
}

/* alias_match_seen for a word not remembered as inert: matched, then
 * remembered. */
long alias_seen_miss(const struct alias_table *t, struct alias_seen *seen,
                     const struct xtok_list *l, const char *text, size_t i, size_t *end,
                     bool *lower);

/* alias_match_ex for units false at word token i, through seen: inline,
 * as it runs at every word. */
static inline long alias_match_seen(const struct alias_table *t, struct alias_seen *seen,
                                    const struct xtok_list *l, const char *text, size_t i,
                                    size_t *end, bool *lower)
{
	const struct xtok *tk = &l->t[i];

	if (seen->slot && tk->kh) {
		const struct alias_seen_slot *s = &seen->slot[alias_seen_slot_of(tk->kh)];
		if (s->kh == tk->kh && s->klen == tk->klen && s->inert)
			return -1;
	}
	return alias_seen_miss(t, seen, l, text, i, end, lower);
}

void alias_seen_free(struct alias_seen *seen);

/* "the Chamber of Commerce": a variant of three words or more whose first
 * word is a variant of another entry (Danish: Denmark) matched without that
 * word, at word token i. Returns the variant's entry and, in *cond, the
 * first word's: the match holds only where the text names that entry too
 * (the caller knows). -1 if none. */
long alias_match_bare(const struct alias_table *t, const struct xtok_list *l,
                      const char *text, size_t i, size_t *end, long *cond);
/* Entry of an exact (case-insensitive) key, or -1. */
long alias_lookup_key(const struct alias_table *t, const char *key, size_t n);

/* Entry whose capitalised variant has the skeleton s[0..n) (a name
 * spelled another way: Borsen, Orsted), or -1. */
long alias_lookup_skeleton(const struct alias_table *t, const char *s, size_t n);

void alias_free(struct alias_table *t);

#endif
