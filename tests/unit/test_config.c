/* test_config.c - the configuration loader: config/kilde.ini equals the
 * compiled-in tables, good files apply, every malformed case gives exactly
 * one message naming file, line and key while the default stays, files
 * layer system -> XDG -> --config, and [aliases] lines override by id. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "kilde/config.h"
#include "kilde/util.h"
#include "kilde/xref.h"

static char tmpdir[] = "/tmp/kilde-test-config-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	/* Nothing from the machine running the tests may leak in. */
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CONFIG_HOME");
	return 0;
}

static int teardown(void **state)
{
	char *cmd = util_xasprintf("rm -rf '%s'", tmpdir);
	(void)state;
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Writes text to tmpdir/name (creating folders) and returns the path. */
static char *write_file(const char *name, const char *text)
{
	char *path = util_xasprintf("%s/%s", tmpdir, name);
	char *dir = util_xstrdup(path);
	FILE *f;

	*strrchr(dir, '/') = '\0';
	assert_int_equal(util_mkdirs(dir), 0);
	free(dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Whether a and b hold the same settings (not messages or files). */
static bool same_settings(const struct config *a, const struct config *b,
                          char *why, size_t whysz)
{
#define DIFF(cond, what) \
	do { if (cond) { snprintf(why, whysz, "%s", what); return false; } } while (0)
	DIFF(strcmp(a->corpus_path, b->corpus_path), "corpus path");
	DIFF(a->mouse != b->mouse, "mouse");
	DIFF(a->color != b->color, "color");
	DIFF(a->layout != b->layout, "layout");
	DIFF(a->list_width != b->list_width, "list_width");
	DIFF(a->info_width != b->info_width, "info_width");
	DIFF(a->wrap_width != b->wrap_width, "wrap_width");
	DIFF(a->ascii != b->ascii, "ascii");
	DIFF(a->passage_words != b->passage_words, "passage_words");
	DIFF(a->common_share != b->common_share, "common_share");
	DIFF(strcmp(a->company_suffixes, b->company_suffixes), "company_suffixes");
	for (int e = 0; e < COLOR_ELEM_COUNT; e++) {
		const struct config_color_spec *x = &a->colors[e], *y = &b->colors[e];
		if (x->fg != y->fg || x->bg != y->bg || x->attr != y->attr) {
			snprintf(why, whysz, "colour %s", config_colors[e].name);
			return false;
		}
	}
	for (int k = 0; k < ACT_COUNT; k++) {
		bool same = a->keymap.nkeys[k] == b->keymap.nkeys[k];
		for (int i = 0; same && i < a->keymap.nkeys[k]; i++)
			same = a->keymap.keys[k][i] == b->keymap.keys[k][i];
		if (!same) {
			snprintf(why, whysz, "keys of %s", keys_actions[k].name);
			return false;
		}
	}
	/* [aliases] has no C table: the shipped alias list lives only in the
	 * file (see test_alias.c), so it is not compared here. */
	return true;
#undef DIFF
}

static void assert_same(const struct config *a, const struct config *b)
{
	char why[128];
	if (!same_settings(a, b, why, sizeof(why)))
		fail_msg("settings differ: %s", why);
}

static void dump_messages(const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nmessages; i++)
		print_message("message: %s\n", cfg->messages[i]);
}

/* The compiled-in file adds nothing to the tables and reports nothing. */
static void test_builtin_equals_tables(void **state)
{
	struct config tables, full;
	(void)state;
	config_init_builtin(&tables);
	config_init(&full);
	dump_messages(&full);
	assert_int_equal(full.nmessages, 0);
	assert_same(&tables, &full);
	for (int e = 0; e < COLOR_ELEM_COUNT; e++)
		assert_false(full.color_set[e]);
	config_free(&tables);
	config_free(&full);
}

/* Parsing config/kilde.ini over a scrambled configuration gives back
 * exactly the table defaults: the file sets every key and colour. */
static void test_file_equals_tables(void **state)
{
	struct config tables, cfg;
	(void)state;
	config_init_builtin(&tables);
	config_init_builtin(&cfg);
	memset(&cfg.keymap, 0, sizeof(cfg.keymap));
	for (int e = 0; e < COLOR_ELEM_COUNT; e++)
		cfg.colors[e] = (struct config_color_spec){3, 3, CONFIG_ATTR_ITALIC};
	cfg.mouse = false;
	cfg.color = 1;
	cfg.layout = LAYOUT_TALL;
	cfg.list_width = cfg.info_width = cfg.wrap_width = 77;
	cfg.ascii = true;
	cfg.passage_words = cfg.common_share = 77;
	free(cfg.company_suffixes);
	cfg.company_suffixes = util_xstrdup("x");
	free(cfg.corpus_path);
	cfg.corpus_path = util_xstrdup("x");
	assert_int_equal(config_load_file(&cfg, SRC_PATH("config/kilde.ini")), 0);
	dump_messages(&cfg);
	assert_int_equal(cfg.nmessages, 0);
	assert_int_equal(cfg.nfiles, 1);
	assert_same(&tables, &cfg);
	for (int e = 0; e < COLOR_ELEM_COUNT; e++)
		assert_true(cfg.color_set[e]);
	config_free(&tables);
	config_free(&cfg);
}

/* The embedded array is the file, byte for byte. */
static void test_embedded_is_file(void **state)
{
	uint8_t *data;
	size_t len;
	(void)state;
	assert_int_equal(util_read_file(SRC_PATH("config/kilde.ini"), 0, &data, &len), 0);
	assert_int_equal(strlen(config_default_ini), len);
	assert_memory_equal(config_default_ini, data, len);
	free(data);
}

static void test_parse_color(void **state)
{
	struct config_color_spec c = {5, 5, 0};
	(void)state;
	assert_int_equal(config_parse_color("brightred 17 bold underline", &c), 0);
	assert_int_equal(c.fg, 9);
	assert_int_equal(c.bg, 17);
	assert_int_equal(c.attr, CONFIG_ATTR_BOLD | CONFIG_ATTR_UNDERLINE);
	assert_int_equal(config_parse_color("  Default\tdefault  ", &c), 0);
	assert_int_equal(c.fg, -1);
	assert_int_equal(c.bg, -1);
	assert_int_equal(c.attr, 0);
	assert_int_equal(config_parse_color("bright-white 255 reverse dim "
	                                    "standout italic", &c), 0);
	assert_int_equal(c.fg, 15);
	assert_int_equal(c.bg, 255);
	assert_int_equal(c.attr, CONFIG_ATTR_REVERSE | CONFIG_ATTR_DIM |
	                 CONFIG_ATTR_STANDOUT | CONFIG_ATTR_ITALIC);
	assert_int_equal(config_parse_color("black yellow", &c), 0);
	assert_int_equal(c.fg, 0);
	assert_int_equal(c.bg, 3);
	static const char *const bad[] = {
		"", "red", "purpel blue", "red 256", "red -1", "red blue blink",
		"brightpurple red", "bright red", "0x10 red", "red 1000",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		c = (struct config_color_spec){5, 6, 7};
		if (config_parse_color(bad[i], &c) != -1)
			fail_msg("'%s' accepted as a colour", bad[i]);
		assert_int_equal(c.fg, 5);
		assert_int_equal(c.bg, 6);
		assert_int_equal(c.attr, 7);
	}
}

static void test_good_file(void **state)
{
	struct config cfg;
	char *path = write_file("good.ini",
		"; a comment\n"
		"[corpus]\npath = ~/news\n"
		"[UI]\nMouse = off\ncolor = never\nlayout = tall\n"
		"list_width = 50\ninfo_width = 24\nwrap_width = 72\nascii = yes\n"
		"[xref]\npassage_words = 6\ncommon_share = 40\n"
		"company_suffixes = AG|GmbH\n"
		"[colors]\ntitle_bar = brightyellow 236 bold  # comment\n"
		"[keys]\nquit = x\nhelp = \"#\"\nredraw = Semicolon\n"
		"top = ø Home\nback =\n");
	char *news = util_xasprintf("%s/news", tmpdir);
	(void)state;
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	dump_messages(&cfg);
	assert_int_equal(cfg.nmessages, 0);
	assert_string_equal(cfg.corpus_path, news);
	assert_false(cfg.mouse);
	assert_int_equal(cfg.color, 0);
	assert_int_equal(cfg.layout, LAYOUT_TALL);
	assert_int_equal(cfg.list_width, 50);
	assert_int_equal(cfg.info_width, 24);
	assert_int_equal(cfg.wrap_width, 72);
	assert_true(cfg.ascii);
	assert_int_equal(cfg.passage_words, 6);
	assert_int_equal(cfg.common_share, 40);
	assert_string_equal(cfg.company_suffixes, "AG|GmbH");
	assert_int_equal(cfg.colors[COLOR_ELEM_title_bar].fg, 11);
	assert_int_equal(cfg.colors[COLOR_ELEM_title_bar].bg, 236);
	assert_int_equal(cfg.colors[COLOR_ELEM_title_bar].attr, CONFIG_ATTR_BOLD);
	assert_true(cfg.color_set[COLOR_ELEM_title_bar]);
	assert_false(cfg.color_set[COLOR_ELEM_status]);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'x'), ACT_quit);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'q'), ACT_NONE);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, '#'), ACT_help);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, '?'), ACT_NONE);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, ';'), ACT_redraw);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 0xf8), ACT_top);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, KEY_K_HOME), ACT_top);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'g'), ACT_NONE);
	assert_int_equal(cfg.keymap.nkeys[ACT_back], 0);
	assert_int_equal(cfg.nfiles, 1);
	assert_string_equal(cfg.files[0], "~/good.ini");
	config_free(&cfg);
	free(path);
	free(news);
}

