/* test_grepscan.c - the --grep prefilter never rejects a file that has a
 * folded match (case, diacritics, å/aa, æ/ae, ø/oe/o, compatibility
 * letters, soft hyphens and bidi marks inside a word, phrases across line
 * breaks, other encodings), and does reject files that have none. */
#include "testutil.h"

#include "kilde/grepscan.h"
#include "kilde/search.h"

/* What the prefilter says of the raw bytes text for pattern under mode. */
static bool may(const char *text, size_t len, const char *pattern,
                unsigned mode)
{
	struct search_pattern pat;
	struct grepscan_key *k;
	struct grepscan *g;
	bool r;

	assert_int_equal(search_compile(&pat, pattern, mode), 0);
	k = grepscan_key_new(pat.key, pat.len, mode, pat.oslash);
	g = grepscan_new(k);
	r = grepscan_may_match(g, (const uint8_t *)text, len);
	grepscan_free(g);
	grepscan_key_free(k);
	search_pattern_free(&pat);
	return r;
}

/* Whether kilde --grep finds pattern in the file of raw bytes text. */
static bool matches(const char *text, size_t len, const char *pattern,
                    unsigned mode)
{
	size_t n;
	char *t = text_decode((const uint8_t *)text, len, NULL, &n);
	struct search_match *m;
	size_t nm = search_find_all(t, n, pattern, mode, &m);

	free(m);
	free(t);
	return nm > 0;
}

/* text matches pattern, and the prefilter lets it by. */
static void keeps(const char *text, const char *pattern)
{
	size_t len = strlen(text);

	if (!matches(text, len, pattern, SEARCH_MODE_DEFAULT))
		fail_msg("no match of '%s' in '%s'", pattern, text);
	if (!may(text, len, pattern, SEARCH_MODE_DEFAULT))
		fail_msg("prefilter lost '%s' in '%s'", pattern, text);
}

/* text does not match pattern, and the prefilter rejects it. */
static void rejects(const char *text, const char *pattern)
{
	size_t len = strlen(text);

	if (matches(text, len, pattern, SEARCH_MODE_DEFAULT))
		fail_msg("'%s' matches '%s'", pattern, text);
	if (may(text, len, pattern, SEARCH_MODE_DEFAULT))
		fail_msg("prefilter kept '%s' for '%s'", text, pattern);
}

static void test_case_and_danish_letters(void **state)
{
	(void)state;
	keeps("Flyet landede i \xc3\x85lborg i g\xc3\xa5r.", "\xc3\xa5lborg");
	keeps("FLYET LANDEDE I \xc3\x85LBORG.", "\xc3\xa5lborg");
	keeps("Aalborg Lufthavn", "\xc3\xa5lborg");
	keeps("AALBORG", "\xc3\x85lborg");
	keeps("A\xcc\x8alborg (NFD)", "\xc3\xa5lborg"); /* A + ring */
	keeps("\xc3\x85lborg", "aalborg");
	keeps("S\xc3\xb8ren Kierkegaard", "soeren");
	keeps("Soeren Kierkegaard", "s\xc3\xb8ren");
	keeps("Soren Kierkegaard", "s\xc3\xb8ren");
	keeps("J\xc3\xb8rgen", "joergen");
	keeps("J\xc3\x98RGEN", "jorgen");
	keeps("\xc3\x86r\xc3\xb8", "aeroe");
	keeps("Aeroe", "\xc3\xa6r\xc3\xb8");
	keeps("Caf\xc3\xa9 Noir", "cafe");
	keeps("Cafe\xcc\x81 Noir", "cafe"); /* e + combining acute */
	keeps("HUAWEI Technologies", "huawei");
	keeps("huawei", "HUAWEI");
}

static void test_odd_letters(void **state)
{
	(void)state;
	keeps("\xef\xbc\xa8\xef\xbd\x95\xef\xbd\x81\xef\xbd\x97\xef\xbd\x85\xef\xbd\x89",
	      "huawei"); /* fullwidth */
	keeps("\xef\xac\x81nance", "finance");  /* fi ligature */
	keeps("\xe2\x84\xaa" "elvin", "kelvin");   /* Kelvin sign */
	keeps("Stra\xc3\x9f" "e", "strasse"); /* sharp s */
	keeps("Hua\xc2\xadwei", "huawei");      /* soft hyphen */
	keeps("Hua\xe2\x80\x8bwei", "huawei");  /* zero width space */
	keeps("Hua\xe2\x80\xaewei", "huawei");  /* bidi override */
	keeps("co-operate", "co-operate");
	keeps("covid\xef\xb9\xa3" "19", "covid-19"); /* small hyphen-minus */
}

static void test_phrase_across_lines(void **state)
{
	(void)state;
	keeps("Danske\n   Bank", "danske bank");
	keeps("Danske\r\n\tBank", "Danske Bank");
	keeps("danske\xc2\xa0" "bank", "danske bank"); /* no-break space */
}

static void test_other_encodings_kept(void **state)
{
	const char utf16[] = "\xff\xfeH\0u\0a\0w\0e\0i\0";

	(void)state;
	/* The decoder's business: the prefilter lets them by. */
	keeps("\xef\xbb\xbfHuawei", "huawei");       /* BOM */
	keeps("\xc5lborg og \xe6\xf8\xe5", "\xc3\xa5lborg"); /* Windows-1252 */
	assert_true(may(utf16, sizeof(utf16) - 1, "huawei", SEARCH_MODE_DEFAULT));
	assert_true(matches(utf16, sizeof(utf16) - 1, "huawei", SEARCH_MODE_DEFAULT));
}

