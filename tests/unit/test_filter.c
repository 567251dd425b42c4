/* test_filter.c - the list filter: parsing (good and bad strings), matching
 * by language, source, date range and mentions, describe round trip, and
 * sorting by date, source, title and shared cross-references. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/corpus.h"
#include "kilde/filter.h"
#include "kilde/util.h"

static void set(char **field, const char *v)
{
	free(*field);
	*field = util_xstrdup(v);
}

/* Five articles with metadata filled in by hand (the article module may
 * be a stub here). */
static void make_corpus(struct corpus *c)
{
	static const struct {
		const char *file, *text, *source, *date, *lang, *title;
	} a[] = {
	    {"a.txt", "Huawei i Suffolk og Thøgersen.", "Ritzau", "2019-05-16",
	     "da", "Øresund"},
	    {"b.txt", "Boris\nJohnson visited Suffolk.", "BBC News",
	     "2018-12-01", "en", "alpha"},
	    {"c.txt", "Nothing relevant.", "Børsen", "", "da", "Zebra"},
	    {"d.txt", "Suffolk again, Boris Johnson.", "The Guardian",
	     "2018-01-31", "en", "Æbler"},
	    {"e.txt", "Aalborg news.", "Ritzau Bureau", "2020-02-29", "da",
	     "beta"},
	};

	*c = (struct corpus){0};
	for (size_t i = 0; i < KILDE_ARRAY_LEN(a); i++) {
		struct article *ar;
		corpus_add_text(c, a[i].file, a[i].text, strlen(a[i].text));
		ar = &c->articles[i];
		set(&ar->source, a[i].source);
		set(&ar->date, a[i].date);
		set(&ar->title, a[i].title);
		strcpy(ar->lang, a[i].lang);
	}
}

/* The files matching filter string s, as "a,b,..." (static buffer). */
static const char *apply_marks(const struct corpus *c, const char *s,
                               const unsigned char *marks);

static const char *apply(const struct corpus *c, const char *s)
{
	return apply_marks(c, s, NULL);
}

static const char *apply_marks(const struct corpus *c, const char *s,
                               const unsigned char *marks)
{
	static char out[64];
	struct filter f;
	size_t idx[16], n;
	char *msg;

	assert_int_equal(filter_parse(s, SEARCH_MODE_DEFAULT, &f, &msg), 0);
	assert_null(msg);
	n = filter_apply(&f, c, marks, idx);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, ",");
		strncat(out, c->articles[idx[i]].file, 1);
	}
	filter_free(&f);
	return out;
}

/* source: also finds the outlet an article's text names (what the list
 * shows as its source when corpus.ini gives none), and sorting by source
 * sorts by what the list shows. */
static void test_source_named_in_text(void **state)
{
	static const char *const t[] = {
	    "Harbour plan\n\nThe plan was delayed.\n\n\xc2\xa9 2024 Nordavisen\n",
	    "Other news\n\nNothing was delayed.\n",
	    "Third\n\nThe harbour again.\n\n\xc2\xa9 2024 Avisen Syd\n",
	};
	static const char *const names[] = {"x.txt", "qq.txt", "z.txt"};
	struct corpus c = {0};
	size_t idx[3] = {0, 1, 2};

	(void)state;
	for (size_t i = 0; i < 3; i++)
		corpus_add_text(&c, names[i], t[i], strlen(t[i]));
	assert_string_equal(c.articles[0].source, "x");
	assert_string_equal(apply(&c, "source:nordavisen"), "x");
	assert_string_equal(apply(&c, "source:avisen"), "x,z");
	assert_string_equal(apply(&c, "source:qq"), "q");
	filter_sort(idx, 3, &c, FILTER_SORT_SOURCE, false, NULL);
	assert_int_equal(idx[0], 2); /* Avisen Syd */
	assert_int_equal(idx[1], 0); /* Nordavisen */
	assert_int_equal(idx[2], 1); /* qq, its file */
	corpus_free(&c);
}

/* The interface holds no texts (they are in a spill file, lent one at a
 * time): mentions: finds what it finds in the texts held. */
