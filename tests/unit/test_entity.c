/* test_entity.c - one entity per person or organisation: titles and
 * function words cut, spelling variants and particles, shorter mentions
 * joined to the one full name they can belong to, two people who share a
 * surname kept apart, abbreviations the text defines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/entity.h"
#include "kilde/util.h"
#include "kilde/xtok.h"
#include "testutil.h"

#define ROLES "Ambassador|ambassadør|Prime Minister|statsminister|lagmand|Gov.|PM"
#define PARTICLES "á|af|von|van|de|der"

static void make_stop(struct xmap *stop)
{
	*stop = (struct xmap){0};
	xtok_stopwords(stop);
	entity_add_roles(stop, ROLES);
	entity_add_particles(stop, PARTICLES);
}

/* The name key of s, as the engine makes it: word keys joined by spaces. */
static char *key_of(const char *s)
{
	struct xtok_list l = {0};
	struct strbuf out = {0};

	xtok_split(&l, s, strlen(s), NULL);
	for (size_t i = 0; i < l.n; i++) {
		if (l.t[i].type != XTOK_WORD)
			continue;
		if (out.len)
			sb_putc(&out, ' ');
		sb_append(&out, xtok_keystr(&l, i), l.t[i].klen);
	}
	xtok_list_free(&l);
	return out.s ? sb_take(&out) : util_xstrdup("");
}

static char *skel_of(const struct xmap *stop, const char *s)
{
	char *k = key_of(s);
	struct strbuf out = {0};

	entity_skeleton(stop, k, strlen(k), &out);
	free(k);
	return sb_take(&out);
}

static void test_variants_one_skeleton(void **state)
{
	(void)state;
	struct xmap stop;
	make_stop(&stop);
	char *a = skel_of(&stop, "Ørsted"), *b = skel_of(&stop, "Orsted");
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = skel_of(&stop, "Bárður á Steig Nielsen");
	b = skel_of(&stop, "Bardur Steig Nielsen");
	assert_string_equal(a, b);
	assert_string_equal(a, "bardur steig nielsen");
	free(a);
	free(b);
	a = skel_of(&stop, "Trine Møller");
	b = skel_of(&stop, "Trine Moller");
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* Different names stay different. */
	a = skel_of(&stop, "Edmund Joensen");
	b = skel_of(&stop, "Kaj Joensen");
	assert_string_not_equal(a, b);
	free(a);
	free(b);
	xmap_free(&stop);
}

static void test_part_of(void **state)
{
	(void)state;
	assert_true(entity_part_of("nielsen", "bardur steig nielsen"));
	assert_true(entity_part_of("bardur nielsen", "bardur steig nielsen"));
	assert_true(entity_part_of("steig nielsen", "bardur steig nielsen"));
	/* Initials: P.S. Krøyer is Peder Severin Krøyer. */
	assert_true(entity_part_of("ps kroyer", "peder severin kroyer"));
	assert_true(entity_part_of("p kroyer", "peder severin kroyer"));
	assert_false(entity_part_of("sp kroyer", "peder severin kroyer"));
	assert_false(entity_part_of("edmund joensen", "kaj joensen"));
	assert_false(entity_part_of("kaj joensen", "kaj joensen"));
	assert_false(entity_part_of("nielsen", "nielsen"));
	assert_false(entity_part_of("jersey", "jersey city")); /* heads are not joined */
}

static void test_abbreviations(void **state)
{
	(void)state;
	char *kvf = key_of("KvF"), *kf = key_of("Kringvarp Føroya");
	assert_true(entity_abbreviates(kvf, kf));
	free(kvf);
	free(kf);
	assert_true(entity_abbreviates("dr", "danmarks radio"));
	assert_true(entity_abbreviates("pet", "politiets efterretningstjeneste"));
	assert_false(entity_abbreviates("dr", "radio danmark"));
	assert_false(entity_abbreviates("dr", "dr"));
	assert_false(entity_abbreviates("abc", "alpha beta"));
}

/* The keys of names, resolved; returns the roots. */
struct names {
	char *keys[16];
	uint8_t is_name[16];
	uint32_t parent[16];
	size_t n;
	struct xmap stop;
	struct entity_resolver r;
};

static void resolve(struct names *ns, const char *const *list, size_t n)
{
	make_stop(&ns->stop);
	ns->n = n;
	for (size_t i = 0; i < n; i++) {
		ns->keys[i] = key_of(list[i]);
		ns->is_name[i] = 1;
		ns->parent[i] = (uint32_t)i;
	}
	entity_resolve(&ns->r, &ns->stop, ns->keys, n, ns->is_name, n, ns->parent);
}

static bool same(struct names *ns, size_t a, size_t b)
{
	return entity_find(ns->parent, (uint32_t)a) == entity_find(ns->parent, (uint32_t)b);
}

