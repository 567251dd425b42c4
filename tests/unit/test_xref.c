/* test_xref.c - the cross-reference engine on small in-memory corpora:
 * names, sentence starts, genitives, aliases across languages, US and us,
 * partial names, numbers, shared passages, occurrences, the TSV, and the
 * bundled corpus against the hand-made gold list. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kilde/clutter.h"
#include "kilde/config.h"
#include "kilde/corpus.h"
#include "kilde/util.h"
#include "kilde/wordidx.h"
#include "kilde/xref.h"
#include "testutil.h"

static char *test_aliases[] = {
	"united_states\tUnited States | USA | US | U.S. | America | Amerika | American | amerikansk",
	"china\tChina | Kina | Chinese | kinesisk",
	"cybersecurity\tcybersecurity | cyber security | cyber-security | cybersikkerhed",
	"unit_employees\temployees | ansatte",
	"unit_dkk\tkroner | kr | DKK",
};

static struct xref_index *build(const struct corpus *c)
{
	struct xref_options o;

	xref_default_options(&o);
	o.aliases = test_aliases;
	o.naliases = KILDE_ARRAY_LEN(test_aliases);
	o.company_suffixes = "Ltd.|Inc.|A/S|ApS|plc";
	return xref_build(c, &o);
}

/* The term whose display or one of whose forms is s (exactly), or -1. */
static long find(const struct xref_index *ix, const char *s)
{
	for (size_t t = 0; t < xref_count(ix); t++) {
		const struct xref_term *x = xref_get(ix, (uint32_t)t);
		const char *f = x->forms;
		size_t n = strlen(s);
		if (!strcmp(x->display, s))
			return (long)t;
		while (f && *f) {
			size_t k = strcspn(f, "|");
			if (k == n && !memcmp(f, s, n))
				return (long)t;
			f += k + (f[k] == '|');
		}
	}
	return -1;
}

static bool has_form(const struct xref_term *x, const char *s)
{
	size_t n = strlen(s);
	for (const char *f = x->forms; *f;) {
		size_t k = strcspn(f, "|");
		if (k == n && !memcmp(f, s, n))
			return true;
		f += k + (f[k] == '|');
	}
	return false;
}

static void assert_articles(const struct xref_index *ix, long t, const uint32_t *want, size_t n)
{
	assert_true(t >= 0);
	const struct xref_term *x = xref_get(ix, (uint32_t)t);
	assert_int_equal(x->narticles, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(x->articles[i], want[i]);
}

static void free_all(struct xref_index *ix, struct corpus *c)
{
	xref_free(ix);
	corpus_free(c);
}

static void test_names_and_sentence_starts(void **state)
{
	(void)state;
	const char *t[] = {
		"Analysts expect more from the company. The report was written by John Suffolk "
		"for the board. Growth is slow. Det er sent.",
		"Analysts say the analysts were wrong, and John Suffolk agreed with the board. "
		"Growth was fast. Det er tidligt. Han kom.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};

	assert_articles(ix, find(ix, "John Suffolk"), both, 2);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "John Suffolk"))->kind, XREF_NAME);
	/* Sentence-initial words (one also written in lower case), function
	 * words: none of them is a name. */
	assert_int_equal(find(ix, "Analysts"), -1);
	assert_int_equal(find(ix, "Growth"), -1);
	assert_int_equal(find(ix, "Det"), -1);
	assert_int_equal(find(ix, "The"), -1);
	assert_int_equal(xref_count(ix), 1);
	free_all(ix, &c);
}

static void test_sentence_start_accepted_when_known(void **state)
{
	(void)state;
	const char *t[] = {
		"Huawei said so. Later, the shares of Huawei rose.",
		"Huawei denied it.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};

	/* Only sentence-initial in article 1, but capitalised mid-sentence in
	 * article 0 and never in lower case: a name (Mikheev). */
	assert_articles(ix, find(ix, "Huawei"), both, 2);
	free_all(ix, &c);
}

static void test_capitalised_common_words(void **state)
{
	(void)state;
	const char *t[] = {
		"Then the Government said so. Later the government agreed with Huawei, as the government does.",
		"Officials told the Government that the government was wrong about Huawei.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);

	/* Capitalised twice, lower case three times: not a name. */
	assert_int_equal(find(ix, "Government"), -1);
	assert_true(find(ix, "Huawei") >= 0);
	free_all(ix, &c);
}

static void test_genitives(void **state)
{
	(void)state;
	const char *t[] = {
		"Vi har set Huaweis udstyr og USA's svar.",
		"We saw Huawei's phones in Paris' shops.",
		"They met Huawei\xe2\x80\x99s staff in the USA.",
		"A report by Huawei about Paris and its mayor.",
	};
	struct corpus c = testutil_corpus(t, 4);
	struct xref_index *ix = build(&c);
	static const uint32_t all4[] = {0, 1, 2, 3}, paris[] = {1, 3}, usa[] = {0, 2};
	long h = find(ix, "Huawei");

	assert_articles(ix, h, all4, 4);
	assert_true(has_form(xref_get(ix, (uint32_t)h), "Huaweis"));
	assert_true(has_form(xref_get(ix, (uint32_t)h), "Huawei's"));
	assert_true(has_form(xref_get(ix, (uint32_t)h), "Huawei\xe2\x80\x99s"));
	assert_string_equal(xref_get(ix, (uint32_t)h)->display, "Huawei");
	assert_articles(ix, find(ix, "Paris"), paris, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "Paris")), "Paris'"));
	assert_articles(ix, find(ix, "United States"), usa, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "United States")), "USA's"));
	free_all(ix, &c);
}

static void test_bare_s_needs_a_known_name(void **state)
{
	(void)state;
	const char *t[] = {
		"We flew from Athens to Brussels with Jones.",
		"We flew from Athens to Brussels with Jones again.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);

	/* No "Athen", "Brussel" or "Jone" elsewhere: the -s stays. */
	assert_true(find(ix, "Athens") >= 0);
	assert_string_equal(xref_get(ix, (uint32_t)find(ix, "Athens"))->display, "Athens");
	assert_true(find(ix, "Jones") >= 0);
	free_all(ix, &c);
}

static void test_alias_across_languages(void **state)
{
	(void)state;
	const char *t[] = {
		"Regeringen i USA har indf\xc3\xb8rt told, og de kinesiske selskaber "
		"taler om cybersikkerheden.",
		"The United States imposed tariffs on Chinese firms, citing cyber-security.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	long us = find(ix, "United States");

	assert_articles(ix, us, both, 2);
	assert_string_equal(xref_get(ix, (uint32_t)us)->display, "United States");
	assert_true(has_form(xref_get(ix, (uint32_t)us), "USA"));
	assert_articles(ix, find(ix, "China"), both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "China")), "kinesiske"));
	assert_articles(ix, find(ix, "cybersecurity"), both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "cybersecurity")), "cybersikkerheden"));
	free_all(ix, &c);
}

static void test_us_is_not_us(void **state)
{
	(void)state;
	const char *t[] = {
		"Tell us about it.",
		"Contact Us\n\nFollow Us\n",
		"The US said no.",
		"Sanctions by the U.S. government.",
	};
	struct corpus c = testutil_corpus(t, 4);
	struct xref_index *ix = build(&c);
	static const uint32_t want[] = {2, 3};

	assert_articles(ix, find(ix, "United States"), want, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "United States")), "U.S."));
	assert_int_equal(find(ix, "Us"), -1);
	assert_int_equal(find(ix, "Follow Us"), -1);
	free_all(ix, &c);
}

static void test_partial_names(void **state)
{
	(void)state;
	const char *t[] = {
		"The paper was written by John Suffolk last year. It joins the Paris Call "
		"with Ericsson and others.",
		"A statement from Suffolk followed. The deal with LM Ericsson is signed in "
		"Paris today.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	long s = find(ix, "John Suffolk"), e = find(ix, "LM Ericsson");

	assert_articles(ix, s, both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)s), "Suffolk"));
	assert_string_equal(xref_get(ix, (uint32_t)s)->display, "John Suffolk");
	assert_articles(ix, e, both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)e), "Ericsson"));
	/* A head is not a partial name: Paris is not the Paris Call. */
	assert_int_equal(find(ix, "Paris"), -1);
	assert_int_equal(find(ix, "Paris Call"), -1);
	free_all(ix, &c);
}

static void test_titles_particles_postcodes(void **state)
{
	(void)state;
	const char *t[] = {
		"Yesterday the Prime Minister met Ursula von der Leyen in Brussels.\n"
		"Adresse: Vesterbrogade 1, 2100 K\xc3\xb8" "benhavn \xc3\x98.",
		"We hear that Ursula von der Leyen and the Prime Minister spoke.\n"
		"Kontakt: N\xc3\xb8rregade 5, 2100 K\xc3\xb8" "benhavn.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};

	assert_articles(ix, find(ix, "Ursula von der Leyen"), both, 2);
	assert_int_equal(find(ix, "Prime Minister"), -1);
	assert_int_equal(find(ix, "Minister"), -1);
	assert_int_equal(find(ix, "2100"), -1);
	free_all(ix, &c);
}

static void test_company_suffixes(void **state)
{
	(void)state;
	const char *t[] = {
		"Shares of Huawei Technologies Ltd. fell, and Norriq A/S hired.",
		"Huawei and Norriq both grew.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	long h = find(ix, "Huawei"), n = find(ix, "Norriq");

	assert_articles(ix, h, both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)h), "Huawei Technologies Ltd."));
	assert_articles(ix, n, both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)n), "Norriq A/S"));
	free_all(ix, &c);
}

