/* test_story.c - stories: a name everyone shares makes none, one event told
 * in Danish and in English is one story, the grouping is the same on any
 * number of threads, and the TSV. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/corpus.h"
#include "kilde/story.h"
#include "kilde/util.h"
#include "kilde/xref.h"
#include "testutil.h"

static struct xref_index *build_words(const struct corpus *c, int words)
{
	struct xref_options o;

	xref_default_options(&o);
	o.threads = 1;
	if (words)
		o.passage_words = words;
	return xref_build(c, &o);
}

static struct xref_index *build(const struct corpus *c)
{
	return build_words(c, 0);
}

/* Two events in China: the articles on each share specific names, the
 * two events share only China; four more articles share nothing. */
static const char *china_texts[] = {
	"Blast in port\n\nA chemical blast shook the port of Tianjin in China on "
	"Wednesday night. The warehouse belonged to Ruihai Logistics, and the "
	"fire chief Wang Dongming said his crews were still searching.\n",
	"Port blast toll rises\n\nThe death toll from the blast at the Ruihai "
	"Logistics warehouse rose again, authorities in China said. Officials "
	"led by Wang Dongming held a press conference near the site.\n",
	"Executive arrested\n\nPolice arrested the executive Meng Wanzhou in "
	"Vancouver at the request of prosecutors, and China protested. Her "
	"lawyer David Martin asked for bail.\n",
	"Bail hearing\n\nAt the hearing in Vancouver the lawyer David Martin "
	"argued that Meng Wanzhou should be released, while China summoned "
	"the ambassador.\n",
	"Harvest report\n\nFarmers near Odense reported a good harvest, the "
	"union chairman Poul Holm said on Monday.\n",
	"Cycling race\n\nThe rider Anna Berg won the stage to Aarhus after a "
	"long breakaway, her coach Lars Vang said.\n",
	"Concert review\n\nThe orchestra under Tomas Lind played Sibelius in "
	"the old hall in Bergen to a full house.\n",
	"Museum opening\n\nThe new museum in Aalborg opened its doors, and the "
	"architect Karen Friis showed visitors around.\n",
};

static void test_china_alone_makes_no_story(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(china_texts,
	                                  KILDE_ARRAY_LEN(china_texts));
	struct xref_index *ix = build(&c);
	struct story_set *s = story_build(&c, ix, NULL);
	long china = xref_find(ix, "China");

	/* China is a term of all four articles, so only the weighing keeps
	 * the two events apart. */
	assert_true(china >= 0);
	assert_int_equal(xref_get(ix, (uint32_t)china)->narticles, 4);
	assert_int_equal(story_of(s, 0), story_of(s, 1));
	assert_int_equal(story_of(s, 2), story_of(s, 3));
	assert_int_not_equal(story_of(s, 0), story_of(s, 2));
	for (size_t i = 4; i < c.n; i++)
		assert_int_equal(story_get(s, story_of(s, i))->n, 1);
	assert_int_equal(story_count(s), 6);
	story_free(s);
	xref_free(ix);
	corpus_free(&c);
}

/* One event told in Danish and in English (names and a percentage in
 * common, no word of running text), beside another bilingual event. */
static const char *bilingual_texts[] = {
	"Statsministeren slået\n\nEn mand slog fredag statsminister Mette "
	"Frederiksen på Kultorvet i København. Forsvarer Henrik Karl Nielsen "
	"siger, at hans klient nægter sig skyldig. Ifølge politiet var 40 "
	"procent af pladsen afspærret.\n",
	"Prime Minister struck\n\nA man struck Prime Minister Mette Frederiksen "
	"on Kultorvet in Copenhagen on Friday. The defender Henrik Karl Nielsen "
	"says his client pleads not guilty. Police say 40% of the square was "
	"closed off.\n",
	"Brand i Børsen\n\nDen historiske bygning brændte tirsdag, og direktør "
	"Brian Mikkelsen fra Dansk Erhverv lovede at bygge den op igen. "
	"Spiret faldt klokken 08.30, sagde Jakob Vedsted Andersen.\n",
	"Fire at the exchange\n\nThe historic building burned on Tuesday, and "
	"Brian Mikkelsen of Dansk Erhverv promised to rebuild it. The spire "
	"fell, said Jakob Vedsted Andersen of the fire service.\n",
	"Harvest report\n\nFarmers near Odense reported a good harvest, the "
	"union chairman Poul Holm said on Monday.\n",
	"Cycling race\n\nThe rider Anna Berg won the stage to Aarhus after a "
	"long breakaway, her coach Lars Vang said.\n",
};

