/* wbrk.h - word boundaries (Unicode Standard Annex #29) exactly as
 * libunistring's u8_wordbreaks gives them, computed without it for the
 * characters most text is made of. No ncurses. */
#ifndef KILDE_WBRK_H
#define KILDE_WBRK_H

#include <stddef.h>
#include <stdint.h>

/* The same bytes in p[0..n) as u8_wordbreaks(s, n, p): 1 where a word
 * boundary precedes s[i], else 0. Lines made only of characters of the
 * Basic Multilingual Plane whose word-break class needs no look-around
 * beyond two characters (no Extend, Format, ZWJ, regional indicators or
 * Katakana) are done here; any other line (and, from the first invalid
 * byte on, the rest of the text) is handed to libunistring. */
void wbrk_breaks(const char *s, size_t n, char *p);

/* Lines of s[0..n) that wbrk_breaks handed to libunistring: for the tests
 * and the fuzz harness, which must see both paths taken. */
size_t wbrk_fallback_lines(const char *s, size_t n);

#endif
