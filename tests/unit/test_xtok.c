/* test_xtok.c - tokens: the word memo (surface -> flags, key, stop class)
 * never gives a word another word's key, however alike the two are. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/util.h"
#include "kilde/xtok.h"
#include "testutil.h"

/* Words of every length up to 24 that differ from a first one in a single
 * byte, at every place: the memo compares (and hashes) words a few bytes
 * at a time, so each byte of each length must count. Tokenised twice, so
 * the second time every word comes from the memo. */
static void test_memo_tells_words_apart(void **state)
{
	struct xmap stop = {0};
	struct xtok_list l = {0};
	struct strbuf text = {0}, key = {0};

	(void)state;
	xtok_stopwords(&stop);
	for (size_t n = 1; n <= 24; n++) {
		char w[32];
		for (size_t i = 0; i < n; i++)
			w[i] = (char)('a' + i % 26);
		sb_append(&text, w, n);
		sb_putc(&text, ' ');
		for (size_t at = 0; at < n; at++) {
			char v[32];
			memcpy(v, w, n);
			v[at] = 'z';
			sb_append(&text, v, n);
			sb_putc(&text, ' ');
		}
	}
	for (int round = 0; round < 2; round++) {
		size_t words = 0;
		xtok_split(&l, text.s, text.len, &stop);
		for (size_t i = 0; i < l.n; i++) {
			if (l.t[i].type != XTOK_WORD)
				continue;
			words++;
			key.len = 0;
			xtok_key(text.s + l.t[i].off, l.t[i].len, &key);
			assert_int_equal(l.t[i].klen, key.len);
			assert_memory_equal(xtok_keystr(&l, i), key.s, key.len);
			assert_true(l.t[i].kh == xtok_hash(key.s, key.len));
		}
		assert_int_equal(words, 24 + 24 * 25 / 2);
	}
	xtok_list_free(&l);
	xmap_free(&stop);
	sb_free(&text);
	sb_free(&key);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The tokens of one text, as (type, offset, length, flags, key) in a
 * string, to compare two tokenisations whole. */
static void describe(const struct xtok_list *l, struct strbuf *out)
{
	out->len = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct xtok *t = &l->t[i];
		sb_printf(out, "%u %u %u %u %u", (unsigned)t->type, t->off, t->len,
		          (unsigned)t->flags, (unsigned)t->stop);
		if (t->type == XTOK_WORD)
			sb_printf(out, " %s %llx", xtok_keystr(l, i), (unsigned long long)t->kh);
		sb_putc(out, '\n');
	}
}

/* The type of a token of the pieces below, and a space's line-break
 * flags, from its bytes alone: a word has a letter or a digit (Ø is the
 * only letter beyond ASCII there), a space only white space. */
static void check_token(const char *text, const struct xtok *t)
{
	size_t nl = 0;
	bool word = false, space = true;

	for (size_t i = t->off; i < (size_t)t->off + t->len; i++) {
		unsigned char c = (unsigned char)text[i];
		word |= (c < 0x80 && isalnum(c)) || c == 0xc3;
		space &= c == ' ' || (c >= 9 && c <= 13);
		nl += c == '\n';
	}
	assert_int_equal(t->type, word ? XTOK_WORD : space ? XTOK_SPACE : XTOK_PUNCT);
	if (t->type == XTOK_SPACE)
		assert_int_equal(t->flags & (XTOK_NEWLINE | XTOK_PARA),
		                 (nl ? XTOK_NEWLINE : 0) | (nl >= 2 ? XTOK_PARA : 0));
}

/* Segments are read from the break bits 64 at a time: texts of every
 * length around a multiple of 64, with words, runs of spaces and line
 * breaks (joined into one space token), punctuation and letters of two
 * and three bytes across each boundary, tokenise the same from breaks
 * found and from breaks given (with the bits past the text set, which
 * must end no segment), tile the text, never put two spaces side by
 * side, are of the type their bytes say (check_token), and are the
 * tokens the splitter makes without a function-word table, whose words
 * take no fast path. */
