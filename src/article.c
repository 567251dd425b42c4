/* article.c - STUB: replaced by metadata detection. */
#include "kilde/article.h"
#include "kilde/util.h"
#include <stdlib.h>
#include <string.h>
const char *article_language(const char *text, size_t len) { (void)text; (void)len; return "?"; }
int article_find_date(const char *text, size_t len, int max_lines, char iso[11]) { (void)text; (void)len; (void)max_lines; iso[0] = 0; return 0; }
char *article_title(const char *text, size_t len) { const char *e = memchr(text, '\n', len); return util_xstrndup(text, e ? (size_t)(e - text) : len); }
size_t article_word_count(const char *text, size_t len) { (void)text; (void)len; return 0; }
void article_detect(struct article *a)
{
	char iso[11];
	free(a->title); free(a->date);
	a->title = article_title(a->text, a->len);
	strcpy(a->lang, article_language(a->text, a->len));
	article_find_date(a->text, a->len, 12, iso);
	a->date = util_xstrdup(iso);
	a->words = article_word_count(a->text, a->len);
}
void article_free(struct article *a) { free(a->path); free(a->file); free(a->text); free(a->title); free(a->source); free(a->date); free(a->url); }
