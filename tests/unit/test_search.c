/* test_search.c - folding rules (Danish æ ø å in NFC and NFD, aa, case),
 * phrase matching across line breaks, match offsets, KWIC alignment with
 * wide and combining characters, sorting, and --grep output. */
#include "testutil.h"
#include <pthread.h>

#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "kilde/corpus.h"
#include "kilde/search.h"
#include "kilde/util.h"

/* Count of matches of pattern in text under mode. */
static size_t count(const char *text, const char *pattern, unsigned mode)
{
	struct search_match *m;
	size_t n = search_find_all(text, strlen(text), pattern, mode, &m);

	free(m);
	return n;
}

static bool finds(const char *text, const char *pattern)
{
	return count(text, pattern, SEARCH_MODE_DEFAULT) > 0;
}

/* The first match must cover exactly `want` in text. */
static void assert_span(const char *text, const char *pattern, unsigned mode,
                        const char *want)
{
	struct search_match *m;
	size_t n = search_find_all(text, strlen(text), pattern, mode, &m);

	assert_true(n >= 1);
	assert_int_equal(m[0].len, strlen(want));
	assert_memory_equal(text + m[0].off, want, strlen(want));
	free(m);
}

/* NFC and NFD spellings of the Danish letters. */
#define AE_U "\xc3\x86"      /* Æ */
#define OE_U "\xc3\x98"      /* Ø */
#define AA_U "\xc3\x85"      /* Å */
#define AE_L "\xc3\xa6"      /* æ */
#define OE_L "\xc3\xb8"      /* ø */
#define AA_L "\xc3\xa5"      /* å */
#define AA_U_NFD "A\xcc\x8a" /* A + combining ring above */
#define AA_L_NFD "a\xcc\x8a" /* a + combining ring above */

static void test_case_folding(void **state)
{
	(void)state;
	assert_true(finds("Hej S" OE_L "ren!", "s" OE_L "ren"));
	assert_true(finds("S" OE_U "REN", "s" OE_L "ren"));
	assert_true(finds("s" OE_L "ren", "S" OE_U "REN"));
	assert_true(finds("STRASSE", "stra\xc3\x9f"
	                             "e"));
	/* Case folds in exact mode too, but not when case folding is off. */
	assert_true(count("S" OE_U "REN", "s" OE_L "ren", SEARCH_MODE_EXACT));
	assert_false(count("S" OE_U "REN", "s" OE_L "ren", 0));
	assert_true(count("S" OE_L "ren", "S" OE_L "ren", 0));
}

static void test_thogersen(void **state)
{
	(void)state;
	const char *t = "Henrik Th" OE_L "gersen";

	assert_true(finds(t, "Thogersen"));
	assert_true(finds(t, "Thoegersen"));
	assert_true(finds(t, "th" OE_L "gersen"));
	assert_true(finds(t, "TH" OE_U "GERSEN"));
	/* Both ways: a pattern with ø finds the transliterations. */
	assert_true(finds("Thoegersen", "Th" OE_L "gersen"));
	assert_true(finds("Thogersen", "Th" OE_L "gersen"));
	/* The whole name is the match, not a part of it. */
	assert_span(t, "thoegersen", SEARCH_MODE_DEFAULT, "Th" OE_L "gersen");
	assert_span(t, "thogersen", SEARCH_MODE_DEFAULT, "Th" OE_L "gersen");
	/* o never matches oe: dos must not find does. */
	assert_false(finds("does", "dos"));
	assert_false(finds("Thoegersen", "Thogersen"));
	/* Exact mode keeps ø apart from o. */
	assert_false(count(t, "Thogersen", SEARCH_MODE_EXACT));
	assert_false(count(t, "Thoegersen", SEARCH_MODE_EXACT));
	assert_true(count(t, "TH" OE_U "GERSEN", SEARCH_MODE_EXACT));
}

static void test_aero(void **state)
{
	(void)state;
	assert_true(finds(AE_U "r" OE_L, "aer" OE_L));
	assert_true(finds(AE_U "R" OE_U, "aer" OE_L));
	assert_true(finds("Aeroe", AE_L "r" OE_L));
	assert_true(finds(AE_U "r" OE_L, "aeroe"));
	assert_true(finds(AE_U "r" OE_L, "aero"));
	assert_true(finds("Aer" OE_L, AE_U "r" OE_U));
	assert_span("til " AE_U "r" OE_L ".", "aero", SEARCH_MODE_DEFAULT,
	            AE_U "r" OE_L);
	assert_false(count(AE_U "r" OE_L, "aer" OE_L, SEARCH_MODE_EXACT));
	assert_true(count(AE_U "r" OE_L, AE_L "r" OE_L, SEARCH_MODE_EXACT));
}

static void test_aalborg(void **state)
{
	(void)state;
	assert_true(finds(AA_U "lborg", "Aalborg"));
	assert_true(finds("Aalborg", AA_U "lborg"));
	assert_true(finds(AA_L "lborg", "AALBORG"));
	assert_true(finds("AALBORG", AA_L "lborg"));
	/* NFD å, upper and lower, in text and in pattern. */
	assert_true(finds(AA_U_NFD "lborg", "Aalborg"));
	assert_true(finds(AA_L_NFD "lborg", AA_U "lborg"));
	assert_true(finds(AA_U "lborg", AA_L_NFD "lborg"));
	assert_true(finds("Aalborg", AA_U_NFD "lborg"));
	assert_span("i " AA_U_NFD "lborg.", "aalborg", SEARCH_MODE_DEFAULT,
	            AA_U_NFD "lborg");
	/* Exact mode: å only as å, but NFD still equals NFC. */
	assert_false(count(AA_U "lborg", "Aalborg", SEARCH_MODE_EXACT));
	assert_true(count(AA_U_NFD "lborg", AA_U "lborg", SEARCH_MODE_EXACT));
	assert_true(count(AA_U "lborg", AA_L_NFD "lborg", SEARCH_MODE_EXACT));
}

static void test_all_letters_both_forms(void **state)
{
	(void)state;
	/* Each Danish letter, upper and lower, finds itself and its other
	 * case; NFD forms only exist for å. */
	const char *letters[][2] = {{AE_U, AE_L},     {OE_U, OE_L},
	                            {AA_U, AA_L},     {AA_U_NFD, AA_L_NFD},
	                            {AA_U, AA_L_NFD}, {AA_U_NFD, AA_L}};

	for (size_t i = 0; i < KILDE_ARRAY_LEN(letters); i++) {
		char t[32], p[32];
		snprintf(t, sizeof(t), "x%sy", letters[i][0]);
		snprintf(p, sizeof(p), "x%sy", letters[i][1]);
		assert_int_equal(count(t, p, SEARCH_MODE_DEFAULT), 1);
		assert_int_equal(count(p, t, SEARCH_MODE_DEFAULT), 1);
		assert_int_equal(count(t, p, SEARCH_MODE_EXACT), 1);
		assert_int_equal(count(p, t, SEARCH_MODE_EXACT), 1);
	}
	assert_int_equal(count("x" AE_U "y", "xaey", SEARCH_MODE_DEFAULT), 1);
	assert_int_equal(count("x" AA_L_NFD "y", "xaay", SEARCH_MODE_DEFAULT),
	                 1);
	assert_int_equal(count("x" OE_U "y", "xoey", SEARCH_MODE_DEFAULT), 1);
	assert_int_equal(count("x" OE_U "y", "xoy", SEARCH_MODE_DEFAULT), 1);
}

