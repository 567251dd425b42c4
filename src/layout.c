/* layout.c - STUB: replaced by the real wrapper. */
#include "kilde/layout.h"
#include "kilde/util.h"
#include <stdlib.h>
#include <string.h>
void layout_wrap(struct layout *lo, const char *text, size_t len, int width)
{
	size_t i = 0;
	lo->n = 0; lo->width = width;
	while (i < len) {
		size_t e = i;
		while (e < len && text[e] != '\n' && e - i < (size_t)width) e++;
		util_grow((void **)&lo->lines, &lo->cap, lo->n + 1, sizeof(*lo->lines));
		lo->lines[lo->n++] = (struct layout_line){i, e - i, (int)(e - i), false};
		i = (e < len && text[e] == '\n') ? e + 1 : e;
	}
}
void layout_free(struct layout *lo) { free(lo->lines); *lo = (struct layout){0}; }
size_t layout_line_of(const struct layout *lo, size_t off) { for (size_t i = 0; i < lo->n; i++) if (lo->lines[i].off + lo->lines[i].len >= off) return i; return lo->n ? lo->n - 1 : 0; }
int layout_width(const char *s, size_t n) { (void)s; return (int)n; }
size_t layout_fit(const char *s, size_t n, int cols, int *w) { (void)s; size_t k = n < (size_t)cols ? n : (size_t)cols; *w = (int)k; return k; }
char *layout_truncate(const char *s, int cols, bool ascii_only) { (void)ascii_only; size_t n = strlen(s); return util_xstrndup(s, n < (size_t)cols ? n : (size_t)cols); }
size_t layout_grapheme_len(const char *s, size_t n) { (void)s; return n ? 1 : 0; }
