/* search.h - Unicode-aware search: case folding and Danish-aware diacritic
 * folding, matches in one article, and the corpus-wide keyword-in-context
 * (KWIC) concordance. Pure C, no ncurses. */
#ifndef KILDE_SEARCH_H
#define KILDE_SEARCH_H

#include <stdbool.h>
#include <stdio.h>

#include "kilde/corpus.h"

struct search_grep_options {
	bool exact;   /* no diacritic folding (case still folds) */
	bool tsv;     /* TSV instead of aligned text */
	int width;    /* total width of the aligned output */
};

/* kilde --grep: prints the concordance of pattern over the corpus.
 * Returns the number of hits. */
size_t search_grep_print(const struct corpus *c, const char *pattern,
                         const struct search_grep_options *opt, FILE *out);

#endif
