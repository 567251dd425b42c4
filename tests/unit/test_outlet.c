/* test_outlet.c - the outlet an article's text names (outlet.c): each cue
 * where pages put it, and the same forms elsewhere ignored. The texts are
 * made up. */
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/outlet.h"
#include "kilde/xnav.h"
#include "testutil.h"

/* A body of prose long enough that its first and last lines are the
 * page's header and footer, not the article. */
#define BODY                                                                   \
	"The council met on Tuesday to discuss the harbour plan.\n\n"          \
	"Residents said the noise had grown worse over the summer.\n\n"        \
	"The mayor promised a decision before the end of the year.\n\n"        \
	"Critics called the plan too expensive for a small town.\n\n"          \
	"A second hearing is planned for the spring.\n\n"                      \
	"The port authority declined to comment on the figures.\n\n"           \
	"Shipping companies have asked for a longer consultation.\n\n"         \
	"Engineers expect the work to take three years.\n\n"                   \
	"The budget will be published next month.\n\n"                         \
	"Local shops fear the building site will keep customers away.\n\n"     \
	"The council will vote again in March.\n\n"                            \
	"Opponents have collected two thousand signatures.\n\n"                \
	"The plan was first proposed five years ago.\n\n"                      \
	"Nobody at the meeting asked about the old warehouse.\n\n"

static void expect(const char *text, const char *want)
{
	char *got = outlet_detect(text, strlen(text));

	if (want) {
		assert_non_null(got);
		assert_string_equal(got, want);
	} else if (got) {
		fail_msg("expected no outlet, got '%s'", got);
	}
	free(got);
}

static void domain_is(const char *host, const char *want)
{
	char *got = outlet_domain(host, strlen(host));

	if (want) {
		assert_non_null(got);
		assert_string_equal(got, want);
	} else if (got) {
		fail_msg("'%s' is no host, got '%s'", host, got);
	}
	free(got);
}

static void test_domain(void **state)
{
	(void)state;
	domain_is("politiken.dk", "politiken.dk");
	domain_is("www.TheLocal.dk", "thelocal.dk");
	domain_is("apiwp.thelocal.com", "thelocal.com");
	domain_is("news.bbc.co.uk", "bbc.co.uk");
	domain_is("co.uk", NULL);
	/* Abbreviations, numbers and file names are no hosts. */
	domain_is("f.eks", NULL);
	domain_is("bl.a", NULL);
	domain_is("N.J", NULL);
	domain_is("28.4", NULL);
	domain_is("index.html", NULL);
	domain_is("foto.jpg", NULL);
}

static void test_address(void **state)
{
	(void)state;
	/* Alone on a line, anywhere. */
	expect("Headline of the day\n\n" BODY "www.thelocal.dk\n\n" BODY
	       "The end.\n",
	       "thelocal.dk");
	expect("https://www.thelocal.dk/20240608/a-story\n\nHeadline\n\n" BODY,
	       "thelocal.dk");
	/* On a short line of the footer. */
	expect("Overskrift\n\n" BODY "Læs mere på politiken.dk\n",
	       "politiken.dk");
	/* In a sentence of the article, or an e-mail address: no cue. */
	expect(
	    "Headline\n\n" BODY
	    "The mayor told cnn.com in an interview on Monday that the plan "
	    "would go ahead whatever the council decides this winter.\n\n" BODY,
	    NULL);
	expect("Headline\n\n" BODY "Skriv til redaktion@avisen.dk\n", NULL);
	/* A photo credit under the headline names the agency's site. */
	expect("Headline\n\nFoto: Anne Berg, billedbureau.dk\n\n" BODY, NULL);
	/* The commonest of several. */
	expect("avisen.dk\n\nHeadline\n\n" BODY "Del på deling.com\n"
	       "Mere fra avisen.dk\n",
	       "avisen.dk");
}

static void test_copyright(void **state)
{
	(void)state;
	expect("Headline\n\n" BODY "© 2024 Politiken\n", "Politiken");
	expect(
	    "Headline\n\n" BODY
	    "Copyright © 2019-2024 The Local Europe AB. All rights reserved.\n",
	    "The Local Europe");
	expect("Headline\n\n" BODY "(c) Nordavisen A/S. Alle rettigheder "
	       "forbeholdes\n",
	       "Nordavisen");
	/* A footer line with the mark after the name. */
	expect("Headline\n\n" BODY "Sydposten · © 2023\n", "Sydposten");
	/* A photo credit in the article is the agency's, not the outlet's. */
	expect("Headline\n\n" BODY "Foto: Anne Berg © Billedbureauet\n\n" BODY,
	       NULL);
	/* So is one that starts with the mark, or stands in the footer. */
	expect("Headline\n\n" BODY "© Billedbureauet, foto\n\n" BODY, NULL);
	expect("Headline\n\n" BODY "Foto: Anne Berg © Billedbureauet\n", NULL);
	/* A mark in the middle of a line of the article: no cue. */
	expect("Headline\n\n" BODY
	       "The logo © was redesigned by Someone.\n\n" BODY,
	       NULL);
}

/* A footer line's mark is found after any prefix of c and C that make
 * no mark (in a word, "(cc)", "xC)"), wherever it falls against the eight
 * bytes a step the line is scanned in (a line shorter than eight bytes
 * too): the name after it is the outlet. */
