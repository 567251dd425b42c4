/* text.c - the text pipeline: detects the encoding of a file's bytes,
 * converts them to UTF-8, repairs invalid sequences, neutralises everything
 * a terminal could act on and normalises to NFC. Also converts clean text
 * for terminals whose charset is not UTF-8. All Unicode work is done by
 * libunistring; this file only decides what to do with each character. */
#include "kilde/text.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uniconv.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include "kilde/util.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BINARY_PROBE 8192
#define TAB_STOP 8

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

const char *text_encoding_name(enum text_encoding enc)
{
	switch (enc) {
	case TEXT_ENC_UTF8: return "UTF-8";
	case TEXT_ENC_UTF8_BOM: return "UTF-8 (BOM)";
	case TEXT_ENC_UTF16LE: return "UTF-16LE";
	case TEXT_ENC_UTF16BE: return "UTF-16BE";
	case TEXT_ENC_CP1252: return "Windows-1252";
	}
	return "?";
}

static bool has_utf16_bom(const uint8_t *buf, size_t len)
{
	return len >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) ||
	                    (buf[0] == 0xFE && buf[1] == 0xFF));
}

/* Control bytes that no text file has; tab, LF, CR and FF are normal. */
static bool is_odd_control(unsigned c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
	       c == 0x7F;
}

/* UTF-16 text is half NUL bytes, so it is judged by its code units. */
static bool utf16_is_binary(const uint8_t *buf, size_t len)
{
	bool le = buf[0] == 0xFF;
	size_t units = 0, odd = 0;

	for (size_t i = 2; i + 1 < len && i < BINARY_PROBE; i += 2) {
		unsigned u = le ? buf[i] | (unsigned)buf[i + 1] << 8 :
		                  (unsigned)buf[i] << 8 | buf[i + 1];
		if (u == 0)
			return true;
		units++;
		odd += u < 0x80 && is_odd_control(u);
	}
	return units > 0 && odd * 10 > units * 3;
}

#if defined(__SSE2__)
/* Of the sixteen bytes at s, those below 0x20 but a newline, and 0x7F
 * (-1 in each): the bytes the checks of every file read must look at.
 * A newline ends most lines: eight bytes a step, most steps held one. */
static inline __m128i controls16(const void *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)s);
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);

	return _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), low),
	                    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
}
#endif

bool text_is_binary(const uint8_t *buf, size_t len)
{
	size_t probe = len < BINARY_PROBE ? len : BINARY_PROBE, odd = 0;

	if (has_utf16_bom(buf, len))
		return utf16_is_binary(buf, len);
	if (memchr(buf, 0, probe))
		return true;
	/* Every file read comes here: eight bytes a step, and only a step
	 * holding a byte below 0x20 or 0x7F looks at its bytes one by one. */
	size_t i = 0;
#if defined(__SSE2__)
	for (; i + 16 <= probe; i += 16)
		if (_mm_movemask_epi8(controls16(buf + i)))
			for (size_t k = i; k < i + 16; k++)
				odd += is_odd_control(buf[k]);
#endif
	for (; i + 8 <= probe; i += 8) {
		uint64_t v, low, del;
		memcpy(&v, buf + i, 8);
		/* A byte's top bit is set in low when it is below 0x20 (and
		 * not 0x80 or above), in del when it is 0x7F. */
		low = (v - 0x2020202020202020ULL) & ~v & 0x8080808080808080ULL;
		del = ((v ^ 0x7f7f7f7f7f7f7f7fULL) - 0x0101010101010101ULL) & ~(v ^ 0x7f7f7f7f7f7f7f7fULL) &
		      0x8080808080808080ULL;
		if (low | del)
			for (size_t k = i; k < i + 8; k++)
				odd += is_odd_control(buf[k]);
	}
	for (; i < probe; i++)
		odd += is_odd_control(buf[i]);
	return probe > 0 && odd * 10 > probe * 3;
}

/* text_detect; *valid tells whether buf is valid UTF-8 throughout (then
 * the encoding is TEXT_ENC_UTF8), so that text_decode need not check it
 * again. */