/* Each case: one malformed file, the one message it must give (with the
 * file's name in front), and the whole configuration stays the default. */
static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		const char *msg; /* after "~/bad.ini" */
	} cases[] = {
		{"[ui]\nmouse = maybe\n", ":2: [ui] mouse: not a boolean: 'maybe'"},
		{"[ui]\nlist_width = abc\n", ":2: [ui] list_width: not a number: 'abc'"},
		{"[ui]\nlist_width = 12x\n", ":2: [ui] list_width: not a number: '12x'"},
		{"[ui]\n\nlist_width = 95\n", ":3: [ui] list_width: 95 is out of range (10 to 90)"},
		{"[ui]\ninfo_width = -5\n", ":2: [ui] info_width: -5 is out of range"},
		{"[ui]\nwrap_width = 99999999999999999999\n", ":2: [ui] wrap_width: not a number"},
		{"[xref]\npassage_words = 1\n", ":2: [xref] passage_words: 1 is out of range (2 to 100)"},
		{"[xref]\ncommon_share = 101\n", ":2: [xref] common_share: 101 is out of range"},
		{"[ui]\ncolor = sometimes\n", ":2: [ui] color: unknown value 'sometimes' (use auto, always or never)"},
		{"[ui]\nlayout = diagonal\n", ":2: [ui] layout: unknown value 'diagonal' (use auto, wide or tall)"},
		{"[ui]\nfrobnicate = 1\n", ":2: [ui] frobnicate: unknown key"},
		{"[corpus]\nfolder = x\n", ":2: [corpus] folder: unknown key"},
		{"[bogus]\nx = 1\n", ":1: [bogus] unknown section"},
		{"[ui]\n[Colours]\n", ":2: [colours] unknown section"},
		{"[colors]\ntitle_bar = purpel blue\n", ":2: [colors] title_bar: unknown colour 'purpel'"},
		{"[colors]\ntitle_bar = red 300\n", ":2: [colors] title_bar: unknown colour '300'"},
		{"[colors]\ntitle_bar = red blue blink\n", ":2: [colors] title_bar: unknown attribute 'blink'"},
		{"[colors]\ntitle_bar = red\n", ":2: [colors] title_bar: expected"},
		{"[colors]\ntitle = red blue\n", ":2: [colors] title: unknown element"},
		{"[keys]\nquit = q Ctrl-ø\n", ":2: [keys] quit: bad key name 'Ctrl-ø'"},
		{"[keys]\nquit = q F13\n", ":2: [keys] quit: bad key name 'F13'"},
		{"[keys]\nfly = x\n", ":2: [keys] fly: unknown action"},
		{"[keys]\nquit = a b c d e f g h i\n", ":2: [keys] quit: more than 8 keys"},
		{"x = 1\n[ui]\n", ":1: x: key outside any section; ignored"},
		{"[ui]\nthis is not ini\n", ":2: syntax error"},
		{"[ui]\n[unclosed\n", ":2: syntax error"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config def, cfg;
		char *path = write_file("bad.ini", cases[i].text);
		char *want = util_xasprintf("~/bad.ini%s", cases[i].msg);
		char why[128];

		config_init(&def);
		config_init(&cfg);
		assert_int_equal(config_load_file(&cfg, path), 0);
		if (cfg.nmessages != 1) {
			dump_messages(&cfg);
			fail_msg("case %zu: %zu messages", i, cfg.nmessages);
		}
		if (strncmp(cfg.messages[0], want, strlen(want)))
			fail_msg("case %zu: got '%s', want '%s...'", i,
			         cfg.messages[0], want);
		if (!same_settings(&def, &cfg, why, sizeof(why)))
			fail_msg("case %zu: %s changed", i, why);
		config_free(&def);
		config_free(&cfg);
		free(path);
		free(want);
	}
}

