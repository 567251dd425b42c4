/* measure.c - runs a command and appends its wall time, CPU time, peak
 * memory and exit status to a file, for `make bench`.
 *
 * Usage: measure OUTFILE COMMAND [ARG]...
 * Appends one line: "wall_ms user_ms sys_ms maxrss_kb status".
 *
 * A tiny wrapper instead of /usr/bin/time: no package to install, and
 * wait4() gives the child's own peak resident set (ru_maxrss, in KiB on
 * Linux) and CPU time, which the shell's `time` does not. The command's
 * stdin, stdout and stderr are the wrapper's, so the caller redirects. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double start, wall;
	int status, code;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fputs("usage: measure OUTFILE COMMAND [ARG]...\n", stderr);
		return 2;
	}
	start = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "measure: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("measure: wait4");
			return 1;
		}
	wall = now_ms() - start;
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	out = fopen(argv[1], "a");
	if (!out) {
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fprintf(out, "%.3f %.3f %.3f %ld %d\n", wall, tv_ms(ru.ru_utime),
	        tv_ms(ru.ru_stime), ru.ru_maxrss, code);
	if (fclose(out) != 0) {
		perror("measure: write");
		return 1;
	}
	return code;
}