static void test_wire_style(void **state)
{
	(void)state;
	const char *t[] = {
		"SAN FRANCISCO (Reuters) - Tesla Inc shares rose after Chief Executive Elon Musk spoke.",
		"Then Tesla said that Musk would speak again, and Musk did.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	long m = find(ix, "Elon Musk"), ts = find(ix, "Tesla");

	assert_articles(ix, m, both, 2);
	assert_string_equal(xref_get(ix, (uint32_t)m)->display, "Elon Musk");
	assert_true(has_form(xref_get(ix, (uint32_t)m), "Musk"));
	assert_articles(ix, ts, both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)ts), "Tesla Inc"));
	assert_int_equal(find(ix, "Executive Elon Musk"), -1);
	free_all(ix, &c);
}

static void test_numbers(void **state)
{
	(void)state;
	const char *t[] = {
		"Founded in 1987, it has 180,000 employees and 5G gear worth 5,3 mia. kroner. "
		"Growth was 40 procent. It has 3 offices.",
		"Since 1987 it employs 180.000 ansatte; 5G-udstyr for 5.3 billion DKK. "
		"Sales rose 40%. It has 3 offices.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	long y = find(ix, "1987"), g = find(ix, "5G");

	assert_articles(ix, y, both, 2);
	assert_int_equal(xref_get(ix, (uint32_t)y)->kind, XREF_NUMBER);
	assert_articles(ix, g, both, 2);
	assert_articles(ix, find(ix, "180,000 employees"), both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "180,000 employees")), "180.000 ansatte"));
	assert_articles(ix, find(ix, "5,3 mia. kroner"), both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "5,3 mia. kroner")), "5.3 billion DKK"));
	assert_articles(ix, find(ix, "40%"), both, 2);
	/* A small count with a unit is not worth a cross-reference. */
	assert_int_equal(find(ix, "3 offices"), -1);
	free_all(ix, &c);
}

static void test_dates(void **state)
{
	(void)state;
	const char *t[] = {
		"It happened on 14. juli 2020 in Aarhus.",
		"It happened on July 14, 2020 in Aarhus.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	long d = find(ix, "14. juli 2020");

	assert_articles(ix, d, both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)d), "July 14, 2020"));
	free_all(ix, &c);
}

#define P1 "The committee decided on Tuesday that the new rules for data centres will " \
           "apply from next spring, after a long debate among members."
#define P2 "Critics said the timetable was far too short for smaller operators, who " \
           "must now replace equipment bought only two years ago."

static size_t find_off(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	assert_non_null(p);
	return (size_t)(p - hay);
}

static void test_passages(void **state)
{
	(void)state;
	const char *t[] = {
		"Original report.\n\n" P1 "\n\nIn other news the weather was fine.\n\n" P2 "\n\nEnd.",
		"Reprint.\n\nAs another paper wrote: " P1 " That is the first part.\n\n"
		"Our own comment sits in between and shares nothing.\n\n" P2 "\n",
		"Unrelated text about something else entirely, with no shared words at all.",
	};
	struct corpus c = testutil_corpus(t, 3);
	struct xref_index *ix = build(&c);
	size_t npass = 0;
	static const uint32_t both[] = {0, 1};

	for (size_t k = 0; k < xref_count(ix); k++) {
		const struct xref_term *x = xref_get(ix, (uint32_t)k);
		if (x->kind != XREF_PASSAGE)
			continue;
		npass++;
		assert_articles(ix, (long)k, both, 2);
		/* In both articles, the occurrences of the passage run from
		 * the first word of the paragraph to its last. */
		for (size_t a = 0; a < 2; a++) {
			size_t n, first = (size_t)-1, last = 0;
			const struct xref_occ *o = xref_occs(ix, a, &n);
			for (size_t i = 0; i < n; i++)
				if (o[i].term == k) {
					if (first == (size_t)-1)
						first = o[i].off;
					last = o[i].off + o[i].len;
				}
			const char *text = c.articles[a].text;
			const char *para = strncmp(text + first, P1, 20) ? P2 : P1;
			size_t po = find_off(text, para);
			assert_int_equal(first, po);
			/* The run ends with its last word, before the full stop. */
			assert_int_equal(last, po + strlen(para) - 1);
		}
	}
	assert_int_equal(npass, 2);
	free_all(ix, &c);
}

/* Enough articles for pass 1 to run on several threads and for the
 * n-gram sketch to see many once-only n-grams: the two articles that
 * share a passage and a name sit far apart, and a paragraph in every
 * article is boilerplate (more than 100 articles), not a passage. */
static void test_many_articles(void **state)
{
	(void)state;
	enum { N = 240 };
	char *t[N];
	struct corpus c = {0};
	static const uint32_t pair[] = {3, 230};

	for (size_t i = 0; i < N; i++) {
		char name[32];
		t[i] = util_xmalloc(1024);
		snprintf(t[i], 1024,
		         "Report %zu of the series, written on day %zu by desk %zu.\n\n"
		         "The weather was grey and nothing else happened in the town today.\n\n%s",
		         i, i * 7 + 1, i * 13 + 5,
		         i == pair[0] || i == pair[1] ? P1 " Later Ericsson confirmed it." : "");
		snprintf(name, sizeof(name), "%03zu.txt", i);
		corpus_add_text(&c, name, t[i], strlen(t[i]));
	}
	struct xref_index *ix = build(&c);
	size_t npass = 0;

	for (size_t k = 0; k < xref_count(ix); k++) {
		const struct xref_term *x = xref_get(ix, (uint32_t)k);
		if (x->kind != XREF_PASSAGE)
			continue;
		npass++;
		assert_articles(ix, (long)k, pair, 2);
	}
	assert_int_equal(npass, 1);
	assert_articles(ix, find(ix, "Ericsson"), pair, 2);
	assert_int_equal(find(ix, "The weather was grey and nothing else happened"), -1);
	free_all(ix, &c);
	for (size_t i = 0; i < N; i++)
		free(t[i]);
}

/* Hard-wrapped text: line breaks inside paragraphs are spaces. */
static char *wrap(const char *s, size_t width)
{
	char *r = util_xstrdup(s);
	size_t col = 0;

	for (char *p = r; *p; p++, col++) {
		if (*p == '\n')
			col = 0;
		else if (*p == ' ' && col >= width) {
			*p = '\n';
			col = 0;
		}
	}
	return r;
}

static void test_hard_wrapped(void **state)
{
	(void)state;
	char *a = wrap("Yesterday the paper by our reporter quoted the officer John Suffolk at length.\n\n"
	               P1 "\n", 55);
	const char *t[] = {
		a,
		"In the other paper, John Suffolk was quoted too.\n\n" P1 "\n",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);
	static const uint32_t both[] = {0, 1};
	size_t npass = 0;

	assert_non_null(strstr(a, "John\nSuffolk"));
	assert_articles(ix, find(ix, "John Suffolk"), both, 2);
	for (size_t k = 0; k < xref_count(ix); k++)
		if (xref_get(ix, (uint32_t)k)->kind == XREF_PASSAGE) {
			npass++;
			assert_articles(ix, (long)k, both, 2);
		}
	assert_int_equal(npass, 1);
	free_all(ix, &c);
	free(a);
}

