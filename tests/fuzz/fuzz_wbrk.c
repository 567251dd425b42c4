/* fuzz_wbrk.c - libFuzzer harness for the word boundaries (wbrk.c): on any
 * bytes, wbrk_breaks gives exactly what u8_wordbreaks gives, whether it
 * decided them itself or handed the line to libunistring. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uniwbrk.h>

#include "fuzz_check.h"
#include "kilde/wbrk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *want = malloc(size + 1), *got = malloc(size + 1);

	if (!want || !got)
		abort();
	u8_wordbreaks(data, size, want);
	wbrk_breaks((const char *)data, size, got);
	for (size_t i = 0; i < size; i++)
		FUZZ_ASSERT(want[i] == got[i], "byte %zu: libunistring %d, wbrk %d", i,
		            want[i], got[i]);
	free(want);
	free(got);
	return 0;
}