/* One bad line costs only that line; the rest of the file applies. */
static void test_syntax_error_keeps_rest(void **state)
{
	struct config cfg;
	char *path = write_file("syntax.ini",
		"[ui]\nlist_width = 50\nbroken line\ninfo_width = 20\n"
		"[keys]\nquit = x\n");
	(void)state;
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	assert_int_equal(cfg.nmessages, 1);
	assert_non_null(strstr(cfg.messages[0], "~/syntax.ini:3: syntax error"));
	assert_int_equal(cfg.list_width, 50);
	assert_int_equal(cfg.info_width, 20);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'x'), ACT_quit);
	config_free(&cfg);
	free(path);

	/* iniparser stops at a line over its buffer; the rest still counts. */
	struct strbuf sb = {0};
	sb_puts(&sb, "[ui]\nwrap_width = ");
	for (int i = 0; i < 2000; i++)
		sb_putc(&sb, '7');
	sb_puts(&sb, "\nlist_width = 60\n");
	path = write_file("long.ini", sb.s);
	sb_free(&sb);
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	assert_int_equal(cfg.nmessages, 1);
	assert_non_null(strstr(cfg.messages[0], "~/long.ini:2: line too long (over 1022 bytes)"));
	assert_int_equal(cfg.list_width, 60);
	assert_int_equal(cfg.wrap_width, 0);
	config_free(&cfg);
	free(path);
}