static void test_danish_and_english_join(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(bilingual_texts,
	                                  KILDE_ARRAY_LEN(bilingual_texts));
	struct xref_index *ix = build(&c);
	struct story_set *s = story_build(&c, ix, NULL);

	assert_string_equal(c.articles[0].lang, "da");
	assert_string_equal(c.articles[1].lang, "en");
	assert_int_equal(story_of(s, 0), story_of(s, 1));
	assert_int_equal(story_of(s, 2), story_of(s, 3));
	assert_int_not_equal(story_of(s, 0), story_of(s, 2));
	assert_string_equal(story_get(s, story_of(s, 0))->languages, "da,en");
	assert_int_equal(story_get(s, story_of(s, 4))->n, 1);
	assert_int_equal(story_get(s, story_of(s, 5))->n, 1);
	story_free(s);
	xref_free(ix);
	corpus_free(&c);
}

/* Dated articles come first in date order, the story's span is theirs,
 * and the TSV lists them so. */
static void test_date_order_and_tsv(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(bilingual_texts, 4);
	struct xref_index *ix;
	struct story_set *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	free(c.articles[1].date);
	c.articles[1].date = util_xstrdup("2024-06-08");
	free(c.articles[0].date);
	c.articles[0].date = util_xstrdup("2024-06-07");
	ix = build(&c);
	s = story_build(&c, ix, NULL);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	story_write_tsv(s, &c, f);
	fclose(f);
	assert_non_null(strstr(buf, "story\tlabel\tarticles\tlanguages\tfirst\t"
	                            "last\tfiles\n1\t"));
	assert_non_null(strstr(buf, "\t2\tda,en\t2024-06-07\t2024-06-08\t"
	                            "000.txt,001.txt\n"));
	assert_non_null(strstr(buf, "\t2\tda,en\t\t\t002.txt,003.txt\n"));
	free(buf);
	story_free(s);
	xref_free(ix);
	corpus_free(&c);
}

/* Many small events, three articles each: a mayor and a deputy whose
 * names only the event's articles have (though some articles leave one
 * out), and clerks and towns from small pools every event draws on. Enough
 * articles that several threads each take a share. The sentences are a
 * template: the index is built without passages, which would be the
 * template's. */
static struct corpus many_articles(size_t n)
{
	static const char *first[] = {"Anders", "Birgit", "Carsten", "Dorte"};
	static const char *last[] = {"Holm", "Lund"};
	static const char *syl[] = {"Bor", "Kal", "Mun", "Ted", "Rav", "Sil",
	                            "Gor", "Pel", "Nyk", "Hav"};
	static const char *place[] = {"Odense", "Aarhus", "Aalborg", "Vejle",
	                              "Esbjerg", "Horsens"};
	struct corpus c = {0};
	uint32_t r = 12345;

	for (size_t i = 0; i < n; i++) {
		struct strbuf sb = {0};
		char name[32];
		size_t ev = i / 3;

		r = r * 1103515245u + 12345u;
		sb_printf(&sb, "Report %zu\n\nOn Monday the council in %s met.",
		          i, place[(r >> 16) % 6]);
		if ((r >> 8) % 5)
			sb_printf(&sb, " The mayor Ulla %s%s%sbæk spoke.",
			          syl[ev % 10], syl[(ev / 10) % 10],
			          syl[(ev / 100) % 10]);
		if ((r >> 12) % 5)
			sb_printf(&sb, " The deputy Ole %s%s%sgaard agreed.",
			          syl[(ev / 100) % 10], syl[(ev / 10) % 10],
			          syl[ev % 10]);
		for (int k = 0; k < 2; k++) {
			r = r * 1103515245u + 12345u;
			sb_printf(&sb, " Later the clerk %s %s arrived.",
			          first[(r >> 8) % 4], last[(r >> 12) % 2]);
		}
		sb_puts(&sb, "\n");
		snprintf(name, sizeof name, "%04zu.txt", i);
		corpus_add_text(&c, name, sb.s, sb.len);
		sb_free(&sb);
	}
	return c;
}

static void test_same_on_any_threads(void **state)
{
	(void)state;
	struct corpus c = many_articles(3000);
	struct xref_index *ix = build_words(&c, 100);
	struct story_set *one = story_build(&c, ix,
	                                    &(struct story_options){.threads = 1});
	size_t grouped = 0;

	for (size_t i = 0; i < story_count(one); i++)
		grouped += story_get(one, i)->n > 1;
	/* Neither all apart nor all one: the grouping has choices to make. */
	assert_true(grouped > 10);
	assert_true(story_count(one) > 10);
	for (unsigned th = 2; th <= 8; th *= 2) {
		struct story_set *s = story_build(
		        &c, ix, &(struct story_options){.threads = th});
		assert_int_equal(story_count(s), story_count(one));
		for (size_t i = 0; i < c.n; i++)
			assert_int_equal(story_of(s, i), story_of(one, i));
		for (size_t k = 0; k < story_count(s); k++)
			assert_string_equal(story_get(s, k)->label,
			                    story_get(one, k)->label);
		story_free(s);
	}
	story_free(one);
	xref_free(ix);
	corpus_free(&c);
}

