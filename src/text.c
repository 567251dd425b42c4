/* text.c - STUB: replaced by the text pipeline. */
#include "kilde/text.h"
#include "kilde/util.h"
#include <string.h>
const char *text_encoding_name(enum text_encoding enc) { (void)enc; return "UTF-8"; }
bool text_is_binary(const uint8_t *buf, size_t len) { return memchr(buf, 0, len) != NULL; }
enum text_encoding text_detect(const uint8_t *buf, size_t len) { (void)buf; (void)len; return TEXT_ENC_UTF8; }
char *text_sanitize(const char *s, size_t len, size_t *out_len) { *out_len = len; return util_xstrndup(s, len); }
char *text_decode(const uint8_t *buf, size_t len, enum text_encoding *enc, size_t *out_len)
{ if (enc) *enc = TEXT_ENC_UTF8; return text_sanitize((const char *)buf, len, out_len); }
int text_next_char(const char *s, size_t n, uint32_t *uc) { (void)n; *uc = (unsigned char)*s; return 1; }
