/* fuzz_layout.c - libFuzzer harness for the wrapper (layout.c): decoded
 * text wrapped at widths taken from the input. Every line fits its width
 * (unless it is a single grapheme wider than the line, which cannot be
 * split), lines cover the text in order with only white space between them
 * (or a grapheme too wide for any line, which the wrapper may leave out),
 * and every line starts and ends on a grapheme boundary. layout_fit and
 * layout_truncate are held to the same rules. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>

#include "fuzz_check.h"
#include "kilde/layout.h"
#include "kilde/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* breaks[i] is 1 where a grapheme cluster starts at byte i (i == len is
 * always a boundary). */
static char *grapheme_bounds(const char *s, size_t len)
{
	char *b = calloc(len + 1, 1);

	if (!b)
		abort();
	if (len)
		u8_grapheme_breaks((const uint8_t *)s, len, b);
	b[0] = 1;
	b[len] = 1;
	return b;
}

/* What the wrapper may leave out between lines: the newline and the
 * spaces at a break, and a grapheme wider than the whole line (a CJK
 * character at width 1), which no line could hold. */
static int skippable(const char *s, size_t from, size_t to, int width)
{
	ucs4_t uc;

	u8_mbtouc(&uc, (const uint8_t *)s + from, to - from);
	return uc == '\n' || uc == 0x200b || uc_is_property_white_space(uc) ||
	       layout_width(s + from, to - from) > width;
}

static void check_gap(const char *s, const char *bounds, size_t from,
                      size_t to, int width)
{
	size_t i = from;

	while (i < to) {
		size_t next = i + 1;

		while (next < to && !bounds[next])
			next++;
		FUZZ_ASSERT(skippable(s, i, next, width),
		            "text at byte %zu is in no line (gap %zu..%zu)", i,
		            from, to);
		i = next;
	}
}

static void check_wrap(const char *s, size_t len, const char *bounds,
                       int width)
{
	struct layout lo = {0};
	size_t end = 0;

	layout_wrap(&lo, s, len, width);
	FUZZ_ASSERT(lo.width == width, "layout.width %d, wrapped to %d",
	            lo.width, width);
	FUZZ_ASSERT(lo.n <= lo.cap, "n %zu > cap %zu", lo.n, lo.cap);
	FUZZ_ASSERT(len == 0 || lo.n > 0, "no lines for %zu bytes", len);
	for (size_t i = 0; i < lo.n; i++) {
		const struct layout_line *l = &lo.lines[i];

		FUZZ_ASSERT(l->off <= len && l->len <= len - l->off,
		            "line %zu (%zu+%zu) outside the text (%zu)", i,
		            l->off, l->len, len);
		FUZZ_ASSERT(l->off >= end,
		            "line %zu starts at %zu, before the end %zu of line %zu",
		            i, l->off, end, i - 1);
		check_gap(s, bounds, end, l->off, width);
		FUZZ_ASSERT(bounds[l->off] && bounds[l->off + l->len],
		            "line %zu (%zu+%zu) splits a grapheme", i, l->off,
		            l->len);
		FUZZ_ASSERT(memchr(s + l->off, '\n', l->len) == NULL,
		            "line %zu contains a newline", i);
		FUZZ_ASSERT(l->width == layout_width(s + l->off, l->len),
		            "line %zu: width %d, layout_width says %d", i,
		            l->width, layout_width(s + l->off, l->len));
		FUZZ_ASSERT(l->width <= width ||
		                    layout_grapheme_len(s + l->off, l->len) ==
		                            l->len,
		            "line %zu is %d columns wide at width %d", i, l->width,
		            width);
		if (l->len) {
			size_t at = layout_line_of(&lo, l->off);

			FUZZ_ASSERT(at < lo.n && lo.lines[at].off <= l->off &&
			                    l->off <= lo.lines[at].off +
			                                      lo.lines[at].len,
			            "layout_line_of(%zu) = %zu, not a line holding it",
			            l->off, at);
		}
		end = l->off + l->len;
	}
	check_gap(s, bounds, end, len, width);
	layout_free(&lo);
}

static void check_fit(const char *s, size_t len, const char *bounds,
                      int cols)
{
	int w = -1;
	size_t k = layout_fit(s, len, cols, &w);
	char *t;
	size_t tlen;

	FUZZ_ASSERT(k <= len, "layout_fit took %zu of %zu bytes", k, len);
	FUZZ_ASSERT(bounds[k], "layout_fit cut a grapheme at %zu", k);
	FUZZ_ASSERT(w >= 0 && w <= cols, "layout_fit: width %d for %d columns",
	            w, cols);
	FUZZ_ASSERT(w == layout_width(s, k), "layout_fit: width %d, really %d",
	            w, layout_width(s, k));

	/* layout_truncate works on a NUL-terminated line. */
	const char *nl = memchr(s, '\n', len);
	size_t linelen = nl ? (size_t)(nl - s) : len;
	char *line = strndup(s, linelen);

	if (!line)
		abort();
	for (int ascii = 0; ascii <= 1; ascii++) {
		t = layout_truncate(line, cols, ascii);
		tlen = strlen(t);
		fuzz_check_clean(t, tlen, "layout_truncate");
		FUZZ_ASSERT(layout_width(t, tlen) <= cols,
		            "layout_truncate: %d columns for %d",
		            layout_width(t, tlen), cols);
		free(t);
	}
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0;
	char *text;
	char *bounds;
	int wide, narrow;

	if (size < 2)
		return 0;
	/* Two widths from the first two bytes: an ordinary one and a very
	 * narrow one, where wide characters and long words are hardest. */
	wide = 1 + data[0] % 160;
	narrow = 1 + data[1] % 6;
	text = text_decode(data + 2, size - 2, NULL, &len);
	bounds = grapheme_bounds(text, len);
	check_wrap(text, len, bounds, wide);
	check_wrap(text, len, bounds, narrow);
	check_fit(text, len, bounds, narrow);
	check_fit(text, len, bounds, wide);
	free(bounds);
	free(text);
	return 0;
}
