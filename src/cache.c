/* STUB cache.c - replaced by the cache helper. */
#include "kilde/cache.h"

#include <errno.h>

char *cache_stem(char *const paths[], size_t npaths)
{
	(void)paths;
	(void)npaths;
	return NULL;
}

int cache_save_corpus(const char *stem, const struct corpus *c)
{
	(void)stem;
	(void)c;
	errno = ENOSYS;
	return -1;
}

int cache_load_corpus(const char *stem, struct corpus *c, const char **why)
{
	(void)stem;
	(void)c;
	*why = "no cache";
	return -1;
}

int cache_save_xref(const char *stem, const struct corpus *c,
                    uint64_t opthash, const struct xref_index *ix)
{
	(void)stem;
	(void)c;
	(void)opthash;
	(void)ix;
	errno = ENOSYS;
	return -1;
}

struct xref_index *cache_load_xref(const char *stem, const struct corpus *c,
                                   uint64_t opthash, const char **why)
{
	(void)stem;
	(void)c;
	(void)opthash;
	*why = "no cache";
	return NULL;
}
