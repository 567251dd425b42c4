/* story.h - stories: the articles of a corpus grouped by the event they
 * report, across outlets and languages, from what the cross-reference index
 * says they share. Pure C, no ncurses.
 *
 * Two articles are linked when the names, numbers and passages they share
 * are telling enough together: each shared term weighs its inverse article
 * frequency (a term in few articles tells much, one in half of them
 * nothing), a bare year a third; at least two
 * telling terms must be shared, so one name (China, Huawei) never makes a
 * story; dates, where both articles have one, make close articles a little
 * more alike and distant ones a little less. Links are taken strongest
 * first; two groups of articles merge only when the links between them
 * add up for the two groups' sizes, so one chance link between two
 * stories does not chain them into one. Candidate pairs come from the
 * postings of rare terms only, so the work grows with the corpus, not
 * with its square. An article linked to nothing is a story of its own. */
#ifndef KILDE_STORY_H
#define KILDE_STORY_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kilde/corpus.h"
#include "kilde/xref.h"

struct story {
	const uint32_t *articles; /* article indices in date order: dated
	                             ones by date, then undated ones; ties
	                             by index (owned by the set) */
	size_t n;                 /* >= 1 */
	const char *label;        /* its most telling shared names, or the
	                             earliest title (owned by the set) */
	const char *languages;    /* the articles' languages, sorted,
	                             comma-separated: "da,en" */
	const char *first, *last; /* earliest and latest date, "" if none
	                             of its articles is dated */
};

struct story_options {
	unsigned threads; /* threads that score candidate pairs; 0: as many
	                     as suit the machine (2), at most 8. The stories
	                     are the same for any number */
	const atomic_bool *cancel; /* if not NULL: once it is set, the build
	                              stops at its next chunk of articles and
	                              returns NULL (an interface that quits
	                              or replaces the index); not part of the
	                              grouping, which is the same with it
	                              unset as without it */
};

struct story_set;

/* Groups the articles of c into stories with ix, the index built over
 * c. opt may be NULL (defaults). NULL if opt->cancel was set before the
 * build finished: nothing of it is returned. Stories are numbered largest first, then
 * by earliest date (undated after dated), then by their first article. */
struct story_set *story_build(const struct corpus *c,
                              const struct xref_index *ix,
                              const struct story_options *opt);
size_t story_count(const struct story_set *s);
const struct story *story_get(const struct story_set *s, size_t i);
/* The story (as numbered by story_get) that article belongs to. */
size_t story_of(const struct story_set *s, size_t article);
/* How telling a term is for grouping: 0 (never evidence) to 1 (in two
 * articles of a large corpus). */
double story_term_weight(const struct story_set *s, uint32_t term);
/* The --stories TSV: header "story\tlabel\tarticles\tlanguages\tfirst\t
 * last\tfiles", then one line per story (story numbered from 1, files
 * comma-separated in the story's date order). */
void story_write_tsv(const struct story_set *s, const struct corpus *c,
                     FILE *out);
void story_free(struct story_set *s);

/* The byte form of a set, for the cache (cache_save_stories): the
 * stories' sizes, labels and articles; the rest is made again from the
 * corpus and the index when it is read. */
struct strbuf;
void story_serialize(const struct story_set *s, struct strbuf *out);
/* Reads back what story_serialize wrote of the stories of c and ix: NULL
 * unless the bytes hold exactly every article once, each story's in date
 * order, the stories in story_build's order, and labels that are one
 * clean line each. Trusts nothing in buf. */
struct story_set *story_deserialize(const void *buf, size_t len,
                                    const struct corpus *c,
                                    const struct xref_index *ix);

#endif
