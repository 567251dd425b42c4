/* test_aliasfile.c - the reader's corrections in the user's kilde.ini: a
 * file made when missing, an existing one edited with every other byte
 * kept, a second correction of one entity replacing its line, removals,
 * files that cannot be written. */
#include "testutil.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kilde/aliasfile.h"
#include "kilde/config.h"
#include "kilde/util.h"

static char *mktmp(void)
{
	char *d = util_xstrdup("/tmp/kilde-test-aliasfile.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

/* Removes the folder and frees its name (mktmp's). */
static void rmtree(char *d)
{
	char *cmd = util_xasprintf("rm -rf '%s'", d);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(d);
}

static char *slurp(const char *path)
{
	uint8_t *buf;
	size_t n;

	assert_int_equal(util_read_file(path, 0, &buf, &n), 0);
	buf = realloc(buf, n + 1);
	buf[n] = '\0';
	return (char *)buf;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static char *edit(const char *text, const char *id, const char *value)
{
	struct aliasfile_line l = {id, value};
	size_t n;

	return aliasfile_edit(text, strlen(text), &l, 1, &n);
}

static void test_missing_file_made(void **state)
{
	char *d = mktmp();
	char *path = util_xasprintf("%s/a/b/kilde.ini", d);
	struct aliasfile_line l = {"feng_tie", "Feng Tie | Feng"};
	char *s;

	assert_int_equal(aliasfile_set(path, &l, 1), 0);
	s = slurp(path);
	assert_string_equal(s, "[aliases]\nfeng_tie = Feng Tie | Feng\n");
	free(s);
	free(path);
	rmtree(d);
}

static void test_existing_kept_byte_for_byte(void **state)
{
	/* No last newline, CRLF, comments, odd spacing, other sections. */
	const char *before =
	    "; my settings\r\n[ui]\r\nmouse = false  ; no mouse\r\n\r\n"
	    "[Aliases]\r\n# mine\r\nusa =  USA | Amerika\r\n\r\n"
	    "[keys]\r\nquit = x";
	char *s = edit(before, "feng_tie", "Feng Tie");

	assert_string_equal(
	    s, "; my settings\r\n[ui]\r\nmouse = false  ; no mouse\r\n\r\n"
	       "[Aliases]\r\n# mine\r\nusa =  USA | Amerika\r\n"
	       "feng_tie = Feng Tie\r\n\r\n"
	       "[keys]\r\nquit = x");
	free(s);
	/* Without an [aliases] section: one added at the end, the rest as
	 * it was (the missing newline supplied, nothing else). */
	s = edit("[ui]\nmouse = false", "x", "X");
	assert_string_equal(s, "[ui]\nmouse = false\n\n[aliases]\nx = X\n");
	free(s);
}

static void test_second_correction_replaces(void **state)
{
	char *d = mktmp();
	char *path = util_xasprintf("%s/kilde.ini", d);
	struct aliasfile_line a = {"feng_tie", "Feng Tie"};
	struct aliasfile_line b = {"feng_tie", "Ambassador Feng | Feng Tie"};
	char *s;

	spit(path, "[aliases]\nchina = China | Kina\n\n[ui]\nmouse = true\n");
	assert_int_equal(aliasfile_set(path, &a, 1), 0);
	assert_int_equal(aliasfile_set(path, &b, 1), 0);
	s = slurp(path);
	assert_string_equal(s, "[aliases]\nchina = China | Kina\n"
	                       "feng_tie = Ambassador Feng | Feng Tie\n\n"
	                       "[ui]\nmouse = true\n");
	assert_int_equal(aliasfile_line_of(s, strlen(s), "feng_tie"), 3);
	/* Keys are matched as iniparser reads them: case and spaces aside. */
	free(s);
	s = edit("[aliases]\n  Feng_Tie=Old\n", "feng_tie", "New");
	assert_string_equal(s, "[aliases]\nfeng_tie = New\n");
	free(s);
	free(path);
	rmtree(d);
}

static void test_rename_and_merge_load_back(void **state)
{
	char *d = mktmp();
	char *path = util_xasprintf("%s/kilde.ini", d);
	struct aliasfile_line merge[] = {
	    {"china", "China | Kina | Folkerepublikken"},
	    {"prc", ""},
	};
	struct config cfg;
	bool china = false, prc = false;

	spit(path, "[aliases]\nprc = Folkerepublikken | PRC\n");
	assert_int_equal(aliasfile_set(path, merge, 2), 0);
	/* What kilde then reads: the merged line, and prc removed. */
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	for (size_t i = 0; i < cfg.naliases; i++) {
		if (!strcmp(cfg.aliases[i],
		            "china\tChina | Kina | Folkerepublikken"))
			china = true;
		if (!strncmp(cfg.aliases[i], "prc\t", 4))
			prc = true;
	}
	assert_true(china);
	assert_false(prc);
	config_free(&cfg);
	free(path);
	rmtree(d);
}

static void test_drop_line(void **state)
{
	char *s = edit("[aliases]\nchina = China | Kina\n", "china", "");

	/* An empty value: the entry of that id is gone (config.c). */
	assert_string_equal(s, "[aliases]\nchina =\n");
	free(s);
	s = edit("[aliases]\n", "drop_feng_tie", "Feng Tie");
	assert_string_equal(s, "[aliases]\ndrop_feng_tie = Feng Tie\n");
	free(s);
}

static void test_unwritable(void **state)
{
	char *d = mktmp();
	char *file = util_xasprintf("%s/plain", d);
	char *path = util_xasprintf("%s/plain/kilde.ini", d);
	struct aliasfile_line l = {"x", "X"};

	/* A folder that is a file: an error, no crash, nothing made. */
	spit(file, "not a folder");
	assert_int_not_equal(aliasfile_set(path, &l, 1), 0);
	free(path);
	/* A folder without write permission (root may write anyway). */
	if (geteuid() != 0) {
		char *ro = util_xasprintf("%s/ro", d);

		assert_int_equal(mkdir(ro, 0500), 0);
		path = util_xasprintf("%s/kilde.ini", ro);
		assert_int_not_equal(aliasfile_set(path, &l, 1), 0);
		assert_int_not_equal(access(path, F_OK), 0);
		chmod(ro, 0700);
		free(path);
		free(ro);
	}
	/* What the format cannot hold is refused, not written. */
	path = util_xasprintf("%s/kilde.ini", d);
	l.value = "A; B";
	assert_int_equal(aliasfile_set(path, &l, 1), EINVAL);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_non_null(aliasfile_check("x", "a\nb"));
	assert_non_null(aliasfile_check("a b", "A"));
	assert_null(aliasfile_check("feng_tie", "Feng Tie | Feng"));
	free(path);
	free(file);
	rmtree(d);
}

static void test_keeps_mode(void **state)
{
	char *d = mktmp();
	char *path = util_xasprintf("%s/kilde.ini", d);
	struct aliasfile_line l = {"x", "X"};
	struct stat st;

	spit(path, "[ui]\n");
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(aliasfile_set(path, &l, 1), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	free(path);
	rmtree(d);
}

static void test_make_id(void **state)
{
	char *s = aliasfile_make_id("", "Feng Tie");

	assert_string_equal(s, "feng_tie");
	free(s);
	s = aliasfile_make_id("drop_", "U.S. Øresund-Bridge");
	assert_string_equal(s, "drop_u_s_Øresund_bridge");
	assert_null(aliasfile_check(s, "x"));
	free(s);
	s = aliasfile_make_id("", "!!");
	assert_string_equal(s, "entry");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_missing_file_made),
	    cmocka_unit_test(test_existing_kept_byte_for_byte),
	    cmocka_unit_test(test_second_correction_replaces),
	    cmocka_unit_test(test_rename_and_merge_load_back),
	    cmocka_unit_test(test_drop_line),
	    cmocka_unit_test(test_unwritable),
	    cmocka_unit_test(test_keeps_mode),
	    cmocka_unit_test(test_make_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
