/* test_clutter.c - article text apart from page clutter: each rule on a
 * small page, with the shipped rules (config/kilde.ini) unless a test says
 * otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "kilde/article.h"
#include "kilde/clutter.h"
#include "kilde/config.h"
#include "kilde/util.h"

static struct clutter_rules rules;

static int setup(void **state)
{
	struct config cfg;

	(void)state;
	config_init(&cfg);
	config_clutter_rules(&cfg, &rules);
	config_free(&cfg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	clutter_rules_free(&rules);
	return 0;
}

/* The parts of a page, one character a line: T title, t text, c clutter,
 * '.' empty. */
static char *parts_of(const char *text, const struct clutter_rules *r)
{
	struct clutter_doc d;
	char *s;

	clutter_classify(text, strlen(text), r, &d);
	s = util_xmalloc(d.n + 1);
	for (size_t i = 0; i < d.n; i++)
		s[i] = ".tTc"[d.lines[i].part];
	s[d.n] = '\0';
	clutter_doc_free(&d);
	return s;
}

static void assert_parts(const char *text, const char *want)
{
	char *got = parts_of(text, &rules);

	if (strcmp(got, want) != 0)
		fail_msg("parts %s, want %s, of:\n%s", got, want, text);
	free(got);
}

/* The rule that decided line i (0-based). */
static enum clutter_rule rule_of(const char *text, size_t i)
{
	struct clutter_doc d;
	enum clutter_rule r;

	clutter_classify(text, strlen(text), &rules, &d);
	assert_true(i < d.n);
	r = d.lines[i].rule;
	clutter_doc_free(&d);
	return r;
}

#define P1 "The minister said on Monday that the country would spend more on " \
           "the defence of its networks, after an attack that the agency has " \
           "blamed on a group of hackers."
#define P2 "It is the largest attack of the year, and the alliance has offered " \
           "its help to the ministry, which said that it was still counting the cost."
#define P3 "According to the police, the man was arrested at the scene and " \
           "will be brought before a judge on Tuesday, when the charges will be read."
#define P4 "The company said that the results were better than it had expected, " \
           "but that the year would be a hard one for all of its markets."

/* A menu of links above the headline, and a footer of them below. */
static void test_menus_and_lists(void **state)
{
	(void)state;
	assert_parts("Home | News | Sport | Culture | Opinion\n\n"
	             "Minister raises cyber defence budget\n\n"
	             P1 "\n\n" P2 "\n\n"
	             "Advertise | RSS Feed | About Us | Contact Us\n",
	             "c.T.t.t.c");
	assert_int_equal(rule_of("Home | News | Sport\n\nTitle here\n\n" P1 "\n", 0),
	                 CLUTTER_BY_LIST);
}

/* A "read more" teaser in the middle of the text is clutter; the short
 * subheading after it stays text, because text is on both its sides. */
static void test_teaser_and_subheading(void **state)
{
	(void)state;
	assert_parts("Minister raises cyber defence budget\n\n" P1 "\n\n"
	             "Read more: Ten ways to keep your router safe\n\n"
	             "Hackers blamed\n\n" P2 "\n",
	             "T.t.c.t.t");
	assert_int_equal(rule_of("Title\n\n" P1 "\n\nLæs også: Sådan gør du\n\n" P2 "\n", 4),
	                 CLUTTER_BY_CUE);
	/* A cue in capitals, on a line with typographic quotes, dashes and a
	 * no-break space, is found as well (the line is lowered with them). */
	assert_int_equal(rule_of("Title\n\n" P1 "\n\nLÆS OGSÅ \u2013 ‘Sådan’ “gør”\u00a0du…\n\n" P2 "\n", 4),
	                 CLUTTER_BY_CUE);
	assert_int_equal(rule_of("Title\n\n" P1 "\n\n‘Sådan’ \u2013 Foto: JENS HANSEN\n\n" P2 "\n", 4),
	                 CLUTTER_BY_INLINE);
}

/* Short lines among clutter are clutter (the tail of related headlines),
 * short lines among text are text. */
static void test_context_smoothing(void **state)
{
	(void)state;
	assert_parts("Minister raises cyber defence budget\n\n" P1 "\n\n"
	             "Drunk and drugged\n\n" P2 "\n\n"
	             "Tags\n"
	             "Farvel til Rejsekortet: Denne dato skal du huske\n"
	             "24. februar 2026\n"
	             "Nyheder\n",
	             "T.t.t.t.cccc");
}

/* A section label near the end makes the rest clutter, long paragraphs
 * included (an ad, people notices); the same label high up, with most of
 * the text after it, is only a label. */
