/* test_docs.c - the documentation cannot drift from the tables: kilde(1)
 * lists every action of KILDE_ACTIONS with its default keys, kilde.ini(5)
 * every action, colour element, section and key, and config/kilde.ini has
 * the line "name = defaults" for every action and colour.
 *
 * Man pages are compared after removing roff markup: an "entry" is the
 * text from one paragraph macro (.TP .IP .PP .SH .SS) to the next, split
 * into words at blanks, commas and parentheses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "kilde/config.h"
#include "kilde/util.h"

static char *read_text(const char *path)
{
	uint8_t *data = NULL;
	size_t len = 0;
	int err = util_read_file(path, 0, &data, &len);

	if (err)
		fail_msg("cannot read %s: %s", path, strerror(err));
	return (char *)data;
}

/* Appends a line of roff text without its escapes. */
static void unescape(struct strbuf *out, const char *s, size_t n)
{
	static const struct {
		const char *esc, *text;
	} named[] = {
		{"aq", "'"}, {"dq", "\""}, {"ti", "~"}, {"lq", "\""},
		{"rq", "\""}, {"bu", "*"}, {"em", "--"}, {"en", "-"},
	};
	const char *end = s + n;

	while (s < end) {
		if (*s != '\\' || s + 1 >= end) {
			sb_putc(out, *s++);
			continue;
		}
		s++;
		switch (*s) {
		case '-': sb_putc(out, '-'); s++; break;
		case 'e': sb_putc(out, '\\'); s++; break;
		case '&': s++; break;
		case 'f':
			s++;
			if (s < end && *s == '(')
				s += 3;
			else if (s < end && *s == '[')
				s += strcspn(s, "]") + 1;
			else
				s++;
			break;
		case '(': {
			size_t i;
			for (i = 0; i < KILDE_ARRAY_LEN(named); i++)
				if (end - s >= 3 && !strncmp(s + 1, named[i].esc, 2))
					break;
			sb_puts(out, i < KILDE_ARRAY_LEN(named) ? named[i].text : " ");
			s += 3;
			break;
		}
		default:
			sb_putc(out, *s++);
		}
	}
}

/* The entries of a man page, as plain text, NULL-terminated. */
static char **man_entries(const char *path)
{
	char *text = read_text(path);
	char **entries = NULL;
	size_t n = 0, cap = 0;
	struct strbuf cur = {0};
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, "\n");
		const char *line = p;

		p += len + (p[len] == '\n');
		if (len >= 2 && line[0] == '.' && line[1] == '\\')
			continue;
		if (line[0] == '.') {
			size_t mlen = strcspn(line + 1, " \n");
			static const char *const breaks[] = {"TP", "IP", "PP", "SH", "SS", "LP", "P"};
			bool brk = false;
			for (size_t i = 0; i < KILDE_ARRAY_LEN(breaks); i++)
				brk = brk || (mlen == strlen(breaks[i]) &&
				              !strncmp(line + 1, breaks[i], mlen));
			if (brk && cur.len) {
				util_grow((void **)&entries, &cap, n + 2, sizeof(*entries));
				entries[n++] = sb_take(&cur);
			}
			/* Keep the macro's arguments, without quotes. */
			line += 1 + mlen;
			len -= 1 + mlen;
			struct strbuf args = {0};
			for (size_t i = 0; i < len; i++)
				if (line[i] != '"')
					sb_putc(&args, line[i]);
			if (args.len)
				unescape(&cur, args.s, args.len);
			sb_free(&args);
		} else {
			unescape(&cur, line, len);
		}
		sb_putc(&cur, '\n');
	}
	util_grow((void **)&entries, &cap, n + 2, sizeof(*entries));
	if (cur.len)
		entries[n++] = sb_take(&cur);
	entries[n] = NULL;
	free(text);
	return entries;
}

static void free_entries(char **e)
{
	for (char **p = e; *p; p++)
		free(*p);
	free(e);
}

/* Whether word occurs in s as a whole word (blanks, commas and parentheses
 * separate words; a final period is not part of one). */
static bool has_word(const char *s, const char *word)
{
	size_t wl = strlen(word);

	while (*s) {
		size_t n;
		s += strspn(s, " \t\n,()");
		n = strcspn(s, " \t\n,()");
		if ((n == wl || (n == wl + 1 && s[wl] == '.')) && n &&
		    !strncmp(s, word, wl))
			return true;
		s += n;
	}
	return false;
}

/* Whether one entry holds name and every word of words. */
static bool entry_with(char **entries, const char *name, const char *words)
{
	for (char **e = entries; *e; e++) {
		if (!has_word(*e, name))
			continue;
		char *copy = util_xstrdup(words);
		bool all = true;
		for (char *w = strtok(copy, " "); w && all; w = strtok(NULL, " "))
			all = has_word(*e, w);
		free(copy);
		if (all)
			return true;
	}
	return false;
}

