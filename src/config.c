/* config.c - STUB: replaced by the iniparser-based loader. */
#include "kilde/config.h"
#include "kilde/util.h"
#include <stdlib.h>
#include <string.h>
void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->corpus_path = util_xstrdup("");
	cfg->mouse = true; cfg->color = -1; cfg->list_width = 40; cfg->info_width = 30;
	cfg->passage_words = 8; cfg->common_share = 50;
	cfg->company_suffixes = util_xstrdup("Ltd.|Inc.|A/S|ApS|plc");
	keys_default(&cfg->keymap);
}
int config_load_file(struct config *cfg, const char *path) { (void)cfg; (void)path; return -1; }
int config_load_all(struct config *cfg, const char *extra) { (void)cfg; return extra ? 2 : 0; }
int config_parse_color(const char *s, struct config_color_spec *out) { (void)s; *out = (struct config_color_spec){-1, -1, 0}; return 0; }
void config_free(struct config *cfg) { free(cfg->corpus_path); free(cfg->company_suffixes); }