static void names_free(struct names *ns)
{
	entity_resolver_free(&ns->r);
	for (size_t i = 0; i < ns->n; i++)
		free(ns->keys[i]);
	xmap_free(&ns->stop);
}

static void test_variants_joined(void **state)
{
	(void)state;
	static const char *const list[] = {
		"Bárður á Steig Nielsen", "Bárdur Nielsen", "Bárður Nielsen", "Nielsen",
		"Steig Nielsen", "Jan Ziskasen", "Ziskasen", "Ørsted", "Orsted",
		"P.S. Krøyer", "Peder Severin Krøyer", "Severin Krøyer",
	};
	struct names ns;
	resolve(&ns, list, KILDE_ARRAY_LEN(list));
	for (size_t i = 1; i < 5; i++)
		assert_true(same(&ns, 0, i));
	assert_true(same(&ns, 5, 6));
	assert_true(same(&ns, 7, 8));
	assert_true(same(&ns, 9, 10));
	assert_true(same(&ns, 11, 10));
	assert_false(same(&ns, 0, 5));
	assert_false(same(&ns, 0, 7));
	names_free(&ns);
}

static void test_two_joensens_apart(void **state)
{
	(void)state;
	static const char *const list[] = {"Edmund Joensen", "Kaj Joensen", "Joensen",
	                                   "Kaj Leo Joensen"};
	struct names ns;
	uint32_t ids[2], out[2];

	resolve(&ns, list, KILDE_ARRAY_LEN(list));
	assert_false(same(&ns, 0, 1));
	assert_false(same(&ns, 2, 0));
	assert_false(same(&ns, 2, 1));
	assert_true(same(&ns, 1, 3));
	/* In an article that names only Kaj Joensen, Joensen is he. */
	ids[0] = 2;
	ids[1] = 1;
	entity_local(&ns.r, ids, 2, out);
	assert_int_equal(out[0], entity_find(ns.parent, 1));
	assert_int_equal(out[1], entity_find(ns.parent, 1));
	/* With both in the article, neither. */
	ids[1] = 0;
	uint32_t three[3] = {2, 0, 1}, out3[3];
	entity_local(&ns.r, three, 3, out3);
	assert_int_equal(out3[0], entity_find(ns.parent, 2));
	names_free(&ns);
}

static void test_titles_not_joined(void **state)
{
	(void)state;
	static const char *const list[] = {"President", "Donald President"};
	struct names ns;
	resolve(&ns, list, KILDE_ARRAY_LEN(list));
	assert_false(same(&ns, 0, 1));
	names_free(&ns);
}

/* Trims text[0..] as a run of its word tokens; returns the kept words and
 * the role. */
static char *trimmed(const struct xmap *stop, const char *text, char **role)
{
	struct xtok_list l = {0};
	struct strbuf out = {0};
	size_t a = 0, z, r;

	xtok_split(&l, text, strlen(text), stop);
	z = l.n - 1;
	r = entity_trim(&l, &a, &z);
	*role = r == (size_t)-1 ? NULL : util_xstrndup(text + l.t[r].off, l.t[r].len);
	if (a <= z)
		sb_append(&out, text + l.t[a].off, l.t[z].off + l.t[z].len - l.t[a].off);
	xtok_list_free(&l);
	return out.s ? sb_take(&out) : util_xstrdup("");
}

static void test_titles_stripped(void **state)
{
	(void)state;
	struct xmap stop;
	char *role, *s;

	make_stop(&stop);
	s = trimmed(&stop, "Ambassador Feng Tie", &role);
	assert_string_equal(s, "Feng Tie");
	assert_string_equal(role, "Ambassador");
	free(s);
	free(role);
	s = trimmed(&stop, "lagmand Bárður á Steig Nielsen", &role);
	assert_string_equal(s, "Bárður á Steig Nielsen");
	assert_string_equal(role, "lagmand");
	free(s);
	free(role);
	s = trimmed(&stop, "of Føroya Tele", &role);
	assert_string_equal(s, "Føroya Tele");
	assert_null(role);
	free(s);
	s = trimmed(&stop, "New Jersey Gov", &role);
	assert_string_equal(s, "New Jersey");
	assert_string_equal(role, "Gov");
	free(s);
	free(role);
	s = trimmed(&stop, "PM", &role);
	assert_string_equal(s, "");
	free(s);
	free(role);
	/* DR is a broadcaster, Dr a title. */
	s = trimmed(&stop, "DR", &role);
	assert_string_equal(s, "DR");
	free(s);
	s = trimmed(&stop, "von der Leyen", &role);
	assert_string_equal(s, "von der Leyen");
	free(s);
	xmap_free(&stop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_variants_one_skeleton),
		cmocka_unit_test(test_part_of),
		cmocka_unit_test(test_abbreviations),
		cmocka_unit_test(test_variants_joined),
		cmocka_unit_test(test_two_joensens_apart),
		cmocka_unit_test(test_titles_not_joined),
		cmocka_unit_test(test_titles_stripped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