static void test_mentions_lent(void **state)
{
	static char *path[] = {SRC_PATH("corpus")};
	static const char *const f[] = {"mentions:Ericsson", "mentions:China",
	                                "mentions:minister lang:en", "mentions:nowhere"};
	struct corpus held = {0}, lent = {0};

	(void)state;
	assert_int_equal(corpus_load(&held, path, 1), 5);
	assert_int_equal(corpus_load_meta(&lent, path, 1, true), 5);
	assert_null(lent.articles[0].text);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(f); i++) {
		char want[64];

		snprintf(want, sizeof(want), "%s", apply(&held, f[i]));
		assert_string_equal(apply(&lent, f[i]), want);
	}
	/* 000_... and 002_... (the first letter of each file name). */
	assert_string_equal(apply(&lent, "mentions:Ericsson"), "0,0");
	corpus_free(&held);
	corpus_free(&lent);
}

static void test_match(void **state)
{
	(void)state;
	struct corpus c;

	make_corpus(&c);
	assert_string_equal(apply(&c, ""), "a,b,c,d,e");
	assert_string_equal(apply(&c, "   "), "a,b,c,d,e");
	assert_string_equal(apply(&c, "lang:da"), "a,c,e");
	assert_string_equal(apply(&c, "lang:EN"), "b,d");
	assert_string_equal(apply(&c, "source:ritzau"), "a,e");
	assert_string_equal(apply(&c, "source:borsen"), "c");
	assert_string_equal(apply(&c, "source:\"bbc news\""), "b");
	assert_string_equal(apply(&c, "date:2018..2019"), "a,b,d");
	assert_string_equal(apply(&c, "date:2018"), "b,d");
	assert_string_equal(apply(&c, "date:2018-01"), "d");
	assert_string_equal(apply(&c, "date:2018-12-01"), "b");
	assert_string_equal(apply(&c, "date:2019.."), "a,e");
	assert_string_equal(apply(&c, "date:..2018-06"), "d");
	assert_string_equal(apply(&c, "date:2018-02..2019-05-15"), "b");
	assert_string_equal(apply(&c, "mentions:Suffolk"), "a,b,d");
	assert_string_equal(apply(&c, "mentions:\"boris johnson\""), "b,d");
	assert_string_equal(apply(&c, "mentions:thoegersen"), "a");
	assert_string_equal(apply(&c, "mentions:Ålborg"), "e");
	assert_string_equal(apply(&c, "suffolk"), "a,b,d");
	assert_string_equal(
	    apply(&c, "lang:en mentions:suffolk date:2018-06.."), "b");
	assert_string_equal(apply(&c, "suffolk boris"), "b,d");
	assert_string_equal(apply(&c, "lang:da lang:en"), "b,d");
	assert_string_equal(apply(&c, "lang:fr"), "");
	corpus_free(&c);
}

/* is: terms select by what the person marked: a read, b bookmarked, c
 * read and bookmarked, d and e neither. */
static void test_marks(void **state)
{
	(void)state;
	struct corpus c;
	const unsigned char marks[] = {
	    FILTER_MARK_READ, FILTER_MARK_BOOKMARKED,
	    FILTER_MARK_READ | FILTER_MARK_BOOKMARKED, 0, 0};

	make_corpus(&c);
	assert_string_equal(apply_marks(&c, "is:unread", marks), "b,d,e");
	assert_string_equal(apply_marks(&c, "is:read", marks), "a,c");
	assert_string_equal(apply_marks(&c, "is:bookmarked", marks), "b,c");
	assert_string_equal(apply_marks(&c, "is:bm is:unread", marks), "b");
	assert_string_equal(apply_marks(&c, "is:unread lang:da", marks), "e");
	assert_string_equal(apply_marks(&c, "is:unread", NULL), "a,b,c,d,e");
	assert_string_equal(apply_marks(&c, "is:bookmarked", NULL), "");
	corpus_free(&c);
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "colour:red",          "date:2018-13", "date:18",
	    "date:2019..2018",     "date:..",      "date:2018-1-1",
	    "date:2018-02-32",     "lang:",        "lang:toolong",
	    "mentions:\"unclosed", "source:\"\"",  "mentions:\"\"",
	    "date:abcd",           "is:new",       "is:",
	};

	for (size_t i = 0; i < KILDE_ARRAY_LEN(bad); i++) {
		struct filter f;
		char *msg = NULL;
		assert_int_equal(
		    filter_parse(bad[i], SEARCH_MODE_DEFAULT, &f, &msg), -1);
		assert_non_null(msg);
		assert_true(strlen(msg) > 5);
		free(msg);
		filter_free(&f);
	}
}

