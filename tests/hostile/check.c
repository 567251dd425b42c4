/* check.c - the hostile suite's judge of kilde's output: reads a file (or
 * stdin) and fails when anything in it could act on a terminal or reorder
 * text: invalid UTF-8 (where a raw 0x9B would be a CSI to an 8-bit
 * terminal), or a character the library's own rule forbids
 * (text_forbidden_char: C0 controls other than LF, DEL, C1 controls such
 * as U+009B, bidi controls, invisible characters), TAB allowed with -t.
 * With -w N it also fails on a line wider than N columns (libunistring's
 * u8_width, as kilde measures).
 *
 *   check [-t] [-w N] [FILE]
 *
 * Prints the first problem with its line and byte offset; exit 0 clean,
 * 1 not clean, 2 usage or I/O error. Built by tests/hostile/run.sh,
 * linked with the library's text.o. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <unistr.h>
#include <uniwidth.h>

#include "kilde/text.h"

static const char *forbidden(ucs4_t uc, int tabs_ok)
{
	return uc == '\t' && tabs_ok ? NULL : text_forbidden_char(uc);
}

static unsigned char *slurp(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0, got;
	unsigned char *buf = malloc(cap);

	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			unsigned char *more = realloc(buf, cap *= 2);

			if (!more)
				free(buf);
			buf = more;
		}
	}
	if (!buf || ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	int tabs_ok = 0, maxw = -1, opt;
	unsigned char *buf;
	size_t len = 0, line = 1, line_start = 0;
	FILE *f = stdin;

	while ((opt = getopt(argc, argv, "tw:")) != -1) {
		switch (opt) {
		case 't': tabs_ok = 1; break;
		case 'w': maxw = atoi(optarg); break;
		default:
			fputs("usage: check [-t] [-w N] [FILE]\n", stderr);
			return 2;
		}
	}
	if (optind < argc && !(f = fopen(argv[optind], "rb"))) {
		perror(argv[optind]);
		return 2;
	}
	buf = slurp(f, &len);
	if (!buf) {
		fputs("check: cannot read input\n", stderr);
		return 2;
	}
	for (size_t i = 0; i <= len;) {
		ucs4_t uc;
		int n;
		const char *why;

		if (i == len || buf[i] == '\n') {
			int w = u8_width(buf + line_start, i - line_start, "UTF-8");

			if (maxw >= 0 && w > maxw) {
				printf("line %zu is %d columns wide (limit %d): %.*s\n",
				       line, w, maxw, (int)(i - line_start),
				       (const char *)buf + line_start);
				return 1;
			}
			if (i == len)
				break;
			line++;
			line_start = i + 1;
		}
		n = u8_mbtouc(&uc, buf + i, len - i);
		if (uc == 0xfffd && (n < 3 || memcmp(buf + i, "\xef\xbf\xbd", 3))) {
			printf("line %zu, byte %zu: invalid UTF-8 (0x%02X)\n", line,
			       i, buf[i]);
			return 1;
		}
		why = forbidden(uc, tabs_ok);
		if (why) {
			printf("line %zu, byte %zu: %s U+%04X\n", line, i, why,
			       (unsigned)uc);
			return 1;
		}
		i += (size_t)n;
	}
	free(buf);
	return 0;
}
