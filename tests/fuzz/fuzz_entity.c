/* fuzz_entity.c - libFuzzer harness for entity resolution: each line of
 * the (decoded) input is a name; it is trimmed as a run of tokens, keyed
 * as the engine keys names, and the names resolved. Every root is a name
 * of the input, joined names end in the same word (skeleton) unless an
 * abbreviation joined them (none here), nothing is a shorter writing of
 * itself, and what one article resolves is a root of its names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/entity.h"
#include "kilde/text.h"
#include "kilde/util.h"
#include "kilde/xtok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_NAMES 64

static const char *last_of(const char *s)
{
	const char *sp = strrchr(s, ' ');
	return sp ? sp + 1 : s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = 0, n = 0;
	char *text = text_decode(data, size, NULL, &len);
	char *keys[MAX_NAMES];
	uint8_t is_name[MAX_NAMES];
	uint32_t parent[MAX_NAMES], ids[MAX_NAMES], out[MAX_NAMES];
	struct xmap stop = {0};
	struct xtok_list l = {0};
	struct entity_resolver r;

	xtok_stopwords(&stop);
	entity_add_roles(&stop, "Ambassador|statsminister|Gov.|PM|President");
	entity_add_particles(&stop, "á|af|von|van|de|der");
	for (char *line = text; line && *line && n < MAX_NAMES;) {
		char *nl = strchr(line, '\n');
		size_t ll = nl ? (size_t)(nl - line) : strlen(line);
		struct strbuf key = {0};
		size_t a = 0, z;

		xtok_split(&l, line, ll, &stop);
		if (l.n) {
			z = l.n - 1;
			size_t role = entity_trim(&l, &a, &z);
			FUZZ_ASSERT(role == (size_t)-1 || role < l.n, "role %zu of %zu", role, l.n);
			FUZZ_ASSERT(a > z || (z < l.n && l.t[a].type == XTOK_WORD &&
			                      l.t[z].type == XTOK_WORD),
			            "trimmed to [%zu, %zu] of %zu", a, z, l.n);
			for (size_t i = a; i <= z && z < l.n; i++) {
				if (l.t[i].type != XTOK_WORD)
					continue;
				if (key.len)
					sb_putc(&key, ' ');
				sb_append(&key, xtok_keystr(&l, i), l.t[i].klen);
			}
		}
		keys[n] = key.s ? sb_take(&key) : util_xstrdup("");
		is_name[n] = keys[n][0] != '\0';
		parent[n] = (uint32_t)n;
		n++;
		line = nl ? nl + 1 : NULL;
	}
	entity_resolve(&r, &stop, keys, n, is_name, n, parent);
	for (size_t i = 0; i < n; i++) {
		uint32_t root = entity_find(parent, (uint32_t)i);
		FUZZ_ASSERT(root < n, "root %u of %zu names", root, n);
		FUZZ_ASSERT(root == i || is_name[i], "a non-name %zu was joined", i);
		if (r.skel[i] && r.skel[root]) {
			FUZZ_ASSERT(!strcmp(last_of(r.skel[i]), last_of(r.skel[root])),
			            "\"%s\" joined \"%s\"", r.skel[i], r.skel[root]);
			FUZZ_ASSERT(!entity_part_of(r.skel[i], r.skel[i]), "\"%s\" part of itself",
			            r.skel[i]);
		}
		ids[i] = (uint32_t)i;
	}
	entity_local(&r, ids, n, out);
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(out[i] < n && entity_find(parent, out[i]) == out[i],
		            "local entity %u of name %zu is no root", out[i], i);
	entity_resolver_free(&r);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	xtok_list_free(&l);
	xmap_free(&stop);
	free(text);
	return 0;
}