static void test_rejects(void **state)
{
	(void)state;
	rejects("Nothing to see here.", "huawei");
	rejects("Nothing to see here.", "\xc3\xa5lborg");
	/* Danish letters elsewhere do not stop it: none folds to h, u, w. */
	rejects("\xc3\x86r\xc3\xb8 og K\xc3\xb8" "benhavn", "huawei");
	rejects("Odense og \xc3\x85rhus", "\xc3\xa5lborg");
	rejects("\xe2\x80\x9c" "Curly\xe2\x80\x9d quotes \xe2\x80\x94 and a dash",
	        "huawei");
	rejects("Hua wei", "huawei");
	rejects("Danske\n\nBanken", "danske banker");
	/* Exact mode: é is not e. */
	assert_false(may("Caf\xc3\xa9", 5, "cafe", SEARCH_MODE_EXACT));
	assert_false(matches("Caf\xc3\xa9", 5, "cafe", SEARCH_MODE_EXACT));
}

/* The pieces are there, but not as a match: looked for around each place
 * of the longest piece. */
static void test_pieces_apart(void **state)
{
	(void)state;
	rejects("Halberg og Norge ligger langt fra hinanden.", "\xc3\xa5lborg");
	rejects("En album, en borg og et \xc3\xa5r.", "\xc3\xa5lborg");
	rejects("Hua hua, wei wei: Huawe and awei.", "huawei");
	/* A place that is no match before one that is. */
	keeps("Et album, en borg, og s\xc3\xa5 \xc3\x85lborg til sidst.",
	      "\xc3\xa5lborg");
	keeps("Et album, og s\xc3\xa5 AALBORG.", "\xc3\xa5lborg");
	keeps("Jeg, J\xc3\xb8rgen, og Joergen.", "joergen");
	keeps("Jens og J\xc3\xb8rgen.", "j\xc3\xb8rgen");
	keeps("HUAWEI, Huawe, huaWEI!", "huawei");
}

static void test_blank_not_rejected(void **state)
{
	(void)state;
	/* A blank file is skipped as empty by the full way. */
	assert_true(may(" \n\t\n", 4, "huawei", SEARCH_MODE_DEFAULT));
	assert_true(may("\xc2\xa0\n", 3, "huawei", SEARCH_MODE_DEFAULT));
}

/* Random texts of tricky pieces: wherever the search finds a match, the
 * prefilter must have kept the file. */
static void test_random_never_loses(void **state)
{
	static const char *const pieces[] = {
	    "a", "A", "l", "b", "o", "r", "g", "e", "h", "u", "w", "i", "s",
	    "n", " ", "\n", "\t", "\xc3\xa5", "\xc3\x85", "a\xcc\x8a",
	    "\xc3\xb8", "\xc3\x98", "\xc3\xa6", "\xc3\x86", "\xc3\xa9",
	    "e\xcc\x81", "\xc2\xad", "\xe2\x80\x8b", "\xef\xbd\x81",
	    "\xef\xac\x81", "\xc3\x9f", "\xe2\x84\xaa", "\xc2\xa0", "-",
	    "\xe2\x80\x9c", "\r\n", "\x01", "\xe2\x80\xae", "\xc3\xbc",
	};
	static const char *const patterns[] = {
	    "\xc3\xa5lborg", "aalborg", "huawei", "s\xc3\xb8ren", "soeren",
	    "ab", "a b", "la", "\xc3\xa6r\xc3\xb8", "ae", "oe", "fi", "ss",
	    "k", "be", "ha-l", "e", "ob",
	};
	uint64_t seed = 20261203;
	size_t kept = 0, rejected = 0;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char text[1024];
		size_t len = 0;
		int n;
		const char *pat;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		/* Short texts mostly, some long enough that a match lies
		 * away from the other places of its pieces. */
		n = 1 + (int)((seed >> 33) % (round % 4 ? 12 : 60));
		for (int i = 0; i < n; i++) {
			const char *p;
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			p = pieces[(seed >> 33) % KILDE_ARRAY_LEN(pieces)];
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		pat = patterns[(seed >> 33) % KILDE_ARRAY_LEN(patterns)];
		for (unsigned mode = SEARCH_MODE_EXACT; mode <= SEARCH_MODE_DEFAULT;
		     mode += SEARCH_MODE_DEFAULT - SEARCH_MODE_EXACT) {
			bool m = matches(text, len, pat, mode);
			bool p = may(text, len, pat, mode);
			if (m && !p)
				fail_msg("prefilter lost '%s' (mode %u) in '%.*s'",
				         pat, mode, (int)len, text);
			kept += p;
			rejected += !p;
		}
	}
	/* And it does reject. */
	assert_true(rejected > kept / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_case_and_danish_letters),
	    cmocka_unit_test(test_odd_letters),
	    cmocka_unit_test(test_phrase_across_lines),
	    cmocka_unit_test(test_other_encodings_kept),
	    cmocka_unit_test(test_rejects),
	    cmocka_unit_test(test_pieces_apart),
	    cmocka_unit_test(test_blank_not_rejected),
	    cmocka_unit_test(test_random_never_loses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
