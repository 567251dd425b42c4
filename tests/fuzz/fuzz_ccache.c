/* fuzz_ccache.c - libFuzzer harness for the corpus cache file (cache.c).
 * The input is a corpus preceded by damage to do to its cache file:
 *   byte 0     k = byte % 8: how many changes follow
 *   k x 3      u16 position (little-endian, modulo the length) and a byte:
 *              XORed in there, or 0: cut the file off at the position
 *   the rest   the articles (split at ASCII RS, 0x1e, else one article)
 * The corpus (with a skipped entry and a warning) is saved, damaged, given
 * a matching checksum (cache_seal) so that the damage reaches the parser,
 * and read back. Undamaged, every field must come back equal; damaged, the
 * load fails and leaves the corpus empty, or every article it returns has
 * a path, a name, a language code and an encoding kilde knows. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "kilde/cache.h"
#include "kilde/corpus.h"
#include "kilde/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *stem_path(void)
{
	static char stem[64];

	if (!stem[0])
		snprintf(stem, sizeof(stem), "/tmp/kilde-fuzz-ccache-%ld/s",
		         (long)getpid());
	return stem;
}

/* The cache folder goes when the fuzzer does. */
static void remove_stem(void)
{
	char *file = util_xasprintf("%s.corpus", stem_path());
	char *dir = util_xstrdup(stem_path());

	unlink(file);
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
	free(dir);
	free(file);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_equal(const struct corpus *a, const struct corpus *b)
{
	FUZZ_ASSERT(a->n == b->n, "%zu articles, %zu back", a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct article *x = &a->articles[i], *y = &b->articles[i];
		FUZZ_ASSERT(same_str(x->path, y->path) && same_str(x->file, y->file) &&
		            same_str(x->title, y->title) &&
		            same_str(x->source, y->source) &&
		            same_str(x->date, y->date) && same_str(x->url, y->url) &&
		            strcmp(x->lang, y->lang) == 0 && x->words == y->words &&
		            x->enc == y->enc && x->len == y->len && !y->text,
		            "article %zu differs", i);
	}
	FUZZ_ASSERT(a->nskipped == b->nskipped && a->nwarnings == b->nwarnings,
	            "skipped or warnings differ");
	FUZZ_ASSERT(a->fingerprint == b->fingerprint, "fingerprint differs");
}

static void check_sane(const struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct article *a = &c->articles[i];
		FUZZ_ASSERT(a->path && a->file, "article %zu has no name", i);
		FUZZ_ASSERT(memchr(a->lang, '\0', sizeof(a->lang)),
		            "article %zu: language not terminated", i);
		FUZZ_ASSERT(a->enc <= TEXT_ENC_CP1252, "article %zu: encoding %d",
		            i, (int)a->enc);
		FUZZ_ASSERT(!a->text && !a->brk, "article %zu has a text", i);
	}
	for (size_t i = 0; i < c->nskipped; i++)
		FUZZ_ASSERT(c->skipped[i].path && c->skipped[i].reason,
		            "skipped entry %zu incomplete", i);
	for (size_t i = 0; i < c->nwarnings; i++)
		FUZZ_ASSERT(c->warnings[i], "warning %zu missing", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct corpus c = {0}, back = {0};
	const char *stem = stem_path(), *why = NULL;
	char *file;
	uint8_t *bytes;
	size_t k, len, start = 0;
	const uint8_t *damage;
	static bool made;

	if (size < 1)
		return 0;
	k = data[0] % 8;
	if (size < 1 + 3 * k)
		return 0;
	damage = data + 1;
	data += 1 + 3 * k;
	size -= 1 + 3 * k;
	for (size_t i = 0; i <= size; i++) {
		char name[16];
		if (i < size && data[i] != 0x1e)
			continue;
		snprintf(name, sizeof(name), "%02zu.txt", c.n);
		corpus_add_text(&c, name, (const char *)data + start, i - start);
		start = i + 1;
	}
	util_grow((void **)&c.skipped, &c.skipcap, 1, sizeof(*c.skipped));
	c.skipped[c.nskipped++] = (struct corpus_skip){
		util_xstrdup("tool.txt"), util_xstrdup("binary file")};
	util_grow((void **)&c.warnings, &c.warncap, 1, sizeof(*c.warnings));
	c.warnings[c.nwarnings++] = util_xstrdup("corpus.ini: [x]: no such article");
	c.fingerprint = 0x5eed;

	if (!made) {
		char *dir = util_xstrdup(stem);
		*strrchr(dir, '/') = '\0';
		util_mkdirs(dir);
		free(dir);
		atexit(remove_stem);
		made = true;
	}
	FUZZ_ASSERT(cache_save_corpus(stem, &c) == 0, "cannot save");
	file = util_xasprintf("%s.corpus", stem);
	FUZZ_ASSERT(util_read_file(file, 0, &bytes, &len) == 0, "cannot read");
	for (size_t i = 0; i < k && len > 0; i++) {
		size_t pos = (size_t)(damage[3 * i] | damage[3 * i + 1] << 8) % len;
		if (damage[3 * i + 2])
			bytes[pos] ^= damage[3 * i + 2];
		else
			len = pos;
	}
	if (len >= 80) {
		/* The header's payload length, so that only the parser can
		 * tell a cut file. */
		for (int b = 0; b < 8; b++)
			bytes[64 + b] = (uint8_t)((uint64_t)(len - 80) >> (8 * b));
	}
	cache_seal(bytes, len);
	FILE *f = fopen(file, "wb");
	FUZZ_ASSERT(f && fwrite(bytes, 1, len, f) == len && fclose(f) == 0,
	            "cannot write");
	if (cache_load_corpus(stem, &back, &why) == 0) {
		if (k == 0)
			check_equal(&c, &back);
		check_sane(&back);
	} else {
		FUZZ_ASSERT(k > 0, "undamaged file failed: %s", why);
		FUZZ_ASSERT(back.n == 0 && !back.articles && !back.nskipped &&
		            !back.skipped && !back.nwarnings && !back.warnings,
		            "failed load left something behind");
	}
	corpus_free(&back);
	corpus_free(&c);
	free(bytes);
	free(file);
	return 0;
}