static void test_other_diacritics(void **state)
{
	(void)state;
	assert_true(finds("Caf\xc3\xa9", "cafe"));         /* é */
	assert_true(finds("Cafe\xcc\x81", "caf\xc3\xa9")); /* NFD é */
	assert_true(finds("M\xc3\xbcnchen", "munchen"));   /* ü */
	assert_true(finds("\xef\xac\x81le", "file"));      /* ﬁ ligature */
	assert_false(count("Caf\xc3\xa9", "cafe", SEARCH_MODE_EXACT));
	assert_true(count("Cafe\xcc\x81", "CAF\xc3\x89", SEARCH_MODE_EXACT));
}

static void test_phrase(void **state)
{
	(void)state;
	const char *t =
	    "said Boris\nJohnson, and Boris \xc2\xa0  Johnson again";

	assert_int_equal(count(t, "\"boris johnson\"", SEARCH_MODE_DEFAULT), 2);
	assert_int_equal(count(t, "boris johnson", SEARCH_MODE_DEFAULT), 2);
	assert_int_equal(count(t,
	                       "\xe2\x80\x9c"
	                       "Boris  Johnson\xe2\x80\x9d",
	                       SEARCH_MODE_DEFAULT),
	                 2);
	assert_span(t, "\"boris johnson\"", SEARCH_MODE_DEFAULT,
	            "Boris\nJohnson");
	assert_int_equal(count(t, "boris jo hnson", SEARCH_MODE_DEFAULT), 0);
	/* A soft hyphen inside a word does not stop a match. */
	assert_int_equal(count("Thø\xc2\xad"
	                       "gersen",
	                       "thogersen", SEARCH_MODE_DEFAULT),
	                 1);
}

static void test_offsets_and_overlap(void **state)
{
	(void)state;
	struct search_match *m;
	const char *t = "aaa " AA_L " AA";
	size_t n;

	/* "aa" in "aaa": one match (non-overlapping); å is one match. */
	n = search_find_all(t, strlen(t), "aa", SEARCH_MODE_DEFAULT, &m);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].off, 0);
	assert_int_equal(m[0].len, 2);
	assert_int_equal(m[1].off, 4);
	assert_int_equal(m[1].len, 2);
	assert_int_equal(m[2].off, 7);
	free(m);
	/* A single a inside å highlights the whole å, once. */
	n = search_find_all(AA_L "x", 3, "a", SEARCH_MODE_DEFAULT, &m);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].off, 0);
	assert_int_equal(m[0].len, 2);
	free(m);
	assert_int_equal(count("abc", "", SEARCH_MODE_DEFAULT), 0);
	assert_int_equal(count("abc", "  \"\"  ", SEARCH_MODE_DEFAULT), 0);
	/* Invalid UTF-8 neither crashes nor matches wrongly. */
	assert_int_equal(count("\xff\xfe"
	                       "abc\xc3",
	                       "abc", SEARCH_MODE_DEFAULT),
	                 1);
}

/* Random mixes of ASCII, Danish letters, combining marks, wide and
 * invalid bytes: the map stays ordered and in bounds, and matches stay
 * in order, inside the text, and non-overlapping. */
static void test_random_text_invariants(void **state)
{
	(void)state;
	static const char *pieces[] = {"a",
	                               "A",
	                               "o",
	                               "e",
	                               " ",
	                               "\n",
	                               "\xc2\xa0",
	                               "\xc3\xb8",
	                               "\xc3\x98",
	                               "\xc3\xa5",
	                               "\xcc\x8a",
	                               "\xcc\x81",
	                               "\xc3\xa6",
	                               "oe",
	                               "aa",
	                               "\xe4\xb8\xad",
	                               "\xff",
	                               "\xc3",
	                               "\xef\xac\x81",
	                               "\xc2\xad",
	                               "\t"};
	static const char *pats[] = {"a",
	                             "oe",
	                             "\xc3\xb8",
	                             "aa",
	                             "o e",
	                             "ae",
	                             "\xc3\xa5"
	                             "a",
	                             "\xe4\xb8\xad"};
	uint32_t seed = 12345;

	for (int round = 0; round < 3000; round++) {
		struct strbuf sb = {0};
		struct search_folded f;
		int n;

		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 40;
		sb_append(&sb, "", 0);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb,
			        pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)]);
		}
		unsigned mode = (unsigned)round % 4;
		search_fold(sb.s, sb.len, mode, true, &f);
		for (size_t i = 0; i < f.len; i++) {
			assert_true(f.ostart[i] < f.oend[i]);
			assert_true(f.oend[i] <= sb.len);
			if (i)
				assert_true(f.ostart[i - 1] <= f.ostart[i]);
		}
		search_folded_free(&f);
		for (size_t k = 0; k < KILDE_ARRAY_LEN(pats); k++) {
			struct search_match *m;
			size_t nm =
			    search_find_all(sb.s, sb.len, pats[k], mode, &m);
			for (size_t i = 0; i < nm; i++) {
				assert_true(m[i].len > 0);
				assert_true(m[i].off + m[i].len <= sb.len);
				if (i)
					assert_true(m[i - 1].off +
					                m[i - 1].len <=
					            m[i].off);
			}
			free(m);
		}
		sb_free(&sb);
	}
}

static void test_next(void **state)
{
	(void)state;
	struct search_match m[] = {{10, 2}, {20, 2}, {30, 2}};

	assert_int_equal(search_next(m, 3, 0, true, false), 0);
	assert_int_equal(search_next(m, 3, 10, true, false), 1);
	assert_int_equal(search_next(m, 3, 15, true, false), 1);
	assert_int_equal(search_next(m, 3, 30, true, false), -1);
	assert_int_equal(search_next(m, 3, 30, true, true), 0);
	assert_int_equal(search_next(m, 3, 30, false, false), 1);
	assert_int_equal(search_next(m, 3, 10, false, false), -1);
	assert_int_equal(search_next(m, 3, 10, false, true), 2);
	assert_int_equal(search_next(m, 3, 100, false, false), 2);
	assert_int_equal(search_next(m, 0, 0, true, true), -1);

	assert_int_equal(search_nearest(m, 3, 0, true), 0);
	assert_int_equal(search_nearest(m, 3, 10, true), 0);
	assert_int_equal(search_nearest(m, 3, 11, true), 1);
	assert_int_equal(search_nearest(m, 3, 31, true), 0);
	assert_int_equal(search_nearest(m, 3, 20, false), 1);
	assert_int_equal(search_nearest(m, 3, 25, false), 1);
	assert_int_equal(search_nearest(m, 3, 5, false), 2);
	assert_int_equal(search_nearest(m, 3, 0, false), 2);
	assert_int_equal(search_nearest(m, 0, 5, true), -1);
}