static void test_passage_min_words(void **state)
{
	(void)state;
	const char *t[] = {
		"one two three four five six seven here.",
		"one two three four five six seven there.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix = build(&c);

	/* Seven shared words are below the default of eight. */
	for (size_t k = 0; k < xref_count(ix); k++)
		assert_int_not_equal(xref_get(ix, (uint32_t)k)->kind, XREF_PASSAGE);
	free_all(ix, &c);
}

/* The n-gram length is an option: eight words (the default) have their
 * own unrolled hash, any other length the general one, and both must find
 * a passage of exactly that many shared words, and none shorter. */
static void test_passage_other_lengths(void **state)
{
	(void)state;
	const char *t[] = {
		"alpha beta gamma delta epsilon zeta eta here.",
		"alpha beta gamma delta epsilon zeta eta there.",
		"first second third fourth fifth sixth seventh eighth ninth once.",
		"first second third fourth fifth sixth seventh eighth ninth twice.",
	};
	struct corpus c = testutil_corpus(t, 4);

	for (int pw = 6; pw <= 10; pw++) {
		struct xref_options o;
		struct xref_index *ix;
		size_t greek = 0, ordinal = 0;

		xref_default_options(&o);
		o.passage_words = pw;
		ix = xref_build(&c, &o);
		assert_non_null(ix);
		for (size_t k = 0; k < xref_count(ix); k++) {
			const struct xref_term *x = xref_get(ix, (uint32_t)k);
			if (x->kind != XREF_PASSAGE)
				continue;
			greek += strstr(x->display, "alpha") != NULL;
			ordinal += strstr(x->display, "first") != NULL;
		}
		/* Seven Greek words, nine ordinals (and the verbs after
		 * them differ). */
		assert_int_equal(greek, pw <= 7);
		assert_int_equal(ordinal, pw <= 9);
		xref_free(ix);
	}
	corpus_free(&c);
}

static void test_occurrences_and_order(void **state)
{
	(void)state;
	const char *t[] = {
		"Huawei and Ericsson met John Suffolk. Huawei said 1987 was the year.",
		"Huawei met Ericsson in 1987.",
		"Huawei, John Suffolk and Huawei again.",
	};
	struct corpus c = testutil_corpus(t, 3);
	struct xref_index *ix = build(&c);

	for (size_t a = 0; a < c.n; a++) {
		size_t n, nt;
		const struct xref_occ *o = xref_occs(ix, a, &n);
		const uint32_t *at = xref_article_terms(ix, a, &nt);
		for (size_t i = 1; i < n; i++)
			assert_true(o[i - 1].off + o[i - 1].len <= o[i].off);
		for (size_t i = 1; i < nt; i++)
			assert_true(xref_get(ix, at[i - 1])->weight >= xref_get(ix, at[i])->weight);
		for (size_t i = 0; i < nt; i++)
			assert_int_not_equal(xref_first_occ(ix, a, at[i]), (size_t)-1);
	}
	/* Huawei is in article 0, and its first occurrence is at 0. */
	long h = find(ix, "Huawei");
	assert_int_equal(xref_first_occ(ix, 0, (uint32_t)h), 0);
	size_t n;
	const struct xref_occ *o = xref_occs(ix, 2, &n);
	assert_int_equal(n, 3);
	assert_int_equal(o[2].off, strlen("Huawei, John Suffolk and "));
	assert_int_equal(o[2].len, 6);
	assert_int_equal(xref_first_occ(ix, 1, (uint32_t)find(ix, "John Suffolk")), (size_t)-1);
	free_all(ix, &c);
}

static void test_tsv(void **state)
{
	(void)state;
	const char *t[] = {
		"We saw Huawei and Ericsson.",
		"Then Huawei met Ericsson.",
		"Huawei alone.",
	};
	struct corpus c = testutil_corpus(t, 3);
	struct xref_index *ix = build(&c);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	xref_write_tsv(ix, &c, f);
	fclose(f);
	assert_string_equal(buf,
	                    "term\tkind\tforms\tarticles\tweight\tfirst\n"
	                    "Ericsson\tname\tEricsson\t000.txt,001.txt\t0.693\t\n"
	                    "Huawei\tname\tHuawei\t000.txt,001.txt,002.txt\t0.288\t\n");
	free(buf);
	free_all(ix, &c);
}

static void test_common(void **state)
{
	(void)state;
	const char *many[12];
	for (size_t i = 0; i < 12; i++)
		many[i] = i < 4 ? "Then Huawei and Ericsson met." : "Then Huawei spoke.";
	struct corpus c = testutil_corpus(many, 12);
	struct xref_index *ix = build(&c);

	assert_true(xref_get(ix, (uint32_t)find(ix, "Huawei"))->common);
	assert_false(xref_get(ix, (uint32_t)find(ix, "Ericsson"))->common);
	free_all(ix, &c);

	/* On five articles, a name in all five is still a cross-reference. */
	c = testutil_corpus(many + 4, 5);
	ix = build(&c);
	assert_false(xref_get(ix, (uint32_t)find(ix, "Huawei"))->common);
	free_all(ix, &c);
}

static void test_alias_messages(void **state)
{
	(void)state;
	char *lines[] = {
		"usa\tUnited States | US | America",
		"australia\tAustralia | US",
		"usa2\tAmerica",
		"empty\t | ",
	};
	/* where each line was read: every message names the file to fix */
	char *origins[] = {"a.ini:3", "b.ini:7", "b.ini:9", "b.ini:12"};
	struct corpus c = {0};
	struct xref_options o;
	struct xref_index *ix;
	char *const *m;

	xref_default_options(&o);
	o.aliases = lines;
	o.alias_origins = origins;
	o.naliases = KILDE_ARRAY_LEN(lines);
	ix = xref_build(&c, &o);
	m = xref_messages(ix);
	assert_non_null(m);
	assert_string_equal(m[0], "b.ini:7: [aliases] australia: 'US' is already listed under usa (a.ini:3); keeping usa");
	assert_string_equal(m[1], "b.ini:9: [aliases] usa2: 'America' is already listed under usa (a.ini:3); keeping usa");
	assert_string_equal(m[2], "b.ini:12: [aliases] empty: no display name; ignored");
	assert_null(m[3]);
	assert_int_equal(xref_count(ix), 0);
	xref_free(ix);
}

/* The --xrefs TSV of ix, as a malloc'd string. */
static char *tsv_of(const struct xref_index *ix, const struct corpus *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	xref_write_tsv(ix, c, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

struct progress_run {
	const struct corpus *c;
	struct xref_options o;
	struct xref_index *ix;
	atomic_bool done; /* set once xref_build has returned */
};

static void *progress_build(void *arg)
{
	struct progress_run *r = arg;

	r->ix = xref_build(r->c, &r->o);
	atomic_store(&r->done, true);
	return NULL;
}

/* The progress counter advances while the build runs, not only once it is
 * done, on one thread and on several (enough articles that every pass
 * shares its work out), and ends at two steps an article; it does not
 * change what is found. The build runs on a thread of its own while this
 * one watches the counter: a value between 0 and the end, read before the
 * build has returned, is progress reported during the build. */
static void test_progress(void **state)
{
	(void)state;
	enum { N = 2000 };
	char *texts[N];
	struct corpus c;
	struct xref_index *without;
	char *want;

	for (size_t i = 0; i < N; i++)
		texts[i] = util_xasprintf("Report %zu: %s and Ericsson deliver 5G to TDC in %s.\n\n"
		                          "John Suffolk of Huawei met officials in Brussels "
		                          "in week %zu.\n",
		                          i, i % 2 ? "Huawei" : "Nokia", i % 3 ? "Danmark" : "Oslo",
		                          i % 52);
	c = testutil_corpus((const char *const *)texts, N);
	without = build(&c);
	assert_true(xref_count(without) > 0);
	want = tsv_of(without, &c);
	for (unsigned th = 1; th <= 4; th *= 2) {
		size_t seen_during = 0;

		/* On a loaded machine the watching thread may not run at all
		 * while one build does: a few builds, and one seen is enough
		 * (a counter set only at the end is never seen in any). */
		for (int attempt = 0; attempt < 20 && !seen_during; attempt++) {
			atomic_size_t progress = 12345;
			struct progress_run run = {.c = &c};
			pthread_t tid;
			char *got;

			xref_default_options(&run.o);
			run.o.aliases = test_aliases;
			run.o.naliases = KILDE_ARRAY_LEN(test_aliases);
			run.o.company_suffixes = "Ltd.|Inc.|A/S|ApS|plc";
			run.o.threads = th;
			run.o.progress = &progress;
			atomic_init(&run.done, false);
			assert_int_equal(pthread_create(&tid, NULL, progress_build, &run), 0);
			while (!atomic_load(&run.done)) {
				size_t v = atomic_load(&progress);
				if (v > 0 && v < 2 * N && !atomic_load(&run.done))
					seen_during++;
			}
			assert_int_equal(pthread_join(tid, NULL), 0);
			assert_int_equal(atomic_load(&progress), 2 * N);
			got = tsv_of(run.ix, &c);
			assert_string_equal(got, want);
			free(got);
			xref_free(run.ix);
		}
		assert_true(seen_during > 0);
	}
	free(want);
	xref_free(without);
	corpus_free(&c);
	for (size_t i = 0; i < N; i++)
		free(texts[i]);
}

struct concurrent_build {
	const struct corpus *c;
	struct xref_index *ix;
};

static void *concurrent_build_run(void *arg)
{
	struct concurrent_build *b = arg;

	b->ix = build(b->c);
	return NULL;
}

/* Two builds over one corpus at once, as when the interface compares
 * articles while its index worker builds: each gives the index one build
 * alone gives. Under ThreadSanitizer (make tsan) this also fails on any
 * state the builds share without synchronisation, however they happen to
 * interleave. */
static void test_concurrent_builds(void **state)
{
	(void)state;
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};
	struct concurrent_build run[2];
	pthread_t tid[2];
	struct xref_index *alone;
	char *want;

	assert_int_equal(corpus_load(&c, paths, 1), 5);
	alone = build(&c);
	assert_true(xref_count(alone) > 2);
	want = tsv_of(alone, &c);
	for (int i = 0; i < 2; i++) {
		run[i] = (struct concurrent_build){.c = &c};
		assert_int_equal(pthread_create(&tid[i], NULL, concurrent_build_run, &run[i]), 0);
	}
	for (int i = 0; i < 2; i++) {
		char *got;

		assert_int_equal(pthread_join(tid[i], NULL), 0);
		assert_non_null(run[i].ix);
		got = tsv_of(run[i].ix, &c);
		assert_string_equal(got, want);
		free(got);
		xref_free(run[i].ix);
	}
	free(want);
	xref_free(alone);
	corpus_free(&c);
}

/* The bundled corpus with the shipped configuration: every gold row, and
 * none of the names that only one article mentions. */
static void test_bundled_corpus(void **state)
{
	(void)state;
	struct config cfg;
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("corpus")};
	struct xref_options o;
	struct xref_index *ix;
	static const char *const one_article[] = {
		"Paris Call", "Donald Trump", "Trump", "UNESCO", "Facebook", "Google",
		"European Commission", "Sydkorea", "Seoul", "SoftwareOne", "Follow Us",
		"Læs mere", "Det", "The",
	};

	config_init(&cfg);
	assert_int_equal(corpus_load(&c, paths, 1), 5);
	xref_default_options(&o);
	o.aliases = cfg.aliases;
	o.naliases = cfg.naliases;
	o.company_suffixes = cfg.company_suffixes;
	ix = xref_build(&c, &o);
	assert_null(xref_messages(ix));
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "Huawei"))->narticles, 5);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "United States"))->narticles, 5);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "China"))->narticles, 5);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "cybersecurity"))->narticles, 4);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "John Suffolk"))->narticles, 3);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "Ericsson"))->narticles, 2);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "1987"))->narticles, 2);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "5G"))->narticles, 2);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "Australia"))->narticles, 2);
	assert_int_equal(xref_get(ix, (uint32_t)find(ix, "Europe"))->narticles, 2);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(one_article); i++)
		assert_int_equal(find(ix, one_article[i]), -1);
	assert_int_equal(xref_find(ix, "huawei's"), find(ix, "Huawei"));
	assert_int_equal(xref_find(ix, "USA's"), find(ix, "United States"));
	assert_int_equal(xref_find(ix, "Paris Call"), -1);
	xref_free(ix);
	corpus_free(&c);
	config_free(&cfg);
}