static void test_split_reads_breaks_64_at_a_time(void **state)
{
	static const char *const pieces[] = {
		"Huawei", " ", "\xc3\x98rsted", "  ", "\n\n", "U.S.", ",", " \n ", "180,000",
		"\xe2\x80\x9c", "Det", "\xe2\x80\x9d", "-", "kinesiske", "\t", "5G", ".",
		"\n", "A", " ", "\n", "\n", "&", "\r", " ", "1",
	};
	struct xmap stop = {0};
	struct xtok_list l = {0};
	struct strbuf text = {0}, a = {0}, b = {0};
	uint8_t bits[64];

	(void)state;
	xtok_stopwords(&stop);
	for (size_t k = 0; text.len < 300; k++)
		sb_puts(&text, pieces[(k * 7) % KILDE_ARRAY_LEN(pieces)]);
	for (size_t len = 1; len <= text.len; len++) {
		size_t at = 0;
		/* Only whole characters: the breaks of a cut one differ. */
		if (len < text.len && (text.s[len] & 0xc0) == 0x80)
			continue;
		memset(bits, 0xff, sizeof(bits));
		xtok_split_brk(&l, text.s, len, &stop, NULL, bits);
		describe(&l, &a);
		for (size_t i = 0; i < l.n; i++) {
			assert_int_equal(l.t[i].off, at);
			check_token(text.s, &l.t[i]);
			at += l.t[i].len;
			if (i)
				assert_false(l.t[i].type == XTOK_SPACE &&
				             l.t[i - 1].type == XTOK_SPACE);
		}
		assert_int_equal(at, len);
		/* The bytes past the text's breaks: every bit set. */
		for (size_t i = len; i < 8 * sizeof(bits); i++)
			bits[i / 8] |= (uint8_t)(1u << (i % 8));
		xtok_split_brk(&l, text.s, len, &stop, bits, NULL);
		describe(&l, &b);
		assert_string_equal(a.s, b.s);
		/* And without the memo, which takes no fast path: the same
		 * tokens but for their stop classes (none without a table). */
		for (size_t i = 0; i < l.n; i++)
			l.t[i].stop = 0;
		describe(&l, &a);
		xtok_split_brk(&l, text.s, len, NULL, bits, NULL);
		describe(&l, &b);
		assert_int_equal(l.n, (size_t)count_lines(a.s));
		assert_string_equal(a.s, b.s);
	}
	xtok_list_free(&l);
	xmap_free(&stop);
	sb_free(&text);
	sb_free(&a);
	sb_free(&b);
}

/* The flags of the first token spelled w. */
static unsigned flags_of(const struct xtok_list *l, const char *text, const char *w)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->t[i].len == strlen(w) && !memcmp(text + l->t[i].off, w, l->t[i].len))
			return l->t[i].flags;
	fail_msg("no token %s", w);
	return 0;
}

/* xtok_mark decides soft wraps, sentence starts and each line's title case
 * and running text in one pass: a line is judged on its own words (the
 * menu line before says nothing about the next), a soft wrap joins two
 * lines into one and starts no sentence. */
static void test_mark_lines(void **state)
{
	const char *text = "Proving the Business Case For Cloud\n"
	                   "Home | News | Sport\n"
	                   "The minister said on Monday that the plan would be ready soon, and that\n"
	                   "Parliament agrees with it.\n"
	                   "\n"
	                   "A short line.\n";
	struct xmap stop = {0};
	struct xtok_list l = {0};
	size_t i;

	(void)state;
	xtok_stopwords(&stop);
	xtok_split(&l, text, strlen(text), &stop);
	xtok_mark(&l, text);
	assert_true(flags_of(&l, text, "Proving") & XTOK_TITLE);
	assert_true(flags_of(&l, text, "Proving") & XTOK_INITIAL);
	assert_true(flags_of(&l, text, "Cloud") & XTOK_TITLE);
	assert_true(flags_of(&l, text, "News") & XTOK_TITLE);
	assert_true(flags_of(&l, text, "News") & XTOK_INITIAL);
	assert_false(flags_of(&l, text, "News") & XTOK_PROSE);
	/* The line break after "that" wraps the paragraph. */
	for (i = 0; i < l.n && !(l.t[i].type == XTOK_SPACE && l.t[i].off > 60); i++)
		;
	for (; i < l.n && !(l.t[i].flags & XTOK_NEWLINE); i++)
		;
	assert_true(i < l.n && (l.t[i].flags & XTOK_SOFT));
	assert_true(flags_of(&l, text, "minister") & XTOK_PROSE);
	assert_true(flags_of(&l, text, "Parliament") & XTOK_PROSE);
	assert_false(flags_of(&l, text, "Parliament") & XTOK_INITIAL);
	assert_false(flags_of(&l, text, "Parliament") & XTOK_TITLE);
	assert_true(flags_of(&l, text, "A") & XTOK_INITIAL);
	assert_false(flags_of(&l, text, "short") & (XTOK_PROSE | XTOK_TITLE));
	xtok_list_free(&l);
	xmap_free(&stop);
}