static void test_describe(void **state)
{
	(void)state;
	const char *in = "  lang:da   source:\"ritzau bureau\" date:2018..2019 "
	                 "is:bm mentions:\"Boris Johnson\" Suffolk is:unread";
	const char *want = "lang:da source:\"ritzau bureau\" date:2018..2019 "
	                   "mentions:\"Boris Johnson\" mentions:Suffolk "
	                   "is:unread is:bookmarked";
	struct filter f, g;
	char *msg, *d, *d2;

	assert_int_equal(filter_parse(in, SEARCH_MODE_DEFAULT, &f, &msg), 0);
	assert_false(filter_is_empty(&f));
	d = filter_describe(&f);
	assert_string_equal(d, want);
	/* It reads back to the same filter. */
	assert_int_equal(filter_parse(d, SEARCH_MODE_DEFAULT, &g, &msg), 0);
	d2 = filter_describe(&g);
	assert_string_equal(d2, d);
	free(d);
	free(d2);
	filter_free(&f);
	filter_free(&g);

	assert_int_equal(filter_parse("", SEARCH_MODE_DEFAULT, &f, &msg), 0);
	assert_true(filter_is_empty(&f));
	d = filter_describe(&f);
	assert_string_equal(d, "");
	free(d);
	filter_free(&f);
}

static const char *order(const struct corpus *c, enum filter_sort key,
                         bool reverse, const size_t *counts)
{
	static char out[16];
	size_t idx[5] = {0, 1, 2, 3, 4};

	filter_sort(idx, 5, c, key, reverse, counts);
	for (size_t i = 0; i < 5; i++)
		out[i] = c->articles[idx[i]].file[0];
	out[5] = '\0';
	return out;
}

static void test_sort(void **state)
{
	(void)state;
	struct corpus c;
	size_t counts[5] = {3, 0, 7, 3, 1};

	make_corpus(&c);
	/* Undated c last in both directions. */
	assert_string_equal(order(&c, FILTER_SORT_DATE, false, NULL), "dbaec");
	assert_string_equal(order(&c, FILTER_SORT_DATE, true, NULL), "eabdc");
	/* BBC News, Børsen (ø sorts after every ASCII letter), Ritzau,
	 * Ritzau Bureau, The Guardian. */
	assert_string_equal(order(&c, FILTER_SORT_SOURCE, false, NULL),
	                    "bcaed");
	/* alpha, beta, Zebra, Æbler, Øresund: Danish letters after z. */
	assert_string_equal(order(&c, FILTER_SORT_TITLE, false, NULL), "becda");
	assert_string_equal(order(&c, FILTER_SORT_XREFS, false, counts),
	                    "cadeb");
	assert_string_equal(order(&c, FILTER_SORT_XREFS, true, counts),
	                    "beadc");
	assert_string_equal(order(&c, FILTER_SORT_FILE, false, NULL), "abcde");
	assert_string_equal(order(&c, FILTER_SORT_FILE, true, NULL), "edcba");
	assert_string_equal(filter_sort_name(FILTER_SORT_XREFS), "xrefs");
	corpus_free(&c);
}

/* Random filter strings: parse either succeeds (and describes to a string
 * that parses back to the same description) or fails with a message. */
static void test_random_strings(void **state)
{
	(void)state;
	static const char *pieces[] = {
	    "lang:", "source:", "date:", "mentions:", "da", "\"", " ",    "..",
	    "2018",  "-05",     "x:",    "\xc3\xb8",  ":",  "\t", "Boris"};
	uint32_t seed = 7;

	for (int round = 0; round < 3000; round++) {
		struct strbuf sb = {0};
		struct filter f;
		char *msg;
		int n;

		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 8;
		sb_append(&sb, "", 0);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb,
			        pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)]);
		}
		if (filter_parse(sb.s, SEARCH_MODE_DEFAULT, &f, &msg) == 0) {
			struct filter g;
			char *d = filter_describe(&f), *d2;
			assert_null(msg);
			assert_int_equal(
			    filter_parse(d, SEARCH_MODE_DEFAULT, &g, &msg), 0);
			d2 = filter_describe(&g);
			assert_string_equal(d, d2);
			free(d);
			free(d2);
			filter_free(&g);
		} else {
			assert_non_null(msg);
			free(msg);
		}
		filter_free(&f);
		sb_free(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_mentions_lent),
	    cmocka_unit_test(test_source_named_in_text),
	    cmocka_unit_test(test_marks),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_describe),
	    cmocka_unit_test(test_sort),
	    cmocka_unit_test(test_random_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
