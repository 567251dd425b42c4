/* fuzz_wbrk.c - libFuzzer harness for the word boundaries (wbrk.c): on any
 * bytes, wbrk_breaks gives exactly what u8_wordbreaks gives, and wbrk_bits
 * the same as bits, whether it decided them a block or a character at a
 * time or handed the line to libunistring. */
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
	uint8_t *bits = malloc(size / 8 + 1);

	if (!want || !got || !bits)
		abort();
	u8_wordbreaks(data, size, want);
	wbrk_breaks((const char *)data, size, got);
	wbrk_bits((const char *)data, size, bits);
	for (size_t i = 0; i < size; i++) {
		FUZZ_ASSERT(want[i] == got[i], "byte %zu: libunistring %d, wbrk %d", i,
		            want[i], got[i]);
		FUZZ_ASSERT(want[i] == ((bits[i / 8] >> (i % 8)) & 1),
		            "bit %zu: libunistring %d", i, want[i]);
	}
	if (size % 8)
		FUZZ_ASSERT(bits[size / 8] >> (size % 8) == 0, "bits past the end");
	free(want);
	free(got);
	free(bits);
	return 0;
}