/* A line's title case, by the rule of mark_line, from its words' flags
 * and stop classes: xtok_mark sums the counts a word at a time in a
 * table's lanes, this counts them one test at a time. Lines of words of
 * every class (function words, digits, capitals, all capitals), of one
 * to thirty words, ending as a sentence or not, each its own paragraph. */
static void test_mark_title_counts(void **state)
{
	static const char *const vocab[] = {
		"The", "of", "Cloud", "cloud", "NATO", "5G", "2024", "and", "Business", "x", "EU",
		"Det", "kinesiske", "Huawei", "og",
	};
	struct xmap stop = {0};
	struct xtok_list l = {0};
	struct strbuf text = {0};
	unsigned seed = 7;

	(void)state;
	xtok_stopwords(&stop);
	for (int round = 0; round < 400; round++) {
		size_t nwords = 1 + (size_t)round % 30;
		size_t words = 0, content = 0, caps = 0, alpha = 0, allcaps = 0;
		bool sentence = round % 3 == 0, title;

		text.len = 0;
		for (size_t k = 0; k < nwords; k++) {
			seed = seed * 1103515245u + 12345u;
			if (k)
				sb_putc(&text, ' ');
			sb_puts(&text, vocab[(seed >> 16) % KILDE_ARRAY_LEN(vocab)]);
		}
		if (sentence)
			sb_putc(&text, '.');
		sb_puts(&text, "\n\nEnd\n");
		xtok_split(&l, text.s, text.len, &stop);
		xtok_mark(&l, text.s);
		for (size_t i = 0; i < l.n && !(l.t[i].flags & XTOK_NEWLINE); i++) {
			const struct xtok *t = &l.t[i];
			bool a = (t->flags & XTOK_ALPHA) && !(t->flags & XTOK_DIGIT);
			if (t->type != XTOK_WORD)
				continue;
			words++;
			alpha += a;
			allcaps += a && (t->flags & (XTOK_CAP | XTOK_ALLCAPS));
			if (a && !(t->stop & XSTOP_STOP)) {
				content++;
				caps += (t->flags & XTOK_CAP) != 0;
			}
		}
		title = ((content >= 2 && caps * 4 >= content * 3) ||
		         (alpha >= 2 && allcaps * 4 >= alpha * 3)) &&
		        words <= 24 && !sentence;
		for (size_t i = 0; i < l.n && !(l.t[i].flags & XTOK_NEWLINE); i++)
			if (l.t[i].type == XTOK_WORD)
				assert_int_equal((l.t[i].flags & XTOK_TITLE) != 0, title);
	}
	xtok_list_free(&l);
	xmap_free(&stop);
	sb_free(&text);
}

struct tally {
	uint64_t kh[8];
	uint32_t n[8];
	uint16_t flags[8];
	size_t k;
};

static void note_tally(uint64_t kh, uint16_t flags, uint32_t n, void *arg)
{
	struct tally *t = arg;

	assert_true(t->k < 8);
	t->kh[t->k] = kh;
	t->flags[t->k] = flags;
	t->n[t->k++] = n;
}

/* Words tallied in the memo (xtok_memo_tally) come back from
 * xtok_memo_drain once, each surface with its own count and flags, and
 * the counts start again from zero. */
