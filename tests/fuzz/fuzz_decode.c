/* fuzz_decode.c - libFuzzer harness for the text pipeline (text.c): any
 * bytes through text_decode must give clean text (valid UTF-8, NFC, nothing
 * a terminal could act on, nothing that reorders text), and text_sanitize
 * must do the same for valid UTF-8 and leave clean text as it is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "fuzz_check.h"
#include "kilde/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_nfc(const char *s, size_t len)
{
	size_t nlen = 0;
	uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL,
	                            &nlen);

	FUZZ_ASSERT(nfc != NULL, "u8_normalize failed on decoded text");
	FUZZ_ASSERT(nlen == len && memcmp(nfc, s, len) == 0,
	            "text_decode output is not NFC (%zu bytes, NFC %zu)", len,
	            nlen);
	free(nfc);
}

/* Clean text is a fixed point of text_sanitize: no CR, no tab, no control
 * is left for it to change. */
static void check_fixed_point(const char *s, size_t len)
{
	size_t len2 = 0;
	char *again = text_sanitize(s, len, &len2);

	fuzz_check_clean(again, len2, "text_sanitize(clean text)");
	FUZZ_ASSERT(len2 == len && memcmp(again, s, len) == 0,
	            "text_sanitize changed clean text (%zu -> %zu bytes)", len,
	            len2);
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum text_encoding enc = (enum text_encoding)-1;
	enum text_encoding guess;
	size_t len = 0;
	char *out;
	uint32_t uc;

	(void)text_is_binary(data, size);
	guess = text_detect(data, size);
	FUZZ_ASSERT(guess >= TEXT_ENC_UTF8 && guess <= TEXT_ENC_CP1252,
	            "text_detect returned %d", (int)guess);
	FUZZ_ASSERT(text_encoding_name(guess) != NULL, "no encoding name");

	out = text_decode(data, size, &enc, &len);
	fuzz_check_clean(out, len, "text_decode");
	FUZZ_ASSERT(enc >= TEXT_ENC_UTF8 && enc <= TEXT_ENC_CP1252,
	            "text_decode reported encoding %d", (int)enc);
	FUZZ_ASSERT(memchr(out, '\r', len) == NULL, "CR left in decoded text");
	check_nfc(out, len);
	check_fixed_point(out, len);
	/* The loader decodes the buffer it read in place when it can: the
	 * same text either way. */
	{
		uint8_t *buf = malloc(size + 1);
		enum text_encoding e2;
		size_t n2;
		char *took;

		FUZZ_ASSERT(buf != NULL, "out of memory");
		if (size)
			memcpy(buf, data, size);
		took = text_decode_take(buf, size, &e2, &n2);
		FUZZ_ASSERT(e2 == enc && n2 == len && memcmp(took, out, len + 1) == 0,
		            "text_decode_take differs from text_decode (%zu bytes, %zu)",
		            n2, len);
		free(took);
	}

	/* text_next_char walks clean text one character at a time. */
	for (size_t i = 0; i < len;) {
		int n = text_next_char(out + i, len - i, &uc);

		FUZZ_ASSERT(n >= 1 && (size_t)n <= len - i,
		            "text_next_char returned %d with %zu left", n,
		            len - i);
		FUZZ_ASSERT(uc <= 0x10ffff && !(uc >= 0xd800 && uc <= 0xdfff),
		            "text_next_char gave U+%X", (unsigned)uc);
		i += (size_t)n;
	}
	free(out);

	/* text_sanitize takes valid UTF-8; it must also be safe on the raw
	 * bytes when they happen to be valid, and its output must be clean. */
	if (u8_check(data, size) == NULL) {
		char *s = text_sanitize((const char *)data, size, &len);

		fuzz_check_clean(s, len, "text_sanitize");
		FUZZ_ASSERT(memchr(s, '\r', len) == NULL,
		            "CR left by text_sanitize");
		free(s);
	}
	/* text_next_char must cope with any bytes, not only clean text. */
	for (size_t i = 0; i < size;) {
		int n = text_next_char((const char *)data + i, size - i, &uc);

		FUZZ_ASSERT(n >= 1 && (size_t)n <= size - i,
		            "text_next_char on raw bytes returned %d", n);
		i += (size_t)n;
	}
	return 0;
}