static void test_section_to_the_end(void **state)
{
	(void)state;
	assert_parts("Minister raises cyber defence budget\n\n" P1 "\n\n" P2 "\n\n" P3 "\n\n"
	             "Annonceindlæg fra SoftwareOne\n\n" P4 "\n",
	             "T.t.t.t.c.c");
	assert_int_equal(rule_of("Title\n\n" P1 "\n\n" P2 "\n\nRelated news\n\n" P3 "\n", 8),
	                 CLUTTER_BY_SECTION);
	assert_parts("Minister raises cyber defence budget\n\n"
	             "Related news\n\n" P1 "\n\n" P2 "\n\n" P3 "\n",
	             "T.c.t.t.t");
	/* A sentence that starts with the cue is no label. */
	assert_parts("Minister raises cyber defence budget\n\n" P1 "\n\n" P2 "\n\n"
	             "Comments from the ministry were not available.\n\n" P3 "\n",
	             "T.t.t.t.t");
}

/* The headline is the line whose words the body uses, not a site banner
 * above it; everything above the headline is the page's head. */
static void test_title_not_banner(void **state)
{
	(void)state;
	assert_parts("Proving the Business Case for the Internet of Things\n\n"
	             "Police arrest man after attack\n\n"
	             "Steve Rogerson\n"
	             "December 12, 2018\n\n"
	             "The police said they arrested a man after the attack on Friday, "
	             "and that the man would be brought before a judge.\n\n" P3 "\n",
	             "c.T.cc.t.t");
	assert_parts("News Videos\nInternational Edition\n\n"
	             "Breaking News, World News and Taiwan News.\nAbout Us\nContact Us\n\n"
	             "Huawei calls for cybersecurity cooperation\n\n"
	             "Huawei has issued a report on cybersecurity that calls for the "
	             "cooperation of governments and of the companies in the industry.\n",
	             "cc.ccc.T.t");
	/* A byline under the headline is neither text nor the title, though
	 * the body names the person; a short sentence there is the lead. */
	assert_parts("Forside | Nyheder | Sport\n\n"
	             "Regeringen vil styrke forsvaret efter angreb\n\n"
	             "Af Mette Holm\n\n"
	             "Tirsdag står forsvaret i flammer.\n\n"
	             "Statsminister Mette Holm sagde mandag, at Danmark skal bruge flere penge "
	             "på forsvaret efter et angreb, som ministeriet har set på i en uge.\n",
	             "c.T.c.t.t");
	/* Without rules: the first line, as before. */
	char *got = parts_of("Banner\n\nHeadline\n\n" P1 "\n", NULL);
	assert_string_equal(got, "T.t.t");
	free(got);
}

/* Of several headline candidates, the first whose words the body uses
 * enough, even when the body uses another's words first: the look at the
 * body stops early only once the first candidate has its share. */
static void test_title_first_candidate(void **state)
{
	(void)state;
	assert_parts("Alpha bravo charlie delta\n\n"
	             "Echo foxtrot golf hotel\n\n"
	             "The echo of the foxtrot was heard at the golf club, and the hotel "
	             "said that it would look at the matter again in a few weeks.\n\n"
	             "The alpha team and the bravo team met with charlie at the delta, "
	             "and they said that they would be back there again next year.\n",
	             "T.c.t.t");
}

/* The headline's content words are whole words of letters beyond ASCII
 * too: of two candidates, the one whose words (each with an ø) the body
 * uses, not the first. */
static void test_title_danish_words(void **state)
{
	(void)state;
	assert_parts("Alpha bravo charlie delta\n\n"
	             "B\xc3\xb8" "f s\xc3\xb8s k\xc3\xb8r t\xc3\xb8j\n\n"
	             "Han sagde at der var b\xc3\xb8" "f og s\xc3\xb8s, og at de skulle k\xc3\xb8r "
	             "med det t\xc3\xb8j som de havde haft med til ham i g\xc3\xa5r.\n",
	             "c.T.t");
}

/* Upper-case ASCII is folded as the cues are: a line cue matches it. */
static void test_cue_upper_case(void **state)
{
	(void)state;
	struct clutter_rules r;

	struct clutter_doc d;
	const char *text = "Title\n\nABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 now\n\n" P1 "\n";

	clutter_rules_init(&r, true, "the|of", "abcdefghijklmnopqrstuvwxyz0123456789", "", "", "");
	clutter_classify(text, strlen(text), &r, &d);
	assert_int_equal(d.lines[2].part, CLUTTER_PART_CLUTTER);
	assert_int_equal(d.lines[2].rule, CLUTTER_BY_CUE);
	clutter_doc_free(&d);
	clutter_rules_free(&r);
}

/* The headline again under it, with a date run on, is clutter; so is a
 * caption shown twice, once without its credit. */