static void test_memo_tally(void **state)
{
	const char *text = "Huawei and huawei, Huawei. Nokia and Huawei";
	struct xmap stop = {0};
	struct xtok_list l = {0};
	struct tally got = {0};

	(void)state;
	xtok_stopwords(&stop);
	for (int round = 0; round < 2; round++) {
		xtok_split(&l, text, strlen(text), &stop);
		for (size_t i = 0; i < l.n; i++) {
			if (l.t[i].type != XTOK_WORD)
				continue;
			assert_true(l.t[i].memo > 0);
			if (!(l.t[i].stop & XSTOP_STOP))
				xtok_memo_tally(&l, &l.t[i]);
		}
	}
	xtok_memo_drain(&l, note_tally, &got);
	/* Huawei, huawei, Nokia: the two spellings of one key apart. */
	assert_int_equal(got.k, 3);
	for (size_t k = 0; k < got.k; k++) {
		assert_true(got.kh[k] == xtok_hash("huawei", 6) || got.kh[k] == xtok_hash("nokia", 5));
		if (got.kh[k] == xtok_hash("nokia", 5))
			assert_int_equal(got.n[k], 2);
		else if (got.flags[k] & XTOK_LOWER)
			assert_int_equal(got.n[k], 2);
		else
			assert_int_equal(got.n[k], 6);
	}
	got.k = 0;
	xtok_memo_drain(&l, note_tally, &got);
	assert_int_equal(got.k, 0);
	xtok_list_free(&l);
	xmap_free(&stop);
}

struct tally_all {
	uint64_t *kh;
	size_t n, cap;
	uint64_t sum;
};

static void note_all(uint64_t kh, uint16_t flags, uint32_t n, void *arg)
{
	struct tally_all *t = arg;

	(void)flags;
	util_grow((void **)&t->kh, &t->cap, t->n + 1, sizeof(*t->kh));
	t->kh[t->n++] = kh;
	t->sum += n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The memo grows between texts (from 4,096 slots to 131,072): texts of
 * 1,000 new words each, 30 of them, each text also repeating words of
 * the ones before. Every word keeps its key, a word seen in an earlier
 * text comes from the memo, and the tallies made before and after each
 * growth come back once per word, all of them. */
static void test_memo_grows(void **state)
{
	struct xmap stop = {0};
	struct xtok_list l = {0};
	struct strbuf text = {0}, key = {0};
	struct tally_all got = {0};
	uint64_t tallied = 0;

	(void)state;
	xtok_stopwords(&stop);
	for (size_t round = 0; round < 30; round++) {
		text.len = 0;
		for (size_t w = 0; w < 1000; w++)
			sb_printf(&text, "zq%zux%zu ", round, w);
		for (size_t w = 0; w < 200 && round; w++)
			sb_printf(&text, "zq%zux%zu ", (round * 7 + w) % round, w * 3 % 1000);
		xtok_split(&l, text.s, text.len, &stop);
		for (size_t i = 0; i < l.n; i++) {
			if (l.t[i].type != XTOK_WORD)
				continue;
			key.len = 0;
			xtok_key(text.s + l.t[i].off, l.t[i].len, &key);
			assert_int_equal(l.t[i].klen, key.len);
			assert_memory_equal(xtok_keystr(&l, i), key.s, key.len);
			assert_true(l.t[i].kh == xtok_hash(key.s, key.len));
			if (i >= 2000) /* the words of earlier texts */
				assert_true(l.t[i].memo > 0);
			if (l.t[i].memo) {
				xtok_memo_tally(&l, &l.t[i]);
				tallied++;
			}
		}
	}
	xtok_memo_drain(&l, note_all, &got);
	assert_true(got.sum == tallied);
	assert_int_equal(got.n, 30 * 1000);
	qsort(got.kh, got.n, sizeof(*got.kh), cmp_u64);
	for (size_t k = 1; k < got.n; k++)
		assert_true(got.kh[k] != got.kh[k - 1]);
	free(got.kh);
	xtok_list_free(&l);
	xmap_free(&stop);
	sb_free(&text);
	sb_free(&key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memo_tells_words_apart),
		cmocka_unit_test(test_split_reads_breaks_64_at_a_time),
		cmocka_unit_test(test_mark_lines),
		cmocka_unit_test(test_mark_title_counts),
		cmocka_unit_test(test_memo_tally),
		cmocka_unit_test(test_memo_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
