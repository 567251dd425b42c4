/* fuzz_config.c - libFuzzer harness for the configuration loader
 * (config.c): any bytes as a kilde.ini on top of the built-in defaults.
 * Nothing may crash, and every message (printed on stderr and in the
 * status bar) must be clean text: a key or section name in a hand-edited
 * file can carry escape sequences as well as an article can. Colours stay
 * in range and every action keeps a sane number of keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "kilde/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;

	config_init_builtin(&cfg);
	config_load_text(&cfg, "fuzz.ini", (const char *)data, size);

	for (size_t i = 0; i < cfg.nmessages; i++)
		fuzz_check_clean(cfg.messages[i], strlen(cfg.messages[i]),
		                 "config message");
	for (int i = 0; i < COLOR_ELEM_COUNT; i++) {
		const struct config_color_spec *c = &cfg.colors[i];

		FUZZ_ASSERT(c->fg >= -1 && c->fg <= 255 && c->bg >= -1 &&
		                    c->bg <= 255,
		            "colour %d is %d on %d", i, c->fg, c->bg);
	}
	for (int a = 0; a < ACT_COUNT; a++)
		FUZZ_ASSERT(cfg.keymap.nkeys[a] >= 0 &&
		                    cfg.keymap.nkeys[a] <= KEYS_MAX_PER_ACTION,
		            "action %d has %d keys", a, cfg.keymap.nkeys[a]);
	FUZZ_ASSERT(cfg.passage_words >= 2, "passage_words %d",
	            cfg.passage_words);
	config_free(&cfg);
	return 0;
}