/* Two pages with the same menu above and the same sponsored block below
 * their texts. */
static const char *const clutter_pages[] = {
	"Home | World | Business | Technology | Opinion\n\n"
	"Macron backs the Paris Call\n\n"
	"President Emmanuel Macron said on Monday that the Paris Call would make the "
	"networks of its members safer, and that more companies had joined it this year.\n\n"
	"The members will meet again in the spring, when they will report on what "
	"they have done since the call was made in the French capital.\n\n"
	"Sponsored content\n\n"
	"Why Quantum Ledger Systems is the future of your business, and what its "
	"platform can do for you and your customers in the year ahead.\n",
	"Home | World | Business | Technology | Opinion\n\n"
	"Companies join the Paris Call\n\n"
	"More companies joined the Paris Call this year, Emmanuel Macron told a "
	"conference on Monday, where he said that the networks of the members were safer.\n\n"
	"The call, which was made in the French capital, now has members from "
	"many countries, and they will meet again in the spring.\n\n"
	"Sponsored content\n\n"
	"Why Quantum Ledger Systems is the future of your business, and what its "
	"platform can do for you and your customers in the year ahead.\n",
};

/* Page clutter gives no cross-reference: a sponsored block both pages
 * carry at their end, and a menu above both headlines, share words and a
 * long passage, and with the shipped clutter rules none of it is a term;
 * the names of the text still are. Without rules, the same pages do share
 * them. */
static void test_clutter_gives_no_xref(void **state)
{
	(void)state;
	struct config cfg;
	struct clutter_rules rules;
	struct corpus c = testutil_corpus(clutter_pages, 2);
	struct xref_index *ix;
	size_t npass = 0;

	config_init(&cfg);
	config_clutter_rules(&cfg, &rules);
	c.clutter = &rules;
	ix = build(&c);
	assert_true(find(ix, "Emmanuel Macron") >= 0);
	assert_true(find(ix, "Quantum Ledger Systems") < 0);
	assert_true(find(ix, "Technology") < 0);
	for (size_t k = 0; k < xref_count(ix); k++)
		npass += xref_get(ix, (uint32_t)k)->kind == XREF_PASSAGE;
	assert_int_equal(npass, 0);
	xref_free(ix);

	c.clutter = NULL;
	ix = build(&c);
	assert_true(find(ix, "Emmanuel Macron") >= 0);
	assert_true(find(ix, "Quantum Ledger Systems") >= 0);
	npass = 0;
	for (size_t k = 0; k < xref_count(ix); k++)
		npass += xref_get(ix, (uint32_t)k)->kind == XREF_PASSAGE;
	assert_true(npass > 0);
	free_all(ix, &c);
	clutter_rules_free(&rules);
	config_free(&cfg);
}

/* Four articles in two languages with the furniture of news sites: menus,
 * bylines, photo credits, "Read more" links, share buttons and footers. */
static void test_site_furniture(void **state)
{
	(void)state;
	struct config cfg;
	struct corpus c = {0};
	char *paths[] = {SRC_PATH("tests/data/xref/furniture")};
	struct xref_options o;
	struct xref_index *ix;
	static const char *const junk[] = {
		"Twitter", "Facebook", "Nyheder", "Forside", "Home", "Reuters", "Bank",
		"Danske", "Follow Us", "Read more", "Privacy Policy", "Kontakt",
		"Defence Minister Troels Lund Poulsen", "Photo", "Foto",
		/* the datelines above the text: page furniture */
		"March 3, 2024", "March 4, 2024",
		/* the articles' own year on its own: recent, nothing telling */
		"2024",
	};
	static const char *const good[] = {
		"Denmark", "Russia", "Danske Bank", "Nordea", "Sweden", "NATO",
		"Mette Frederiksen", "Troels Lund Poulsen", "cybersecurity", "40%",
		"5.3 billion kroner", "Centre for Cyber Security",
	};

	config_init(&cfg);
	assert_int_equal(corpus_load(&c, paths, 1), 4);
	xref_default_options(&o);
	o.aliases = cfg.aliases;
	o.naliases = cfg.naliases;
	o.company_suffixes = cfg.company_suffixes;
	ix = xref_build(&c, &o);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(junk); i++)
		if (find(ix, junk[i]) >= 0)
			fail_msg("junk term: %s", junk[i]);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(good); i++)
		if (find(ix, good[i]) < 0)
			fail_msg("missing term: %s", good[i]);
	/* The only passage is the quotation both bank stories print; the
	 * shared "Read more" and "Læs også" link lines are not passages. */
	size_t npass = 0;
	for (size_t k = 0; k < xref_count(ix); k++)
		if (xref_get(ix, (uint32_t)k)->kind == XREF_PASSAGE) {
			npass++;
			assert_non_null(strstr(xref_get(ix, (uint32_t)k)->display, "It is with regret"));
		}
	assert_int_equal(npass, 1);
	xref_free(ix);
	corpus_free(&c);
	config_free(&cfg);
}

/* Everything the index says: the --xrefs table and every occurrence. */
static char *dump(const struct xref_index *ix, const struct corpus *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(ix);
	xref_write_tsv(ix, c, f);
	for (size_t a = 0; a < c->n; a++) {
		size_t n;
		const struct xref_occ *o = xref_occs(ix, a, &n);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%zu %u %u %u\n", a, o[i].off, o[i].len, o[i].term);
	}
	fclose(f);
	return buf;
}

static char *dump_built(const struct corpus *c, unsigned threads)
{
	struct xref_options o;
	struct xref_index *ix;
	char *s;

	xref_default_options(&o);
	o.aliases = test_aliases;
	o.naliases = KILDE_ARRAY_LEN(test_aliases);
	o.threads = threads;
	ix = xref_build(c, &o);
	s = dump(ix, c);
	xref_free(ix);
	return s;
}

/* The most positions of repeated word sequences a two-thread build of c
 * held at once. */
static size_t positions_held(const struct corpus *c)
{
	struct xref_options o;
	struct xref_index *ix;
	size_t held = 0;

	xref_default_options(&o);
	o.threads = 2;
	o.positions_held = &held;
	ix = xref_build(c, &o);
	assert_non_null(ix);
	xref_free(ix);
	return held;
}

/* A sentence in every one of 400 articles is no passage (in more than
 * 100): its positions are let go as the build goes, not held to the end
 * of pass 2. Right after it, a sentence two articles share is still one
 * passage, found as one thread (which keeps every position) finds it. */
