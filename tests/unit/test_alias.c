/* test_alias.c - matching keys (case folding, Danish letters, accents,
 * initialisms, genitives) and the alias table: variants, capitals as a
 * condition, Danish endings, units, overrides and conflicts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/alias.h"
#include "kilde/util.h"
#include "kilde/xtok.h"
#include "testutil.h"

static char *key_of(const char *s)
{
	struct strbuf sb = {0};
	xtok_key(s, strlen(s), &sb);
	return sb_take(&sb);
}

static void check_key(const char *s, const char *want)
{
	char *k = key_of(s);
	assert_string_equal(k, want);
	free(k);
}

static void test_keys(void **state)
{
	(void)state;
	check_key("Huawei", "huawei");
	check_key("S\xc3\xb8ren", "soeren");
	check_key("\xc3\x86RT\xc3\x85", "aertaa");
	check_key("R\xc3\xbc" "bner", "rubner");
	check_key("Caf\xc3\xa9", "cafe");
	/* NFD input folds to the same key as NFC. */
	check_key("Cafe\xcc\x81", "cafe");
	check_key("U.S.", "us");
	check_key("STRASSE", "strasse");
	check_key("Stra\xc3\x9f" "e", "strasse");
	check_key("d'Ivoire", "divoire");
}

static void test_tokens(void **state)
{
	(void)state;
	const char *text = "USA's Huawei\xe2\x80\x99s U.S. 180,000 5G-udstyr\n\nDet";
	struct xtok_list l = {0};
	struct xmap stop = {0};
	size_t w[16], nw = 0;

	xtok_stopwords(&stop);
	xtok_split(&l, text, strlen(text), &stop);
	xtok_mark(&l, text);
	for (size_t i = 0; i < l.n; i++)
		if (l.t[i].type == XTOK_WORD)
			w[nw++] = i;
	assert_int_equal(nw, 7);
	assert_string_equal(xtok_keystr(&l, w[0]), "usa");
	assert_true(l.t[w[0]].flags & XTOK_GEN);
	assert_true(l.t[w[0]].flags & XTOK_ALLCAPS);
	assert_true(l.t[w[0]].flags & XTOK_INITIAL);
	assert_string_equal(xtok_keystr(&l, w[1]), "huawei");
	assert_true(l.t[w[1]].flags & XTOK_GEN);
	assert_false(l.t[w[1]].flags & XTOK_INITIAL);
	assert_string_equal(xtok_keystr(&l, w[2]), "us");
	assert_true(l.t[w[2]].flags & XTOK_DOTTED);
	assert_string_equal(xtok_keystr(&l, w[3]), "180,000");
	assert_true(l.t[w[3]].flags & XTOK_DIGIT);
	assert_string_equal(xtok_keystr(&l, w[4]), "5g");
	assert_string_equal(xtok_keystr(&l, w[5]), "udstyr");
	assert_true(l.t[w[5]].flags & XTOK_LOWER);
	assert_true(l.t[w[6]].stop & XSTOP_STOP);
	assert_true(l.t[w[6]].flags & XTOK_INITIAL);
	xtok_list_free(&l);
	xmap_free(&stop);
}

static char *lines[] = {
	"united_states\tUnited States | USA | US | U.S. | De Forenede Stater | amerikansk",
	"china\tChina | Kina | Chinese | kinesisk",
	"cybersecurity\tcybersecurity | cyber security | cybersikkerhed",
	"unit_employees\temployees | ansatte",
	"china\tChina | Kina | kinesisk | Folkerepublikken Kina",
};

/* The entry id matched at the start of text, and the matched words. */
static const char *match(const struct alias_table *t, const char *text, bool units,
                         size_t *words)
{
	struct xtok_list l = {0};
	size_t end = 0, first = 0;
	long e;
	static char id[64];

	xtok_split(&l, text, strlen(text), NULL);
	while (first < l.n && l.t[first].type != XTOK_WORD)
		first++;
	e = alias_match(t, &l, text, first, units, &end);
	*words = 0;
	if (e >= 0)
		for (size_t i = first; i <= end; i++)
			*words += l.t[i].type == XTOK_WORD;
	xtok_list_free(&l);
	if (e < 0)
		return NULL;
	strcpy(id, t->e[e].id);
	return id;
}