bool text_utf8_valid(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint64_t v;
		uint8_t c = s[i], b1, b2;

		if (i + 8 <= n) {
			memcpy(&v, s + i, 8);
			v &= 0x8080808080808080ULL;
			if (!v) {
				i += 8;
				continue;
			}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* Straight to the first byte that is not ASCII,
			 * not a byte at a time and the eight again. */
			i += (size_t)__builtin_ctzll(v) / 8;
			c = s[i];
#endif
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c < 0xC2 || c > 0xF4 || i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
			return false;
		if (c <= 0xDF) {
			i += 2;
			continue;
		}
		b1 = s[i + 1];
		if (i + 2 >= n || (s[i + 2] & 0xC0) != 0x80)
			return false;
		if (c <= 0xEF) {
			/* E0 needs A0.. (shorter forms exist); ED stops
			 * before A0 (the surrogates). */
			if ((c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 >= 0xA0))
				return false;
			i += 3;
			continue;
		}
		b2 = s[i + 3 < n ? i + 3 : i];
		if (i + 3 >= n || (b2 & 0xC0) != 0x80 || (c == 0xF0 && b1 < 0x90) ||
		    (c == 0xF4 && b1 >= 0x90))
			return false;
		i += 4;
	}
	return true;
}

static enum text_encoding detect(const uint8_t *buf, size_t len, bool *valid)
{
	size_t multi = 0, bad = 0;
	bool in_bad = false;

	*valid = false;
	if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		return TEXT_ENC_UTF8_BOM;
	if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE)
		return TEXT_ENC_UTF16LE;
	if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF)
		return TEXT_ENC_UTF16BE;
	if (text_utf8_valid(buf, len)) {
		*valid = true;
		return TEXT_ENC_UTF8;
	}
	/* Damaged UTF-8 still has many valid multibyte sequences; a
	 * Windows-1252 file has almost none, since a Latin letter followed by
	 * ASCII is never valid UTF-8. So the majority decides, counting a run
	 * of bad bytes (one broken character) once. */
	for (size_t i = 0; i < len;) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, buf + i, len - i);
		if (k < 0) {
			bad += !in_bad;
			in_bad = true;
			i++;
		} else {
			multi += k > 1;
			in_bad = false;
			i += (size_t)k;
		}
	}
	return multi > 0 && multi >= bad ? TEXT_ENC_UTF8 : TEXT_ENC_CP1252;
}

enum text_encoding text_detect(const uint8_t *buf, size_t len)
{
	bool valid;

	return detect(buf, len, &valid);
}

int text_next_char(const char *s, size_t n, uint32_t *uc)
{
	ucs4_t c;
	int k;

	if (n == 0) {
		*uc = 0;
		return 0;
	}
	/* u8_mbtouc consumes the maximal invalid prefix and yields U+FFFD, so
	 * one bad byte never swallows the valid text after it. */
	k = u8_mbtouc(&c, (const uint8_t *)s, n);
	*uc = c;
	return k;
}

static void put_uc(struct strbuf *sb, ucs4_t uc)
{
	uint8_t tmp[6];
	int k = u8_uctomb(tmp, uc, sizeof(tmp));

	if (k > 0)
		sb_append(sb, (const char *)tmp, (size_t)k);
	else
		sb_puts(sb, REPLACEMENT);
}