static void test_boilerplate_positions_let_go(void **state)
{
	(void)state;
	struct corpus c = {0};
	size_t held;
	char *one, *two;

	for (size_t i = 0; i < 400; i++) {
		char name[32], *t;
		snprintf(name, sizeof(name), "%03zu.txt", i);
		t = util_xasprintf("Item %zu of the day.\n\n"
		                   "The harbour board said on Tuesday that the old northern quay "
		                   "would stay closed for repairs until the end of the winter "
		                   "season, and that ferries would call at the southern quay "
		                   "instead while the divers inspected the foundations. %s"
		                   "Reader %zu wrote in.\n",
		                   i, i == 7 || i == 300 ? "Lanterns were hung along the empty pier "
		                   "by the volunteers of the rowing club that evening. " : "", i);
		corpus_add_text(&c, name, t, strlen(t));
		free(t);
	}
	held = positions_held(&c);
	/* The common sentence alone has over 40 eight-word positions an
	 * article, 16,000 in all; those of the first hundred or so articles
	 * are held until their counts pass 100 (2,525 today). */
	assert_true(held > 0);
	assert_true(held < 6000);
	one = dump_built(&c, 1);
	two = dump_built(&c, 2);
	assert_non_null(strstr(one, "\tpassage\t"));
	assert_non_null(strstr(one, "Lanterns…\tpassage\t"));
	assert_non_null(strstr(one, "\t007.txt,300.txt\t"));
	assert_string_equal(one, two);
	free(one);
	free(two);
	corpus_free(&c);
}

/* One sentence in the first 200 of 400 articles, another in the last
 * 200: the first's positions are let go once its count passes 100, before
 * the second's (held until its own count passes 100) come, so no more
 * than about one sentence's worth are held at once (1,687 positions
 * today), not both (3,162). */
static void test_boilerplate_let_go_before_more_comes(void **state)
{
	(void)state;
	struct corpus c = {0};
	size_t held;

	for (size_t i = 0; i < 400; i++) {
		char name[32], *t;
		snprintf(name, sizeof(name), "%03zu.txt", i);
		t = util_xasprintf("Item %zu of the day.\n\n%s Reader %zu wrote in.\n", i,
		                   i < 200 ? "The harbour board said on Tuesday that the old "
		                             "northern quay would stay closed for repairs until "
		                             "the end of the winter season."
		                           : "Volunteers of the rowing club hung lanterns along "
		                             "the empty pier that evening and stayed until the "
		                             "last ferry came in.",
		                   i);
		corpus_add_text(&c, name, t, strlen(t));
		free(t);
	}
	held = positions_held(&c);
	assert_true(held > 0);
	assert_true(held < 2400);
	corpus_free(&c);
}

/* Article 0 shares its sentence's opening with article 50 and its end
 * with article 55: side by side in article 0, sequences in two articles
 * each, but another last article, so two passages (with the last article
 * of the first thread's run, they would be one). */
#define SIDE_0 "fishermen along the northern coast reported unusually calm waters,"
#define SIDE_A "fishermen along the northern coast reported unusually calm seas,"
#define SIDE_B "sailors along the northern coast reported unusually calm waters,"

/* Pass 2 cuts the corpus into one run per thread and merges the runs'
 * keys, candidates and n-grams; passages are cut around names, and the
 * output's forms and passage displays gathered, by one run of articles
 * per thread, put together in order: the index must not depend on the
 * cuts.
 * The bundled articles, three times over, between generated ones, so that
 * names, numbers, aliases and passages are met first in any run. */
static void test_threads_same_index(void **state)
{
	(void)state;
	static const char *const files[] = {
		"corpus/000_78b0cf8d7ad02d3c.txt", "corpus/001_445ba2664ba4056b.txt",
		"corpus/002_9ee63272115c30f3.txt", "corpus/003_92b029a54c8523d7.txt",
		"corpus/004_6df98165fb3bae8c.txt",
	};
	struct corpus c = {0};
	char *one, *other;

	for (size_t i = 0; i < 60; i++) {
		char name[32], *t;
		size_t len;
		snprintf(name, sizeof(name), "%03zu.txt", i);
		if (i % 4 == 1) {
			t = testutil_load(files[(i / 4) % 5], &len);
		} else {
			t = util_xasprintf("Report %zu by desk %zu: Ericsson and Nokia met %s "
			                   "in Oslo on %zu May 2019. " P1 "\n\n"
			                   "In week %zu of the year, %s so said every "
			                   "report that reader %zu sent us.\n",
			                   i, i % 7, i % 3 ? "Huawei" : "ZTE", i % 28 + 1, i,
			                   i == 0 ? SIDE_0 : i == 50 ? SIDE_A :
			                   i == 55 ? SIDE_B : "nothing happened,", i);
			len = strlen(t);
		}
		corpus_add_text(&c, name, t, len);
		free(t);
	}
	one = dump_built(&c, 1);
	assert_non_null(strstr(one, "Ericsson\tname"));
	assert_non_null(strstr(one, "fishermen along the northern coast reported…\tpassage\t"
	                            "of the year, fishermen along the northern coast "
	                            "reported…\t000.txt,050.txt\t"));
	assert_non_null(strstr(one, "\nwaters, so said every report that reader\tpassage\t"
	                            "waters, so said every report that reader\t000.txt,055.txt\t"));
	for (unsigned th = 2; th <= 9; th += th < 4 ? 1 : 5) {
		other = dump_built(&c, th);
		assert_string_equal(one, other);
		free(other);
	}
	free(one);
	corpus_free(&c);
}

/* --xrefs loads the metadata only and reads each text back when the build
 * needs it: from the spill file, or from the file itself. The index is
 * the one built from texts in memory. */
static void test_build_without_texts(void **state)
{
	(void)state;
	char *paths[] = {SRC_PATH("corpus")};
	struct corpus mem = {0}, spill = {0}, reread = {0};
	char *want, *got;

	assert_int_equal(corpus_load(&mem, paths, 1), 5);
	assert_int_equal(corpus_load_meta(&spill, paths, 1, true), 5);
	assert_int_equal(corpus_load_meta(&reread, paths, 1, false), 5);
	assert_null(spill.articles[0].text);
	assert_true(spill.spill_fd > 0);
	assert_int_equal(reread.spill_fd, 0);
	want = dump_built(&mem, 0);
	got = dump_built(&spill, 0);
	assert_string_equal(want, got);
	free(got);
	got = dump_built(&reread, 0);
	assert_string_equal(want, got);
	free(got);
	free(want);
	corpus_free(&mem);
	corpus_free(&spill);
	corpus_free(&reread);
}

/* The serialized word index. */
static char *words_bytes(const struct wordidx *w, size_t *len)
{
	struct strbuf sb = {0};

	assert_non_null(w);
	wordidx_serialize(w, &sb);
	*len = sb.len;
	return sb_take(&sb);
}

/* The build makes search's word index on a thread of its own while its
 * later steps run, both lending texts from the spill file at once: the
 * index is the one wordidx_build makes alone, and the cross-references
 * are the ones of a build from texts in memory. */
static void test_words_beside_the_build(void **state)
{
	(void)state;
	char *paths[] = {SRC_PATH("corpus")};
	struct corpus mem = {0}, spill = {0};
	struct xref_options o;
	struct xref_index *ix;
	struct wordidx *alone;
	char *want, *got;
	size_t nwant, ngot;

	assert_int_equal(corpus_load(&mem, paths, 1), 5);
	assert_int_equal(corpus_load_meta(&spill, paths, 1, true), 5);
	xref_default_options(&o);
	ix = xref_build(&spill, &o);
	assert_non_null(ix);
	alone = wordidx_build(&spill, NULL);
	want = words_bytes(alone, &nwant);
	got = words_bytes(xref_words(ix), &ngot);
	assert_int_equal(nwant, ngot);
	assert_memory_equal(want, got, nwant);
	free(want);
	free(got);
	wordidx_free(alone);
	xref_free(ix);
	want = dump_built(&mem, 0);
	got = dump_built(&spill, 0);
	assert_string_equal(want, got);
	free(want);
	free(got);
	corpus_free(&mem);
	corpus_free(&spill);
}

/* The corpus as loaded with the page clutter its detection found dropped,
 * so the build classifies every text itself. */
static void load_forgetting_clutter(struct corpus *c, char *paths[], size_t npaths)
{
	assert_true(corpus_load_meta(c, paths, npaths, true) > 0);
	for (size_t i = 0; i < c->n; i++) {
		free(c->articles[i].clut);
		c->articles[i].clut = NULL;
		c->articles[i].nclut = 0;
		c->articles[i].clut_known = false;
	}
}

/* The build blanks the page clutter the load found instead of classifying
 * every text again: the index is the one it makes classifying them itself,
 * and with other rules than the load's it classifies again. */
