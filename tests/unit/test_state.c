/* test_state.c - read marks and bookmarks: save/load round trip, odd file
 * names, corrupt files kept aside, failed saves leaving the old file. */
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kilde/prompt.h"
#include "kilde/state.h"
#include "kilde/util.h"

#define CORPUS "/home/x/corpus"

static char *mktmp(void)
{
	char *d = util_xstrdup("/tmp/kilde-test-state.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void rmtree(const char *d)
{
	char *cmd = util_xasprintf("rm -rf '%s'", d);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static size_t count_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strstr(e->d_name, prefix))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	uint8_t *buf;
	size_t len;

	if (util_read_file(path, 0, &buf, &len))
		return NULL;
	return (char *)buf;
}

static void test_round_trip(void **state)
{
	(void)state;
	char *dir = mktmp(), *msg;
	struct state st;
	const char *odd = "new\nline % 50% tab\t.txt";

	assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
	assert_null(msg);
	assert_false(state_is_read(&st, "a.txt"));
	state_set_read(&st, "a.txt", true);
	state_set_read(&st, "b.txt", true);
	state_set_read(&st, odd, true);
	state_set_read(&st, " spaced ", true);
	assert_true(state_toggle_bookmark(&st, "c.txt"));
	assert_true(st.dirty);
	assert_int_equal(state_save(&st, &msg), 0);
	assert_null(msg);
	assert_false(st.dirty);
	state_free(&st);

	assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
	assert_null(msg);
	assert_true(state_is_read(&st, "a.txt"));
	assert_true(state_is_read(&st, "b.txt"));
	assert_true(state_is_read(&st, odd));
	assert_true(state_is_read(&st, " spaced "));
	assert_false(state_is_read(&st, "c.txt"));
	assert_true(state_is_bookmarked(&st, "c.txt"));
	assert_false(state_is_bookmarked(&st, "a.txt"));
	state_set_read(&st, "a.txt", false);
	assert_false(state_toggle_bookmark(&st, "c.txt"));
	assert_int_equal(state_save(&st, &msg), 0);
	state_free(&st);

	assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
	assert_false(state_is_read(&st, "a.txt"));
	assert_true(state_is_read(&st, "b.txt"));
	assert_false(state_is_bookmarked(&st, "c.txt"));
	/* A different corpus has its own file. */
	struct state other;
	assert_int_equal(state_load(dir, "/elsewhere", &other, &msg), 0);
	assert_false(state_is_read(&other, "b.txt"));
	assert_string_not_equal(other.path, st.path);
	state_free(&other);
	/* The file records the corpus path and the version. */
	char *text = slurp(st.path);
	assert_non_null(text);
	assert_memory_equal(text, "kilde-state 1\ncorpus " CORPUS "\n",
	                    strlen("kilde-state 1\ncorpus " CORPUS "\n"));
	free(text);
	state_free(&st);
	rmtree(dir);
	free(dir);
}

static void test_many_names(void **state)
{
	(void)state;
	struct state st = {0};
	char name[32];

	st.corpus_id = util_xstrdup(CORPUS);
	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "f%d.txt", i);
		state_set_read(&st, name, true);
	}
	for (int i = 0; i < 2000; i += 2) {
		snprintf(name, sizeof(name), "f%d.txt", i);
		state_set_read(&st, name, false);
	}
	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "f%d.txt", i);
		assert_int_equal(state_is_read(&st, name), i % 2 == 1);
	}
	assert_int_equal(st.read.n, 1000);
	state_free(&st);
}

/* Each of these must be reported, kept aside byte for byte, and replaced
 * by an empty state; a later save must not touch the kept copy. */
#define B(lit)                                                                 \
	{                                                                      \
		lit, sizeof(lit) - 1                                           \
	}