/* UTF-8 in, valid UTF-8 out: each invalid sequence becomes one U+FFFD. */
static void repair_utf8(struct strbuf *sb, const uint8_t *s, size_t n)
{
	if (text_utf8_valid(s, n)) {
		sb_append(sb, (const char *)s, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int k = text_next_char((const char *)s + i, n - i, &uc);
		put_uc(sb, uc);
		i += (size_t)k;
	}
}

static void decode_utf16(struct strbuf *sb, const uint8_t *s, size_t n,
                         bool le)
{
	size_t nu = n / 2;
	uint16_t *u = util_xmalloc((nu ? nu : 1) * sizeof(*u));

	for (size_t i = 0; i < nu; i++)
		u[i] = le ? (uint16_t)(s[2 * i] | s[2 * i + 1] << 8) :
		            (uint16_t)(s[2 * i] << 8 | s[2 * i + 1]);
	/* u16_mbtouc turns unpaired surrogates into U+FFFD. */
	for (size_t i = 0; i < nu;) {
		ucs4_t uc;
		int k = u16_mbtouc(&uc, u + i, nu - i);
		put_uc(sb, uc);
		i += (size_t)(k > 0 ? k : 1);
	}
	if (n % 2)
		sb_puts(sb, REPLACEMENT);
	free(u);
}

/* Windows-1252 as a byte table, built once with libunistring's iconv
 * (pthread_once, so any thread may be first) and constant after.
 * The five bytes CP1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) fail to
 * convert and become U+FFFD; if the C library has no CP1252 at all, the
 * table falls back to ISO-8859-1, its subset for letters. */
static char cp1252[128][4];
static pthread_once_t cp1252_once = PTHREAD_ONCE_INIT;

static void cp1252_init(void)
{
	for (unsigned b = 0x80; b <= 0xFF; b++) {
		char in = (char)b;
		size_t l = 0;
		uint8_t *out = u8_conv_from_encoding("CP1252", iconveh_error,
		                                     &in, 1, NULL, NULL, &l);
		char *slot = cp1252[b - 0x80];
		if (out && l > 0 && l < 4) {
			memcpy(slot, out, l);
		} else if (!out && errno == EINVAL) {
			u8_uctomb((uint8_t *)slot, b, 3);
		} else {
			memcpy(slot, REPLACEMENT, 3);
		}
		free(out);
	}
}

static void decode_cp1252(struct strbuf *sb, const uint8_t *s, size_t n)
{
	pthread_once(&cp1252_once, cp1252_init);
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80)
			sb_putc(sb, (char)s[i]);
		else
			sb_puts(sb, cp1252[s[i] - 0x80]);
	}
}

static bool is_bidi_control(ucs4_t uc)
{
	return (uc >= 0x202A && uc <= 0x202E) || (uc >= 0x2066 && uc <= 0x2069) ||
	       uc == 0x200E || uc == 0x200F || uc == 0x061C;
}

/* Invisible characters that only confuse column arithmetic and search:
 * soft hyphen, zero width space, word joiner, BOM / ZWNBSP. */
static bool is_invisible(ucs4_t uc)
{
	return uc == 0x00AD || uc == 0x200B || uc == 0x2060 || uc == 0xFEFF;
}

const char *text_forbidden_char(uint32_t uc)
{
	if (uc < 0x20 && uc != '\n')
		return "C0 control";
	if (uc == 0x7F)
		return "DEL";
	if (uc >= 0x80 && uc <= 0x9F)
		return "C1 control";
	if (is_bidi_control(uc))
		return "bidi control";
	if (is_invisible(uc))
		return "invisible character";
	return NULL;
}

bool text_is_clean_line(const char *s, size_t n)
{
	if (!text_utf8_valid((const uint8_t *)s, n))
		return false;
	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int k;

		/* Printable ASCII, most of it, needs no decoding: this runs
		 * over every string of a 100,000-article cache before the
		 * first frame. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;
			continue;
		}
		k = u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);

		if (uc == '\n' || text_forbidden_char(uc))
			return false;
		i += (size_t)k;
	}
	return true;
}

static bool is_pictographic(ucs4_t uc)
{
	return uc_is_property_extended_pictographic(uc) ||
	       uc_is_property_emoji(uc);
}

struct sanitizer {
	struct strbuf out;
	int col;          /* display column within the current line, for tabs */
	bool pict;        /* the last base character emitted is a pictograph */
	bool needs_nfc;   /* emitted a character NFC might change */
};

/* Characters that are NFC and never compose with what precedes them
 * (NFC_Quick_Check = Yes, canonical combining class 0, no singleton
 * decomposition): text made only of these is NFC already, and running
 * u8_normalize over it, the slowest step of decoding, can be skipped. */
static bool nfc_stable(ucs4_t uc)
{
	return uc < 0x300 || (uc >= 0x2002 && uc <= 0x206F) ||
	       (uc >= 0x20A0 && uc <= 0x20BF) || (uc >= 0x2400 && uc <= 0x2426) ||
	       (uc >= 0x4E00 && uc <= 0x9FFF) || uc == 0xFFFD;
}

/* Emoji presentation selectors, skin tones and tags extend an emoji
 * without ending it, so a ZWJ after them still joins two pictographs. */
static bool is_emoji_extender(ucs4_t uc)
{
	return uc == 0xFE0E || uc == 0xFE0F || (uc >= 0x1F3FB && uc <= 0x1F3FF) ||
	       (uc >= 0xE0020 && uc <= 0xE007F);
}

