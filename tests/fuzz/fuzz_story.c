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
 * pair up. The stories and the provenance also go through their byte
 * form (the cache's): read back equal and written again the same; then
 * damaged by the input's last bytes (k = last % 4 edits of three bytes
 * before it, as fuzz_damaged_copy does them) and read back NULL or
 * holding the same promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/corpus.h"
#include "kilde/provenance.h"
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

static char *story_tsv(const struct story_set *s, const struct corpus *c,
                       size_t *len)
{
	char *tsv = NULL;
	FILE *f = open_memstream(&tsv, len);

	if (!f)
		abort();
	story_write_tsv(s, c, f);
	fclose(f);
	return tsv;
}

/* What provenance.h promises of any index over c and ix. */
static void check_provenance(const struct provenance_index *p,
                             const struct corpus *c,
                             const struct xref_index *ix)
{
	for (size_t a = 0; a < c->n; a++) {
		size_t n, nocc;
		const struct provenance_repeat *r = provenance_index_repeats(p, a, &n);
		const struct provenance_lead *l;

		for (size_t i = 0; i < n; i++) {
			FUZZ_ASSERT(r[i].from < c->n && r[i].from != a &&
			                    r[i].passages > 0,
			            "article %zu: repeat %zu", a, i);
			(void)xref_occs(ix, r[i].from, &nocc);
			FUZZ_ASSERT(r[i].occ < nocc, "article %zu: repeat %zu at "
			                             "occurrence %u of %zu",
			            a, i, (unsigned)r[i].occ, nocc);
		}
		l = provenance_index_leads(p, a, &n);
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT(l[i].term < xref_count(ix) &&
			                    (l[i].with == PROVENANCE_ALONE ||
			                     (l[i].with < c->n && l[i].with != a)),
			            "article %zu: lead %zu", a, i);
	}
}

/* The byte forms of s and of the provenance, undamaged and damaged. */
static void check_byte_forms(const struct story_set *s, const struct corpus *c,
                             const struct xref_index *ix, const uint8_t *data,
                             size_t size)
{
	struct provenance_index *p = provenance_index_build(c, ix), *pb;
	struct strbuf sb = {0}, pbytes = {0}, again = {0};
	struct story_set *back;
	size_t k = data[size - 1] % 4, la, lb, len;
	char *ta, *tb;
	uint8_t *bytes;

	check_provenance(p, c, ix);
	story_serialize(s, &sb);
	back = story_deserialize(sb.s, sb.len, c, ix);
	FUZZ_ASSERT(back != NULL, "stories of %zu bytes refused", sb.len);
	ta = story_tsv(s, c, &la);
	tb = story_tsv(back, c, &lb);
	FUZZ_ASSERT(la == lb && !memcmp(ta, tb, la), "stories read back differ");
	free(ta);
	free(tb);
	story_serialize(back, &again);
	FUZZ_ASSERT(again.len == sb.len && !memcmp(again.s, sb.s, sb.len),
	            "stories read back write other bytes");
	story_free(back);
	sb_free(&again);

	provenance_index_serialize(p, c->n, xref_count(ix), &pbytes);
	pb = provenance_index_deserialize(pbytes.s, pbytes.len, c, ix);
	FUZZ_ASSERT(pb != NULL, "provenance of %zu bytes refused", pbytes.len);
	provenance_index_serialize(pb, c->n, xref_count(ix), &again);
	FUZZ_ASSERT(again.len == pbytes.len &&
	                    !memcmp(again.s, pbytes.s, pbytes.len),
	            "provenance read back writes other bytes");
	provenance_index_free(pb);
	sb_free(&again);

	if (k > (size - 1) / 3)
		k = (size - 1) / 3;
	if (k) {
		const uint8_t *edits = data + size - 1 - 3 * k;

		len = sb.len;
		bytes = fuzz_damaged_copy(sb.s, &len, edits, k);
		back = story_deserialize(bytes, len, c, ix);
		if (back)
			check(back, c);
		story_free(back);
		free(bytes);
		len = pbytes.len;
		bytes = fuzz_damaged_copy(pbytes.s, &len, edits, k);
		pb = provenance_index_deserialize(bytes, len, c, ix);
		if (pb)
			check_provenance(pb, c, ix);
		provenance_index_free(pb);
		free(bytes);
	}
	sb_free(&sb);
	sb_free(&pbytes);
	provenance_index_free(p);
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

	check_byte_forms(s, &c, ix, data, size);

	struct translation_set *ts = translation_find(&c, ix);
	FUZZ_ASSERT(ts != NULL, "translation_find lost a text held in memory");
	check_translations(ts, &c);
	translation_free(ts);

	story_free(s);
	xref_free(ix);
	corpus_free(&c);
	return 0;
}