static void test_repeats(void **state)
{
	(void)state;
	assert_parts("Minister raises cyber defence budget\n\n"
	             "Minister raises cyber defence budget8. juni 2024\n\n" P1 "\n",
	             "T.c.t");
	assert_parts("Minister raises cyber defence budget\n\n" P1 "\n\n"
	             "The minister speaks to journalists in Brussels in April 2024.\n\n"
	             "The minister speaks to journalists in Brussels in April 2024. "
	             "(Photo: John Smith / AFP)\n\n" P2 "\n",
	             "T.t.c.c.t");
}

/* Captions and credits by their cues; a plain cue word counts in a label
 * but not in a sentence. */
static void test_captions(void **state)
{
	(void)state;
	assert_parts("Minister raises cyber defence budget\n\n" P1 "\n\n"
	             "Artikel top billede\n\n"
	             "The ministry released a photo of the damaged servers on Monday, "
	             "and the agency said that it had found the cause of the attack.\n\n"
	             "Christian IV's Børsbygning blev færdig i 1624. Foto: Dansk Erhverv\n\n"
	             P2 "\n",
	             "T.t.c.t.c.t");
	assert_int_equal(rule_of("Title\n\n" P1 "\n\nFoto: Ritzau Scanpix\n\n" P2 "\n", 4),
	                 CLUTTER_BY_INLINE);
}

/* The date is the article's, from its dateline, not a caption's; the
 * title is the headline; clutter's words are not counted. */
static void test_article_detect_skips_clutter(void **state)
{
	const char *text =
		"World News | Business | Technology\n\n"
		"Huawei sues the United States over its ban\n\n"
		"A woman walks past a Huawei logo, seen in a March 20, 2015, photo. (AP Photo/Ng Han Guan)\n\n"
		"May 29, 2019\n\n"
		"Huawei said on Wednesday that it had asked a court in the United States to "
		"rule that the ban on its equipment is against the constitution, and that the "
		"United States had not shown any evidence for its claims.\n\n"
		"Read more: What the ban means for your phone\n";
	struct article a = {0};

	(void)state;
	a.text = util_xstrdup(text);
	a.len = strlen(text);
	article_detect(&a, &rules);
	assert_string_equal(a.title, "Huawei sues the United States over its ban");
	assert_string_equal(a.date, "2019-05-29");
	/* The headline's words and the paragraph's, nothing else. */
	const char *para = strstr(text, "Huawei said");
	assert_int_equal(a.words, 8 + article_word_count(para, (size_t)(strstr(text, "claims.") + 6 - para)));
	article_free(&a);

	/* Without rules: the first line, and the date on a line of its own
	 * (the caption's is too far into its line to be a dateline). */
	a.text = util_xstrdup(text);
	a.len = strlen(text);
	article_detect(&a, NULL);
	assert_string_equal(a.title, "World News | Business | Technology");
	assert_string_equal(a.date, "2019-05-29");
	assert_int_equal(a.words, article_word_count(text, strlen(text)));
	article_free(&a);
}

static char *date_of_text(const char *text)
{
	struct article a = {0};
	char *date;

	a.text = util_xstrdup(text);
	a.len = strlen(text);
	article_detect(&a, &rules);
	date = util_xstrdup(a.date);
	article_free(&a);
	return date;
}

/* Where the date is not: a site's banner with the day the page was saved
 * is later than the byline's stamp (of several datelines, the earliest);
 * the dates of the teasers after the article's last paragraph; a date deep
 * in a sentence of running text (what the story tells of). Where it is:
 * run on after the headline repeated, and at a paragraph's start. */
static void test_article_date_rules(void **state)
{
	char *d;

	(void)state;
	d = date_of_text("Finding out what caused the fire could take months\n\n"
	                 "Wednesday, May 22, 2024\n\n"
	                 "By NTB | 17.04.2024 15:23:24\n\n" P1 "\n\n" P2 "\n");
	assert_string_equal(d, "2024-04-17");
	free(d);
	d = date_of_text("Ministeren fordømmer angrebet\n\n"
	                 "Ministeren fordømmer angrebet8. juni 2024\n\n" P1 "\n\n"
	                 "Læs også  Vigtig meddelelse fra myndighed\n\n"
	                 "Farvel til Rejsekortet: Denne dato skal du huske\n\n"
	                 "24. februar 2023\n\nNyheder\n");
	assert_string_equal(d, "2024-06-08");
	free(d);
	d = date_of_text("Minor injuries for the prime minister after the assault\n\n" P1 "\n\n"
	                 "The Prime Minister's Office then put out a press release citing a report "
	                 "written on June 7, 2024 by a surgeon at the hospital, who found the injury "
	                 "was a minor one.\n\n" P2 "\n");
	assert_string_equal(d, "");
	free(d);
	d = date_of_text("Orsted abandons both offshore wind projects\n\n"
	                 "NEW YORK, Oct. 31, 2023 - The company said on Tuesday that it would "
	                 "leave both projects, and that the costs had grown too much to go on.\n\n"
	                 P1 "\n");
	assert_string_equal(d, "2023-10-31");
	free(d);
}