/* The longest line iniparser takes is 1022 bytes; CRLF files work. */
static void test_line_limit_and_crlf(void **state)
{
	struct config cfg;
	struct strbuf sb = {0};
	char *path;
	(void)state;
	sb_puts(&sb, "[ui]\r\ncompany_suffixes_x = 1\r\n");
	sb_puts(&sb, "[xref]\r\ncompany_suffixes = ");
	while (sb.len - strlen("[ui]\r\ncompany_suffixes_x = 1\r\n[xref]\r\n") < 1021)
		sb_putc(&sb, 'A');
	sb_puts(&sb, "\r\n[ui]\r\nlist_width = 44\r\n");
	path = write_file("limit.ini", sb.s);
	sb_free(&sb);
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	dump_messages(&cfg);
	assert_int_equal(cfg.nmessages, 1);
	assert_non_null(strstr(cfg.messages[0], "~/limit.ini:2: [ui] company_suffixes_x: unknown key"));
	/* 1022 bytes with the CR: 1002 letters after "company_suffixes = ". */
	assert_int_equal(strlen(cfg.company_suffixes), 1002);
	assert_int_equal(cfg.list_width, 44);
	config_free(&cfg);
	free(path);
}

/* A file of garbage gives a bounded number of messages. */
static void test_garbage_is_bounded(void **state)
{
	struct config cfg, def;
	struct strbuf sb = {0};
	(void)state;
	for (int i = 0; i < 200; i++)
		sb_puts(&sb, "\x01\x02 garbage \xff\xfe\n");
	char *path = write_file("garbage.ini", sb.s);
	sb_free(&sb);
	config_init(&def);
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	assert_int_equal(cfg.nmessages, 31);
	assert_non_null(strstr(cfg.messages[30], "more problems not shown"));
	assert_same(&def, &cfg);
	config_free(&cfg);
	config_free(&def);
	free(path);
}

