/* test_util.c - the small helpers every module shares. */
#include "testutil.h"

#include <signal.h>

#include "kilde/util.h"

static void *report_mask(void *arg)
{
	sigset_t *mask = arg;

	pthread_sigmask(SIG_BLOCK, NULL, mask);
	return NULL;
}

/* A thread kilde starts blocks the terminal's and the user's signals (so
 * ncurses' C-z and resize handlers run on the main thread, not on a worker
 * mid-build), and not a fault's (a sanitizer's report needs it); the
 * starting thread's own mask is left as it was. */
static void test_thread_blocks_terminal_signals(void **state)
{
	sigset_t before, after, seen;
	pthread_t tid;

	(void)state;
	sigemptyset(&seen);
	pthread_sigmask(SIG_BLOCK, NULL, &before);
	assert_int_equal(util_thread_start(&tid, report_mask, &seen), 0);
	assert_int_equal(pthread_join(tid, NULL), 0);
	pthread_sigmask(SIG_BLOCK, NULL, &after);
	for (int sig = 1; sig < 32; sig++)
		assert_int_equal(sigismember(&before, sig), sigismember(&after, sig));
	assert_true(sigismember(&seen, SIGTSTP));
	assert_true(sigismember(&seen, SIGWINCH));
	assert_true(sigismember(&seen, SIGINT));
	assert_true(sigismember(&seen, SIGTERM));
	assert_true(sigismember(&seen, SIGHUP));
	assert_false(sigismember(&seen, SIGSEGV));
	assert_false(sigismember(&seen, SIGBUS));
	assert_false(sigismember(&before, SIGTSTP));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thread_blocks_terminal_signals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
