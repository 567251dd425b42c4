/* test_xtok.c - tokens: the word memo (surface -> flags, key, stop class)
 * never gives a word another word's key, however alike the two are. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memo_tells_words_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