/* The language is the article text's, not the page's around it: an English
 * article on a Danish site with Danish menus, teasers and share widgets. */
static void test_language_skips_clutter(void **state)
{
	const char *text =
		"Forside | Nyheder | Sport | Kultur | Debat | Om os og vores sider\n\n"
		"Fire at the old stock exchange\n\n"
		"The fire broke out in the morning, and the spire fell before noon. "
		"Firefighters said that it was hard to reach the roof.\n\n"
		"Læs også: Det er ikke til at sige, hvad der er sket, og om det kan blive "
		"bygget op igen, siger han til os i dag\n\n"
		"Læs også: Vi har set på, hvad det vil koste, og om det er noget, som de kan "
		"gøre for os, hvis de vil\n\n"
		"Del artiklen på Facebook og i en mail til en af dine venner, hvis du har lyst\n";
	struct article a = {0};

	(void)state;
	a.text = util_xstrdup(text);
	a.len = strlen(text);
	article_detect(&a, &rules);
	assert_string_equal(a.lang, "en");
	article_free(&a);
}

/* The clutter as byte ranges: neighbours merged across blank lines, text
 * between them keeps two ranges apart. */
static void test_spans(void **state)
{
	const char *text = "Home | News | Sport\n\nAbout Us | Contact\n"
	                   "Minister raises cyber defence budget\n\n" P1 "\n\n"
	                   "Read more: something else\n";
	struct clutter_doc d;
	struct clutter_span *sp;
	size_t n;
	const char *tail = strstr(text, "Read more");

	(void)state;
	clutter_classify(text, strlen(text), &rules, &d);
	n = clutter_spans(&d, &sp);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].off, 0);
	assert_int_equal(sp[0].len, strlen("Home | News | Sport\n\nAbout Us | Contact"));
	assert_int_equal(sp[1].off, tail - text);
	assert_int_equal(sp[1].len, strlen("Read more: something else"));
	assert_true(clutter_spans_hit(sp, n, 0));
	assert_true(clutter_spans_hit(sp, n, 22));
	assert_false(clutter_spans_hit(sp, n, (size_t)(strstr(text, "Minister") - text)));
	assert_true(clutter_spans_hit(sp, n, (size_t)(tail - text) + 3));
	assert_false(clutter_spans_hit(sp, n, strlen(text)));
	free(sp);
	clutter_doc_free(&d);
}

/* Lists from the configuration: case, word ends and the hash. */
static void test_rules_from_lists(void **state)
{
	struct clutter_rules a, b;
	const char *page = "Headline of the story\n\n" P1 "\n\nSEE ALSO: the other story\n\n"
	                   "Seealso is no cue\n\n" P2 "\n";
	char *got;

	(void)state;
	clutter_rules_init(&a, true, "the|of|and|a|to|on|that|its|is|it|was|has|which",
	                   " See also | read more", "", "", "");
	clutter_rules_init(&b, true, "the|of|and|a|to|on|that|its|is|it|was|has|which",
	                   "read more", "", "", "");
	assert_true(a.hash != b.hash);
	got = parts_of(page, &a);
	assert_string_equal(got, "T.t.c.t.t");
	free(got);
	got = parts_of(page, &b);
	assert_string_equal(got, "T.t.t.t.t");
	free(got);
	clutter_rules_free(&a);
	clutter_rules_free(&b);
	/* Off: nothing is clutter. */
	clutter_rules_init(&a, false, "the", "read more", "", "", "");
	got = parts_of("Read more\n\nHome | News\n", &a);
	assert_string_equal(got, "T.t");
	free(got);
	clutter_rules_free(&a);
	assert_string_equal(clutter_rule_name(CLUTTER_BY_SECTION), "section");
}

/* The headline's words meet the body's by their first six characters,
 * no more, no fewer: "Internationally" is "internet" there,
 * "Ramifications" is not "ramiform". */
static void test_title_six_characters(void **state)
{
	(void)state;
	/* The second line shares only six-character starts with the body. */
	assert_parts("Zebra quilt xylophone\n\n"
	             "Standardised internationally\n\n"
	             "The internet of the union was set up as a standalone body, "
	             "and it was the first time that the members had agreed on them.\n\n" P1 "\n",
	             "c.T.t.t");
	/* Here it shares five: no more than the first line, which stays. */
	assert_parts("Zebra quilt xylophone\n\n"
	             "Ramifications interplays\n\n"
	             "The ramiform shapes of the interns were set by the same body, "
	             "and it was the first time that the members had agreed on them.\n\n" P1 "\n",
	             "T.c.t.t");
	/* An apostrophe ends a content word: "Obama's" is "obama". */
	assert_parts("Zebra quilt xylophone\n\n"
	             "Obama's views\n\n"
	             "The president Obama met the members of the union, and it was "
	             "the first time that the members had agreed on the opinions.\n\n" P1 "\n",
	             "c.T.t.t");
}

