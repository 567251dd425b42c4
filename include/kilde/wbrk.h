/* wbrk.h - word boundaries (Unicode Standard Annex #29) exactly as
 * libunistring's u8_wordbreaks gives them, computed without it for the
 * characters most text is made of. No ncurses. */
#ifndef KILDE_WBRK_H
#define KILDE_WBRK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The word boundaries of s[0..n) as bits: bit i % 8 of bits[i / 8] set
 * where u8_wordbreaks(s, n, p) sets p[i] (a boundary precedes s[i]), for
 * i < n; the bits of the last byte past n are clear. Writes (n + 7) / 8
 * bytes. Lines made only of characters of the Basic Multilingual Plane
 * whose word-break class needs no look-around beyond two characters (no
 * Extend, Format, ZWJ, regional indicators or Katakana) are done here;
 * any other line (and, from the first invalid byte on, the rest of the
 * text) is handed to libunistring. */
void wbrk_bits(const char *s, size_t n, uint8_t *bits);

/* The same bytes in p[0..n) as u8_wordbreaks(s, n, p): 1 where a word
 * boundary precedes s[i], else 0 (wbrk_bits, a byte a break). */
void wbrk_breaks(const char *s, size_t n, char *p);

/* Lines of s[0..n) that wbrk_bits handed to libunistring, and its 64-byte
 * blocks decided at once (none without SSE2): for the tests and the fuzz
 * harness, which must see every path taken. */
size_t wbrk_fallback_lines(const char *s, size_t n);
size_t wbrk_blocks(const char *s, size_t n);

/* The ASCII classes of the 64 bytes at s, bit i for byte i: letters and
 * digits, digits, apostrophes, and bytes of 0x80 and over (never in the
 * other three). The word count and the clutter rules read a block's words
 * from these. */
struct wbrk_ascii {
	uint64_t alnum, digit, apos, high;
};
void wbrk_ascii_masks(const char *s, struct wbrk_ascii *m);

/* Breaks 64k..64k+63 of a text's break bits (bit i % 8 of byte i / 8 set
 * where a boundary precedes byte i; nbytes of them, for a text of len
 * bytes) as one number, break i at bit i % 64; none at 0 (a text's start
 * ends no segment) or at len or after (bits past len need not be 0).
 * Inline: the tokenisers walk every text's breaks this way. */
static inline uint64_t wbrk_bits_word(const uint8_t *bits, size_t nbytes,
                                      size_t len, size_t k)
{
	size_t off = 8 * k, n = nbytes - off < 8 ? nbytes - off : 8;
	uint64_t v = 0;

	if (n == 8) {
		memcpy(&v, bits + off, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		v = __builtin_bswap64(v);
#endif
	} else {
		for (size_t b = 0; b < n; b++)
			v |= (uint64_t)bits[off + b] << (8 * b);
	}
	if (k == 0)
		v &= ~(uint64_t)1;
	if (len - 64 * k < 64)
		v &= ((uint64_t)1 << (len - 64 * k)) - 1;
	return v;
}

#endif
