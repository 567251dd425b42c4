/* test_ui_list.c - what the list remembers (ui_list.c) without a terminal:
 * read marks are written by the saver thread, never on the UI thread
 * inside a key, also on a corpus that has no state file yet; and what was
 * marked is in the state file once the list is done. */
#include "testutil.h"

#include <string.h>
#include <unistd.h>

#include "kilde/config.h"
#include "kilde/state.h"
#include "kilde/search.h"
#include "kilde/ui_list.h"

static char *corpus_path[] = {SRC_PATH("corpus")};

/* A fresh corpus (no read marks saved yet) still gets its saver: the
 * first mark must not be saved, fsyncs and all, on the UI thread. */
static void test_fresh_state_saves_in_the_background(void **state)
{
	char dir[] = "/tmp/kilde-test-ui-list-XXXXXX";
	struct corpus c = {0};
	struct config cfg = {0};
	struct ui_options opt = {.cfg = &cfg};
	struct ui ui = {.c = &c, .cfg = &cfg, .opt = &opt, .sep = " · "};
	struct state st = {0};
	char *msg = NULL, *folder, *rm;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	assert_int_equal(corpus_load(&c, corpus_path, 1), 5);
	ui.seen = util_xcalloc(c.n, sizeof(*ui.seen));

	ui_list_init(&ui, SEARCH_MODE_DEFAULT);
	assert_true(ui.ls->st_ok);
	assert_int_equal(ui.ls->st.read.n, 0);
	assert_non_null(ui.ls->saver);
	ui_list_seen(&ui, 3);
	ui_list_done(&ui);
	assert_null(ui.msg);

	/* The mark is on the disk. */
	folder = realpath(SRC_PATH("corpus"), NULL);
	assert_non_null(folder);
	assert_int_equal(state_load(NULL, folder, &st, &msg), 0);
	assert_true(state_is_read(&st, c.articles[3].file));
	assert_false(state_is_read(&st, c.articles[0].file));
	state_free(&st);
	free(msg);
	free(folder);
	free(ui.seen);
	corpus_free(&c);
	rm = util_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(rm), 0);
	free(rm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_state_saves_in_the_background),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