/* A function word of any length is one, whole and in any case: words of
 * up to eight bytes are looked up as numbers, longer ones by their hash. */
static void test_stopwords_every_length(void **state)
{
	struct clutter_rules r;
	struct clutter_counts c;
	const char *line = "A bb CCC dddd eeeee ffffff Ggggggg hhhhhhhh iiiiiiiii jjjjjjjjjj "
	                   "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6 bbb hhhhhhh hhhhhhhhh iiiiiiii cc "
	                   "jjjjjjjjjjj ff";

	(void)state;
	clutter_rules_init(&r, true,
	                   "a|bb|ccc|dddd|eeeee|ffffff|ggggggg|hhhhhhhh|iiiiiiiii|jjjjjjjjjj|"
	                   "\xc3\xa6\xc3\xa6\xc3\xa6\xc3\xa6",
	                   "", "", "", "");
	clutter_line_counts(line, strlen(line), &r, &c);
	assert_int_equal(c.words, 18);
	/* The eleven; none of the near misses after them. */
	assert_int_equal(c.stops, 11);
	free(c.folded);
	clutter_rules_free(&r);
}

/* Odd input: empty, blank, no final newline, one long line. */
static void test_odd_input(void **state)
{
	struct clutter_doc d;
	char *big;

	(void)state;
	clutter_classify("", 0, &rules, &d);
	assert_int_equal(d.n, 0);
	assert_true(d.title == SIZE_MAX);
	clutter_doc_free(&d);
	clutter_classify(" \n\t\n", 4, &rules, &d);
	assert_true(d.title == SIZE_MAX);
	clutter_doc_free(&d);
	clutter_classify("Just a headline", 15, &rules, &d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.title, 0);
	clutter_doc_free(&d);
	big = util_xmalloc(200001);
	for (size_t i = 0; i < 200000; i++)
		big[i] = i % 7 == 6 ? ' ' : 'a';
	big[200000] = '\0';
	clutter_classify(big, 200000, &rules, &d);
	assert_int_equal(d.n, 1);
	clutter_doc_free(&d);
	free(big);
}

/* The date from the first lines alone (clutter_classify_date) is the date
 * of the whole classification, on random pages of headlines, datelines,
 * bylines, a headline repeated with a date run on, section labels,
 * captions, menus, short lines, prose (some starting with a date), a line
 * that starts another, and lines repeated; where it settles the date, its
 * datelines and its line of text are the full classification's. */
/* As article_detect_date reads a line for its date. */
static bool dated(const char *line, size_t n, bool text)
{
	char iso[11];

	return article_find_date(line, text && n > 48 ? 48 : n, 1, iso);
}

static void test_date_from_first_lines(void **state)
{
	(void)state;
	static const char *pool[] = {
	    "Huawei sues the United States over its ban",
	    "Regeringen vil styrke forsvaret efter angreb",
	    "2018-04-17", "20. februar 2020", "April 16, 2024", "Af Mette Holm",
	    "By Steve Rogerson", "15:23", "tor, 02 nov 2023", "By NTB | 17.04.2024",
	    "Opdateret 3. marts 2021 kl. 10:12", "1. januar 2019",
	    "Huawei sues the United States over its ban8. juni 2024",
	    "Huawei sues the United States over its ban 2019-01-02",
	    "Annonceindl\xc3\xa6g fra SoftwareOne", "Relaterede artikler",
	    "Related news: more from Huawei", "Comments",
	    "Foto: Ritzau Scanpix", "The minister speaks in Brussels in April 2024. "
	    "(Photo: John Smith / AFP)",
	    "Forside | Nyheder | Sport", "Home / World / Business", "Huawei",
	    "L\xc3\xa6s ogs\xc3\xa5", "Read more: Huawei and the 5G race", P1, P2, P3, P4,
	    "WASHINGTON, Oct. 31, 2019 - " P2,
	    "Den 3. maj 2022 sagde ministeren, at " P3,
	    "The minister said on Monday that the country",
	    "Sebastian, 44, er pr. 1. september 2019 ansat som chef for salg og "
	    "marketing hos Norriq, og han skal tage sig af de nye kunder i landet.",
	};
	uint32_t seed = 2024;
	int settled = 0, rounds = 20000;

	for (int round = 0; round < rounds; round++) {
		struct strbuf sb = {0};
		struct article a = {0};
		struct clutter_doc quick, full;
		char *want;
		int nl;

		seed = seed * 1103515245u + 12345u;
		nl = 1 + (int)(seed >> 16) % 22;
		for (int k = 0; k < nl; k++) {
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb, pool[(seed >> 16) % KILDE_ARRAY_LEN(pool)]);
			sb_puts(&sb, (seed >> 8) % 3 ? "\n\n" : "\n");
		}
		a.text = sb.s;
		a.len = sb.len;
		article_detect(&a, &rules);
		want = util_xstrdup(a.date);
		article_detect_date(&a, &rules);
		if (strcmp(a.date, want) != 0)
			fail_msg("date %s, want %s, of:\n%s", a.date, want, a.text);
		if (clutter_classify_date(a.text, a.len, &rules, 15, dated, &quick)) {
			settled++;
			clutter_classify(a.text, a.len, &rules, &full);
			assert_int_equal(quick.n, full.n);
			for (size_t i = 0; i < quick.n; i++) {
				if (quick.lines[i].part == CLUTTER_PART_TEXT)
					assert_int_equal(full.lines[i].part, CLUTTER_PART_TEXT);
				if (quick.lines[i].dateline)
					assert_true(full.lines[i].dateline);
			}
			clutter_doc_free(&full);
		}
		clutter_doc_free(&quick);
		free(want);
		article_free(&a);
	}
	/* The quick way is taken often enough to be tested. */
	assert_true(settled > rounds / 10);
}

