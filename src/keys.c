/* keys.c - key names (for [keys] in kilde.ini and the help overlay), the
 * action table expanded from KILDE_ACTIONS, the default keymap and the
 * scope-aware lookup. Pure logic: no ncurses; ui.c maps curses key codes to
 * the KEY_K_* codes used here. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>
#include <uninorm.h>

#include "kilde/keys.h"
#include "kilde/util.h"

const struct keys_info keys_actions[ACT_COUNT] = {
#define KEYS_INFO(name, scope, keys, help) {#name, scope, keys, help},
	KILDE_ACTIONS(KEYS_INFO)
#undef KEYS_INFO
};

/* Named keys. The first entry for a code is its canonical name; the others
 * are accepted spellings. Hash, Semicolon and Equals exist because
 * iniparser cuts an unquoted value at ';' and '#'. */
static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{"Enter", KEY_K_ENTER},
	{"Return", KEY_K_ENTER},
	{"Tab", KEY_K_TAB},
	{"S-Tab", KEY_K_BTAB},
	{"BackTab", KEY_K_BTAB},
	{"Space", ' '},
	{"Backspace", KEY_K_BACKSPACE},
	{"BS", KEY_K_BACKSPACE},
	{"Esc", KEY_K_ESC},
	{"Escape", KEY_K_ESC},
	{"Up", KEY_K_UP},
	{"Down", KEY_K_DOWN},
	{"Left", KEY_K_LEFT},
	{"Right", KEY_K_RIGHT},
	{"PgUp", KEY_K_PGUP},
	{"PageUp", KEY_K_PGUP},
	{"PgDn", KEY_K_PGDN},
	{"PageDown", KEY_K_PGDN},
	{"Home", KEY_K_HOME},
	{"End", KEY_K_END},
	{"Delete", KEY_K_DELETE},
	{"Del", KEY_K_DELETE},
	{"Insert", KEY_K_INSERT},
	{"Ins", KEY_K_INSERT},
	{"Hash", '#'},
	{"Semicolon", ';'},
	{"Equals", '='},
};

/* A character that can be a key by itself: not a control and not a space
 * (which has its own name, so a list of names stays splittable). */
static bool plain_char(ucs4_t uc)
{
	return uc > 0x20 && uc != 0x7f && !(uc >= 0x80 && uc < 0xa0) &&
	       uc < 0x110000 && !(uc >= 0xd800 && uc < 0xe000);
}

/* "C-x", "Ctrl-x" or "^X" with an ASCII letter: the control code. */
static int parse_ctrl(const char *name)
{
	const char *rest = NULL;

	if (!strncasecmp(name, "C-", 2))
		rest = name + 2;
	else if (!strncasecmp(name, "Ctrl-", 5))
		rest = name + 5;
	else if (name[0] == '^')
		rest = name + 1;
	if (!rest || rest[0] == '\0' || rest[1] != '\0')
		return -1;
	char c = rest[0];
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if (c < 'a' || c > 'z')
		return -1;
	return KEY_K_CTRL(c);
}

/* One character, decoded with libunistring and composed to NFC so that a
 * decomposed "ø" in the file matches the key the terminal sends. */
static int parse_char(const char *name)
{
	size_t n = strlen(name);
	size_t outlen = 0;
	uint8_t *nfc;
	ucs4_t uc;
	int len, key = -1;

	if (u8_check((const uint8_t *)name, n))
		return -1;
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)name, n, NULL, &outlen);
	if (!nfc)
		return -1;
	len = u8_mbtouc(&uc, nfc, outlen);
	if (len > 0 && (size_t)len == outlen && plain_char(uc))
		key = (int)uc;
	free(nfc);
	return key;
}

/* "U+00F8": any code point by number, for keys with no printable name. */
static int parse_codepoint(const char *name)
{
	char *end;
	unsigned long v;

	if (strncasecmp(name, "U+", 2) || !name[2])
		return -1;
	for (const char *p = name + 2; *p; p++)
		if (!strchr("0123456789abcdefABCDEF", *p))
			return -1;
	v = strtoul(name + 2, &end, 16);
	if (*end || v == 0 || v >= 0x110000 || (v >= 0xd800 && v < 0xe000))
		return -1;
	return (int)v;
}

int keys_parse(const char *name)
{
	int key;

	if (!name || !*name)
		return -1;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(named_keys); i++)
		if (!strcasecmp(name, named_keys[i].name))
			return named_keys[i].key;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (!*end && n >= 1 && n <= 12 && name[1] != '0')
			return KEY_K_F0 + (int)n;
		return -1;
	}
	if ((key = parse_ctrl(name)) >= 0)
		return key;
	if ((key = parse_codepoint(name)) >= 0)
		return key;
	return parse_char(name);
}