static void test_corrupt_kept_aside(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		size_t n;
	} bad[] = {
	    B("\x7f"
	      "ELF\x01\x02garbage"),
	    B(""),
	    B("kilde-state 1\n"),
	    B("kilde-state 1\ncorpus /another/corpus\nread a\n"),
	    B("kilde-state 1\ncorpus " CORPUS "\nread a%zz\n"),
	    B("kilde-state 1\ncorpus " CORPUS "\nread a%2\n"),
	    B("kilde-state 1\ncorpus " CORPUS "\nsomething else\n"),
	    B("kilde-state 1\ncorpus " CORPUS "\nread a\0b\n"),
	    B("kilde-state 1\ncorpus " CORPUS "\nread\n"),
	};

	for (size_t k = 0; k < KILDE_ARRAY_LEN(bad); k++) {
		char *dir = mktmp(), *msg, *path;
		struct state st;

		/* Learn the file name from a first load. */
		assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
		path = util_xstrdup(st.path);
		state_free(&st);
		testutil_write(path, bad[k].s, bad[k].n);

		assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
		assert_non_null(msg);
		assert_non_null(strstr(msg, "corrupt"));
		free(msg);
		assert_int_equal(st.read.n, 0);
		assert_int_equal(access(path, F_OK), -1);
		assert_int_equal(count_entries(dir, ".corrupt-"), 1);

		state_set_read(&st, "x.txt", true);
		assert_int_equal(state_save(&st, &msg), 0);
		state_free(&st);
		assert_int_equal(count_entries(dir, ".corrupt-"), 1);

		/* The kept copy is the original bytes. */
		DIR *d = opendir(dir);
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strstr(e->d_name, ".corrupt-"))
				continue;
			char *p = util_xasprintf("%s/%s", dir, e->d_name);
			uint8_t *buf;
			size_t len;
			assert_int_equal(util_read_file(p, 0, &buf, &len), 0);
			assert_int_equal(len, bad[k].n);
			assert_memory_equal(buf, bad[k].s, len);
			free(buf);
			free(p);
		}
		closedir(d);
		free(path);
		rmtree(dir);
		free(dir);
	}
}

static void test_newer_version_left_alone(void **state)
{
	(void)state;
	char *dir = mktmp(), *msg, *path, *text;
	struct state st;
	const char *future = "kilde-state 7\nwhatever new\n";

	assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
	path = util_xstrdup(st.path);
	state_free(&st);
	testutil_write(path, future, strlen(future));
	assert_int_equal(state_load(dir, CORPUS, &st, &msg), -1);
	assert_non_null(msg);
	free(msg);
	state_set_read(&st, "x", true);
	assert_int_equal(state_save(&st, &msg), -1);
	assert_non_null(msg);
	free(msg);
	state_free(&st);
	text = slurp(path);
	assert_string_equal(text, future);
	free(text);
	free(path);
	rmtree(dir);
	free(dir);
}

/* A save that fails half way (here: the file size limit makes write()
 * fail, which works even as root) leaves the previous file intact and no
 * temporary file behind. */
static void test_failed_save_keeps_old(void **state)
{
	(void)state;
	char *dir = mktmp(), *msg, *before, *after;
	struct state st;
	struct rlimit old, lim;
	char name[64];

	assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
	state_set_read(&st, "first.txt", true);
	assert_int_equal(state_save(&st, &msg), 0);
	before = slurp(st.path);
	assert_non_null(before);
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "article-%04d.txt", i);
		state_set_read(&st, name, true);
	}

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 1024;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int rc = state_save(&st, &msg);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);

	assert_int_equal(rc, -1);
	assert_non_null(msg);
	free(msg);
	assert_true(st.dirty);
	after = slurp(st.path);
	assert_string_equal(after, before);
	assert_int_equal(count_entries(dir, ".tmp."), 0);
	free(after);

	/* Unwritable directory (only meaningful when not root). */
	if (geteuid() != 0) {
		assert_int_equal(chmod(dir, 0500), 0);
		assert_int_equal(state_save(&st, &msg), -1);
		free(msg);
		assert_int_equal(chmod(dir, 0700), 0);
		after = slurp(st.path);
		assert_string_equal(after, before);
		free(after);
	}
	/* A state directory that cannot be created. */
	struct state st2;
	char *fileasdir = util_xasprintf("%s/plainfile", dir);
	char *sub = util_xasprintf("%s/sub", fileasdir);
	testutil_write(fileasdir, "x", 1);
	assert_int_equal(state_load(sub, CORPUS, &st2, &msg), 0);
	assert_int_equal(state_save(&st2, &msg), -1);
	assert_non_null(msg);
	free(msg);
	state_free(&st2);
	free(sub);
	free(fileasdir);

	/* With the limit gone, the save goes through. */
	assert_int_equal(state_save(&st, &msg), 0);
	state_free(&st);
	free(before);
	rmtree(dir);
	free(dir);
}

/* Garbage never crashes the loader: every load is either clean or a
 * reported corrupt file moved aside. */