/* The counts of a line (characters, separators, words, function words,
 * digits, a year), read the plain way: every character decoded and asked
 * of its category, the line lowered by libunistring, the function words
 * looked up one by one. Lines stay under the 256 bytes whose words count. */
static void plain_counts(const char *s, size_t n, const struct clutter_rules *r,
                         struct clutter_counts *c)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t ln = 0;
	uint8_t *low = u8_tolower(u, n, NULL, NULL, NULL, &ln);

	*c = (struct clutter_counts){0};
	for (size_t i = 0; i < n; i++) {
		c->chars += (u[i] & 0xC0) != 0x80;
		if (u[i] == '|' || (u[i] == '/' && i && i + 1 < n && s[i - 1] == ' ' && s[i + 1] == ' ') ||
		    (i && i + 3 < n && !memcmp(s + i, "\xe2\x80\xa2", 3)) ||
		    (i + 2 <= n && !memcmp(s + i, "\xc2\xbb", 2)) ||
		    (i + 3 <= n && !memcmp(s + i, "\xe2\x80\xba", 3)))
			c->seps++;
	}
	for (size_t i = 0; i < ln;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, low + i, ln - i);
		if (!uc_is_general_category(uc, UC_CATEGORY_L) &&
		    !uc_is_general_category(uc, UC_CATEGORY_N)) {
			i += (size_t)k;
			continue;
		}
		size_t w = i;
		bool digits = true;
		while (i < ln) {
			k = u8_mbtouc(&uc, low + i, ln - i);
			if (!uc_is_general_category(uc, UC_CATEGORY_L) &&
			    !uc_is_general_category(uc, UC_CATEGORY_N) && uc != '\'' && uc != 0x2019)
				break;
			digits &= uc_is_general_category(uc, UC_CATEGORY_N);
			i += (size_t)k;
		}
		c->words++;
		if (digits) {
			c->digits++;
			c->has_year |= i - w == 4 && (low[w] == '1' || low[w] == '2');
			continue;
		}
		for (size_t j = 0; j < r->stopwords.n; j++)
			if (strlen(r->stopwords.items[j]) == i - w &&
			    !memcmp(r->stopwords.items[j], low + w, i - w)) {
				c->stops++;
				break;
			}
	}
	/* Spaces, tabs and newlines squeezed to one space, none at the ends. */
	c->folded = malloc(ln + 1);
	size_t j = 0;
	for (size_t i = 0; i < ln; i++) {
		bool sp = low[i] == ' ' || low[i] == '\t' || low[i] == '\n';
		if (sp && (!j || c->folded[j - 1] == ' '))
			continue;
		c->folded[j++] = sp ? ' ' : (char)low[i];
	}
	while (j && c->folded[j - 1] == ' ')
		j--;
	c->folded[j] = '\0';
	free(low);
}

/* Appends up to k pieces picked by the generator *seed to line[0..n)
 * (cap bytes, room left for a NUL), stopping at the first that does not
 * fit; returns the new length. */
static size_t append_pieces(char *line, size_t cap, size_t n, int k,
                            const char *const *piece, size_t npiece, uint32_t *seed)
{
	for (; k > 0; k--) {
		*seed = *seed * 1103515245u + 12345u;
		const char *p = piece[(*seed >> 16) % npiece];
		if (n + strlen(p) >= cap)
			break;
		memcpy(line + n, p, strlen(p));
		n += strlen(p);
	}
	return n;
}