static bool is_nfc(const uint8_t *s, size_t n)
{
	size_t outlen = 0;
	uint8_t *nfc = u8_normalize(UNINORM_NFC, s, n, NULL, &outlen);
	bool same = nfc && outlen == n && !memcmp(nfc, s, n);

	free(nfc);
	return same;
}

const char *keys_name(int key, char *buf, size_t bufsz)
{
	uint8_t u8[6];
	int len;

	if (!bufsz)
		return buf;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(named_keys); i++)
		if (named_keys[i].key == key) {
			snprintf(buf, bufsz, "%s", named_keys[i].name);
			return buf;
		}
	if (key > KEY_K_F0 && key <= KEY_K_F0 + 12) {
		snprintf(buf, bufsz, "F%d", key - KEY_K_F0);
		return buf;
	}
	if (key >= 1 && key <= 26) {
		snprintf(buf, bufsz, "C-%c", 'a' + key - 1);
		return buf;
	}
	/* The character itself, unless NFC would turn it into another one
	 * (U+0340 becomes U+0300): then only "U+0340" reads back as it. */
	if (key > 0 && key < 0x110000 && plain_char((ucs4_t)key) &&
	    (len = u8_uctomb(u8, (ucs4_t)key, sizeof(u8))) > 0 &&
	    is_nfc(u8, (size_t)len)) {
		snprintf(buf, bufsz, "%.*s", len, (const char *)u8);
		return buf;
	}
	if (key > 0 && key < 0x110000)
		snprintf(buf, bufsz, "U+%04X", (unsigned)key);
	else
		snprintf(buf, bufsz, "<%d>", key);
	return buf;
}

int keys_parse_list(const char *s, int *out, int max, const char **bad,
                    size_t *badlen)
{
	int n = 0;
	char name[64];

	while (*s) {
		size_t len;
		int key;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		len = strcspn(s, " \t");
		key = -1;
		if (len < sizeof(name)) {
			memcpy(name, s, len);
			name[len] = '\0';
			key = keys_parse(name);
		}
		if (key < 0) {
			if (bad)
				*bad = s;
			if (badlen)
				*badlen = len;
			return -1;
		}
		bool dup = false;
		for (int i = 0; i < n; i++)
			dup = dup || out[i] == key;
		if (!dup) {
			if (n == max)
				return -2;
			out[n++] = key;
		}
		s += len;
	}
	return n;
}

void keys_default(struct keymap *km)
{
	memset(km, 0, sizeof(*km));
	for (int a = 0; a < ACT_COUNT; a++) {
		int n = keys_parse_list(keys_actions[a].defaults, km->keys[a],
		                        KEYS_MAX_PER_ACTION, NULL, NULL);
		/* The table is checked by test_keys.c; a bad entry binds
		 * nothing rather than half the list. */
		km->nkeys[a] = n > 0 ? n : 0;
	}
}

static enum keys_action lookup_in(const struct keymap *km,
                                  enum keys_scope scope, int key)
{
	for (int a = 0; a < ACT_COUNT; a++) {
		if (keys_actions[a].scope != scope)
			continue;
		for (int i = 0; i < km->nkeys[a]; i++)
			if (km->keys[a][i] == key)
				return (enum keys_action)a;
	}
	return ACT_NONE;
}

enum keys_action keys_lookup(const struct keymap *km, enum keys_scope scope,
                             int key)
{
	enum keys_action act = ACT_NONE;

	if (scope != SCOPE_GLOBAL)
		act = lookup_in(km, scope, key);
	if (act == ACT_NONE)
		act = lookup_in(km, SCOPE_GLOBAL, key);
	return act;
}

const char *keys_binding_names(const struct keymap *km,
                               enum keys_action action, char *buf,
                               size_t bufsz)
{
	size_t used = 0;
	char name[32];

	if (!bufsz)
		return buf;
	buf[0] = '\0';
	if (action < 0 || action >= ACT_COUNT)
		return buf;
	for (int i = 0; i < km->nkeys[action]; i++) {
		int w = snprintf(buf + used, bufsz - used, "%s%s", i ? " " : "",
		                 keys_name(km->keys[action][i], name, sizeof(name)));
		if (w < 0 || (size_t)w >= bufsz - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

enum keys_action keys_action_by_name(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (!strcmp(keys_actions[i].name, name))
			return (enum keys_action)i;
	return ACT_NONE;
}
