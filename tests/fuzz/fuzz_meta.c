/* fuzz_meta.c - libFuzzer harness for what article.c reads from a text:
 * title, language, date, word count and the outlet it names, on decoded
 * (clean) text as the corpus passes it. A date is a real calendar date or
 * nothing; a title and an outlet are one clean line; a language is "da",
 * "en" or "?". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/article.h"
#include "kilde/outlet.h"
#include "kilde/text.h"
#include "kilde/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static void check_iso_date(const char *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int y, m, day, leap;

	FUZZ_ASSERT(strlen(d) == 10 && digits(d, 4) && d[4] == '-' &&
	                    digits(d + 5, 2) && d[7] == '-' && digits(d + 8, 2),
	            "date \"%.11s\" is not YYYY-MM-DD", d);
	y = atoi(d);
	m = atoi(d + 5);
	day = atoi(d + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	FUZZ_ASSERT(m >= 1 && m <= 12, "date %s: month %d", d, m);
	FUZZ_ASSERT(day >= 1 && day <= mdays[m - 1], "date %s: day %d", d, day);
	FUZZ_ASSERT(!(m == 2 && day == 29 && !leap), "date %s: %d is no leap year",
	            d, y);
}

static void check_lang(const char *lang)
{
	FUZZ_ASSERT(lang && (!strcmp(lang, "da") || !strcmp(lang, "en") ||
	                     !strcmp(lang, "?")),
	            "language \"%s\"", lang ? lang : "(null)");
}

static void check_title(const char *t)
{
	size_t n;

	FUZZ_ASSERT(t != NULL, "article_title returned NULL");
	n = strlen(t);
	fuzz_check_clean(t, n, "article_title");
	FUZZ_ASSERT(memchr(t, '\n', n) == NULL, "title has a newline");
	FUZZ_ASSERT(n == 0 || (t[0] != ' ' && t[n - 1] != ' '),
	            "title \"%s\" is not trimmed", t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article a = {0};
	size_t len = 0;
	char *text;
	char *title;
	char *iso;
	int max_lines;

	if (size < 1)
		return 0;
	max_lines = data[0] % 40;
	text = text_decode(data + 1, size - 1, NULL, &len);

	title = article_title(text, len);
	check_title(title);
	/* A title cut to its column limit ends in "…" (3 bytes for 1
	 * column), so it may be up to 3 bytes longer than the line it came
	 * from, never more. */
	FUZZ_ASSERT(strlen(title) <= len + strlen("\u2026"),
	            "title longer than the text");
	free(title);
	/* The outlet the text names: nothing, or one clean, trimmed,
	 * non-empty line no longer than the text. */
	{
		char *o = outlet_detect(text, len);

		if (o) {
			size_t n = strlen(o);

			fuzz_check_clean(o, n, "outlet_detect");
			FUZZ_ASSERT(n > 0 && n <= len && !memchr(o, '\n', n) &&
			                o[0] != ' ' && o[n - 1] != ' ',
			            "outlet \"%s\"", o);
			free(o);
		}
	}
	check_lang(article_language(text, len));
	FUZZ_ASSERT(article_word_count(text, len) <= len,
	            "more words than bytes");

	/* Exactly 11 bytes on the heap, so ASan sees any write past them. */
	iso = malloc(11);
	if (!iso)
		abort();
	if (article_find_date(text, len, max_lines, iso))
		check_iso_date(iso);
	free(iso);

	/* article_detect, as the corpus calls it; now and then twice, since
	 * it must free the values of the first call. */
	a.text = text;
	a.len = len;
	for (int round = 0; round < 1 + (data[0] >> 7); round++) {
		article_detect(&a, NULL);
		check_title(a.title);
		check_lang(a.lang);
		FUZZ_ASSERT(a.date != NULL, "article_detect left date NULL");
		if (*a.date)
			check_iso_date(a.date);
		FUZZ_ASSERT(a.words <= len, "more words than bytes");
	}
	article_free(&a); /* frees text too */
	return 0;
}