/* The counts judge reads and the folded line (clutter_line_counts) are the
 * plain reading's on random lines of ASCII, Latin-1 and other letters, digits of several
 * scripts, apostrophes, separators, spaces and punctuation. */
static void test_line_counts(void **state)
{
	(void)state;
	static const char *piece[] = {
	    "og", "the", "i", "p\xc3\xa5", "Of", "THE", "det", "And", "h\xc3\xa6r",
	    "Huawei", "s\xc3\xb8ndag", "\xc3\x86RE", "\xc3\x89" "cole", "caf\xc3\xa9", "x",
	    "don't", "it\xe2\x80\x99s", "2019", "1999", "3000", "12", "7", "\xc2\xbd",
	    "\xd9\xa3\xd9\xa4", "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1", "\xce\xb1",
	    "\xc3\x97", "\xc3\xb7", "\xc3\xbf", " ", "  ", "\t", ".", ",", ":", "-", "'", "\"",
	    "(", ")", "|", "/",
	    " / ", "a/b", "\xe2\x80\xa2", " \xe2\x80\xa2 ", "\xc2\xbb", "\xe2\x80\xba",
	    "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x94", "\xc2\xa0", "@", "#", "_",
	    "\n", " \t ", "\r", "Read More", "PHOTO: AP", "ZAZ[@`{", "Copenhagen Post",
	};
	uint32_t seed = 7;

	for (int round = 0; round < 20000; round++) {
		char line[256];
		size_t n = 0;
		struct clutter_counts got, want;

		seed = seed * 1103515245u + 12345u;
		n = append_pieces(line, sizeof(line), n, (int)(seed >> 16) % 40, piece,
		                  KILDE_ARRAY_LEN(piece), &seed);
		clutter_line_counts(line, n, &rules, &got);
		plain_counts(line, n, &rules, &want);
		if (got.chars != want.chars || got.words != want.words || got.stops != want.stops ||
		    got.digits != want.digits || got.seps != want.seps || got.has_year != want.has_year)
			fail_msg("line \"%.*s\": chars %zu/%zu words %zu/%zu stops %zu/%zu digits "
			         "%zu/%zu seps %zu/%zu year %d/%d",
			         (int)n, line, got.chars, want.chars, got.words, want.words, got.stops,
			         want.stops, got.digits, want.digits, got.seps, want.seps, got.has_year,
			         want.has_year);
		assert_string_equal(got.folded, want.folded);
		free(got.folded);
		free(want.folded);
	}
}

/* The characters of a long line of two-byte letters (and of every length
 * around the sixteen-byte steps): the continuation bytes are tallied per
 * byte lane and summed before a lane's count passes 255. */
static void test_line_chars_long(void **state)
{
	(void)state;
	static char line[9000];

	for (size_t n = 0; n + 2 <= sizeof(line); n += 2)
		memcpy(line + n, "\xc3\xa6", 2);
	for (size_t n = 0; n <= sizeof(line); n += n < 100 ? 1 : 997) {
		struct clutter_counts got;
		/* An odd n ends in a lead byte alone, a character too. */
		size_t want = (n + 1) / 2;

		clutter_line_counts(line, n, &rules, &got);
		if (got.chars != want)
			fail_msg("%zu bytes: %zu characters, not %zu", n, got.chars, want);
		free(got.folded);
	}
}

/* A line under LENGTH_LOW (70) characters that holds an address, and that
 * no earlier rule decides, is a list line; at 70 and over the address
 * says nothing (the address is looked for in short lines alone). */
static void test_short_address(void **state)
{
	(void)state;
	for (size_t len = 22; len < 100; len++) {
		char line[128], page[1024];
		size_t n = (size_t)snprintf(line, sizeof(line), "Visit www.example.com/");

		for (; n < len; n++)
			line[n] = n % 7 ? 'k' : ' ';
		line[n] = '\0';
		snprintf(page, sizeof(page), "%s\n%s\n%s\n", P1, line, P2);
		enum clutter_rule got = rule_of(page, 1);
		if ((got == CLUTTER_BY_LIST) != (len < 70))
			fail_msg("%zu characters: rule %s", len, clutter_rule_name(got));
	}
}

static bool wordish_uc(ucs4_t uc)
{
	return uc_is_general_category(uc, UC_CATEGORY_L) || uc_is_general_category(uc, UC_CATEGORY_N);
}

/* Whether the folded line holds an inline cue at word boundaries, the
 * plain way: each cue searched for with strstr at every place it occurs;
 * a cue of letters alone counts only with at most one function word. */