static void test_build_kept_clutter(void **state)
{
	(void)state;
	char dir[] = "/tmp/kilde-clut-XXXXXX";
	char *paths[] = {SRC_PATH("corpus"), dir};
	char *p[2];
	struct config cfg;
	struct clutter_rules rules, other;
	struct corpus kept = {0}, fresh = {0};
	char *want, *got, *plain, *other_want;
	size_t nclut = 0;

	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < 2; i++) {
		p[i] = util_xasprintf("%s/%zu.txt", dir, i);
		testutil_write(p[i], clutter_pages[i], strlen(clutter_pages[i]));
	}
	config_init(&cfg);
	config_clutter_rules(&cfg, &rules);
	kept.clutter = fresh.clutter = &rules;
	assert_int_equal(corpus_load_meta(&kept, paths, 2, true), 7);
	load_forgetting_clutter(&fresh, paths, 2);
	for (size_t i = 0; i < kept.n; i++)
		nclut += kept.articles[i].clut_known ? kept.articles[i].nclut : 0;
	assert_true(nclut > 0);
	want = dump_built(&fresh, 0);
	got = dump_built(&kept, 0);
	assert_string_equal(want, got);
	free(got);
	/* Built again: what the first build lent is still the article's. */
	got = dump_built(&kept, 3);
	assert_string_equal(want, got);
	free(got);
	/* The clutter matters here: without rules the index differs. */
	kept.clutter = NULL;
	plain = dump_built(&kept, 0);
	assert_string_not_equal(want, plain);

	/* Rules with no cue at all call less of the pages clutter: what the
	 * load kept is not theirs. */
	clutter_rules_init(&other, true, "the|of|and|a|to|in", NULL, NULL, NULL, NULL);
	kept.clutter = fresh.clutter = &other;
	other_want = dump_built(&fresh, 0);
	assert_string_not_equal(want, other_want);
	got = dump_built(&kept, 0);
	assert_string_equal(other_want, got);
	free(got);

	free(want);
	free(other_want);
	free(plain);
	for (size_t i = 0; i < 2; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	rmdir(dir);
	corpus_free(&kept);
	corpus_free(&fresh);
	clutter_rules_free(&rules);
	clutter_rules_free(&other);
	config_free(&cfg);
}

/* A file that changes between the load and the build (no spill file to
 * fall back on): its text is not used, and the build says so by failing
 * instead of indexing offsets into another text. */
static void test_build_stale(void **state)
{
	(void)state;
	char dir[] = "/tmp/kilde-stale-XXXXXX";
	char *paths[] = {dir};
	char *p[2];
	struct corpus c = {0};
	struct xref_options o;
	struct xref_index *ix;

	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 2; i++) {
		p[i] = util_xasprintf("%s/%d.txt", dir, i);
		testutil_write(p[i], "Huawei met Ericsson in Oslo.\n", 29);
	}
	xref_default_options(&o);
	assert_int_equal(corpus_load_meta(&c, paths, 1, false), 2);
	ix = xref_build(&c, &o);
	assert_non_null(ix);
	assert_true(xref_find(ix, "Ericsson") >= 0);
	xref_free(ix);
	/* The same length: only the text's hash tells. */
	testutil_write(p[1], "Huawei met Ericsson in Bonn.\n", 29);
	assert_null(xref_build(&c, &o));
	corpus_free(&c);
	/* Loaded again, it is a text like any other. */
	assert_int_equal(corpus_load_meta(&c, paths, 1, false), 2);
	ix = xref_build(&c, &o);
	assert_non_null(ix);
	xref_free(ix);
	corpus_free(&c);
	for (int i = 0; i < 2; i++) {
		unlink(p[i]);
		free(p[i]);
	}
	rmdir(dir);
}

/* A build told to stop (xref_options.cancel, an interface that quits)
 * returns NULL, set before it starts as while it runs; not told, the same
 * options build the index. */
static void test_cancel(void **state)
{
	(void)state;
	enum { N = 300 };
	static const char *const base[] = {
		"Huawei og Ericsson leverer 5G-udstyr til TDC i Danmark.",
		"John Suffolk of Huawei met officials in Brussels about 5G.",
	};
	const char *texts[N];
	struct xref_options o;
	struct xref_index *ix;
	struct corpus c;
	atomic_bool stop;

	for (size_t i = 0; i < N; i++)
		texts[i] = base[i % 2];
	c = testutil_corpus(texts, N);
	xref_default_options(&o);
	atomic_init(&stop, false);
	o.cancel = &stop;
	ix = xref_build(&c, &o);
	assert_non_null(ix);
	assert_true(xref_count(ix) > 0);
	xref_free(ix);
	atomic_store(&stop, true);
	assert_null(xref_build(&c, &o));
	corpus_free(&c);
}

/* One entity, one row: a title cut (and kept as no part of the name), a
 * spelling variant, a surname joined to the one full name of its article,
 * two people who share a surname apart, initials, an abbreviation the
 * text defines. */
static void test_entities(void **state)
{
	(void)state;
	const char *t[] = {
		"The talks went on. Ambassador Feng Tie met Kaj Joensen, and Joensen "
		"spoke. Kringvarp Føroya (KvF) reported that Ørsted agreed. "
		"It was about paintings by P.S. Krøyer near Borsen. It angered New Jersey Gov. "
		"Phil Murphy.",
		"The talks went on. Feng Tie met Edmund Joensen and Kaj Joensen. "
		"KvF said that Orsted agreed. Peder Severin Krøyer painted it.",
		"The talks went on. Feng Tie spoke with Edmund Joensen, and Joensen said no. "
		"The Old Stock Exchange burned, and New Jersey said so.",
	};
	struct corpus c = testutil_corpus(t, 3);
	struct xref_options o;
	struct xref_index *ix;
	static const uint32_t all[] = {0, 1, 2}, first2[] = {0, 1}, last2[] = {1, 2};
	long kaj, edmund;

	static char *aliases[] = {"boersen\tBørsen | Old Stock Exchange"};
	static const uint32_t ends[] = {0, 2};

	xref_default_options(&o);
	o.roles_en = "Ambassador|Gov.";
	o.aliases = aliases;
	o.naliases = 1;
	ix = xref_build(&c, &o);
	/* A title after a name is no part of it either. */
	assert_int_equal(find(ix, "New Jersey Gov"), -1);
	assert_articles(ix, find(ix, "New Jersey"), ends, 2);
	/* Borsen is the alias table's Børsen spelled without ø. */
	assert_articles(ix, find(ix, "Børsen"), ends, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "Børsen")), "Borsen"));
	assert_int_equal(find(ix, "Ambassador Feng Tie"), -1);
	assert_articles(ix, find(ix, "Feng Tie"), all, 3);
	/* Article 0 names only Kaj Joensen: its Joensen is he. Article 2
	 * only Edmund: its Joensen is he. */
	kaj = find(ix, "Kaj Joensen");
	edmund = find(ix, "Edmund Joensen");
	assert_true(kaj >= 0 && edmund >= 0 && kaj != edmund);
	assert_articles(ix, kaj, first2, 2);
	assert_articles(ix, edmund, last2, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)kaj), "Joensen"));
	assert_true(has_form(xref_get(ix, (uint32_t)edmund), "Joensen"));
	assert_articles(ix, find(ix, "Ørsted"), first2, 2);
	assert_int_equal(find(ix, "Ørsted"), find(ix, "Orsted"));
	assert_articles(ix, find(ix, "Kringvarp Føroya"), first2, 2);
	assert_int_equal(find(ix, "Kringvarp Føroya"), find(ix, "KvF"));
	assert_string_equal(xref_get(ix, (uint32_t)find(ix, "KvF"))->display, "Kringvarp Føroya");
	assert_articles(ix, find(ix, "Peder Severin Krøyer"), first2, 2);
	assert_int_equal(find(ix, "P.S. Krøyer"), find(ix, "Peder Severin Krøyer"));
	free_all(ix, &c);
}

/* A bare surname that could be either of two people joins neither: not
 * in an article that names both, nor in one that names neither when the
 * corpus has both. */
static void test_bare_surname_of_two(void **state)
{
	(void)state;
	const char *t[] = {
		"The talks went on for a long time in the town hall on Monday. Edmund "
		"Joensen met Kaj Joensen there, and then Joensen spoke to the press "
		"about what the two of them had said.",
		"The talks went on for a long time in the town hall on Monday, and "
		"Edmund Joensen spoke to the press about it when they were over.",
		"The talks went on for a long time in the town hall on Monday, and "
		"Kaj Joensen spoke to the press about it when they were over.",
		"The talks went on for a long time in the town hall on Monday, and "
		"Joensen spoke to the press about it when they were over.",
	};
	struct corpus c = testutil_corpus(t, 4);
	struct xref_index *ix = build(&c);
	static const uint32_t e_arts[] = {0, 1}, k_arts[] = {0, 2};
	long kaj = find(ix, "Kaj Joensen"), edmund = find(ix, "Edmund Joensen");
	const struct xref_occ *o;
	size_t n, each[2] = {0, 0};

	assert_true(kaj >= 0 && edmund >= 0 && kaj != edmund);
	assert_articles(ix, edmund, e_arts, 2);
	assert_articles(ix, kaj, k_arts, 2);
	/* Article 0 mentions each full name once; its Joensen is neither's. */
	o = xref_occs(ix, 0, &n);
	for (size_t i = 0; i < n; i++) {
		if (o[i].term == (uint32_t)edmund)
			each[0]++;
		else if (o[i].term == (uint32_t)kaj)
			each[1]++;
	}
	assert_int_equal(each[0], 1);
	assert_int_equal(each[1], 1);
	assert_false(has_form(xref_get(ix, (uint32_t)kaj), "Joensen"));
	assert_false(has_form(xref_get(ix, (uint32_t)edmund), "Joensen"));
	free_all(ix, &c);
}

/* The role cut from a name is kept as its context: the one written most
 * often before the entity's names (the role list's word, in lower case, in
 * capitals when written so), none for a form of address (Mr), and it
 * survives the cache. */