/* A set cancel flag gives no stories at all; an unset one gives the
 * same stories as no options. */
static void test_cancel(void **state)
{
	(void)state;
	struct corpus c = many_articles(3000);
	struct xref_index *ix = build_words(&c, 100);
	atomic_bool flag;
	struct story_set *plain = story_build(&c, ix, NULL), *s;

	atomic_init(&flag, true);
	for (unsigned th = 1; th <= 2; th++)
		assert_null(story_build(&c, ix,
		                        &(struct story_options){
		                                .threads = th, .cancel = &flag}));
	atomic_store(&flag, false);
	s = story_build(&c, ix, &(struct story_options){.cancel = &flag});
	assert_non_null(s);
	assert_int_equal(story_count(s), story_count(plain));
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(story_of(s, i), story_of(plain, i));
	for (size_t k = 0; k < story_count(s); k++)
		assert_string_equal(story_get(s, k)->label,
		                    story_get(plain, k)->label);
	story_free(s);
	story_free(plain);
	xref_free(ix);
	corpus_free(&c);
}

static void test_empty_corpus(void **state)
{
	(void)state;
	struct corpus c = {0};
	struct xref_index *ix = build(&c);
	struct story_set *s = story_build(&c, ix, NULL);

	assert_int_equal(story_count(s), 0);
	assert_null(story_get(s, 0));
	story_free(s);
	xref_free(ix);
}


static char *tsv_of(const struct story_set *s, const struct corpus *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	story_write_tsv(s, c, f);
	fclose(f);
	return buf;
}

/* The set read back is the set written: the same TSV, story_of and
 * weights, and the same bytes once written again. */
static void assert_same_set(const struct story_set *a,
                            const struct story_set *b, const struct corpus *c,
                            size_t nterms)
{
	char *ta = tsv_of(a, c), *tb = tsv_of(b, c);

	assert_string_equal(ta, tb);
	for (size_t i = 0; i < c->n; i++)
		assert_int_equal(story_of(a, i), story_of(b, i));
	for (uint32_t t = 0; t < nterms; t++)
		assert_true(story_term_weight(a, t) == story_term_weight(b, t));
	free(ta);
	free(tb);
}

/* A set's bytes with the u32 at byte off replaced by v. */
static struct story_set *forged(const struct strbuf *sb, size_t off,
                                uint32_t v, const struct corpus *c,
                                const struct xref_index *ix)
{
	unsigned char *b = util_xmalloc(sb->len);
	struct story_set *s;

	memcpy(b, sb->s, sb->len);
	for (int i = 0; i < 4; i++)
		b[off + (size_t)i] = (unsigned char)(v >> (8 * i));
	s = story_deserialize(b, sb->len, c, ix);
	free(b);
	return s;
}

/* The stories' byte form (for the cache): read back equal, cut short
 * or forged refused. Where the articles start in the bytes: after the
 * three counts and each story's size, label length and label. */
