/* fuzz_clutter.c - libFuzzer harness for the clutter rules (clutter.c):
 * decoded text split into lines and each judged text, title or clutter,
 * with the shipped rules or with rules off (the first byte says which).
 * The lines cover the text in order, one line per LF; blank lines and only
 * they are empty; there is exactly one title when there is a non-empty
 * line; the clutter spans are sorted, inside the text, and hold every
 * clutter line and no other; the verdict does not change on a second run;
 * and article_detect's title, date and word count stay what the text can
 * give. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/article.h"
#include "kilde/clutter.h"
#include "kilde/config.h"
#include "kilde/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The shipped rules, made once: building them is not what is tested. */
static const struct clutter_rules *shipped(void)
{
	static struct clutter_rules r;
	static int made;

	if (!made) {
		struct config cfg;
		config_init(&cfg);
		config_clutter_rules(&cfg, &r);
		config_free(&cfg);
		made = 1;
	}
	return &r;
}

static void check_doc(const char *text, size_t len, const struct clutter_doc *d)
{
	size_t lfs = 0, titles = 0, nonempty = 0, at = 0;
	struct clutter_span *sp;
	size_t nsp;

	for (size_t i = 0; i < len; i++)
		lfs += text[i] == '\n';
	FUZZ_ASSERT(d->n == lfs + (len && text[len - 1] != '\n'),
	            "%zu lines for %zu LFs", d->n, lfs);
	for (size_t i = 0; i < d->n; i++) {
		const struct clutter_line *l = &d->lines[i];
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		FUZZ_ASSERT(l->off >= at && l->off + l->len <= end,
		            "line %zu [%zu,+%zu) outside [%zu,%zu)", i, l->off, l->len, at, end);
		FUZZ_ASSERT((l->len == 0) == (l->part == CLUTTER_PART_EMPTY),
		            "line %zu: empty %d, part %d", i, l->len == 0, l->part);
		FUZZ_ASSERT(l->part <= CLUTTER_PART_CLUTTER, "part %d", l->part);
		FUZZ_ASSERT(l->part != CLUTTER_PART_CLUTTER ||
		            (l->rule > CLUTTER_BY_NONE && l->rule < CLUTTER_BY_COUNT),
		            "clutter line %zu without a rule", i);
		titles += l->part == CLUTTER_PART_TITLE;
		nonempty += l->len != 0;
		if (l->part == CLUTTER_PART_TITLE)
			FUZZ_ASSERT(d->title == i, "title at %zu, said %zu", i, d->title);
		at = end + 1;
	}
	FUZZ_ASSERT(titles == (nonempty ? 1u : 0u), "%zu titles, %zu lines", titles, nonempty);
	FUZZ_ASSERT(nonempty || d->title == SIZE_MAX, "a title in a blank text");

	nsp = clutter_spans(d, &sp);
	for (size_t k = 0; k < nsp; k++) {
		FUZZ_ASSERT(sp[k].len > 0 && (size_t)sp[k].off + sp[k].len <= len,
		            "span %zu out of the text", k);
		FUZZ_ASSERT(k == 0 || sp[k].off > sp[k - 1].off + sp[k - 1].len,
		            "spans %zu and %zu touch or overlap", k - 1, k);
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct clutter_line *l = &d->lines[i];
		if (l->len == 0)
			continue;
		bool in = clutter_spans_hit(sp, nsp, l->off) &&
		          clutter_spans_hit(sp, nsp, l->off + l->len - 1);
		bool out = !clutter_spans_hit(sp, nsp, l->off) &&
		           !clutter_spans_hit(sp, nsp, l->off + l->len - 1);
		FUZZ_ASSERT(l->part == CLUTTER_PART_CLUTTER ? in : out,
		            "line %zu (part %d) and the spans disagree", i, l->part);
	}
	free(sp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct clutter_rules *r;
	struct clutter_doc d, again;
	struct article a = {0};
	size_t len, plain_words;
	char *text;

	if (size < 1)
		return 0;
	r = data[0] & 1 ? NULL : shipped();
	text = text_decode(data + 1, size - 1, NULL, &len);

	clutter_classify(text, len, r, &d);
	check_doc(text, len, &d);
	clutter_classify(text, len, r, &again);
	FUZZ_ASSERT(again.n == d.n && again.title == d.title, "a second run differs");
	for (size_t i = 0; i < d.n; i++)
		FUZZ_ASSERT(again.lines[i].part == d.lines[i].part, "line %zu differs", i);
	clutter_doc_free(&again);
	clutter_doc_free(&d);

	/* As the corpus calls it. Clutter's words are left out, never
	 * added. */
	plain_words = article_word_count(text, len);
	a.text = text;
	a.len = len;
	article_detect(&a, r);
	fuzz_check_clean(a.title, strlen(a.title), "article_detect's title");
	FUZZ_ASSERT(!strchr(a.title, '\n'), "title has a newline");
	FUZZ_ASSERT(a.date && (!*a.date || strlen(a.date) == 10), "date \"%s\"",
	            a.date ? a.date : "(null)");
	FUZZ_ASSERT(a.words <= plain_words, "%zu words, the text has %zu", a.words, plain_words);
	article_free(&a); /* frees text too */
	return 0;
}
