/* fuzz_story.c - libFuzzer harness for the stories (story.c) and the
 * translated sentences (translation.c), which read the same index. The input
 * becomes 2-4 articles as for fuzz_xref, the first byte also gives some of
 * them a date (valid, impossible or odd), the index and then the stories
 * are built, and what story.h promises is checked: every article in
 * exactly one story, each story's articles in date order with its span,
 * sorted languages, the stories in their order, a clean one-line TSV; every
 * translation between two articles of different languages, its sentences
 * inside the texts and on character boundaries, its rows clean. The
 * articles' languages come from the input too, so that short texts can
 * pair up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/corpus.h"
#include "kilde/story.h"
#include "kilde/translation.h"
#include "kilde/util.h"
#include "kilde/xref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const dates[] = {"2024-06-07", "2024-06-08", "2023-10-31",
                                    "2019-02-29", "2024-13-01", "x"};

static void check(const struct story_set *s, const struct corpus *c)
{
	size_t seen[4] = {0}, total = 0;

	for (size_t k = 0; k < story_count(s); k++) {
		const struct story *st = story_get(s, k);

		FUZZ_ASSERT(st && st->n >= 1 && st->n <= c->n, "story %zu size", k);
		FUZZ_ASSERT(k == 0 || story_get(s, k - 1)->n >= st->n,
		            "story %zu larger than the one before", k);
		FUZZ_ASSERT(st->label && *st->label, "story %zu: no label", k);
		fuzz_check_clean(st->label, strlen(st->label), "story label");
		FUZZ_ASSERT(strchr(st->label, '\n') == NULL, "label has a newline");
		total += st->n;
		for (size_t i = 0; i < st->n; i++) {
			uint32_t a = st->articles[i];
			FUZZ_ASSERT(a < c->n, "story %zu: article %u", k, (unsigned)a);
			seen[a]++;
			FUZZ_ASSERT(story_of(s, a) == k, "story_of(%u) is %zu, not %zu",
			            (unsigned)a, story_of(s, a), k);
			if (i > 0 && *c->articles[a].date) {
				const char *prev = c->articles[st->articles[i - 1]].date;
				FUZZ_ASSERT(*prev, "a dated article after an undated one");
			}
		}
		FUZZ_ASSERT(strcmp(st->first, st->last) <= 0, "span %s..%s",
		            st->first, st->last);
	}
	FUZZ_ASSERT(total == c->n, "%zu articles in stories of %zu", total, c->n);
	for (size_t a = 0; a < c->n; a++)
		FUZZ_ASSERT(seen[a] == 1, "article %zu in %zu stories", a, seen[a]);
}

static void check_translations(const struct translation_set *ts,
                               const struct corpus *c)
{
	char *tsv = NULL;
	size_t tsvlen = 0;
	FILE *f;

	for (size_t i = 0; i < ts->n; i++) {
		const struct translation *l = &ts->links[i];
		const struct article *a, *b;

		FUZZ_ASSERT(l->a < l->b && l->b < c->n, "link %zu: %u, %u", i,
		            (unsigned)l->a, (unsigned)l->b);
		a = &c->articles[l->a];
		b = &c->articles[l->b];
		FUZZ_ASSERT(strcmp(a->lang, b->lang) != 0, "link %zu in one language", i);
		FUZZ_ASSERT(l->aoff <= a->len && l->alen <= a->len - l->aoff &&
		                    l->boff <= b->len && l->blen <= b->len - l->boff,
		            "link %zu outside its texts", i);
		FUZZ_ASSERT(fuzz_char_boundary(a->text, a->len, l->aoff) &&
		                    fuzz_char_boundary(b->text, b->len, l->boff),
		            "link %zu cuts a character", i);
		FUZZ_ASSERT(l->anchors >= TRANSLATION_MIN_ANCHORS, "link %zu: %u anchors",
		            i, (unsigned)l->anchors);
		fuzz_check_clean(l->display, strlen(l->display), "translation display");
	}
	f = open_memstream(&tsv, &tsvlen);
	if (!f)
		abort();
	translation_write_tsv(ts, c, f);
	fclose(f);
	for (size_t i = 0; i < tsvlen; i++)
		if (tsv[i] == '\t')
			tsv[i] = ' ';
	fuzz_check_clean(tsv, tsvlen, "translation_write_tsv");
	free(tsv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corpus c = {0};
	struct xref_options opt;
	struct xref_index *ix;
	struct story_set *s;
	char *tsv = NULL;
	size_t tsvlen = 0, lines = 0;
	FILE *f;

	if (size < 1)
		return 0;
	fuzz_split(&c, data + 1, size - 1, 2 + data[0] % 3);
	/* Dates as corpus.ini would set them, or as the text gave them. */
	for (size_t i = 0; i < c.n; i++)
		if ((data[0] >> i) & 1) {
			free(c.articles[i].date);
			c.articles[i].date =
			        util_xstrdup(dates[(data[0] + i) % KILDE_ARRAY_LEN(dates)]);
		}
	for (size_t i = 0; i < c.n; i++)
		if ((data[0] >> (i + 4)) & 1)
			strcpy(c.articles[i].lang, i % 2 ? "en" : "da");
	fuzz_xref_options(&opt, data[0]);
	ix = xref_build(&c, &opt);
	FUZZ_ASSERT(ix != NULL, "xref_build returned NULL");
	s = story_build(&c, ix, &(struct story_options){.threads = 1 + data[0] % 2});
	check(s, &c);

	f = open_memstream(&tsv, &tsvlen);
	if (!f)
		abort();
	story_write_tsv(s, &c, f);
	fclose(f);
	FUZZ_ASSERT(strncmp(tsv, "story\tlabel\tarticles\tlanguages\tfirst\tlast\tfiles\n",
	                    47) == 0,
	            "TSV header missing");
	for (size_t i = 0; i < tsvlen; i++) {
		if (tsv[i] == '\n')
			lines++;
		if (tsv[i] == '\t' || tsv[i] == '\n')
			tsv[i] = ' ';
	}
	FUZZ_ASSERT(lines == story_count(s) + 1, "%zu TSV lines for %zu stories",
	            lines, story_count(s));
	fuzz_check_clean(tsv, tsvlen, "story_write_tsv");
	free(tsv);

	struct translation_set *ts = translation_find(&c, ix);
	FUZZ_ASSERT(ts != NULL, "translation_find lost a text held in memory");
	check_translations(ts, &c);
	translation_free(ts);

	story_free(s);
	xref_free(ix);
	corpus_free(&c);
	return 0;
}