static void test_copyright_every_offset(void **state)
{
	static const char *const marks[] = {"(c)", "Copyright", "\xc2\xa9", "COPYRIGHT (C)",
	                                    "(C) \xc2\xa9"};
	static const char prefix[] = "Xcopyright cc(cc) xC) Ccc ccc Cc ";
	char text[2048];

	(void)state;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(marks); k++)
		for (size_t p = 0; p + 1 < sizeof(prefix); p++) {
			snprintf(text, sizeof(text), "Headline\n\n" BODY "%.*s %s 2024 Nordavisen A/S\n",
			         (int)p, prefix, marks[k]);
			char *got = outlet_detect(text, strlen(text));
			if (!got || strcmp(got, "Nordavisen"))
				fail_msg("\"%.*s %s\": outlet %s", (int)p, prefix, marks[k],
				         got ? got : "(none)");
			free(got);
		}
	expect("Headline\n\n" BODY "(c) DR\n", "DR");
	expect("Headline\n\n" BODY "(C) TV2\n", "TV2");
}

static void test_source_line(void **state)
{
	(void)state;
	expect("Overskrift\n\n" BODY "Kilde: Ritzau\n", "Ritzau");
	expect("Overskrift\n\n" BODY
	       "Kilde: Dagbladet Nord | Hele historien \u2b95\n",
	       "Dagbladet Nord");
	/* A chart's source inside the article names a statistic. */
	expect("Overskrift\n\n" BODY "Kilde: Danmarks Statistik\n\n" BODY,
	       NULL);
	/* A sentence after the colon is no name. */
	expect("Overskrift\n\n" BODY "Source: we asked everyone at the meeting "
	       "what they thought of it\n",
	       NULL);
	/* A wire's tag names the agency that wrote the story, not the outlet
	 * that printed it. */
	expect("Overskrift\n\n" BODY "/ritzau/\n", NULL);
}

static void test_search_and_banner(void **state)
{
	(void)state;
	expect("Headline\n\n" BODY "Contact Us\n  harbourpost search\n",
	       "harbourpost");
	expect("Headline\n\n" BODY "Advanced search\n", NULL);
	/* A banner on top that the footer repeats. */
	expect("Nordkysten Nyt\nHeadline of the day\n\n" BODY
	       "Nordkysten Nyt\nAbout us\n",
	       "Nordkysten Nyt");
	/* A headline repeated under itself is no banner. */
	expect("Harbour plan delayed\n\nHarbour plan delayed\n\n" BODY, NULL);
	/* Nothing at all. */
	expect("", NULL);
	expect("Headline\n\n" BODY, NULL);
}

/* The labels: the outlet the text names comes after corpus.ini and before
 * the file name; two alike get the file's number; a wide name is cut to
 * XNAV_LABEL_COLS columns. */
static void test_labels(void **state)
{
	(void)state;
	static const char *const files[] = {
	    "01_a1b2c3.txt", "02_d4e5f6.txt", "03_0a0b0c.txt",
	    "04_ffee00.txt", "05_123abc.txt", "06_777777.txt",
	};
	static const char *const texts[] = {
	    "Headline one\n\n" BODY "© 2024 Politiken\n",
	    "Headline two\n\n" BODY "www.thelocal.dk\n",
	    "Headline three\n\n" BODY "© 2024 Politiken\n",
	    "Headline four\n\n" BODY,
	    "Headline five\n\n" BODY
	    "\xc2\xa9 2024 \xe6\x97\xa5\xe6\x9c\xac\xe7\xb5\x8c\xe6\xb8\x88"
	    "\xe6\x96\xb0\xe8\x81\x9e\xe7\xa4\xbe\xe3\x83\x87\xe3\x82\xb8"
	    "\xe3\x82\xbf\xe3\x83\xab\xe7\x89\x88\n",
	    "Headline six\n\n" BODY "© 2024 Politiken\n",
	};
	struct corpus c = {0};
	char **l;

	for (size_t i = 0; i < KILDE_ARRAY_LEN(files); i++)
		corpus_add_text(&c, files[i], texts[i], strlen(texts[i]));
	/* corpus.ini's source wins over the text. */
	free(c.articles[5].source);
	c.articles[5].source = util_xstrdup("Weekendavisen");
	l = xnav_labels(&c);
	assert_string_equal(l[0], "Politiken 01");
	assert_string_equal(l[1], "thelocal.dk");
	assert_string_equal(l[2], "Politiken 03");
	assert_string_equal(l[3], "04");
	assert_string_equal(l[5], "Weekendavisen");
	for (size_t i = 0; i < c.n; i++) {
		assert_true(layout_width(l[i], strlen(l[i])) <=
		            XNAV_LABEL_COLS);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(l[i], l[j]);
	}
	/* The wide name is its start, cut by columns. */
	assert_true(strncmp(l[4], "\xe6\x97\xa5\xe6\x9c\xac", 6) == 0);
	xnav_labels_free(l, c.n);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_domain),
	    cmocka_unit_test(test_address),
	    cmocka_unit_test(test_copyright),
	    cmocka_unit_test(test_copyright_every_offset),
	    cmocka_unit_test(test_source_line),
	    cmocka_unit_test(test_search_and_banner),
	    cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