static void test_roles(void **state)
{
	(void)state;
	const char *t[] = {
		"The talks went on. Then Ambassador Feng Tie met Kaj Joensen. Then the CEO "
		"John Smith said so, and Mr Ole Hansen agreed.",
		"The talks went on. Then ambassador Feng Tie met Kaj Joensen. Then John Smith "
		"said so, and Ole Hansen agreed. Then statsminister Kaj Joensen spoke.",
		"The talks went on. Then Governor Feng Tie spoke. Then Ole Hansen spoke.",
	};
	struct corpus c = testutil_corpus(t, 3);
	struct xref_options o;
	struct xref_index *ix, *back;
	struct strbuf sb = {0};

	xref_default_options(&o);
	o.roles_en = "Mr|Ambassador|Governor|CEO";
	o.roles_da = "statsminister";
	ix = xref_build(&c, &o);
	assert_non_null(xref_get(ix, (uint32_t)find(ix, "Feng Tie"))->role);
	assert_string_equal(xref_get(ix, (uint32_t)find(ix, "Feng Tie"))->role, "ambassador");
	assert_string_equal(xref_get(ix, (uint32_t)find(ix, "John Smith"))->role, "CEO");
	assert_string_equal(xref_get(ix, (uint32_t)find(ix, "Kaj Joensen"))->role, "statsminister");
	assert_null(xref_get(ix, (uint32_t)find(ix, "Ole Hansen"))->role);
	assert_int_equal(find(ix, "ambassador"), -1);
	xref_serialize(ix, &sb);
	back = xref_deserialize(sb.s, sb.len, &c);
	assert_non_null(back);
	assert_string_equal(xref_get(back, (uint32_t)find(back, "Feng Tie"))->role, "ambassador");
	assert_null(xref_get(back, (uint32_t)find(back, "Ole Hansen"))->role);
	xref_free(back);
	sb_free(&sb);
	free_all(ix, &c);
}

static void set_date(struct corpus *c, size_t a, const char *date)
{
	free(c->articles[a].date);
	c->articles[a].date = util_xstrdup(date);
}

/* A year on its own that is recent for the corpus (within ten years of its
 * newest article) is no cross-reference; one long before is, and so is any
 * year in a corpus without dates. */
static void test_recent_years(void **state)
{
	(void)state;
	const char *t[] = {
		"The old building from 1625 burned. The firm has grown since 2019.",
		"The hall built in 1625 is gone. Prices have risen since 2019.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_index *ix;

	ix = build(&c);
	assert_true(find(ix, "2019") >= 0);
	assert_true(find(ix, "1625") >= 0);
	xref_free(ix);
	set_date(&c, 0, "2024-04-16");
	ix = build(&c);
	assert_int_equal(find(ix, "2019"), -1);
	assert_true(find(ix, "1625") >= 0);
	free_all(ix, &c);
}

/* A place's name and one word never named on its own are one name (New
 * Jersey Globe, a paper), where a title and a name after the place are
 * split off it (New Jersey Gov. Phil Murphy). N.J. is New Jersey. */
/* A place's name that ends a longer name is no mention of the place, and
 * one after it still is: accept_run passes over the matches of the runs
 * before (see struct amatches), not over one that starts at the run's
 * last word or after it. */
static void test_place_ending_a_name(void **state)
{
	(void)state;
	const char *t[] = {
		"The plan was stopped. Staff at Air Greenland met in Nuuk, and Greenland said no.",
		"The plan was stopped. It was Air Greenland that flew to Nuuk, not Greenland.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {"greenland\tGreenland"};
	static const uint32_t both[] = {0, 1};
	long g;

	xref_default_options(&o);
	o.aliases = aliases;
	o.naliases = 1;
	ix = xref_build(&c, &o);
	assert_articles(ix, find(ix, "Air Greenland"), both, 2);
	g = find(ix, "Greenland");
	assert_true(g >= 0);
	assert_true(g != find(ix, "Air Greenland"));
	/* Once in each article: after Air Greenland only. */
	for (uint32_t a = 0; a < 2; a++) {
		size_t n, k = 0;
		const struct xref_occ *occ = xref_occs(ix, a, &n);
		for (size_t i = 0; i < n; i++)
			k += occ[i].term == (uint32_t)g;
		assert_int_equal(k, 1);
	}
	xref_free(ix);
	corpus_free(&c);
}

static void test_named_after_a_place(void **state)
{
	(void)state;
	const char *t[] = {
		"The plan was stopped. It was told by the New Jersey Globe, and "
		"New Jersey Gov. Phil Murphy was angry about N.J. losing it. The Russia Ukraine "
		"talks went on.",
		"The plan was stopped. The New Jersey Globe said so, and Phil Murphy "
		"spoke for New Jersey. The Russia Ukraine talks went on.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {"new_jersey\tNew Jersey | N.J.", "russia\tRussia",
	                          "ukraine\tUkraine"};
	static const uint32_t both[] = {0, 1};

	xref_default_options(&o);
	o.roles_en = "Gov.";
	o.aliases = aliases;
	o.naliases = 3;
	ix = xref_build(&c, &o);
	assert_articles(ix, find(ix, "New Jersey Globe"), both, 2);
	assert_int_equal(find(ix, "Globe"), -1);
	assert_articles(ix, find(ix, "Phil Murphy"), both, 2);
	assert_articles(ix, find(ix, "New Jersey"), both, 2);
	assert_int_equal(find(ix, "N.J."), find(ix, "New Jersey"));
	assert_true(find(ix, "New Jersey") != find(ix, "New Jersey Globe"));
	/* Two places in a row are two places. */
	assert_int_equal(find(ix, "Russia Ukraine"), -1);
	assert_articles(ix, find(ix, "Ukraine"), both, 2);
	free_all(ix, &c);
}

/* A Danish compound whose first part is a name of the alias table written
 * with a hyphen (Europa-Parlamentet) is that name: Europa-Parlamentsvalget
 * is the European Parliament. A lower-case variant starts no compound. */
static void test_compound_alias(void **state)
{
	(void)state;
	const char *t[] = {
		"The vote came before the election for the European Parliament, she said.",
		"Han er spidskandidat til Europa-Parlamentsvalget, siger hun.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {
		"european_parliament\tEuropean Parliament | Europa-Parlamentet",
		"europe\tEurope | Europa | European",
	};
	static const uint32_t both[] = {0, 1};

	xref_default_options(&o);
	o.aliases = aliases;
	o.naliases = 2;
	ix = xref_build(&c, &o);
	assert_articles(ix, find(ix, "European Parliament"), both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "European Parliament")),
	                     "Europa-Parlamentsvalget"));
	free_all(ix, &c);
}

/* A drop_ entry is what a reader said is no cross-reference: its name is
 * no term, nor are its words a name of their own; the rest of the
 * articles' terms stay. */
static void test_dropped_entry(void **state)
{
	(void)state;
	const char *t[] = {
		"On Monday Feng Tie met Anna Berg in Oslo.",
		"Feng Tie and Anna Berg spoke again in Oslo.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {
		"drop_feng_tie\tFeng Tie",
	};

	xref_default_options(&o);
	ix = xref_build(&c, &o);
	assert_true(find(ix, "Feng Tie") >= 0);
	assert_true(find(ix, "Anna Berg") >= 0);
	xref_free(ix);
	o.aliases = aliases;
	o.naliases = 1;
	ix = xref_build(&c, &o);
	assert_int_equal(find(ix, "Feng Tie"), -1);
	assert_int_equal(find(ix, "Feng"), -1);
	assert_true(find(ix, "Anna Berg") >= 0);
	assert_true(find(ix, "Oslo") >= 0);
	free_all(ix, &c);
}

/* A body's name written without the nationality it opens with (the
 * Chamber of Commerce for the Danish Chamber of Commerce) is that body
 * where the article names the nation, and nothing where it does not. */
static void test_nationality_left_out(void **state)
{
	(void)state;
	const char *t[] = {
		"The old exchange in Denmark is the seat of the Chamber of Commerce, which owns it.",
		"Dansk Erhverv owns the building, and the Danish Chamber of Commerce will rebuild.",
		"In Ohio the Chamber of Commerce met. Dansk Erhverv was not there.",
	};
	struct corpus c = testutil_corpus(t, 3);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {
		"dansk_erhverv\tDansk Erhverv | Danish Chamber of Commerce",
		"denmark\tDenmark | Danmark | Danish",
	};
	static const uint32_t all[] = {0, 1, 2};

	xref_default_options(&o);
	o.aliases = aliases;
	o.naliases = 2;
	ix = xref_build(&c, &o);
	assert_articles(ix, find(ix, "Dansk Erhverv"), all, 3);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "Dansk Erhverv")), "Chamber of Commerce"));
	/* Article 2 names no Denmark: its Chamber of Commerce is its own. */
	{
		const struct xref_occ *occ;
		size_t n;
		const char *at = strstr(t[2], "Chamber");
		occ = xref_occs(ix, 2, &n);
		for (size_t i = 0; i < n; i++)
			assert_true(occ[i].off != (uint32_t)(at - t[2]));
	}
	free_all(ix, &c);
}