static void test_alias_match(void **state)
{
	(void)state;
	struct alias_table t = {0};
	size_t n;

	alias_build(&t, lines, KILDE_ARRAY_LEN(lines));
	assert_int_equal(t.nmsgs, 0);
	assert_string_equal(match(&t, "USA", false, &n), "united_states");
	assert_string_equal(match(&t, "USA's told", false, &n), "united_states");
	assert_string_equal(match(&t, "U.S. troops", false, &n), "united_states");
	assert_string_equal(match(&t, "US troops", false, &n), "united_states");
	/* Capitals are a condition: us and Us are not the country. */
	assert_null(match(&t, "us", false, &n));
	assert_null(match(&t, "Us", false, &n));
	assert_null(match(&t, "china plates", false, &n));
	assert_string_equal(match(&t, "De Forenede Stater", false, &n), "united_states");
	assert_int_equal(n, 3);
	/* Lower-case variants match in any case, with Danish endings. */
	assert_string_equal(match(&t, "kinesiske", false, &n), "china");
	assert_string_equal(match(&t, "Amerikanske", false, &n), "united_states");
	assert_string_equal(match(&t, "cybersikkerheden", false, &n), "cybersecurity");
	assert_string_equal(match(&t, "Cyber security", false, &n), "cybersecurity");
	assert_int_equal(n, 2);
	/* A genitive -s on a capitalised variant. */
	assert_string_equal(match(&t, "Kinas", false, &n), "china");
	/* The later china line replaced the first: Chinese is gone. */
	assert_null(match(&t, "Chinese", false, &n));
	assert_string_equal(match(&t, "Folkerepublikken Kina", false, &n), "china");
	assert_int_equal(n, 2);
	/* Units only when asked for. */
	assert_null(match(&t, "ansatte", false, &n));
	assert_string_equal(match(&t, "ansatte", true, &n), "unit_employees");
	assert_null(match(&t, "USA", true, &n));
	alias_free(&t);
}

static void test_alias_conflicts(void **state)
{
	(void)state;
	char *bad[] = {
		"usa\tUnited States | US",
		"us_state\tUS | Alabama",
		"novalue",
		"blank\t  ",
		"dup\tDup | dup | DUP",
	};
	struct alias_table t = {0};
	size_t n;

	alias_build(&t, bad, KILDE_ARRAY_LEN(bad));
	assert_int_equal(t.nmsgs, 3);
	assert_string_equal(t.msgs[0], "[aliases] us_state: 'US' is already listed under usa; keeping usa");
	assert_string_equal(t.msgs[1], "[aliases] 'novalue' has no value; ignored");
	assert_string_equal(t.msgs[2], "[aliases] blank: no display name; ignored");
	assert_null(t.msgs[3]);
	assert_string_equal(match(&t, "US", false, &n), "usa");
	assert_string_equal(match(&t, "Alabama", false, &n), "us_state");
	assert_string_equal(t.e[t.n - 1].display, "Dup");
	alias_free(&t);
}

/* The shipped table has no conflicts and keeps every line short enough
 * for iniparser. */
static void test_shipped_table(void **state)
{
	(void)state;
	uint8_t *buf;
	size_t len;
	char **ls = NULL;
	size_t nl = 0, cap = 0;
	struct alias_table t = {0};
	bool in = false;

	assert_int_equal(util_read_file(SRC_PATH("config/kilde.ini"), 0, &buf, &len), 0);
	for (char *line = strtok((char *)buf, "\n"); line; line = strtok(NULL, "\n")) {
		assert_true(strlen(line) < 1024);
		if (line[0] == '[') {
			in = !strcmp(line, "[aliases]");
			continue;
		}
		if (!in || line[0] == '#' || !strchr(line, '='))
			continue;
		char *eq = strchr(line, '='), *ke = eq;
		while (ke > line && ke[-1] == ' ')
			ke--;
		assert_null(strpbrk(eq, ";#"));
		util_grow((void **)&ls, &cap, nl + 1, sizeof(*ls));
		ls[nl++] = util_xasprintf("%.*s\t%s", (int)(ke - line), line, eq + 1);
	}
	assert_true(nl > 250);
	alias_build(&t, ls, nl);
	for (size_t i = 0; i < t.nmsgs; i++)
		print_error("%s\n", t.msgs[i]);
	assert_int_equal(t.nmsgs, 0);
	for (size_t i = 0; i < nl; i++)
		free(ls[i]);
	free(ls);
	free(buf);
	alias_free(&t);
}