static void emit(struct sanitizer *z, ucs4_t uc)
{
	int w;

	put_uc(&z->out, uc);
	z->needs_nfc |= !nfc_stable(uc);
	if (!is_emoji_extender(uc))
		z->pict = is_pictographic(uc) && uc != 0x200D;
	if (uc == '\n') {
		z->col = 0;
		return;
	}
	w = uc_width(uc, "UTF-8");
	z->col += w > 0 ? w : 0;
}

/* Decides what character uc becomes; next is the character after it (0 at
 * the end), needed for CRLF and for ZWJ between pictographs. */
static void sanitize_char(struct sanitizer *z, ucs4_t uc, ucs4_t next)
{
	if (uc == '\r') {
		if (next != '\n')
			emit(z, '\n');
	} else if (uc == '\n' || uc == 0x2028) {
		emit(z, '\n');
	} else if (uc == '\f' || uc == 0x2029) {
		/* A page or paragraph separator ends the paragraph. */
		emit(z, '\n');
		emit(z, '\n');
	} else if (uc == '\t') {
		do
			emit(z, ' ');
		while (z->col % TAB_STOP);
	} else if (uc < 0x20) {
		emit(z, 0x2400 + uc); /* Control Pictures: ESC shows as U+241B */
	} else if (uc == 0x7F) {
		emit(z, 0x2421);
	} else if (uc >= 0x80 && uc <= 0x9F) {
		emit(z, 0xFFFD);
	} else if (is_bidi_control(uc) || is_invisible(uc)) {
		/* dropped */
	} else if (uc == 0x200D) {
		/* A ZWJ joins emoji into one glyph; anywhere else it is an
		 * invisible character with no business in the text. */
		if (z->pict && is_pictographic(next))
			emit(z, uc);
	} else {
		emit(z, uc);
	}
}

static bool plain_ascii(char c)
{
	return c >= 0x20 && c < 0x7F;
}

/* Sanitises s; *needs_nfc (may be NULL) tells whether NFC could change
 * the result. */
static char *sanitize(const char *s, size_t len, size_t *out_len,
                      bool *needs_nfc)
{
	struct sanitizer z = {0};
	uint32_t uc, next;
	size_t i = 0;

	util_grow((void **)&z.out.s, &z.out.cap, len + 1, 1);
	while (i < len) {
		/* Most text is printable ASCII: copy runs of it at once,
		 * found eight bytes at a time (a step with a byte below 0x20,
		 * 0x7F or any byte from 0x80 up ends the fast scan). */
		size_t j = i;
		for (; j + 8 <= len; j += 8) {
			uint64_t v, low, del;
			memcpy(&v, s + j, 8);
			low = (v - 0x2020202020202020ULL) & ~v & 0x8080808080808080ULL;
			del = ((v ^ 0x7f7f7f7f7f7f7f7fULL) - 0x0101010101010101ULL) &
			      ~(v ^ 0x7f7f7f7f7f7f7f7fULL) & 0x8080808080808080ULL;
			if ((v & 0x8080808080808080ULL) | low | del)
				break;
		}
		while (j < len && plain_ascii(s[j]))
			j++;
		if (j > i) {
			sb_append(&z.out, s + i, j - i);
			z.col += (int)(j - i);
			z.pict = false;
			i = j;
			if (i == len)
				break;
		}
		/* A letter from U+00C0 to U+023F (lead byte C3 to C8: the
		 * Danish and other Latin letters) stays as it is: one column,
		 * not a pictograph, NFC as it stands. */
		if ((unsigned char)s[i] >= 0xC3 && (unsigned char)s[i] <= 0xC8 &&
		    i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			sb_append(&z.out, s + i, 2);
			z.col++;
			z.pict = false;
			i += 2;
			continue;
		}
		int k = text_next_char(s + i, len - i, &uc);
		j = i + (size_t)k;
		if (text_next_char(s + j, len - j, &next) == 0)
			next = 0;
		sanitize_char(&z, uc, next);
		i = j;
	}
	sb_append(&z.out, "", 0); /* NUL-terminates, also when empty */
	*out_len = z.out.len;
	if (needs_nfc)
		*needs_nfc = z.needs_nfc;
	return sb_take(&z.out);
}

char *text_sanitize(const char *s, size_t len, size_t *out_len)
{
	return sanitize(s, len, out_len, NULL);
}

