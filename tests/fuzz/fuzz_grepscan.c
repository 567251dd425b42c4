/* fuzz_grepscan.c - libFuzzer harness for the --grep prefilter
 * (grepscan.c): for any pattern and any file bytes, if kilde --grep finds
 * the pattern in the decoded text, the prefilter must not have rejected the
 * raw bytes. Input: one byte (pattern length, low 5 bits; exact mode, bit
 * 5), the pattern, then the file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/grepscan.h"
#include "kilde/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_pattern pat;
	struct search_match *m = NULL;
	struct grepscan_key *k;
	struct grepscan *g;
	unsigned mode;
	size_t plen, tlen, nm;
	char *pattern, *text;
	bool may;

	if (size < 1)
		return 0;
	plen = data[0] & 31;
	mode = data[0] & 32 ? SEARCH_MODE_EXACT : SEARCH_MODE_DEFAULT;
	if (plen > size - 1)
		plen = size - 1;
	pattern = malloc(plen + 1);
	memcpy(pattern, data + 1, plen);
	pattern[plen] = '\0';
	if (search_compile(&pat, pattern, mode) != 0) {
		search_pattern_free(&pat);
		free(pattern);
		return 0;
	}
	k = grepscan_key_new(pat.key, pat.len, mode, pat.oslash);
	g = grepscan_new(k);
	may = grepscan_may_match(g, data + 1 + plen, size - 1 - plen);
	/* Found the way --grep finds it: the decoded text, searched. */
	text = text_decode(data + 1 + plen, size - 1 - plen, NULL, &tlen);
	nm = search_find_all(text, tlen, pattern, mode, &m);
	FUZZ_ASSERT(may || nm == 0,
	            "prefilter rejected a file with %zu matches of '%s'", nm,
	            pattern);
	free(m);
	free(text);
	grepscan_free(g);
	grepscan_key_free(k);
	search_pattern_free(&pat);
	free(pattern);
	return 0;
}