/* Every inflectional ending a lower-case variant takes, each after a stem
 * whose last letter differs from the ending's, and the longest ending
 * first where two variants could be meant (the matcher tries the endings a
 * word's last letter allows, in this order). */
static void test_alias_endings(void **state)
{
	(void)state;
	static const char *const endings[] = {
		"ernes", "erne", "enes", "ene", "ere", "ens", "ets", "ers", "en", "et",
		"er", "es", "ne", "e", "s",
	};
	char *ls[] = {"stem\tkobolt", "longer\tkoboltsag", "other\tkoboltsager"};
	struct alias_table t = {0};
	char word[64];
	size_t n;

	alias_build(&t, ls, KILDE_ARRAY_LEN(ls));
	for (size_t i = 0; i < KILDE_ARRAY_LEN(endings); i++) {
		snprintf(word, sizeof(word), "kobolt%s", endings[i]);
		assert_string_equal(match(&t, word, false, &n), "stem");
		/* Too short a stem before it: no ending is taken. */
		snprintf(word, sizeof(word), "kob%s", endings[i]);
		assert_null(match(&t, word, false, &n));
	}
	/* koboltsagers: -ers leaves koboltsag, before -s leaves koboltsager. */
	assert_string_equal(match(&t, "koboltsagers", false, &n), "longer");
	/* koboltsagere: -ere before -e (koboltsager). */
	assert_string_equal(match(&t, "koboltsagere", false, &n), "longer");
	/* No ending ends in a: the word is the variant or nothing. */
	assert_null(match(&t, "koboltsaga", false, &n));
	alias_free(&t);
}

/* Matching through the memo of inert words finds what matching each word
 * afresh finds, where a key first fails for its case, its genitive or the
 * words after it and then matches: the memo may only remember a key that
 * fails whatever the word around it. */
static void test_alias_seen(void **state)
{
	(void)state;
	const char *text = "us US kinas Kinas Kinas de forenede De Forenede Stater "
	                   "koboltsag kobolts koboltsager Koboltsager amerikanske "
	                   "Amerikanske USA's USA the usa Kina Kina.";
	char *ls[KILDE_ARRAY_LEN(lines) + 2];
	struct alias_table t = {0};
	struct alias_seen seen = {0};
	struct xtok_list l = {0};
	size_t matched = 0;

	memcpy(ls, lines, sizeof(lines));
	ls[KILDE_ARRAY_LEN(lines)] = "stem\tkobolt";
	ls[KILDE_ARRAY_LEN(lines) + 1] = "longer\tkoboltsag";
	alias_build(&t, ls, KILDE_ARRAY_LEN(ls));
	xtok_split(&l, text, strlen(text), NULL);
	xtok_mark(&l, text);
	/* Twice over: the second time every key is remembered. */
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < l.n; i++) {
			size_t end = 0, end2 = 0;
			bool lower = false, lower2 = false;
			long want, got;
			if (l.t[i].type != XTOK_WORD)
				continue;
			want = alias_match_ex(&t, &l, text, i, false, &end, &lower);
			got = alias_match_seen(&t, &seen, &l, text, i, &end2, &lower2);
			assert_int_equal(got, want);
			if (want < 0)
				continue;
			assert_int_equal(end2, end);
			assert_int_equal(lower2, lower);
			matched++;
		}
	}
	/* US, Kinas twice, De Forenede Stater, koboltsag, kobolts,
	 * koboltsager, Koboltsager, amerikanske twice, USA's, USA and Kina
	 * twice (not us, kinas or the usa): each round. */
	assert_int_equal(matched, 2 * 14);
	alias_seen_free(&seen);
	xtok_list_free(&l);
	alias_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_alias_match),
		cmocka_unit_test(test_alias_conflicts),
		cmocka_unit_test(test_alias_endings),
		cmocka_unit_test(test_alias_seen),
		cmocka_unit_test(test_shipped_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