/* Section and key names are quoted in messages: an escape sequence in a
 * hand-edited file must not reach the terminal through them (found by
 * fuzz_config). */
static void test_messages_are_clean(void **state)
{
	struct config cfg;
	(void)state;
	char *path = write_file("esc.ini",
	                        "[\x1b]0;PWNED\x07]\nkey\x1b[2J = 1\n");
	config_init(&cfg);
	config_load_file(&cfg, path);
	assert_true(cfg.nmessages >= 1);
	for (size_t i = 0; i < cfg.nmessages; i++) {
		assert_null(strchr(cfg.messages[i], '\x1b'));
		assert_null(strchr(cfg.messages[i], '\x07'));
	}
	/* shown, not obeyed: ESC appears as its control picture */
	assert_non_null(strstr(cfg.messages[0], "\u241b"));
	config_free(&cfg);
	free(path);
}

/* The same key for two actions in one file: the first wins, the second
 * entry is reported and keeps its previous keys. */
static void test_duplicate_binding(void **state)
{
	struct config cfg;
	char *path = write_file("dup.ini", "[keys]\ntop = x\n\nbottom = x End\n");
	(void)state;
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	assert_int_equal(cfg.nmessages, 1);
	assert_string_equal(cfg.messages[0], "~/dup.ini:4: [keys] bottom: key 'x' "
	                    "is already bound to 'top' in this file; ignored");
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'x'), ACT_top);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'g'), ACT_NONE);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'G'), ACT_bottom);
	assert_int_equal(cfg.keymap.nkeys[ACT_bottom], 3);
	config_free(&cfg);
	free(path);
}

/* Binding a key that another action has by default moves it. */
static void test_rebind_moves_key(void **state)
{
	struct config cfg;
	char buf[64];
	char *path = write_file("rebind.ini", "[keys]\ntop = G\n");
	(void)state;
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, path), 0);
	assert_int_equal(cfg.nmessages, 0);
	assert_int_equal(keys_lookup(&cfg.keymap, SCOPE_GLOBAL, 'G'), ACT_top);
	assert_string_equal(keys_binding_names(&cfg.keymap, ACT_bottom, buf,
	                                       sizeof(buf)), "End >");
	assert_string_equal(keys_binding_names(&cfg.keymap, ACT_top, buf,
	                                       sizeof(buf)), "G");
	config_free(&cfg);
	free(path);
}

static void test_missing_and_unreadable(void **state)
{
	struct config cfg;
	char *missing = util_xasprintf("%s/no/such.ini", tmpdir);
	(void)state;
	config_init(&cfg);
	assert_int_equal(config_load_file(&cfg, missing), -1);
	assert_int_equal(cfg.nmessages, 0);
	assert_int_equal(config_load_all(&cfg, missing), 2);
	/* A folder where a file should be cannot be read. */
	assert_int_equal(config_load_file(&cfg, tmpdir), -2);
	assert_int_equal(cfg.nmessages, 1);
	assert_non_null(strstr(cfg.messages[0], "cannot read"));
	assert_int_equal(cfg.nfiles, 0);
	config_free(&cfg);
	free(missing);
}

