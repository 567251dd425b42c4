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

/* Fed in pieces of any length, the checksum is the one of the bytes
 * whole: a cache file written piece by piece carries the checksum its
 * reader takes in one go. */
static void test_checksum_in_pieces(void **state)
{
	unsigned char data[1000];
	uint32_t seed = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++) {
		seed = seed * 1103515245u + 12345u;
		data[i] = (unsigned char)(seed >> 16);
	}
	for (size_t n = 0; n <= sizeof(data); n += 37) {
		for (int round = 0; round < 20; round++) {
			struct util_checksum ck;
			size_t at = 0;

			util_checksum_start(&ck, n);

			while (at < n) {
				seed = seed * 1103515245u + 12345u;
				size_t k = (seed >> 16) % 80; /* 0 too */
				if (k > n - at)
					k = n - at;
				util_checksum_feed(&ck, data + at, k);
				at += k;
			}
			assert_true(util_checksum_final(&ck) == util_checksum64(data, n));
		}
	}
}

/* Any one byte changed, in a whole step or in the last one, and any two
 * words swapped, change the checksum; so does the length. */
static void test_checksum_sees_every_byte(void **state)
{
	unsigned char data[200];
	uint64_t sum;

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 1);
	sum = util_checksum64(data, sizeof(data));
	for (size_t i = 0; i < sizeof(data); i++) {
		data[i] ^= 0x10;
		assert_true(util_checksum64(data, sizeof(data)) != sum);
		data[i] ^= 0x10;
	}
	for (size_t i = 0; i + 16 <= sizeof(data); i += 8) {
		unsigned char w[8];
		memcpy(w, data + i, 8);
		memcpy(data + i, data + i + 8, 8);
		memcpy(data + i + 8, w, 8);
		assert_true(util_checksum64(data, sizeof(data)) != sum);
		memcpy(data + i + 8, data + i, 8);
		memcpy(data + i, w, 8);
	}
	assert_true(util_checksum64(data, sizeof(data)) == sum);
	assert_true(util_checksum64(data, sizeof(data) - 1) != sum);
}

static size_t count_entries(const char *dir)
{
	char *cmd = util_xasprintf("ls -A '%s' | wc -l", dir);
	FILE *f = popen(cmd, "r");
	size_t n = 0;

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%zu", &n), 1);
	pclose(f);
	free(cmd);
	return n;
}

/* A file written in steps replaces the old one only when committed; an
 * aborted one leaves the old file as it was and no temporary file. */
static int cmp_u32_ref(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	return a < b ? -1 : a > b;
}

/* util_sort_u32 orders like qsort(3) on every shape of input a build
 * meets: short and long, sorted, reversed, runs of equal numbers, few
 * distinct values, and shapes that defeat a naive pivot. */
static void test_sort_u32_like_qsort(void **state)
{
	(void)state;
	static const size_t sizes[] = {0, 1, 2, 3, 7, 24, 25, 26, 31, 64, 100, 257, 1000, 5000};
	uint64_t seed = 88172645463325252ULL;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(*sizes); s++) {
		size_t n = sizes[s];
		for (int shape = 0; shape < 7; shape++) {
			uint32_t *v = malloc((n + 1) * sizeof(*v));
			uint32_t *want = malloc((n + 1) * sizeof(*want));
			for (size_t i = 0; i < n; i++) {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				switch (shape) {
				case 0: v[i] = (uint32_t)seed; break;
				case 1: v[i] = (uint32_t)i; break;
				case 2: v[i] = (uint32_t)(n - i); break;
				case 3: v[i] = 7; break;
				case 4: v[i] = (uint32_t)(seed % 3); break;
				case 5: v[i] = (uint32_t)(i < n / 2 ? i : n - i); break;
				default: v[i] = i % 2 ? UINT32_MAX : (uint32_t)i; break;
				}
			}
			memcpy(want, v, n * sizeof(*v));
			if (n)
				qsort(want, n, sizeof(*want), cmp_u32_ref);
			util_sort_u32(v, n);
			if (n)
				assert_memory_equal(v, want, n * sizeof(*v));
			free(v);
			free(want);
		}
	}
}

static void test_atomic_file_in_steps(void **state)
{
	char dir[] = "/tmp/kilde-test-atomic-XXXXXX";
	struct util_atomic_file f;
	char *path, *cmd;
	uint8_t *got;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = util_xasprintf("%s/file", dir);
	assert_int_equal(util_write_atomic(path, "old", 3), 0);

	assert_int_equal(util_atomic_open(&f, path), 0);
	assert_int_equal(util_atomic_write(&f, "new and longer", 14), 0);
	util_atomic_abort(&f);
	assert_int_equal(util_read_file(path, 0, &got, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(got, "old", 3);
	free(got);
	assert_int_equal(count_entries(dir), 1);

	assert_int_equal(util_atomic_open(&f, path), 0);
	assert_int_equal(util_atomic_write(&f, "nxw and ", 8), 0);
	assert_int_equal(util_atomic_write(&f, "longer", 6), 0);
	assert_int_equal(util_atomic_pwrite(&f, "e", 1, 1), 0);
	assert_int_equal(util_atomic_commit(&f), 0);
	assert_int_equal(util_read_file(path, 0, &got, &n), 0);
	assert_int_equal(n, 14);
	assert_memory_equal(got, "new and longer", 14);
	free(got);
	assert_int_equal(count_entries(dir), 1);

	cmd = util_xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thread_blocks_terminal_signals),
		cmocka_unit_test(test_checksum_in_pieces),
		cmocka_unit_test(test_checksum_sees_every_byte),
		cmocka_unit_test(test_atomic_file_in_steps),
		cmocka_unit_test(test_sort_u32_like_qsort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