static int width_of(const char *s)
{
	return u8_width((const uint8_t *)s, strlen(s), "UTF-8");
}

static void test_format_width(void **state)
{
	(void)state;
	/* CJK (2 columns each), combining marks (0), Danish letters. */
	struct search_kwic_hit h = {
	    .left = "\xe4\xb8\xad\xe6\x96\x87 Cafe\xcc\x81 og \xe5\x8d\x8e ",
	    .hit = "Huawei",
	    .right = " \xe5\x8d\x8e\xe4\xb8\xba S\xc3\xb8ren e\xcc\x81\xcc\x81",
	};

	for (int l = 0; l <= 24; l++) {
		for (int r = 0; r <= 24; r++) {
			size_t ho, hl;
			char *line =
			    search_kwic_format_line(&h, l, r, &ho, &hl);
			assert_int_equal(width_of(line), l + r);
			/* The hit starts exactly at column l. */
			char *pre = util_xstrndup(line, ho);
			assert_int_equal(width_of(pre), l);
			free(pre);
			if (r >= 6) {
				assert_int_equal(hl, 6);
				assert_memory_equal(line + ho, "Huawei", 6);
			}
			free(line);
		}
	}
	/* Odd column left for a wide character: padded, not split. */
	char *line = search_kwic_format_line(&h, 3, 0, NULL, NULL);
	assert_string_equal(line, "\xe5\x8d\x8e ");
	free(line);
	line = search_kwic_format_line(&h, 2, 0, NULL, NULL);
	assert_string_equal(line, "  ");
	free(line);
	/* A combining mark stays with its letter. */
	line = search_kwic_format_line(&h, 0, 19, NULL, NULL);
	assert_string_equal(line,
	                    "Huawei \xe5\x8d\x8e\xe4\xb8\xba S\xc3\xb8ren "
	                    "e\xcc\x81\xcc\x81");
	free(line);
	line = search_fit_width("\xe4\xb8\xad\xe6\x96\x87x", 7, 3);
	assert_string_equal(line, "\xe4\xb8\xad ");
	free(line);
}

/* The line search_kwic_format_line makes, grapheme by grapheme with
 * libunistring throughout: what its ASCII shortcuts must give. */
static int ref_width(const uint8_t *g, size_t n)
{
	int w = u8_width(g, n, "UTF-8");

	return w < 0 ? 1 : w;
}

static char *ref_format(const struct search_kwic_hit *h, int lc, int rc)
{
	struct strbuf sb = {0};
	const uint8_t *b = (const uint8_t *)h->left, *q = b + strlen(h->left);
	int used = 0;

	while (q > b) {
		const uint8_t *pv = u8_grapheme_prev(q, b);
		int w = ref_width(pv, (size_t)(q - pv));
		if (used + w > lc)
			break;
		used += w;
		q = pv;
	}
	sb_append(&sb, "", 0);
	for (int i = used; i < lc; i++)
		sb_putc(&sb, ' ');
	sb_puts(&sb, (const char *)q);
	used = 0;
	for (int part = 0; part < 2; part++) {
		const char *s = part ? h->right : h->hit;
		const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
		for (q = p; q < end;) {
			const uint8_t *nx = u8_grapheme_next(q, end);
			int w = ref_width(q, (size_t)(nx - q));
			if (used + w > rc)
				break;
			used += w;
			q = nx;
		}
		/* The right context fills what the hit left, even after
		 * a hit cut short (a grapheme of no width still fits). */
		sb_append(&sb, s, (size_t)(q - p));
	}
	for (int i = used; i < rc; i++)
		sb_putc(&sb, ' ');
	return sb_take(&sb);
}

static void test_format_shortcuts(void **state)
{
	(void)state;
	/* ASCII next to what joins a grapheme to it: a combining mark, a
	 * ZWJ or a spacing mark (U+0903, a column of its own) after, a
	 * Prepend character (U+0600, none wide; U+0D4E, one column) before;
	 * wide and two-byte letters. */
	static const char *pieces[] = {"a", "b", " ", ".", "\xcc\x81", "\xd8\x80",
	                               "\xe2\x80\x8d", "\xe4\xb8\xad", "\xc3\xb8",
	                               "e\xcc\x81", "\xf0\x9f\x87\xa9",
	                               "\xe0\xa4\x83", "\xe0\xb5\x8e"};
	uint32_t seed = 4242;

	for (int round = 0; round < 4000; round++) {
		struct strbuf part[3] = {{0}, {0}, {0}};
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			int n = (int)(seed >> 16) % 12;
			sb_append(&part[k], "", 0);
			for (int i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				sb_puts(&part[k], pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)]);
			}
		}
		struct search_kwic_hit h = {.left = part[0].s, .hit = part[1].s, .right = part[2].s};
		seed = seed * 1103515245u + 12345u;
		int lc = (int)(seed >> 16) % 14, rc = (int)(seed >> 8) % 14;
		char *got = search_kwic_format_line(&h, lc, rc, NULL, NULL);
		char *want = ref_format(&h, lc, rc);
		assert_string_equal(got, want);
		free(got);
		free(want);
		for (int k = 0; k < 3; k++)
			sb_free(&part[k]);
	}
}

/* Flattening copies letters in runs, but never the spaces and controls
 * among the two-byte characters (C2 xx). */
static void test_flatten_runs(void **state)
{
	(void)state;
	const char *s = "\xc3\xa6\xc2\xa0\xc2\xa0\xc3\xb8\xc2\x85\xc3\xa5\xc2\x80x\xdf\xbf";
	char *line = search_fit_width(s, strlen(s), 8);

	assert_string_equal(line, "\xc3\xa6 \xc3\xb8 \xc3\xa5\xef\xbf\xbdx\xdf\xbf");
	free(line);
	/* Runs of spaces, ASCII and not, are one space. */
	line = search_fit_width("a  \xc3\xa6 \xc2\xa0 b", 10, 6);
	assert_string_equal(line, "a \xc3\xa6 b ");
	free(line);
}

/* Folding ASCII in runs gives what folding each character on its own
 * gives, spaces squeezed across the pieces as one text squeezes them. */