static void test_kilde_1_lists_every_action(void **state)
{
	char **e = man_entries(SRC_PATH("man/kilde.1"));
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++)
		if (!entry_with(e, keys_actions[a].name, keys_actions[a].defaults))
			fail_msg("man/kilde.1 has no entry for action %s with keys '%s'",
			         keys_actions[a].name, keys_actions[a].defaults);
	free_entries(e);
}

static void test_kilde_ini_5_lists_everything(void **state)
{
	char **e = man_entries(SRC_PATH("man/kilde.ini.5"));
	static const char *const sections[] = {
		"[corpus]", "[ui]", "[xref]", "[colors]", "[keys]", "[aliases]",
	};
	bool found;
	(void)state;
	for (int a = 0; a < ACT_COUNT; a++)
		if (!entry_with(e, keys_actions[a].name, keys_actions[a].defaults))
			fail_msg("man/kilde.ini.5 has no entry for action %s with keys '%s'",
			         keys_actions[a].name, keys_actions[a].defaults);
	for (int c = 0; c < COLOR_ELEM_COUNT; c++)
		if (!entry_with(e, config_colors[c].name, config_colors[c].defaults))
			fail_msg("man/kilde.ini.5 has no entry for colour %s with '%s'",
			         config_colors[c].name, config_colors[c].defaults);
	for (size_t s = 0; s < KILDE_ARRAY_LEN(sections); s++) {
		found = false;
		for (char **p = e; *p && !found; p++)
			found = strstr(*p, sections[s]) != NULL;
		if (!found)
			fail_msg("man/kilde.ini.5 does not describe %s", sections[s]);
	}
	/* The alias format and the key-name syntax are spelt out. */
	found = false;
	for (char **p = e; *p && !found; p++)
		found = strstr(*p, "Display | variant") != NULL;
	assert_true(found);
	static const char *const names[] = {
		"Enter", "Tab", "S-Tab", "Space", "Backspace", "Esc", "Up",
		"Down", "Left", "Right", "PgUp", "PgDn", "Home", "End", "Delete",
		"Insert", "F1", "F12", "C-a", "C-z", "Ctrl-a", "^A", "Hash",
		"Semicolon", "Equals",
	};
	for (size_t i = 0; i < KILDE_ARRAY_LEN(names); i++) {
		found = false;
		for (char **p = e; *p && !found; p++)
			found = has_word(*p, names[i]);
		if (!found)
			fail_msg("man/kilde.ini.5 does not name the key %s", names[i]);
	}
	free_entries(e);
}

/* Every key set in config/kilde.ini (outside [aliases], whose keys are
 * data) is described in kilde.ini(5). */
static void test_every_ini_key_documented(void **state)
{
	char **e = man_entries(SRC_PATH("man/kilde.ini.5"));
	char *text = read_text(SRC_PATH("config/kilde.ini"));
	char section[64] = "";
	int nkeys = 0;
	(void)state;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char key[64];
		if (sscanf(line, "[%63[^]]]", section) == 1)
			continue;
		if (line[0] == '#' || line[0] == ';' || !strcmp(section, "aliases"))
			continue;
		if (sscanf(line, "%63[a-z0-9_] =", key) != 1)
			continue;
		nkeys++;
		bool found = false;
		for (char **p = e; *p && !found; p++)
			found = has_word(*p, key);
		if (!found)
			fail_msg("[%s] %s is not in man/kilde.ini.5", section, key);
	}
	assert_true(nkeys >= ACT_COUNT + COLOR_ELEM_COUNT + 11);
	free(text);
	free_entries(e);
}

/* The "name = defaults" line of each table entry in its section. */
static void test_kilde_ini_has_table_lines(void **state)
{
	char *text = read_text(SRC_PATH("config/kilde.ini"));
	const char *keys = strstr(text, "\n[keys]\n");
	const char *colors = strstr(text, "\n[colors]\n");
	(void)state;
	assert_non_null(keys);
	assert_non_null(colors);
	for (int a = 0; a < ACT_COUNT; a++) {
		char *want = util_xasprintf("\n%s = %s\n", keys_actions[a].name,
		                            keys_actions[a].defaults);
		const char *at = strstr(keys, want);
		const char *next = strstr(keys + 1, "\n[");
		if (!at || (next && at > next))
			fail_msg("config/kilde.ini [keys] lacks '%s = %s'",
			         keys_actions[a].name, keys_actions[a].defaults);
		free(want);
	}
	for (int c = 0; c < COLOR_ELEM_COUNT; c++) {
		char *want = util_xasprintf("\n%s = %s\n", config_colors[c].name,
		                            config_colors[c].defaults);
		const char *at = strstr(colors, want);
		const char *next = strstr(colors + 1, "\n[");
		if (!at || (next && at > next))
			fail_msg("config/kilde.ini [colors] lacks '%s = %s'",
			         config_colors[c].name, config_colors[c].defaults);
		free(want);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kilde_1_lists_every_action),
		cmocka_unit_test(test_kilde_ini_5_lists_everything),
		cmocka_unit_test(test_every_ini_key_documented),
		cmocka_unit_test(test_kilde_ini_has_table_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