/* NFC of valid UTF-8, as a NUL-terminated malloc'd string. */
static char *nfc(const char *s, size_t n, size_t *out_len)
{
	size_t l = 0;
	uint8_t *r;
	char *out;

	if (n == 0) {
		*out_len = 0;
		return util_xstrdup("");
	}
	r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &l);
	if (!r)
		util_die("normalisation failed: %s", strerror(errno));
	out = util_xmalloc(l + 1);
	memcpy(out, r, l);
	out[l] = '\0';
	free(r);
	*out_len = l;
	return out;
}

/* Whether s[0..len) is valid UTF-8 that sanitize and NFC leave exactly as
 * it is: no character sanitize_char changes or drops (a ZWJ, which it may
 * keep, counts as changed), none NFC might change. Most files are such
 * text; the scan is sanitize's without its copy, and it checks the UTF-8
 * as it goes, so such a file is looked at once, not twice (false: decode
 * it as always). A BOM is U+FEFF (invisible) or no UTF-8, so the encoding
 * is UTF-8 too. */
static bool clean_as_is(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint64_t v, low, del;
		uint32_t uc;
		int k;

#if defined(__SSE2__)
		/* Sixteen bytes a step, straight to the first byte that is
		 * not plain ASCII or a newline. */
		if (i + 16 <= len) {
			unsigned m = (unsigned)_mm_movemask_epi8(
			    _mm_or_si128(controls16(s + i),
			                 _mm_loadu_si128((const __m128i *)(const void *)(s + i))));
			if (!m) {
				i += 16;
				continue;
			}
			i += (size_t)__builtin_ctz(m);
		} else
#endif
		if (i + 8 <= len) {
			memcpy(&v, s + i, 8);
			low = (v - 0x2020202020202020ULL) & ~v & 0x8080808080808080ULL;
			del = ((v ^ 0x7f7f7f7f7f7f7f7fULL) - 0x0101010101010101ULL) &
			      ~(v ^ 0x7f7f7f7f7f7f7f7fULL) & 0x8080808080808080ULL;
			if (!((v & 0x8080808080808080ULL) | low | del)) {
				i += 8;
				continue;
			}
		}
		if (plain_ascii(s[i]) || s[i] == '\n') {
			i++;
			continue;
		}
		/* As in sanitize: U+00C0 to U+023F stay as they are. */
		if ((unsigned char)s[i] >= 0xC3 && (unsigned char)s[i] <= 0xC8 &&
		    i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		k = text_next_char(s + i, len - i, &uc);
		/* U+FFFD stands for invalid bytes too. */
		if (uc == 0xFFFD && (k != 3 || memcmp(s + i, REPLACEMENT, 3) != 0))
			return false;
		i += (size_t)k;
		if (uc < 0x20 || uc == 0x7F || (uc >= 0x80 && uc <= 0x9F) ||
		    uc == 0x2028 || uc == 0x2029 || uc == 0x200D ||
		    is_bidi_control(uc) || is_invisible(uc) || !nfc_stable(uc))
			return false;
	}
	return true;
}

/* text_decode once the encoding is known. */
static char *decode_as(const uint8_t *buf, size_t len, enum text_encoding e,
                       bool valid, size_t *out_len)
{
	struct strbuf u8 = {0};
	const char *in;
	size_t inlen;
	char *clean, *res;
	size_t clen;
	bool needs_nfc;

	switch (e) {
	case TEXT_ENC_UTF8:
		/* Valid UTF-8 (most files) is sanitised where it lies: no
		 * second check, no copy. */
		if (!valid)
			repair_utf8(&u8, buf, len);
		break;
	case TEXT_ENC_UTF8_BOM: repair_utf8(&u8, buf + 3, len - 3); break;
	case TEXT_ENC_UTF16LE: decode_utf16(&u8, buf + 2, len - 2, true); break;
	case TEXT_ENC_UTF16BE: decode_utf16(&u8, buf + 2, len - 2, false); break;
	case TEXT_ENC_CP1252: decode_cp1252(&u8, buf, len); break;
	}
	/* Sanitise before NFC: removing a soft hyphen or bidi mark can bring
	 * a letter and its combining mark together, which NFC then composes. */
	if (e == TEXT_ENC_UTF8 && valid) {
		in = len ? (const char *)buf : "";
		inlen = len;
	} else {
		in = u8.s ? u8.s : "";
		inlen = u8.len;
	}
	clean = sanitize(in, inlen, &clen, &needs_nfc);
	sb_free(&u8);
	if (!needs_nfc) {
		*out_len = clen;
		/* The buffer was reserved rounded up to a power of two (about
		 * 1.36x on average); a corpus keeps every text for its whole
		 * life, so give the slack back. */
		return util_xrealloc(clean, clen + 1);
	}
	res = nfc(clean, clen, out_len);
	free(clean);
	return res; /* nfc() allocates the exact size */
}