static void test_fold_ascii_runs(void **state)
{
	(void)state;
	static const char *pieces[] = {"a", "B", "z", "Q", "0", " ", "\t", "\n", "\r",
	                               "\v", "\f", ".", "\xc3\xa9", "\xc3\x98",
	                               "\xc2\xa0", "\xc3\x9f", "\xe4\xb8\xad"};
	uint32_t seed = 777;

	for (int round = 0; round < 3000; round++) {
		struct strbuf sb = {0}, want = {0};
		uint32_t wstart[400], wend[400];
		size_t wn = 0;
		unsigned mode = (unsigned)round % 4;
		int n;

		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 40;
		sb_append(&sb, "", 0);
		sb_append(&want, "", 0);
		for (int k = 0; k < n; k++) {
			struct search_folded one;
			size_t at = sb.len;

			seed = seed * 1103515245u + 12345u;
			const char *pc = pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)];
			sb_puts(&sb, pc);
			search_fold(pc, strlen(pc), mode, true, &one);
			for (size_t i = 0; i < one.len; i++) {
				if (one.s[i] == ' ' && want.len && want.s[want.len - 1] == ' ') {
					wend[wn - 1] = (uint32_t)(at + one.oend[i]);
					continue;
				}
				sb_putc(&want, one.s[i]);
				wstart[wn] = (uint32_t)(at + one.ostart[i]);
				wend[wn++] = (uint32_t)(at + one.oend[i]);
			}
			search_folded_free(&one);
		}
		struct search_folded f;
		search_fold(sb.s, sb.len, mode, true, &f);
		assert_int_equal(f.len, want.len);
		assert_memory_equal(f.s, want.s, want.len);
		for (size_t i = 0; i < f.len; i++) {
			assert_int_equal(f.ostart[i], wstart[i]);
			assert_int_equal(f.oend[i], wend[i]);
		}
		search_folded_free(&f);
		sb_free(&sb);
		sb_free(&want);
	}
}

/* The sparse search (folding only around where a match could be) finds
 * just what the full fold finds, on generated text: Danish letters, å both
 * ways, accents that fold to the anchor (ẃ), a ligature, a fullwidth
 * letter, white space runs, and in some texts a combining mark or a soft
 * hyphen (which it must decline). */
static void test_sparse_matches_full(void **state)
{
	(void)state;
	static const char *pieces[] = {
	    "huawei", "Huawei", "HUAWEI", "hua", "wei", "W", "w", "a", "e",
	    "i", "f", "-", " ", "  ", "\n", "\t", "\xc3\xa6", "\xc3\x86",
	    "\xc3\xb8", "\xc3\x98", "\xc3\xa5", "\xc3\x85", "\xc3\xa9",
	    "\xe1\xba\x83", /* ẃ */ "\xef\xac\x81", /* ﬁ */
	    "\xef\xbc\xb7", /* fullwidth W */ "\xc2\xa0", "\xe4\xb8\xad",
	    "aa", "ae", "x.y", "2019",
	    /* a wide character right after the window's first byte */
	    "hu\xef\xbd\x81wei", "ei\xef\xbc\xb7x",
	    /* and right before the last */
	    "za\xef\xbd\x81" "a"};
	static const char *splices[] = {"a\xcc\x8a", "\xc2\xad", "e\xcc\x81",
	                                "\xe2\x80\x8b"};
	static const char *keys[] = {"Huawei", "wei", "aa", "ae", "fi", "w",
	                             "a-b", "e", "awe", "ia", "x.y", "20",
	                             "eiwx", "zaaa"};
	uint32_t seed = 4242;
	int fast = 0;

	for (int round = 0; round < 4000; round++) {
		struct strbuf sb = {0};
		const char *key = keys[(unsigned)round % KILDE_ARRAY_LEN(keys)];
		unsigned mode = (unsigned)round / KILDE_ARRAY_LEN(keys) % 2
		                    ? SEARCH_MODE_EXACT
		                    : SEARCH_MODE_DEFAULT;
		struct search_match *a, *b;
		size_t na, nb;
		int n;

		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 60;
		sb_append(&sb, "", 0);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = seed >> 16;
			if (round % 5 == 0 && r % 23 == 0)
				sb_puts(&sb, splices[r / 23 % KILDE_ARRAY_LEN(splices)]);
			else
				sb_puts(&sb, pieces[r % KILDE_ARRAY_LEN(pieces)]);
		}
		na = search_find_all(sb.s, sb.len, key, mode, &a);
		if (search_find_sparse(sb.s, sb.len, key, mode, &b, &nb)) {
			fast++;
			if (nb != na)
				print_error("key %s mode %u text [%s]\n", key, mode, sb.s);
			assert_int_equal(nb, na);
			for (size_t i = 0; i < na; i++) {
				assert_int_equal(b[i].off, a[i].off);
				assert_int_equal(b[i].len, a[i].len);
			}
		} else {
			assert_int_equal(nb, 0);
		}
		free(a);
		free(b);
		sb_free(&sb);
	}
	/* Most texts have no mark or soft hyphen: the fast way was taken. */
	assert_true(fast > 3000);
	/* A key it cannot take: a space, or o (o, oe and ø match each other). */
	struct search_match *m;
	size_t nm;
	assert_false(search_find_sparse("a b", 3, "a b", SEARCH_MODE_DEFAULT, &m, &nm));
	assert_false(search_find_sparse("bord", 4, "bord", SEARCH_MODE_DEFAULT, &m, &nm));
	assert_false(search_find_sparse("a\xc2\xad" "b", 4, "ab", SEARCH_MODE_DEFAULT, &m, &nm));
}

/* What search.c's flatten should make of s: white space runs as one space,
 * other controls as U+FFFD, the rest as it is (one character at a time). */
static void flatten_slowly(struct strbuf *sb, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;

	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int l = u8_mbtouc(&uc, p + i, n - i);

		if (uc_is_property_white_space(uc)) {
			if (!sb->len || sb->s[sb->len - 1] != ' ')
				sb_putc(sb, ' ');
		} else if (uc < 0x20 || (uc >= 0x7f && uc < 0xa0)) {
			sb_puts(sb, "\xef\xbf\xbd");
		} else {
			sb_append(sb, s + i, (size_t)l);
		}
		i += (size_t)l;
	}
}

/* Flattening eight bytes at a time (printable ASCII and single spaces)
 * gives what one character at a time gives, on generated text. */
static void test_flatten_random(void **state)
{
	(void)state;
	static const char *pieces[] = {
	    "a", "Zq", "word", " ", "  ", "\t", "\n", "\x7f", "\x01", "~", "!",
	    "\xc3\xa6", "\xc3\xb8", "\xc3\xa5", "\xc2\xa0", "\xc2\x85",
	    "e\xcc\x81", "\xef\xac\x81", "\xc2\xad", "longer words here"};
	uint32_t seed = 99;

	for (int round = 0; round < 3000; round++) {
		struct strbuf sb = {0}, want = {0};
		int n;

		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 50;
		sb_append(&sb, "", 0);
		sb_append(&want, "", 0);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			sb_puts(&sb, pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)]);
		}
		/* Ends in a letter, so padding cannot hide a space. */
		sb_putc(&sb, 'x');
		flatten_slowly(&want, sb.s, sb.len);
		char *line = search_fit_width(sb.s, sb.len, 4000);
		assert_true(strlen(line) >= want.len);
		assert_memory_equal(line, want.s, want.len);
		for (size_t i = want.len; line[i]; i++)
			assert_int_equal(line[i], ' ');
		free(line);
		sb_free(&sb);
		sb_free(&want);
	}
}

static void add(struct corpus *c, const char *name, const char *text)
{
	corpus_add_text(c, name, text, strlen(text));
}