static void test_xdg_and_layers(void **state)
{
	struct config cfg;
	char *xdg = util_xasprintf("%s/xdg", tmpdir);
	char *xdgfile = write_file("xdg/kilde/kilde.ini",
	                           "[ui]\nlist_width = 55\ninfo_width = 22\n");
	char *homefile = write_file(".config/kilde/kilde.ini",
	                            "[ui]\nlist_width = 33\nmouse = maybe\n");
	char *extra = write_file("extra.ini", "[ui]\nlist_width = 66\n");
	char *p;
	(void)state;

	setenv("XDG_CONFIG_HOME", xdg, 1);
	p = config_user_path();
	assert_string_equal(p, xdgfile);
	free(p);
	config_init(&cfg);
	assert_int_equal(config_load_all(&cfg, NULL), 0);
	assert_int_equal(cfg.list_width, 55);
	assert_int_equal(cfg.info_width, 22);
	assert_string_equal(cfg.files[cfg.nfiles - 1], "~/xdg/kilde/kilde.ini");
	config_free(&cfg);

	/* --config comes last and wins. */
	config_init(&cfg);
	assert_int_equal(config_load_all(&cfg, extra), 0);
	assert_int_equal(cfg.list_width, 66);
	assert_int_equal(cfg.info_width, 22);
	config_free(&cfg);

	/* Without XDG_CONFIG_HOME (or with a relative one): ~/.config. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	p = config_user_path();
	assert_string_equal(p, homefile);
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	config_init(&cfg);
	assert_int_equal(config_load_all(&cfg, NULL), 0);
	assert_int_equal(cfg.list_width, 33);
	assert_int_equal(cfg.nmessages, 1);
	assert_string_equal(cfg.messages[0], "~/.config/kilde/kilde.ini:3: [ui] "
	                    "mouse: not a boolean: 'maybe' (use true or false)");
	assert_true(cfg.mouse);
	config_free(&cfg);
	free(xdg);
	free(xdgfile);
	free(homefile);
	free(extra);
}

static void test_aliases(void **state)
{
	struct config cfg;
	char *a = write_file("a.ini", "[aliases]\n"
	                     "soren = Søren Vindfelt Røn | S. V. Røn\n"
	                     "maersk = A.P. Møller-Mærsk | Mærsk\n"
	                     "nato = NATO | North Atlantic Treaty Organization\n");
	char *b = write_file("b.ini", "[aliases]\nSoren = Søren Røn | Røn\n"
	                     "new = New Thing\nmaersk =\n");
	(void)state;
	/* From the C tables: the shipped [aliases] would be in the way. */
	config_init_builtin(&cfg);
	assert_int_equal(config_load_file(&cfg, a), 0);
	assert_int_equal(cfg.naliases, 3);
	assert_string_equal(cfg.aliases[0], "soren\tSøren Vindfelt Røn | S. V. Røn");
	assert_string_equal(cfg.aliases[1], "maersk\tA.P. Møller-Mærsk | Mærsk");
	assert_int_equal(config_load_file(&cfg, b), 0);
	assert_int_equal(cfg.nmessages, 0);
	assert_int_equal(cfg.naliases, 3);
	assert_string_equal(cfg.aliases[0], "soren\tSøren Røn | Røn");
	assert_string_equal(cfg.aliases[1], "nato\tNATO | North Atlantic Treaty Organization");
	assert_string_equal(cfg.aliases[2], "new\tNew Thing");
	config_free(&cfg);
	free(a);
	free(b);
}

/* The options main, the cross-reference worker and the compare view all
 * build the index with: the file's values, not xref's defaults. */
static void test_xref_options(void **state)
{
	struct config cfg;
	struct xref_options xo;
	char *a = write_file("x.ini", "[xref]\npassage_words = 5\ncommon_share = 70\n"
	                     "[aliases]\nsoren = Søren Røn | Røn\n");
	(void)state;
	config_init_builtin(&cfg);
	assert_int_equal(config_load_file(&cfg, a), 0);
	assert_int_equal(cfg.nmessages, 0);
	config_xref_options(&cfg, &xo);
	assert_int_equal(xo.passage_words, 5);
	assert_int_equal(xo.common_share, 70);
	assert_ptr_equal(xo.company_suffixes, cfg.company_suffixes);
	assert_int_equal(xo.naliases, 1);
	assert_string_equal(xo.aliases[0], "soren\tSøren Røn | Røn");
	assert_non_null(xo.alias_origins);
	assert_non_null(strstr(xo.alias_origins[0], "x.ini"));
	config_free(&cfg);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_equals_tables),
		cmocka_unit_test(test_file_equals_tables),
		cmocka_unit_test(test_embedded_is_file),
		cmocka_unit_test(test_parse_color),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_syntax_error_keeps_rest),
		cmocka_unit_test(test_line_limit_and_crlf),
		cmocka_unit_test(test_garbage_is_bounded),
		cmocka_unit_test(test_messages_are_clean),
		cmocka_unit_test(test_duplicate_binding),
		cmocka_unit_test(test_rebind_moves_key),
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_xdg_and_layers),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_xref_options),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
