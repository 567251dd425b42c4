/* entity.h - which name mentions are one entity. The cross-reference engine
 * finds names as strings; this module decides which strings are one person
 * or organisation:
 * - role and title words (ambassador, statsminister, Gov.) and function
 *   words at either end are not part of a name (entity_trim);
 * - spelling variants are one entity: the matching key already folds case
 *   and accents and writes æ ø å as ae oe aa; the skeleton also folds
 *   ð -> d, þ -> th and the plain-letter spellings (oe -> o, ae -> a,
 *   aa -> a) and leaves out particles (á, af, von, van, de, der), so
 *   Ørsted = Orsted and Bárður á Steig Nielsen = Bárdur Steig Nielsen;
 * - a shorter mention (surname only, first and last name, initials) is
 *   joined to the one longer name it can be a writing of, in the same
 *   article or, failing that, in the corpus; when it could be two
 *   (Joensen: Edmund Joensen or Kaj Joensen) it joins neither;
 * - an abbreviation the text defines, "Danmarks Radio (DR)", is the name
 *   it abbreviates (entity_abbreviates);
 * - an organisation's sub-name, its name and a section or product word
 *   (DR Nyheder, Politiken Debat), is the organisation
 *   (entity_subname_head).
 * Names are the engine's keys (xtok_key words joined by single spaces).
 * Pure C, no ncurses, no static mutable state. */
#ifndef KILDE_ENTITY_H
#define KILDE_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kilde/xtok.h"

/* Adds the words of list (separated by | or spaces, matched on their
 * folded keys) to the function-word table stop: role words as titles
 * (XSTOP_WEAK | XSTOP_ROLE), particles as words that may join the parts of
 * a name (XSTOP_JOIN | XSTOP_PARTICLE). NULL adds nothing. */
void entity_add_roles(struct xmap *stop, const char *list);
void entity_add_particles(struct xmap *stop, const char *list);
/* ... and sub-name words (Nyheder, Sport, News) as XSTOP_SUBNAME. */
void entity_add_subnames(struct xmap *stop, const char *list);

/* "dr nyheder" is a part of DR, and one entity with it: when the last word
 * of the name key s[0..n) is a sub-name word and a word comes before it,
 * returns the length of the key without it ("dr"); else 0. */
size_t entity_subname_head(const struct xmap *stop, const char *s, size_t n);

/* Cuts role words and function words from both ends of the word tokens
 * [*a, *z] of l (only whole tokens; non-words between them are skipped).
 * Returns the index of the role word nearest the name that was cut (the
 * context to show: "Feng Tie — ambassador"), or (size_t)-1. Leaves at least
 * one word; a run that is nothing but role or function words has *a > *z
 * afterwards. */
size_t entity_trim(const struct xtok_list *l, size_t *a, size_t *z);

/* Appends the skeleton of the name key s[0..n) to out (out->len counts
 * from where it was): particles left out, the plain-letter spellings
 * folded. Two names with one skeleton are one entity. */
void entity_skeleton(const struct xmap *stop, const char *s, size_t n, struct strbuf *out);

/* Whether the skeleton part can be a shorter writing of the skeleton full:
 * the same last word, and each earlier word of part, in order, either one
 * of full's earlier words, the initial of one, or the initials of several
 * in a row (ps = Peder Severin); full has more words, or part initials. */
bool entity_part_of(const char *part, const char *full);

/* Whether the single word abbr (a key: "kvf", "dr", "pet") abbreviates the
 * name key full: its first letter opens full's first word and its other
 * letters follow in order, each in a later word or later in the same
 * word (Schwartz and Hearst's rule). */
bool entity_abbreviates(const char *abbr, const char *full);

/* Resolution over the names of a corpus. */
struct entity_resolver {
	const struct xmap *stop;
	char *const *keys;     /* borrowed: the engine's key pool */
	size_t n;
	const uint8_t *is_name; /* per key: it is a name (others are ignored) */
	size_t nis_name;       /* keys from here on are not names */
	uint32_t *parent;      /* borrowed: union-find over key ids */
	char **skel;           /* owned: each name's skeleton, NULL for others */
	uint32_t *nwords;      /* owned: words in each skeleton */
	uint64_t *lasth;       /* owned: hash of each skeleton's last word */
	uint64_t *sig;         /* owned: per skeleton, a bit (of 64, by hash)
	                          for each word before the last (see
	                          sig_bits) */
	struct xmap bylast;    /* hash of last word -> first entry in chain */
	struct xmap byfirst;   /* hash of (an earlier word's initial, last word)
	                          -> first entry in chain */
	uint32_t *chain;       /* entries: next in the same bucket, UINT32_MAX ends */
	uint32_t *entry_key;   /* entries: the key id */
	size_t nentries, entcap;
};

/* Joins, in parent (a union-find over key ids that may already hold
 * joins: parent[i] == i for a root), every name to the names with its
 * skeleton, then each shorter name to the one longer name it can be a
 * writing of in the corpus (longest names first, so Bárður Nielsen joins
 * Bárður á Steig Nielsen before Nielsen is looked at). Single words that
 * are function words or titles join nothing. Keeps what entity_local
 * needs in r; free it with entity_resolver_free. */
void entity_resolve(struct entity_resolver *r, const struct xmap *stop, char *const *keys,
                    size_t n, const uint8_t *is_name, size_t nis_name, uint32_t *parent);
/* The root of x in r's union-find. */
uint32_t entity_find(uint32_t *parent, uint32_t x);
void entity_join(uint32_t *parent, uint32_t from, uint32_t to);
/* The entities of the names one article mentions (ids, n of them): for
 * each, out[i] is the root of the one other name of the same article it
 * can be a shorter writing of, else its own root in the corpus. Reads r
 * and its union-find only: threads may call it at once. */
void entity_local(const struct entity_resolver *r, const uint32_t *ids, size_t n,
                  uint32_t *out);
void entity_resolver_free(struct entity_resolver *r);

#endif