static void test_kwic(void **state)
{
	(void)state;
	struct corpus c = {0};
	struct search_kwic kw;

	add(&c, "a.txt",
	    "First line about Huawei and\nmore text. Zeta Huawei "
	    "yes.");
	add(&c, "b.txt", "Nothing here.");
	add(&c, "c.txt", "Alpha huawei zulu.");
	free(c.articles[0].source);
	c.articles[0].source = util_xstrdup("Ritzau");
	free(c.articles[2].source);
	c.articles[2].source = util_xstrdup("Børsen");
	free(c.articles[0].date);
	c.articles[0].date = util_xstrdup("2019-05-16");
	free(c.articles[2].date);
	c.articles[2].date = util_xstrdup("2018-01-02");

	assert_int_equal(search_kwic(&c, "HUAWEI", SEARCH_MODE_DEFAULT, &kw),
	                 3);
	assert_int_equal(kw.hits[0].article, 0);
	assert_string_equal(kw.hits[0].left, "First line about ");
	assert_string_equal(kw.hits[0].hit, "Huawei");
	assert_string_equal(kw.hits[0].right,
	                    " and more text. Zeta Huawei yes.");
	assert_int_equal(kw.hits[2].article, 2);

	/* Left sort: 1L words are "about", "Zeta", "Alpha". */
	search_kwic_sort(&kw, SEARCH_KWIC_LEFT);
	assert_string_equal(kw.hits[0].left, "First line about ");
	assert_int_equal(kw.hits[1].article, 2);
	assert_string_equal(kw.hits[2].left,
	                    "First line about Huawei and more text. Zeta ");
	/* Right sort: "and", "yes", "zulu". */
	search_kwic_sort(&kw, SEARCH_KWIC_RIGHT);
	assert_string_equal(kw.hits[0].right,
	                    " and more text. Zeta Huawei yes.");
	assert_string_equal(kw.hits[1].right, " yes.");
	assert_int_equal(kw.hits[2].article, 2);
	/* Date: 2018 first. */
	search_kwic_sort(&kw, SEARCH_KWIC_DATE);
	assert_int_equal(kw.hits[0].article, 2);
	assert_int_equal(kw.hits[1].article, 0);
	assert_true(kw.hits[1].off < kw.hits[2].off);
	/* Source: Børsen before Ritzau. */
	search_kwic_sort(&kw, SEARCH_KWIC_SOURCE);
	assert_int_equal(kw.hits[0].article, 2);
	search_kwic_sort(&kw, SEARCH_KWIC_POSITION);
	assert_int_equal(kw.hits[0].article, 0);
	assert_int_equal(kw.hits[2].article, 2);
	search_kwic_free(&kw);

	assert_int_equal(search_kwic(&c, "", SEARCH_MODE_DEFAULT, &kw), 0);
	search_kwic_free(&kw);
	assert_int_equal(search_bench(&c, "huawei"), 3);
	corpus_free(&c);
}

/* Long context is cut to about SEARCH_KWIC_CONTEXT_BYTES, on grapheme
 * boundaries: valid UTF-8, never starting with a combining mark, for
 * every alignment of the cut against 1-, 2-, 3- and 4-byte characters. */
static void test_kwic_context_cut(void **state)
{
	(void)state;
	static const char *units[] = {"x",
	                              "\xc3\xb8",
	                              "e\xcc\x81",
	                              "\xe4\xb8\xad",
	                              "\xf0\x9f\x98\x80",
	                              "o\xcc\x88\xcc\x81"};

	for (size_t u = 0; u < KILDE_ARRAY_LEN(units); u++) {
		for (size_t shift = 0; shift < 5; shift++) {
			struct strbuf sb = {0};
			struct corpus c = {0};
			struct search_kwic kw;

			for (size_t k = 0; k < shift; k++)
				sb_putc(&sb, 'y');
			size_t reps = 400 / strlen(units[u]);
			for (size_t k = 0; k < reps; k++)
				sb_puts(&sb, units[u]);
			sb_puts(&sb, " Huawei ");
			for (size_t k = 0; k < reps; k++)
				sb_puts(&sb, units[u]);
			for (size_t k = 0; k < shift; k++)
				sb_putc(&sb, 'y');
			corpus_add_text(&c, "t", sb.s, sb.len);
			assert_int_equal(
			    search_kwic(&c, "huawei", SEARCH_MODE_DEFAULT, &kw),
			    1);
			const char *l = kw.hits[0].left, *r = kw.hits[0].right;
			assert_null(u8_check((const uint8_t *)l, strlen(l)));
			assert_null(u8_check((const uint8_t *)r, strlen(r)));
			assert_true(strlen(l) <= SEARCH_KWIC_CONTEXT_BYTES + 1);
			assert_true(strlen(l) + 8 >= SEARCH_KWIC_CONTEXT_BYTES);
			assert_true(strlen(r) <= SEARCH_KWIC_CONTEXT_BYTES + 1);
			assert_true(strlen(r) + 8 >= SEARCH_KWIC_CONTEXT_BYTES);
			/* Both cuts fall on grapheme boundaries of the
			 * article's (NFC) text. */
			const struct article *a = &c.articles[0];
			const uint8_t *t = (const uint8_t *)a->text;
			size_t cuts[2] = {kw.hits[0].off - strlen(l),
			                  kw.hits[0].off + kw.hits[0].len +
			                      strlen(r)};
			for (int k = 0; k < 2; k++) {
				ucs4_t before, after;
				const uint8_t *pv =
				    u8_prev(&before, t + cuts[k], t);
				assert_non_null(pv);
				u8_mbtouc(&after, t + cuts[k],
				          a->len - cuts[k]);
				assert_true(
				    uc_is_grapheme_break(before, after));
			}
			search_kwic_free(&kw);
			corpus_free(&c);
			sb_free(&sb);
		}
	}
}

/* Enough articles for the search to be split over threads (when the
 * machine has several cores): hits still come in corpus order. */
static void test_kwic_many_articles(void **state)
{
	(void)state;
	struct corpus c = {0};
	struct search_kwic kw;

	for (int i = 0; i < 1200; i++) {
		char name[32], text[64];
		snprintf(name, sizeof(name), "a%04d", i);
		snprintf(text, sizeof(text), "%d Huawei %s", i,
		         i % 3 ? "" : "and huawei again");
		add(&c, name, text);
	}
	assert_int_equal(search_kwic(&c, "huawei", SEARCH_MODE_DEFAULT, &kw),
	                 1200 + 400);
	for (size_t k = 1; k < kw.n; k++) {
		assert_true(kw.hits[k - 1].article <= kw.hits[k].article);
		if (kw.hits[k - 1].article == kw.hits[k].article)
			assert_true(kw.hits[k - 1].off < kw.hits[k].off);
	}
	assert_int_equal(kw.hits[kw.n - 1].article, 1199);
	assert_int_equal(atoi(kw.hits[kw.n - 1].left), 1199);
	search_kwic_free(&kw);
	corpus_free(&c);
}