static void test_random_garbage(void **state)
{
	(void)state;
	static const char *pieces[] = {"kilde-state 1\n",
	                               "corpus " CORPUS "\n",
	                               "read ",
	                               "bookmark ",
	                               "%41",
	                               "%",
	                               "\n",
	                               "x",
	                               "\0",
	                               "\r\n",
	                               " ",
	                               "%zz",
	                               "\xff"};
	char *dir = mktmp(), *msg, *path;
	struct state st;
	uint32_t seed = 99;

	assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
	path = util_xstrdup(st.path);
	state_free(&st);
	for (int round = 0; round < 400; round++) {
		struct strbuf sb = {0};
		int n;

		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 12;
		sb_append(&sb, "", 0);
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p =
			    pieces[(seed >> 16) % KILDE_ARRAY_LEN(pieces)];
			sb_append(&sb, p, *p ? strlen(p) : 1);
		}
		testutil_write(path, sb.s, sb.len);
		assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
		if (msg) {
			assert_int_equal(access(path, F_OK), -1);
			free(msg);
		} else {
			assert_int_equal(access(path, F_OK), 0);
		}
		state_free(&st);
		sb_free(&sb);
	}
	free(path);
	rmtree(dir);
	free(dir);
}

/* Fills st with n read marks of one generation: "g<gen>-<i>". */
static void fill_generation(struct state *st, int gen, int n)
{
	char name[48];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "g%d-%d.txt", gen, i);
		state_set_read(st, name, true);
	}
}

/* Issue 5: SIGKILL in the middle of saving never leaves a broken or mixed
 * state. A child saves generation after generation of 3000 marks as fast
 * as it can; it is killed at varying moments, and each time the file must
 * load cleanly and hold exactly one whole generation. */
static void test_killed_mid_save(void **state)
{
	(void)state;
	char *dir = mktmp();

	for (int round = 0; round < 12; round++) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			for (int gen = 1;; gen++) {
				struct state st = {0};
				char *msg = NULL;
				if (state_load(dir, CORPUS, &st, &msg) != 0)
					_exit(3);
				free(msg);
				/* replace the whole previous generation */
				char **old = util_xcalloc(st.read.n + 1, sizeof(*old));
				size_t nold = 0;
				for (size_t i = 0; i < st.read.cap; i++)
					if (st.read.slots[i])
						old[nold++] = util_xstrdup(st.read.slots[i]);
				for (size_t i = 0; i < nold; i++) {
					state_set_read(&st, old[i], false);
					free(old[i]);
				}
				free(old);
				fill_generation(&st, round * 100000 + gen, 3000);
				if (state_save(&st, &msg) != 0)
					_exit(4);
				state_free(&st);
			}
		}
		usleep(2000 + (useconds_t)round * 3000);
		kill(pid, SIGKILL);
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));

		struct state st = {0};
		char *msg = NULL;
		assert_int_equal(state_load(dir, CORPUS, &st, &msg), 0);
		assert_null(msg); /* not reported corrupt */
		assert_int_equal(count_entries(dir, "corrupt"), 0);
		if (st.read.n) {
			/* one whole generation, never a mix or a torn tail */
			assert_int_equal(st.read.n, 3000);
			const char *first = NULL;
			for (size_t i = 0; i < st.read.cap && !first; i++)
				first = st.read.slots[i];
			int gen = atoi(first + 1);
			char name[48];
			for (int i = 0; i < 3000; i++) {
				snprintf(name, sizeof(name), "g%d-%d.txt", gen, i);
				assert_true(state_is_read(&st, name));
			}
		}
		state_free(&st);
	}
	rmtree(dir);
	free(dir);
}

static void test_corpus_id(void **state)
{
	(void)state;
	char *a = state_corpus_id(KILDE_SRCDIR "/corpus");
	char *b = state_corpus_id(KILDE_SRCDIR "/corpus/../corpus/");
	char *c = state_corpus_id("/no/such/dir");

	assert_string_equal(a, b);
	assert_true(a[0] == '/');
	assert_null(strstr(a, ".."));
	assert_string_equal(c, "/no/such/dir");
	free(a);
	free(b);
	free(c);
}

static void test_default_dir(void **state)
{
	(void)state;
	char *d;

	setenv("XDG_STATE_HOME", "/xdg/state", 1);
	setenv("HOME", "/home/me", 1);
	d = state_default_dir();
	assert_string_equal(d, "/xdg/state/kilde");
	free(d);
	setenv("XDG_STATE_HOME", "relative/not/allowed", 1);
	d = state_default_dir();
	assert_string_equal(d, "/home/me/.local/state/kilde");
	free(d);
	unsetenv("XDG_STATE_HOME");
	d = state_default_dir();
	assert_string_equal(d, "/home/me/.local/state/kilde");
	free(d);
}

static const char *const kinds[] = {"search", "find"};

static void free_hist(struct prompt_history *h)
{
	prompt_history_free(&h[0]);
	prompt_history_free(&h[1]);
}

/* The prompt history: round trip with odd text, two kildes saving in
 * turn keep both's lines, the limit per kind, lines of unknown kinds
 * kept, a corrupt file kept aside, a newer one never overwritten. */
