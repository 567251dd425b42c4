/* corpus.c - STUB: replaced by the corpus loader. */
#include "kilde/corpus.h"
#include "kilde/util.h"
#include <stdlib.h>
#include <string.h>
void corpus_add_text(struct corpus *c, const char *name, const char *text, size_t len)
{
	util_grow((void **)&c->articles, &c->cap, c->n + 1, sizeof(*c->articles));
	struct article *a = &c->articles[c->n++];
	*a = (struct article){0};
	a->path = util_xstrdup(name); a->file = util_xstrdup(name);
	a->text = text_decode((const uint8_t *)text, len, &a->enc, &a->len);
	a->source = util_xstrdup(name); a->url = util_xstrdup("");
	article_detect(a);
}
int corpus_add_file(struct corpus *c, const char *path, const char *name)
{
	uint8_t *buf; size_t len;
	if (util_read_file(path, CORPUS_MAX_FILE_BYTES, &buf, &len)) return -1;
	corpus_add_text(c, name, (const char *)buf, len);
	free(buf);
	return 0;
}
size_t corpus_load(struct corpus *c, char *const paths[], size_t npaths) { for (size_t i = 0; i < npaths; i++) corpus_add_file(c, paths[i], paths[i]); return c->n; }
int corpus_apply_meta(struct corpus *c, const char *ini_path, const char *dir_prefix) { (void)c; (void)ini_path; (void)dir_prefix; return 0; }
long corpus_find(const struct corpus *c, const char *name) { for (size_t i = 0; i < c->n; i++) if (!strcmp(c->articles[i].file, name)) return (long)i; return -1; }
void corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) article_free(&c->articles[i]);
	for (size_t i = 0; i < c->nskipped; i++) { free(c->skipped[i].path); free(c->skipped[i].reason); }
	for (size_t i = 0; i < c->nwarnings; i++) free(c->warnings[i]);
	free(c->articles); free(c->skipped); free(c->warnings);
	*c = (struct corpus){0};
}