char *text_decode(const uint8_t *buf, size_t len, enum text_encoding *enc,
                  size_t *out_len)
{
	bool valid;
	enum text_encoding e = detect(buf, len, &valid);

	if (enc)
		*enc = e;
	return decode_as(buf, len, e, valid, out_len);
}

char *text_decode_take(uint8_t *buf, size_t len, enum text_encoding *enc,
                       size_t *out_len)
{
	bool valid;
	enum text_encoding e;
	char *res;

	if (clean_as_is((const char *)buf, len)) {
		if (enc)
			*enc = TEXT_ENC_UTF8;
		buf[len] = '\0';
		*out_len = len;
		/* Shrunk where it lies: a buffer grown by doubling can be
		 * twice the text, and a corpus may keep it for its life. */
		return util_xrealloc(buf, len + 1);
	}
	e = detect(buf, len, &valid);
	if (enc)
		*enc = e;
	res = decode_as(buf, len, e, valid, out_len);
	free(buf);
	return res;
}

/* ---- output for terminals that are not UTF-8 ------------------------ */

/* Danish letters have conventional ASCII spellings; NFKD would turn å into
 * a and lose æ and ø entirely. */
static const struct {
	ucs4_t uc;
	const char *ascii;
} translit_table[] = {
	{0x00E6, "ae"}, {0x00F8, "oe"}, {0x00E5, "aa"},
	{0x00C6, "AE"}, {0x00D8, "OE"}, {0x00C5, "AA"},
	{0x00DF, "ss"}, {0x0153, "oe"}, {0x0152, "OE"},
	{0x2018, "'"},  {0x2019, "'"},  {0x201A, ","},
	{0x201C, "\""}, {0x201D, "\""}, {0x201E, "\""},
	{0x2013, "-"},  {0x2014, "-"},  {0x2026, "..."},
	{0x00A0, " "},  {0x2022, "*"},  {0x00AB, "\""}, {0x00BB, "\""},
};

/* One converted character, cached per code point: converting character by
 * character opens an iconv descriptor each time. The one piece of mutable
 * state in the library that outlives a call, kept because a line drawn
 * for a non-UTF-8 terminal would otherwise open several descriptors per
 * character: a memo of a pure function of (code point, charset), so what
 * a caller gets never depends on it, and every access holds tcache_lock. */
#define TCACHE_SIZE 1024
struct tcache_slot {
	ucs4_t uc; /* 0 = empty */
	char rep[16];
};
static struct tcache_slot tcache[TCACHE_SIZE];
static char *tcache_charset;
static pthread_mutex_t tcache_lock = PTHREAD_MUTEX_INITIALIZER;

static bool converts(const char *u8, size_t n, const char *charset)
{
	size_t l = 0;
	char *r;

	if (n == 0)
		return false;
	r = u8_conv_to_encoding(charset, iconveh_error, (const uint8_t *)u8, n,
	                        NULL, NULL, &l);
	free(r);
	return r != NULL;
}

/* NFKD without combining marks: "é" -> "e", "ﬁ" -> "fi". */
static size_t strip_marks(ucs4_t uc, char *out, size_t cap)
{
	uint8_t in[6], *d;
	size_t dl = 0, o = 0;
	int k = u8_uctomb(in, uc, sizeof(in));

	d = u8_normalize(UNINORM_NFKD, in, (size_t)(k > 0 ? k : 0), NULL, &dl);
	for (size_t i = 0; d && i < dl;) {
		ucs4_t c;
		int n = u8_mbtouc(&c, d + i, dl - i);
		if (!uc_is_general_category(c, UC_CATEGORY_M) && o + (size_t)n < cap) {
			memcpy(out + o, d + i, (size_t)n);
			o += (size_t)n;
		}
		i += (size_t)n;
	}
	free(d);
	out[o] = '\0';
	return o;
}

