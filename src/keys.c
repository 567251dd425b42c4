/* keys.c - STUB: replaced by key names and the keymap. */
#include "kilde/keys.h"
#include <stdio.h>
#include <string.h>
const struct keys_info keys_actions[ACT_COUNT] = {
#define KEYS_INFO(name, scope, keys, help) {#name, scope, keys, help},
	KILDE_ACTIONS(KEYS_INFO)
#undef KEYS_INFO
};
int keys_parse(const char *name) { return strlen(name) == 1 ? (unsigned char)name[0] : -1; }
const char *keys_name(int key, char *buf, size_t bufsz) { snprintf(buf, bufsz, "%c", key); return buf; }
void keys_default(struct keymap *km) { memset(km, 0, sizeof(*km)); }
enum keys_action keys_lookup(const struct keymap *km, enum keys_scope scope, int key) { (void)km; (void)scope; (void)key; return ACT_NONE; }
enum keys_action keys_action_by_name(const char *name) { for (int i = 0; i < ACT_COUNT; i++) if (!strcmp(keys_actions[i].name, name)) return (enum keys_action)i; return ACT_NONE; }