static void test_history(void **state)
{
	char *dir = mktmp(), *path = util_xasprintf("%s/history", dir);
	struct prompt_history a[2] = {{0}}, b[2] = {{0}}, c[2] = {{0}};
	char *msg = NULL, *text;
	(void)state;

	assert_int_equal(state_history_load(dir, kinds, a, 2, &msg), 0);
	assert_null(msg);
	assert_int_equal(a[0].n, 0);
	prompt_history_add(&a[0], " 100% sure ");
	prompt_history_add(&a[1], "Huawei");
	/* a second kilde loaded before the first saved */
	assert_int_equal(state_history_load(dir, kinds, b, 2, &msg), 0);
	assert_int_equal(state_history_save(dir, kinds, a, 2, &msg), 0);
	assert_int_equal(a[0].fresh, 1);
	prompt_history_add(&b[0], "ericsson");
	assert_int_equal(state_history_save(dir, kinds, b, 2, &msg), 0);
	text = slurp(path);
	assert_string_equal(text, "kilde-history 1\n"
	                          "search %20100%25 sure%20\n"
	                          "search ericsson\n"
	                          "find Huawei\n");
	free(text);
	assert_int_equal(state_history_load(dir, kinds, c, 2, &msg), 0);
	assert_int_equal(c[0].n, 2);
	assert_string_equal(c[0].items[0], " 100% sure ");
	assert_string_equal(c[1].items[0], "Huawei");
	assert_int_equal(c[0].fresh, 2);
	assert_int_equal(c[0].pos, 2);
	free_hist(c);

	/* the newest PROMPT_HISTORY_MAX of a kind are kept */
	for (int i = 0; i < PROMPT_HISTORY_MAX + 5; i++) {
		char line[32];
		snprintf(line, sizeof(line), "q%d", i);
		prompt_history_add(&b[0], line);
	}
	assert_int_equal(state_history_save(dir, kinds, b, 2, &msg), 0);
	assert_int_equal(state_history_load(dir, kinds, c, 2, &msg), 0);
	assert_int_equal(c[0].n, PROMPT_HISTORY_MAX);
	assert_string_equal(c[0].items[c[0].n - 1], "q204");
	assert_int_equal(c[1].n, 1);
	free_hist(c);

	/* a kind this kilde does not know survives its save */
	testutil_write(path, "kilde-history 1\nzoom 3\nfind x\n", 30);
	prompt_history_add(&a[1], "y");
	assert_int_equal(state_history_save(dir, kinds, a, 2, &msg), 0);
	text = slurp(path);
	assert_string_equal(text, "kilde-history 1\nzoom 3\nfind x\nfind y\n");
	free(text);

	/* corrupt: kept aside at load and at save, never lost */
	testutil_write(path, "kilde-history 1\nsearch\n", 23);
	assert_int_equal(state_history_load(dir, kinds, c, 2, &msg), 0);
	assert_non_null(strstr(msg, "corrupt"));
	free(msg);
	msg = NULL;
	assert_int_equal(c[0].n, 0);
	assert_int_equal(count_entries(dir, "history.corrupt-"), 1);
	free_hist(c);
	testutil_write(path, "garbage", 7);
	prompt_history_add(&a[0], "z");
	assert_int_equal(state_history_save(dir, kinds, a, 2, &msg), 0);
	free(msg);
	msg = NULL;
	assert_true(count_entries(dir, "history.corrupt-") >= 1);
	text = slurp(path);
	assert_string_equal(text, "kilde-history 1\nsearch z\n");
	free(text);

	/* newer: neither read nor overwritten */
	testutil_write(path, "kilde-history 2\nnew things\n", 27);
	assert_int_equal(state_history_load(dir, kinds, c, 2, &msg), -1);
	assert_non_null(strstr(msg, "newer"));
	free(msg);
	prompt_history_add(&a[0], "w");
	assert_int_equal(state_history_save(dir, kinds, a, 2, &msg), -1);
	free(msg);
	text = slurp(path);
	assert_string_equal(text, "kilde-history 2\nnew things\n");
	free(text);
	free_hist(c);

	free_hist(a);
	free_hist(b);
	rmtree(dir);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_many_names),
	    cmocka_unit_test(test_corrupt_kept_aside),
	    cmocka_unit_test(test_newer_version_left_alone),
	    cmocka_unit_test(test_failed_save_keeps_old),
	    cmocka_unit_test(test_random_garbage),
	    cmocka_unit_test(test_killed_mid_save),
	    cmocka_unit_test(test_corpus_id),
	    cmocka_unit_test(test_default_dir),
	    cmocka_unit_test(test_history),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