static void test_kwic_any(void **state)
{
	(void)state;
	struct corpus c = {0};
	struct search_kwic kw;
	const char *variants[] = {"Huawei Technologies", "huawei", "",
	                          "kinesiske selskab"};

	add(&c, "a", "Huawei Technologies said; the Chinese company Huawei.");
	add(&c, "b", "Det kinesiske  selskab og HUAWEI.");
	assert_int_equal(
	    search_kwic_any(&c, variants, 4, SEARCH_MODE_DEFAULT, &kw), 4);
	assert_string_equal(kw.hits[0].hit, "Huawei Technologies");
	assert_string_equal(kw.hits[1].hit, "Huawei");
	assert_int_equal(kw.hits[2].article, 1);
	assert_string_equal(kw.hits[2].hit, "kinesiske selskab");
	assert_string_equal(kw.hits[3].hit, "HUAWEI");
	search_kwic_free(&kw);
	assert_int_equal(
	    search_kwic_any(&c, variants + 2, 1, SEARCH_MODE_DEFAULT, &kw), 0);
	search_kwic_free(&kw);
	corpus_free(&c);
}

static void assert_same_hits(const struct search_kwic *a,
                             const struct search_kwic *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->hits[i].article, b->hits[i].article);
		assert_int_equal(a->hits[i].off, b->hits[i].off);
		assert_int_equal(a->hits[i].len, b->hits[i].len);
		assert_string_equal(a->hits[i].left, b->hits[i].left);
		assert_string_equal(a->hits[i].hit, b->hits[i].hit);
		assert_string_equal(a->hits[i].right, b->hits[i].right);
	}
}

/* The search's thread waits in its pause until the test lets it go. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open;
	int pauses;
};

static bool gate_pause(void *ctx)
{
	struct gate *g = ctx;

	pthread_mutex_lock(&g->lock);
	g->pauses++;
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return false;
}

static void many_huawei(struct corpus *c, int n)
{
	for (int i = 0; i < n; i++) {
		char name[32], text[64];
		snprintf(name, sizeof(name), "a%05d", i);
		snprintf(text, sizeof(text), "%d Huawei %s", i,
		         i % 3 ? "" : "and huawei again");
		add(c, name, text);
	}
}

/* A concordance of many articles shows its first hits before the search
 * is complete: the first chunks' hits are there to take while the rest of
 * the corpus is not searched yet (the search's threads held after their
 * first chunk); once complete, the hits are the full scan's, in order. */
static void test_kwic_stream_first_hits_early(void **state)
{
	(void)state;
	struct corpus c = {0};
	struct search_kwic all, got = {0};
	struct gate g = {.open = false};
	struct search_kwic_stream_hooks h = {.pause = gate_pause, .ctx = &g};
	const char *pat = "huawei";
	struct search_kwic_stream *st;
	size_t done = 0, total = 0, first;

	pthread_mutex_init(&g.lock, NULL);
	pthread_cond_init(&g.cond, NULL);
	many_huawei(&c, 3000);
	search_kwic(&c, pat, SEARCH_MODE_DEFAULT, &all);
	assert_int_equal(all.n, 4000);

	st = search_kwic_stream_start(&c, &pat, 1, SEARCH_MODE_DEFAULT, NULL,
	                              0, &h);
	search_kwic_stream_wait(st, false);
	assert_false(search_kwic_stream_take(st, &got, &done, &total));
	assert_int_equal(total, 3000);
	assert_true(done > 0 && done < total);
	first = got.n;
	assert_true(first > 0 && first < all.n);
	for (size_t i = 0; i < first; i++)
		assert_int_equal(got.hits[i].off, all.hits[i].off);
	assert_int_equal(got.hits[first - 1].article + 1, done);

	pthread_mutex_lock(&g.lock);
	g.open = true;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	search_kwic_stream_wait(st, true);
	assert_true(search_kwic_stream_take(st, &got, &done, NULL));
	assert_int_equal(done, 3000);
	assert_true(g.pauses > 1);
	assert_same_hits(&all, &got);
	search_kwic_stream_free(st);
	search_kwic_free(&got);
	search_kwic_free(&all);
	pthread_cond_destroy(&g.cond);
	pthread_mutex_destroy(&g.lock);
	corpus_free(&c);
}

/* The hits of each article searched alone, one after the other: what
 * a search cut into chunks over threads must put back together. */
static void kwic_one_by_one(const struct corpus *c, const char *const *v,
                            size_t nv, unsigned mode, const uint32_t *arts,
                            size_t narts, struct search_kwic *want)
{
	*want = (struct search_kwic){.c = c};
	for (size_t i = 0; i < narts; i++) {
		uint32_t a = arts ? arts[i] : (uint32_t)i;
		struct search_kwic one;

		search_kwic_among(c, v, nv, mode, &a, 1, &one);
		util_grow((void **)&want->hits, &want->cap, want->n + one.n,
		          sizeof(*one.hits));
		if (one.n)
			memcpy(want->hits + want->n, one.hits,
			       one.n * sizeof(*one.hits));
		want->n += one.n;
		free(one.hits);
	}
}

/* The stream finds what each article searched alone finds, in corpus
 * order: over a list of articles, over a list out of order (every
 * article), with several variants and whole words, and so does the
 * one-shot search; freed halfway it stops (and leaks nothing). */
static void test_kwic_stream_same_as_scan(void **state)
{
	(void)state;
	struct corpus c = {0};
	const char *v[] = {"Huawei again", "huawei", ""};
	uint32_t *arts = util_xcalloc(3000, sizeof(*arts));
	uint32_t bad[] = {5, 3};
	size_t narts = 0;

	many_huawei(&c, 3000);
	for (uint32_t i = 0; i < 3000; i += 2)
		arts[narts++] = i;
	for (int round = 0; round < 3; round++) {
		const uint32_t *a = round == 0 ? arts : round == 1 ? bad : NULL;
		size_t na = round == 0 ? narts : round == 1 ? 2 : 0;
		unsigned mode = SEARCH_MODE_DEFAULT |
		                (round == 2 ? SEARCH_WHOLE_WORDS : 0);
		struct search_kwic want, got = {0};
		struct search_kwic_stream *st;

		struct search_kwic once;

		/* Only the first list is in order: the others search all. */
		kwic_one_by_one(&c, v, 3, mode, round == 0 ? arts : NULL,
		                round == 0 ? narts : c.n, &want);
		assert_true(want.n > 0);
		st = search_kwic_stream_start(&c, v, 3, mode, a, na, NULL);
		search_kwic_stream_wait(st, true);
		assert_true(search_kwic_stream_take(st, &got, NULL, NULL));
		assert_same_hits(&want, &got);
		search_kwic_stream_free(st);
		if (a)
			search_kwic_among(&c, v, 3, mode, a, na, &once);
		else
			search_kwic_any(&c, v, 3, mode, &once);
		assert_same_hits(&want, &once);
		search_kwic_free(&once);
		search_kwic_free(&got);
		search_kwic_free(&want);
	}
	search_kwic_stream_free(
	    search_kwic_stream_start(&c, v, 3, SEARCH_MODE_DEFAULT, NULL, 0, NULL));
	free(arts);
	corpus_free(&c);
}