/* What uc becomes in charset: itself, a transliteration, or "?". */
static void choose_rep(ucs4_t uc, const char *charset, char rep[16])
{
	uint8_t self[6];
	int k = u8_uctomb(self, uc, sizeof(self));
	char *tl, *r;
	size_t l = 0;

	if (k > 0 && converts((const char *)self, (size_t)k, charset)) {
		memcpy(rep, self, (size_t)k);
		rep[k] = '\0';
		return;
	}
	for (size_t i = 0; i < KILDE_ARRAY_LEN(translit_table); i++) {
		if (translit_table[i].uc == uc) {
			strcpy(rep, translit_table[i].ascii);
			return;
		}
	}
	if (strip_marks(uc, rep, 16) > 0 && converts(rep, strlen(rep), charset))
		return;
	tl = util_xasprintf("%s//TRANSLIT", charset);
	r = k > 0 ? u8_conv_to_encoding(tl, iconveh_error, self, (size_t)k,
	                                NULL, NULL, &l) : NULL;
	free(tl);
	/* The transliteration is in the target charset; keep it only if it
	 * is plain ASCII, which reads the same in UTF-8 and in the target. */
	strcpy(rep, "?");
	if (r && l > 0 && l < 16) {
		bool ascii = true;
		for (size_t i = 0; i < l; i++)
			ascii = ascii && (unsigned char)r[i] < 0x80 && r[i] != '?';
		if (ascii) {
			memcpy(rep, r, l);
			rep[l] = '\0';
		}
	}
	free(r);
}

static const char *cached_rep(ucs4_t uc, const char *charset)
{
	size_t h = (uc * 2654435761u) % TCACHE_SIZE;

	for (size_t probe = 0; probe < 8; probe++) {
		struct tcache_slot *s = &tcache[(h + probe) % TCACHE_SIZE];
		if (s->uc == uc)
			return s->rep;
		if (s->uc == 0) {
			choose_rep(uc, charset, s->rep);
			s->uc = uc;
			return s->rep;
		}
	}
	/* Neighbourhood full: overwrite the home slot. */
	tcache[h].uc = uc;
	choose_rep(uc, charset, tcache[h].rep);
	return tcache[h].rep;
}

/* Rewrites utf8 so that every character converts to charset. */
static char *make_convertible(const char *utf8, const char *charset)
{
	struct strbuf sb = {0};
	size_t n = strlen(utf8);

	pthread_mutex_lock(&tcache_lock);
	if (!tcache_charset || strcmp(tcache_charset, charset) != 0) {
		free(tcache_charset);
		tcache_charset = util_xstrdup(charset);
		memset(tcache, 0, sizeof(tcache));
	}
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int k = text_next_char(utf8 + i, n - i, &uc);
		if (uc < 0x80)
			sb_append(&sb, utf8 + i, (size_t)k);
		else
			sb_puts(&sb, cached_rep(uc, charset));
		i += (size_t)k;
	}
	pthread_mutex_unlock(&tcache_lock);
	return sb_take(&sb);
}

static bool is_utf8_name(const char *cs)
{
	return strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0;
}

char *text_to_charset(const char *utf8, const char *charset)
{
	size_t n = strlen(utf8), l = 0;
	char *r, *fixed, *out;

	if (!charset || !*charset || is_utf8_name(charset))
		return util_xstrdup(utf8);
	r = u8_conv_to_encoding(charset, iconveh_error, (const uint8_t *)utf8,
	                        n, NULL, NULL, &l);
	if (!r) {
		fixed = make_convertible(utf8, charset);
		r = u8_conv_to_encoding(charset, iconveh_question_mark,
		                        (const uint8_t *)fixed, strlen(fixed),
		                        NULL, NULL, &l);
		free(fixed);
	}
	if (!r) /* charset unknown to iconv: plain ASCII is the safe bet */
		return make_convertible(utf8, "ASCII");
	out = util_xmalloc(l + 1);
	memcpy(out, r, l);
	out[l] = '\0';
	free(r);
	return out;
}

char *text_clean_name(const char *name)
{
	size_t n;
	char *s = text_decode((const uint8_t *)name, strlen(name), NULL, &n);

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\t')
			s[i] = ' ';
	return s;
}