static bool plain_holds_cue(const struct clutter_list *l, const char *s, size_t stops)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *cue = l->items[i];
		size_t n = strlen(cue);
		ucs4_t first, last, uc;
		bool plain = true;
		for (size_t k = 0; k < n; k += (size_t)u8_mbtouc(&uc, (const uint8_t *)cue + k, n - k)) {
			u8_mbtouc(&uc, (const uint8_t *)cue + k, n - k);
			plain &= wordish_uc(uc);
		}
		u8_mbtouc(&first, (const uint8_t *)cue, n);
		u8_prev(&last, (const uint8_t *)cue + n, (const uint8_t *)cue);
		if (stops > 1 && plain)
			continue;
		for (const char *p = s; (p = strstr(p, cue)) != NULL; p++) {
			if (wordish_uc(first) && p > s &&
			    u8_prev(&uc, (const uint8_t *)p, (const uint8_t *)s) && wordish_uc(uc))
				continue;
			if (wordish_uc(last) && p[n] &&
			    (u8_mbtouc(&uc, (const uint8_t *)p + n, strlen(p + n)), wordish_uc(uc)))
				continue;
			return true;
		}
	}
	return false;
}

/* A line is a caption (an inline cue) exactly where the plain search finds
 * one, on random lines of cues, parts of cues and words around them. */
static void test_inline_cues(void **state)
{
	(void)state;
	static const char *piece[] = {
	    "foto:", "Foto", "photo", "PHOTO by", "(ap photo", "getty images", "scanpix", "img",
	    "imgs", "billede", "billeder", "gallery", "video", ", photo", "reuters/", "afp",
	    "privacy", " policy", "the", "of", "and", "og", "i", "x", "\xc3\xa6", "\xe2\x80\x99",
	    " ", " ", " ", ":", "/", "(", ",", "-", "s", "2024", "\xce\xb1", "\xc3\xa9",
	};
	uint32_t seed = 11;
	int hits = 0;

	for (int round = 0; round < 6000; round++) {
		char line[200], page[1024];
		size_t n = 3;
		struct clutter_counts c;

		memcpy(line, "zq ", 3);
		seed = seed * 1103515245u + 12345u;
		n = append_pieces(line, sizeof(line), n, 1 + (int)(seed >> 16) % 12, piece,
		                  KILDE_ARRAY_LEN(piece), &seed);
		line[n] = '\0';
		clutter_line_counts(line, n, &rules, &c);
		bool want = plain_holds_cue(&rules.inline_cues, c.folded, c.stops);
		free(c.folded);
		snprintf(page, sizeof(page), "%s\n%s\n%s\n", P1, line, P2);
		enum clutter_rule got = rule_of(page, 1);
		if ((got == CLUTTER_BY_INLINE) != want)
			fail_msg("line \"%s\": rule %s, a cue %d", line, clutter_rule_name(got), want);
		hits += want;
	}
	/* Both ways are seen. */
	assert_true(hits > 600 && hits < 5400);
	/* A cue at the line's start, one at its 64th byte and one across
	 * it: the places a cue may start are taken 64 bytes at a time. */
	static const char *const at_edges[] = {
		"Foto: Jens Hansen",
		"Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq zqzqzqzqz foto: x",
		"Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq Zqzqzqzq (ap photo",
	};
	for (size_t k = 0; k < KILDE_ARRAY_LEN(at_edges); k++) {
		char page[1024];
		snprintf(page, sizeof(page), "%s\n%s\n%s\n", P1, at_edges[k], P2);
		if (rule_of(page, 1) != CLUTTER_BY_INLINE)
			fail_msg("line \"%s\": rule %s", at_edges[k],
			         clutter_rule_name(rule_of(page, 1)));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_menus_and_lists),
		cmocka_unit_test(test_teaser_and_subheading),
		cmocka_unit_test(test_context_smoothing),
		cmocka_unit_test(test_section_to_the_end),
		cmocka_unit_test(test_title_not_banner),
		cmocka_unit_test(test_title_first_candidate),
		cmocka_unit_test(test_date_from_first_lines),
		cmocka_unit_test(test_title_danish_words),
		cmocka_unit_test(test_cue_upper_case),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_captions),
		cmocka_unit_test(test_article_detect_skips_clutter),
		cmocka_unit_test(test_article_date_rules),
		cmocka_unit_test(test_language_skips_clutter),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_rules_from_lists),
		cmocka_unit_test(test_stopwords_every_length),
		cmocka_unit_test(test_title_six_characters),
		cmocka_unit_test(test_odd_input),
		cmocka_unit_test(test_line_counts),
		cmocka_unit_test(test_line_chars_long),
		cmocka_unit_test(test_short_address),
		cmocka_unit_test(test_inline_cues),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