/* The interface holds no texts (they are in a spill file): the
 * concordance borrows each, and finds what it finds in texts held. */
static void test_kwic_texts_lent(void **state)
{
	static char *path[] = {SRC_PATH("corpus")};
	const char *pats[] = {"Ericsson", "minister"};
	struct corpus held = {0}, lent = {0};
	struct search_kwic a, b;

	(void)state;
	assert_int_equal(corpus_load(&held, path, 1), 5);
	assert_int_equal(corpus_load_meta(&lent, path, 1, true), 5);
	assert_null(lent.articles[0].text);
	assert_true(search_kwic_any(&held, pats, 2, SEARCH_MODE_DEFAULT, &a) > 0);
	assert_int_equal(search_kwic_any(&lent, pats, 2, SEARCH_MODE_DEFAULT, &b), a.n);
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(a.hits[i].article, b.hits[i].article);
		assert_int_equal(a.hits[i].off, b.hits[i].off);
		assert_string_equal(a.hits[i].left, b.hits[i].left);
		assert_string_equal(a.hits[i].right, b.hits[i].right);
	}
	search_kwic_free(&a);
	search_kwic_free(&b);
	corpus_free(&held);
	corpus_free(&lent);
}

static void test_collate(void **state)
{
	(void)state;
	const char *order[] = {"abe",    "Zebra",  AE_L "ble",
	                       OE_U "l", AA_L "r", AA_U_NFD "s"};

	for (size_t i = 0; i + 1 < KILDE_ARRAY_LEN(order); i++) {
		char *a = search_collate_key(order[i], strlen(order[i]));
		char *b =
		    search_collate_key(order[i + 1], strlen(order[i + 1]));
		assert_true(strcmp(a, b) < 0);
		free(a);
		free(b);
	}
}

/* Runs --grep into a memory buffer. */
static char *grep(const struct corpus *c, const char *pattern, bool tsv,
                  int width, size_t *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct search_grep_options o = {.tsv = tsv, .width = width};

	assert_non_null(f);
	*n = search_grep_print(c, pattern, &o, f);
	fclose(f);
	return buf;
}

static void test_grep_corpus(void **state)
{
	(void)state;
	struct corpus c = {0};
	const char *files[] = {"corpus/000_78b0cf8d7ad02d3c.txt",
	                       "corpus/001_445ba2664ba4056b.txt",
	                       "corpus/002_9ee63272115c30f3.txt",
	                       "corpus/003_92b029a54c8523d7.txt",
	                       "corpus/004_6df98165fb3bae8c.txt"};
	size_t n, lines = 0;
	char *out;

	for (size_t i = 0; i < KILDE_ARRAY_LEN(files); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", KILDE_SRCDIR, files[i]);
		assert_int_equal(corpus_add_file(&c, path, files[i] + 7), 0);
	}
	out = grep(&c, "Huawei", false, 72, &n);
	/* At least one hit in each of the five articles. */
	assert_true(n >= 5);
	for (char *p = out, *e; (e = strchr(p, '\n')); p = e + 1) {
		*e = '\0';
		/* Every line fits the width and starts with the source
		 * column (14 = 72 / 5) and a two-space gap. */
		assert_true(width_of(p) <= 72);
		assert_memory_equal(p + 14, "  ", 2);
		assert_memory_equal(p, "00", 2);
		lines++;
	}
	assert_int_equal(lines, n);
	free(out);

	out = grep(&c, "huawei", true, 80, &n);
	lines = 0;
	for (char *p = out, *e; (e = strchr(p, '\n')); p = e + 1) {
		int tabs = 0;
		for (char *q = p; q < e; q++)
			tabs += *q == '\t';
		assert_int_equal(tabs, 6);
		if (lines)
			assert_non_null(strstr(p, "\tHuawei\t"));
		lines++;
	}
	assert_int_equal(lines, n + 1); /* header line */
	assert_memory_equal(
	    out, "file\tsource\tdate\toffset\tleft\thit\tright\n", 39);
	free(out);

	out = grep(&c, "zzzznotthere", false, 80, &n);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	free(out);
	corpus_free(&c);
}

/* The offset column of --tsv: 0, and numbers of one and more digits. */
static void test_grep_tsv_offsets(void **state)
{
	(void)state;
	struct corpus c = {0};
	struct strbuf text = {0};
	const size_t want[] = {0, 9, 20, 99, 1000, 12345};
	size_t n, k = 0;
	char *out;

	for (size_t i = 0; i < KILDE_ARRAY_LEN(want); i++) {
		while (text.len < want[i])
			sb_putc(&text, text.len % 7 ? 'x' : ' ');
		sb_puts(&text, "Qz ");
	}
	corpus_add_text(&c, "a.txt", text.s, text.len);
	out = grep(&c, "qz", true, 80, &n);
	assert_int_equal(n, KILDE_ARRAY_LEN(want));
	for (char *p = strchr(out, '\n') + 1, *e; (e = strchr(p, '\n')); p = e + 1) {
		char *f = p;
		for (int t = 0; t < 3; t++)
			f = strchr(f, '\t') + 1;
		assert_int_equal(strtoul(f, NULL, 10), want[k]);
		assert_true(f[strspn(f, "0123456789")] == '\t');
		assert_true(f[0] >= '0' && f[0] <= '9' && (f[0] != '0' || f[1] == '\t'));
		k++;
	}
	assert_int_equal(k, KILDE_ARRAY_LEN(want));
	free(out);
	sb_free(&text);
	corpus_free(&c);
}

/* The hit column is the same on every aligned line. */
static void test_grep_alignment(void **state)
{
	(void)state;
	struct corpus c = {0};
	size_t n;
	char *out;
	int col = -1;

	add(&c, "x", "Kort. Huawei her.");
	add(&c, "y",
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87 "
	    "Huawei \xe4\xb8\xad\xe6\x96\x87");
	add(&c, "z",
	    "Cafe\xcc\x81 Cafe\xcc\x81 Cafe\xcc\x81 Cafe\xcc\x81 "
	    "Cafe\xcc\x81 Cafe\xcc\x81 Cafe\xcc\x81 huawei");
	out = grep(&c, "huawei", false, 40, &n);
	assert_int_equal(n, 3);
	for (char *p = out, *e; (e = strchr(p, '\n')); p = e + 1) {
		char *h = strstr(p, "Huawei");
		if (!h)
			h = strstr(p, "huawei");
		assert_non_null(h);
		*h = '\0';
		if (col < 0)
			col = width_of(p);
		assert_int_equal(width_of(p), col);
		*h = 'H';
		*e = '\0';
		assert_true(width_of(p) <= 40);
	}
	assert_int_equal(col, 2 + 1 + 18); /* source col 1, gap 2, left 18 */
	free(out);
	corpus_free(&c);
}

/* ---- --grep read from the files ----------------------------------------- */

static void put_file(const char *dir, const char *rel, const char *text,
                     size_t len)
{
	char *path = util_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	free(path);
}

