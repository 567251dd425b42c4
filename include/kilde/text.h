/* text.h - the text pipeline: raw file bytes in, clean text out.
 *
 * Clean text is UTF-8 in NFC, with LF line ends, tabs expanded to the next
 * multiple of 8 columns, and nothing that a terminal could act on: C0
 * controls (except LF), DEL, C1 controls and the bidi embedding, override and
 * isolate characters are replaced by visible symbols or removed (see
 * text_sanitize). Invalid input becomes U+FFFD and decoding goes on.
 *
 * What text_sanitize does with each troublesome character:
 *   CR LF, lone CR, U+2028      -> LF
 *   tab                         -> spaces to the next multiple of 8 columns
 *   form feed (FF), U+2029      -> a paragraph break (two LFs)
 *   other C0 controls, incl. ESC and BEL -> the visible Control Picture
 *                                  U+2400 + c (ESC shows as U+241B)
 *   DEL                         -> U+2421
 *   C1 controls U+0080..U+009F  -> U+FFFD
 *   bidi embeddings, overrides, isolates and marks (U+202A..U+202E,
 *   U+2066..U+2069, U+200E, U+200F, U+061C) -> removed
 *   soft hyphen U+00AD, U+200B, U+2060, U+FEFF -> removed
 *   ZWJ U+200D                  -> kept only between two pictographs (emoji
 *                                  sequences), else removed
 * So an escape sequence such as ESC ] 0 ; title BEL reaches the screen as
 * the harmless text "␛]0;title␇".
 * No ncurses here. */
#ifndef KILDE_TEXT_H
#define KILDE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum text_encoding {
	TEXT_ENC_UTF8,
	TEXT_ENC_UTF8_BOM,
	TEXT_ENC_UTF16LE,
	TEXT_ENC_UTF16BE,
	TEXT_ENC_CP1252,
};

/* "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "Windows-1252". */
const char *text_encoding_name(enum text_encoding enc);

/* True when the bytes are not text: a NUL byte in the first 8 KiB (unless a
 * UTF-16 BOM explains it), or mostly control bytes. */
bool text_is_binary(const uint8_t *buf, size_t len);

/* Guesses the encoding: BOMs first, then valid UTF-8, else Windows-1252. */
enum text_encoding text_detect(const uint8_t *buf, size_t len);

/* Full pipeline. Returns a malloc'd NUL-terminated string (never NULL) and
 * its length in *out_len; *enc (may be NULL) receives the encoding used. */
char *text_decode(const uint8_t *buf, size_t len, enum text_encoding *enc,
                  size_t *out_len);

/* text_decode of a malloc'd buffer it takes over (with room for len + 1
 * bytes): the same text, in the buffer itself when the bytes are valid
 * UTF-8 that decoding leaves as they are (most files: no copy), else in a
 * new string, the buffer freed. */
char *text_decode_take(uint8_t *buf, size_t len, enum text_encoding *enc,
                       size_t *out_len);

/* The last step of text_decode on its own, for text that is already valid
 * UTF-8 (used by tests and by anything that builds text from other text):
 * newline normalisation, tab expansion, control neutralising. Returns a
 * malloc'd string. */
char *text_sanitize(const char *s, size_t len, size_t *out_len);

/* A file name (any bytes) made safe to print on one line: decoded like
 * file contents, controls neutralised, newlines and tabs turned into
 * spaces. Returns a malloc'd string. Names are shown, never trusted. */
char *text_clean_name(const char *name);

/* Why the code point uc must never reach the terminal from clean text, or
 * NULL if it may: a C0 control other than LF (a tab too: clean text has
 * them expanded), DEL, a C1 control, a bidi embedding, override, isolate
 * or mark, or an invisible character (soft hyphen, U+200B, U+2060,
 * U+FEFF). text_sanitize removes or replaces each of them, and it is the
 * one rule the fuzzers and the hostile suite hold kilde's output to. */
const char *text_forbidden_char(uint32_t uc);

/* Whether s[0..n) could have come out of text_clean_name (or a title,
 * source or term of clean text): valid UTF-8, one line (no LF) and no
 * character text_forbidden_char forbids. What kilde reads back from its cache must pass
 * this before it can reach the screen: the cache is a file anyone with
 * the user's rights can write. */
bool text_is_clean_line(const char *s, size_t n);

/* Whether s[0..n) is well-formed UTF-8 (no overlong form, surrogate or
 * code point above U+10FFFF), as u8_check says, but passing over ASCII
 * eight bytes at a time: every file read is checked, most of it ASCII. */
bool text_utf8_valid(const uint8_t *s, size_t n);

/* Decodes one UTF-8 character at s (at most n bytes). Returns its length
 * (>= 1) and stores the code point, or U+FFFD for an invalid sequence
 * (which consumes only its maximal invalid prefix). Returns 0 when n is 0. */
int text_next_char(const char *s, size_t n, uint32_t *uc);

/* Converts clean UTF-8 to charset (the terminal's locale charset) for a
 * terminal that is not UTF-8. Characters the charset lacks are
 * transliterated readably: Danish letters as ae/oe/aa/AE/OE/AA, others by
 * dropping accents (NFKD) or iconv's //TRANSLIT, else "?"; never mojibake.
 * Returns a malloc'd string (UTF-8 input is copied when charset is UTF-8). */
char *text_to_charset(const char *utf8, const char *charset);

#endif