static void test_byte_form(void **state)
{
	(void)state;
	struct corpus c = testutil_corpus(bilingual_texts, 4);
	struct xref_index *ix;
	struct story_set *s, *back, *other;
	struct strbuf sb = {0}, again = {0};
	size_t members, at = 24;

	free(c.articles[0].date);
	c.articles[0].date = util_xstrdup("2024-06-07");
	free(c.articles[1].date);
	c.articles[1].date = util_xstrdup("2024-06-08");
	ix = build(&c);
	s = story_build(&c, ix, NULL);
	assert_int_equal(story_count(s), 2);
	story_serialize(s, &sb);
	back = story_deserialize(sb.s, sb.len, &c, ix);
	assert_non_null(back);
	assert_same_set(s, back, &c, xref_count(ix));
	story_serialize(back, &again);
	assert_int_equal(again.len, sb.len);
	assert_memory_equal(again.s, sb.s, sb.len);
	story_free(back);

	/* Every length but the whole is refused, and so is a byte more. */
	for (size_t n = 0; n < sb.len; n++)
		assert_null(story_deserialize(sb.s, n, &c, ix));
	sb_putc(&sb, 0);
	assert_null(story_deserialize(sb.s, sb.len, &c, ix));
	sb.len--;

	for (size_t k = 0; k < story_count(s); k++)
		at += 8 + strlen(story_get(s, k)->label);
	members = at;
	assert_int_equal(members + 4 * c.n, sb.len);
	/* The same article twice (and another not at all): in one story,
	 * and in two, each story still in date order and the two in
	 * theirs. */
	assert_null(forged(&sb, members + 4, story_get(s, 0)->articles[0], &c,
	                   ix));
	assert_null(forged(&sb, members + 4 * story_get(s, 0)->n,
	                   story_get(s, 0)->articles[story_get(s, 0)->n - 1],
	                   &c, ix));
	/* An article that is not there. */
	assert_null(forged(&sb, members, (uint32_t)c.n, &c, ix));
	/* A story's dated articles out of date order. */
	{
		unsigned char *b = util_xmalloc(sb.len);

		memcpy(b, sb.s, sb.len);
		b[members] = (unsigned char)story_get(s, 0)->articles[1];
		b[members + 4] = (unsigned char)story_get(s, 0)->articles[0];
		assert_null(story_deserialize(b, sb.len, &c, ix));
		free(b);
	}
	/* Sizes that do not add up to the articles; an empty story. */
	assert_null(forged(&sb, 24, 3, &c, ix));
	assert_null(forged(&sb, 24, 0, &c, ix));
	/* Another corpus size, another index. */
	assert_null(forged(&sb, 0, (uint32_t)c.n + 1, &c, ix));
	assert_null(forged(&sb, 8, (uint32_t)xref_count(ix) + 1, &c, ix));
	/* A label with a control character, and an empty one. */
	{
		unsigned char *b = util_xmalloc(sb.len);

		memcpy(b, sb.s, sb.len);
		b[24 + 8] = 0x1b;
		assert_null(story_deserialize(b, sb.len, &c, ix));
		free(b);
	}
	/* The two stories swapped: both of two articles, so their order
	 * is the first one's date, which the swap puts last. */
	{
		struct strbuf sw = {0};
		const struct story *s0 = story_get(s, 0), *s1 = story_get(s, 1);
		unsigned char b[4];

		sb_append(&sw, sb.s, 24);
		for (int k = 1; k >= 0; k--) {
			const struct story *st = k ? s1 : s0;
			uint32_t v[2] = {(uint32_t)st->n, (uint32_t)strlen(st->label)};

			for (int j = 0; j < 2; j++) {
				for (int i = 0; i < 4; i++)
					b[i] = (unsigned char)(v[j] >> (8 * i));
				sb_append(&sw, (const char *)b, 4);
			}
			sb_puts(&sw, st->label);
		}
		for (int k = 1; k >= 0; k--) {
			const struct story *st = k ? s1 : s0;

			for (size_t a = 0; a < st->n; a++) {
				for (int i = 0; i < 4; i++)
					b[i] = (unsigned char)(st->articles[a] >> (8 * i));
				sb_append(&sw, (const char *)b, 4);
			}
		}
		assert_int_equal(sw.len, sb.len);
		assert_null(story_deserialize(sw.s, sw.len, &c, ix));
		sb_free(&sw);
	}
	/* Any one byte changed: refused, or a set that holds together. */
	for (size_t i = 0; i < sb.len; i++) {
		for (unsigned x = 1; x < 256; x <<= 1) {
			char *t;

			sb.s[i] = (char)(sb.s[i] ^ (char)x);
			other = story_deserialize(sb.s, sb.len, &c, ix);
			sb.s[i] = (char)(sb.s[i] ^ (char)x);
			if (!other)
				continue;
			t = tsv_of(other, &c);
			free(t);
			story_free(other);
		}
	}
	sb_free(&sb);
	sb_free(&again);
	story_free(s);
	xref_free(ix);
	corpus_free(&c);
}

/* Many stories and threads: the bytes read back make the same set. */
static void test_byte_form_many(void **state)
{
	(void)state;
	struct corpus c = many_articles(600);
	struct xref_index *ix = build_words(&c, 100);
	struct story_set *s = story_build(&c, ix, NULL), *back;
	struct strbuf sb = {0};

	story_serialize(s, &sb);
	back = story_deserialize(sb.s, sb.len, &c, ix);
	assert_non_null(back);
	assert_true(story_count(back) > 10);
	assert_same_set(s, back, &c, xref_count(ix));
	story_free(back);
	sb_free(&sb);
	story_free(s);
	xref_free(ix);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_china_alone_makes_no_story),
		cmocka_unit_test(test_danish_and_english_join),
		cmocka_unit_test(test_date_order_and_tsv),
		cmocka_unit_test(test_same_on_any_threads),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_empty_corpus),
		cmocka_unit_test(test_byte_form),
		cmocka_unit_test(test_byte_form_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