static void put_str(const char *dir, const char *rel, const char *text)
{
	put_file(dir, rel, text, strlen(text));
}

static void make_dir(const char *dir, const char *rel)
{
	char *path = util_xasprintf("%s/%s", dir, rel);

	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
}

/* search_grep_files on dir, and search_grep_print after corpus_load of
 * dir, must print the same, byte for byte, and leave the same skipped
 * files and warnings. */
static void same_as_loaded(char *dir, const char *pattern, bool tsv,
                           bool exact)
{
	struct search_grep_options o = {.tsv = tsv, .exact = exact, .width = 72};
	struct corpus c = {0}, m = {0};
	char *paths[] = {dir};
	char *a = NULL, *b = NULL;
	size_t al = 0, bl = 0, na, nb;
	FILE *f;

	assert_true(corpus_load(&c, paths, 1) > 64);
	f = open_memstream(&a, &al);
	na = search_grep_print(&c, pattern, &o, f);
	fclose(f);
	f = open_memstream(&b, &bl);
	nb = search_grep_files(&m, paths, 1, pattern, &o, f);
	fclose(f);
	assert_int_equal(na, nb);
	assert_true(na > 0);
	assert_string_equal(a, b);
	assert_int_equal(m.nskipped, c.nskipped);
	for (size_t i = 0; i < c.nskipped; i++) {
		assert_string_equal(m.skipped[i].path, c.skipped[i].path);
		assert_string_equal(m.skipped[i].reason, c.skipped[i].reason);
	}
	assert_int_equal(m.nwarnings, c.nwarnings);
	for (size_t i = 0; i < c.nwarnings; i++)
		assert_string_equal(m.warnings[i], c.warnings[i]);
	free(a);
	free(b);
	corpus_free(&c);
	corpus_free(&m);
}

/* The files are read in the corpus's order and printed as they come: the
 * order must still be the sorted one (a.txt before a/b.txt, though the walk
 * meets the folder a first), corpus.ini's source and date must be the ones
 * printed (an empty date in corpus.ini included), skipped files must be
 * said as before, and files the prefilter rules out must not change a
 * thing. */
static void test_grep_files_order(void **state)
{
	char dir[] = "/tmp/kilde-grep-XXXXXX";
	char *cmd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_dir(dir, "a");
	put_str(dir, "a.txt", "Headline\n\nHuawei in a.txt, twice: HUAWEI.\n");
	put_str(dir, "a/b.txt", "Nested\n\nSeptember 24, 2017\n\nHua\xc2\xadwei split by a soft hyphen.\n");
	put_file(dir, "bin.txt", "Huawei\0\0\0\0", 10);
	put_str(dir, "blank.txt", "  \n\t\n");
	put_str(dir, "dated.txt", "Dated\n\n2019-05-16\n\nHuawei said so, Aalborg too.\n");
	put_str(dir, "empty-date.txt", "Dated\n\n2019-05-17\n\nHuawei and \xc3\x85lborg.\n");
	put_str(dir, "cp1252.txt", "\xc5lborg og Huawei, i Windows-1252.\n");
	make_dir(dir, "m");
	for (int i = 0; i < 120; i++) {
		char name[32], text[256];
		snprintf(name, sizeof(name), "m/%03d.txt", (i * 37) % 120);
		snprintf(text, sizeof(text),
		         "Article %d\n\n%d March 2018\n\n%s Nothing else here, "
		         "\xe2\x80\x9cquoted\xe2\x80\x9d and K\xc3\xb8" "benhavn.\n",
		         i, 1 + i % 28,
		         i % 3 == 0 ? "Huawei and Aalborg." :
		         i % 3 == 1 ? "H\xc3\xbc" "awei is not it." : "Zte.");
		put_str(dir, name, text);
	}
	put_str(dir, "corpus.ini",
	        "[a.txt]\nsource = Alpha Source\ndate = 2020-01-02\n"
	        "[empty-date.txt]\ndate =\n"
	        "[bin.txt]\nsource = Binary\n"
	        "[m/007.txt]\nsource = A rather long source name\n");

	same_as_loaded(dir, "huawei", true, false);
	same_as_loaded(dir, "huawei", false, false);
	same_as_loaded(dir, "\xc3\xa5lborg", true, false);
	same_as_loaded(dir, "\xc3\xa5lborg", false, false);
	same_as_loaded(dir, "Huawei", true, true);

	cmd = util_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Where else looks for a cross-reference as whole words: China is not in
 * chinapost, nor Kina in Kinas... but a hit at either end of the text is. */
static void test_kwic_whole_words(void **state)
{
	(void)state;
	const char *t[] = {"China, said chinapost. Chinas?", "ChinaPost and China"};
	struct corpus c = testutil_corpus(t, 2);
	struct search_kwic kw = {0};
	const char *pats[] = {"China"};

	assert_int_equal(search_kwic_any(&c, pats, 1, SEARCH_MODE_DEFAULT, &kw), 5);
	search_kwic_free(&kw);
	assert_int_equal(search_kwic_any(&c, pats, 1, SEARCH_MODE_DEFAULT | SEARCH_WHOLE_WORDS, &kw),
	                 2);
	assert_int_equal(kw.hits[0].article, 0);
	assert_int_equal(kw.hits[0].off, 0);
	assert_int_equal(kw.hits[1].article, 1);
	assert_int_equal(kw.hits[1].off, strlen("ChinaPost and "));
	search_kwic_free(&kw);
	corpus_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_case_folding),
	    cmocka_unit_test(test_thogersen),
	    cmocka_unit_test(test_aero),
	    cmocka_unit_test(test_aalborg),
	    cmocka_unit_test(test_all_letters_both_forms),
	    cmocka_unit_test(test_other_diacritics),
	    cmocka_unit_test(test_phrase),
	    cmocka_unit_test(test_offsets_and_overlap),
	    cmocka_unit_test(test_random_text_invariants),
	    cmocka_unit_test(test_next),
	    cmocka_unit_test(test_format_width),
	    cmocka_unit_test(test_format_shortcuts),
	    cmocka_unit_test(test_fold_ascii_runs),
	    cmocka_unit_test(test_flatten_runs),
	    cmocka_unit_test(test_flatten_random),
	    cmocka_unit_test(test_sparse_matches_full),
	    cmocka_unit_test(test_kwic),
	    cmocka_unit_test(test_kwic_whole_words),
	    cmocka_unit_test(test_kwic_context_cut),
	    cmocka_unit_test(test_kwic_many_articles),
	    cmocka_unit_test(test_kwic_any),
	    cmocka_unit_test(test_kwic_texts_lent),
	    cmocka_unit_test(test_kwic_stream_first_hits_early),
	    cmocka_unit_test(test_kwic_stream_same_as_scan),
	    cmocka_unit_test(test_collate),
	    cmocka_unit_test(test_grep_corpus),
	    cmocka_unit_test(test_grep_alignment),
	    cmocka_unit_test(test_grep_tsv_offsets),
	    cmocka_unit_test(test_grep_files_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