/* An organisation's sub-name (a section or product word of the
 * configured list after its name) is the organisation: DR Nyheder is the
 * alias DR, Politiken Debat is Politiken, TV 2 Nyheder is TV 2 (a short
 * name in capitals and a number), and no sub-name word or number is left
 * as a name of its own. A word not in the list keeps its name apart. */
static void test_org_subnames(void **state)
{
	(void)state;
	const char *t[] = {
		"The story was told. It came from DR Nyheder and from TV 2 Nyheder, "
		"and Politiken Debat ran it. The Politiken Globe ran it, with EU 27 too.",
		"The story was told. DR said so, and TV 2 said so. Politiken agreed. "
		"The Politiken Globe agreed, and EU 27 did.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {"dr	Danmarks Radio | DR", "eu	European Union | EU"};
	static const uint32_t both[] = {0, 1};

	xref_default_options(&o);
	o.org_subnames = "Nyheder|Debat";
	o.aliases = aliases;
	o.naliases = 2;
	ix = xref_build(&c, &o);
	assert_articles(ix, find(ix, "Danmarks Radio"), both, 2);
	assert_true(has_form(xref_get(ix, (uint32_t)find(ix, "DR")), "DR Nyheder"));
	assert_articles(ix, find(ix, "TV 2"), both, 2);
	assert_int_equal(find(ix, "TV 2 Nyheder"), find(ix, "TV 2"));
	assert_articles(ix, find(ix, "Politiken"), both, 2);
	assert_int_equal(find(ix, "Politiken Debat"), find(ix, "Politiken"));
	assert_true(find(ix, "Politiken Globe") >= 0);
	assert_true(find(ix, "Politiken Globe") != find(ix, "Politiken"));
	assert_int_equal(find(ix, "Nyheder"), -1);
	assert_int_equal(find(ix, "TV"), -1);
	assert_int_equal(find(ix, "27"), -1);
	free_all(ix, &c);
}

/* A channel's name after a nationality or another capitalised word:
 * "Danish TV 2" is Denmark and TV 2, as a bare "TV 2" is, never a name
 * "TV" cut from its number. */
static void test_acronym_number_inside_run(void **state)
{
	(void)state;
	const char *t[] = {
		"The fire was bad. Speaking to Danish TV 2, Rune Nielsen said it "
		"was under control in the evening.",
		"The fire was bad. Rune Nielsen told TV 2 that it was under control "
		"in the evening.",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static char *aliases[] = {"denmark	Denmark | Danish"};
	static const uint32_t both[] = {0, 1};

	xref_default_options(&o);
	o.aliases = aliases;
	o.naliases = 1;
	ix = xref_build(&c, &o);
	assert_articles(ix, find(ix, "TV 2"), both, 2);
	assert_int_equal(find(ix, "TV"), -1);
	assert_int_equal(find(ix, "Danish TV 2"), -1);
	free_all(ix, &c);
}

/* The telling ones first: a term two sources share outweighs one that
 * more articles share, and one that a single source repeats; a term in
 * more than common_share percent of the articles comes last, even after
 * a lighter one. */
static void test_weights(void **state)
{
	(void)state;
	const char *t[12];
	for (size_t i = 0; i < 12; i++)
		t[i] = i < 2 ? "Then Huawei met Ericsson and Nokia." :
		       i < 4 ? "Then Huawei met Nokia." : i < 7 ? "Then Huawei spoke." :
		       "Then Siemens spoke.";
	struct corpus c = testutil_corpus(t, 12);
	struct xref_index *ix;
	long h, e, n, s;

	/* Articles 2 and 3 come from one source, and 7 to 11 from another. */
	for (size_t i = 2; i < 12; i++) {
		if (i > 3 && i < 7)
			continue;
		free(c.articles[i].source);
		c.articles[i].source = util_xstrdup(i < 4 ? "Same Paper" : "Other Paper");
	}
	ix = build(&c);
	h = find(ix, "Huawei");
	e = find(ix, "Ericsson");
	n = find(ix, "Nokia");
	s = find(ix, "Siemens");
	assert_true(xref_get(ix, (uint32_t)h)->common);
	assert_false(xref_get(ix, (uint32_t)s)->common);
	assert_int_equal(xref_get(ix, (uint32_t)n)->nsources, 3);
	assert_int_equal(xref_get(ix, (uint32_t)e)->nsources, 2);
	assert_int_equal(xref_get(ix, (uint32_t)s)->nsources, 1);
	assert_true(xref_get(ix, (uint32_t)e)->weight > xref_get(ix, (uint32_t)n)->weight);
	assert_true(xref_get(ix, (uint32_t)n)->weight > xref_get(ix, (uint32_t)h)->weight);
	assert_true(xref_get(ix, (uint32_t)h)->weight > xref_get(ix, (uint32_t)s)->weight);
	assert_true(e < n && n < s && s < h);
	assert_int_equal(h, (long)xref_count(ix) - 1);
	/* ln(13 / 2) x 2 / 2 */
	assert_true(xref_get(ix, (uint32_t)e)->weight > 1.871 &&
	            xref_get(ix, (uint32_t)e)->weight < 1.872);
	free_all(ix, &c);
	assert_true(xref_weight(10, 2, 1) < xref_weight(10, 2, 2));
	assert_true(xref_weight(10, 5, 5) < xref_weight(10, 2, 2));
}

/* Numbers across formats and languages. */
static void test_number_formats(void **state)
{
	(void)state;
	const char *t[] = {
		"Tirsdag står 400 års kulturarv i flammer. Manden er 39-årig. "
		"Klokken 7.30 kom alarmen. Det koster 19,9 milliarder kroner, fem "
		"milliarder kroner og en halv million kroner. Bogen har 7.30 sider.",
		"The blaze wiped out 400 years of heritage. The 39-year-old man was "
		"held. It broke out at 7:30 a.m. It cost DKr 19.9 billion, five "
		"billion kroner and half a million kroner.",
	};
	static char *aliases[] = {
		"unit_dkk\tkroner | kr | DKK | DKr",
		"unit_years\tyears | year | år | års | årig | årige",
	};
	struct corpus c = testutil_corpus(t, 2);
	struct xref_options o;
	struct xref_index *ix;
	static const uint32_t both[] = {0, 1};
	const char *pairs[][2] = {
		{"400 års", "400 years"}, {"39-årig", "39-year"}, {"7.30", "7:30 a.m."},
		{"19,9 milliarder kroner", "DKr 19.9 billion"},
		{"fem milliarder kroner", "five billion kroner"},
		{"en halv million kroner", "half a million kroner"},
	};

	xref_default_options(&o);
	o.aliases = aliases;
	o.naliases = KILDE_ARRAY_LEN(aliases);
	ix = xref_build(&c, &o);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(pairs); i++) {
		long a = find(ix, pairs[i][0]);
		assert_articles(ix, a, both, 2);
		assert_int_equal(a, find(ix, pairs[i][1]));
	}
	/* 7.30 pages is no time of day: only one occurrence of the time in 0. */
	size_t n, times = 0;
	const struct xref_occ *oc = xref_occs(ix, 0, &n);
	for (size_t i = 0; i < n; i++)
		times += oc[i].term == (uint32_t)find(ix, "7.30");
	assert_int_equal(times, 1);
	free_all(ix, &c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_sentence_starts),
		cmocka_unit_test(test_sentence_start_accepted_when_known),
		cmocka_unit_test(test_capitalised_common_words),
		cmocka_unit_test(test_genitives),
		cmocka_unit_test(test_bare_s_needs_a_known_name),
		cmocka_unit_test(test_alias_across_languages),
		cmocka_unit_test(test_us_is_not_us),
		cmocka_unit_test(test_partial_names),
		cmocka_unit_test(test_company_suffixes),
		cmocka_unit_test(test_titles_particles_postcodes),
		cmocka_unit_test(test_wire_style),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_passages),
		cmocka_unit_test(test_many_articles),
		cmocka_unit_test(test_passage_min_words),
		cmocka_unit_test(test_passage_other_lengths),
		cmocka_unit_test(test_hard_wrapped),
		cmocka_unit_test(test_occurrences_and_order),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_common),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_bare_surname_of_two),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_number_formats),
		cmocka_unit_test(test_alias_messages),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_bundled_corpus),
		cmocka_unit_test(test_concurrent_builds),
		cmocka_unit_test(test_org_subnames),
		cmocka_unit_test(test_acronym_number_inside_run),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_recent_years),
		cmocka_unit_test(test_named_after_a_place),
		cmocka_unit_test(test_place_ending_a_name),
		cmocka_unit_test(test_compound_alias),
		cmocka_unit_test(test_dropped_entry),
		cmocka_unit_test(test_nationality_left_out),
		cmocka_unit_test(test_site_furniture),
		cmocka_unit_test(test_clutter_gives_no_xref),
		cmocka_unit_test(test_threads_same_index),
		cmocka_unit_test(test_words_beside_the_build),
		cmocka_unit_test(test_boilerplate_positions_let_go),
		cmocka_unit_test(test_boilerplate_let_go_before_more_comes),
		cmocka_unit_test(test_build_without_texts),
		cmocka_unit_test(test_build_kept_clutter),
		cmocka_unit_test(test_build_stale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
