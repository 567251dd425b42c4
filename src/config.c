/* config.c - reads kilde.ini with iniparser: compiled-in defaults (the C
 * tables, then the embedded copy of config/kilde.ini), the installed file,
 * the user's XDG file and --config FILE, each on top of the last. Every
 * problem becomes one message "file:line: [section] key: what" and the
 * setting keeps its previous value; a syntax error costs only its line. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <iniparser.h>

#include "kilde/config.h"
#include "kilde/clutter.h"
#include "kilde/ini.h"
#include "kilde/osc52.h"
#include "kilde/text.h"
#include "kilde/util.h"
#include "kilde/xref.h"

#ifndef KILDE_SYSCONFDIR
#define KILDE_SYSCONFDIR "/usr/local/etc"
#endif

/* Config files are small; anything bigger is a mistake, not a config. */
#define CONFIG_MAX_BYTES (1024 * 1024)
/* A binary file fed as config would give a message per line. */
#define CONFIG_MAX_MESSAGES 30
/* The longest line iniparser 4.1 reads (its buffer is 1024 bytes). */
#define INI_MAX_LINE 1022

const struct config_color_info config_colors[COLOR_ELEM_COUNT] = {
#define CONFIG_COLOR_INFO(name, def, what) {#name, def, what},
	KILDE_COLORS(CONFIG_COLOR_INFO)
#undef CONFIG_COLOR_INFO
};

/* ---- messages -------------------------------------------------------- */

/* One file being read: where messages point to. */
struct loader {
	struct config *cfg;
	const char *label; /* file name as shown, "~/..." for $HOME */
	const char *text;  /* the file's text, to find line numbers */
	size_t len;
	int nmsg;
};

/* Takes msg over. Messages quote the user's file (section and key names,
 * values), which may hold escape sequences: they are cleaned here, the one
 * place every message passes, before anything can print them. */
static void add_message(struct config *cfg, char *msg)
{
	util_grow((void **)&cfg->messages, &cfg->msgcap, cfg->nmessages + 1,
	          sizeof(*cfg->messages));
	cfg->messages[cfg->nmessages++] = text_clean_name(msg);
	free(msg);
}

static bool name_eq(const char *a, size_t alen, const char *b)
{
	return strlen(b) == alen && !strncasecmp(a, b, alen);
}

static void trim(const char **a, const char **b)
{
	while (*a < *b && (**a == ' ' || **a == '\t'))
		(*a)++;
	while (*b > *a && ((*b)[-1] == ' ' || (*b)[-1] == '\t' ||
	                   (*b)[-1] == '\r'))
		(*b)--;
}

/* The line of key in [section] (the last one, as iniparser keeps the last
 * value), or of the [section] header itself when key is NULL (the first).
 * iniparser does not report line numbers for what it accepted, so the
 * text is scanned the same way it reads it: names case-insensitive. */
static int find_line(const struct loader *ld, const char *section,
                     const char *key)
{
	const char *p = ld->text, *end = ld->text + ld->len;
	int line = 0, found = 0;
	bool in = false;

	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *a = p, *b = eol ? eol : end;

		line++;
		trim(&a, &b);
		if (a < b && *a == '[') {
			const char *c = memchr(a, ']', (size_t)(b - a));
			if (c) {
				const char *sa = a + 1, *sb = c;
				trim(&sa, &sb);
				in = name_eq(sa, (size_t)(sb - sa), section);
				if (in && !key && !found)
					found = line;
			}
		} else if (in && key && a < b && *a != '#' && *a != ';') {
			const char *eq = memchr(a, '=', (size_t)(b - a));
			if (eq) {
				const char *ka = a, *kb = eq;
				trim(&ka, &kb);
				if (name_eq(ka, (size_t)(kb - ka), key))
					found = line;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return found;
}

static void vreport(struct loader *ld, int line, const char *section,
                    const char *key, const char *fmt, va_list ap)
{
	struct strbuf sb = {0};
	char what[512];

	ld->nmsg++;
	if (ld->nmsg > CONFIG_MAX_MESSAGES) {
		if (ld->nmsg == CONFIG_MAX_MESSAGES + 1)
			add_message(ld->cfg, util_xasprintf(
				"%s: more problems not shown", ld->label));
		return;
	}
	vsnprintf(what, sizeof(what), fmt, ap);
	sb_puts(&sb, ld->label);
	if (line > 0)
		sb_printf(&sb, ":%d", line);
	sb_puts(&sb, ": ");
	if (section)
		sb_printf(&sb, "[%s] ", section);
	if (key)
		sb_printf(&sb, "%s: ", key);
	sb_puts(&sb, what);
	add_message(ld->cfg, sb_take(&sb));
}

/* A problem with key in [section] (key NULL: the section itself). */
__attribute__((format(printf, 4, 5)))
static void report(struct loader *ld, const char *section, const char *key,
                   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ld, find_line(ld, section, key), section, key, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4)))
static void report_line(struct loader *ld, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ld, line, NULL, NULL, fmt, ap);
	va_end(ap);
}

/* "~/..." for files under $HOME: shorter, and what people type. */
static char *display_name(const char *path)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;

	while (n > 1 && home[n - 1] == '/')
		n--;
	if (n > 1 && !strncmp(path, home, n) && path[n] == '/')
		return util_xasprintf("~%s", path + n);
	return util_xstrdup(path);
}

char *config_display_path(const char *path)
{
	return display_name(path);
}

/* ---- iniparser from memory ------------------------------------------- */

/* What iniparser reported during one load (see ini_load). */
struct ini_errors {
	const char *path;
	int *lines; /* owned */
	size_t n, cap;
	bool too_long;
	bool cannot_open;
	bool other;
};

static void ini_error(const char *msg, void *ctx)
{
	struct ini_errors *st = ctx;
	const char *p;
	int line = 0;

	/* Match the start only: the rest may quote the file's own text. */
	if (!strncmp(msg, "iniparser: cannot open", 22)) {
		st->cannot_open = true;
		return;
	}
	p = strstr(msg, st->path);
	if (p && sscanf(p + strlen(st->path), " (%d)", &line) == 1 &&
	    line > 0) {
		st->too_long = st->too_long ||
		               !strncmp(msg, "iniparser: input line too long", 30);
		util_grow((void **)&st->lines, &st->cap, st->n + 1,
		          sizeof(*st->lines));
		st->lines[st->n++] = line;
	} else {
		st->other = true;
	}
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static dictionary *ini_load_path(const char *path, struct ini_errors *st)
{
	free(st->lines);
	memset(st, 0, sizeof(*st));
	st->path = path;
	return ini_load(path, ini_error, st);
}

/* iniparser_load only takes a path. An anonymous memfd seen through
 * /proc/self/fd leaves nothing behind; without memfd or /proc, a private
 * temporary file that is unlinked right after loading. */
static dictionary *ini_from_memory(const char *buf, size_t len,
                                   struct ini_errors *st)
{
	char path[PATH_MAX];
	const char *tmpdir;
	dictionary *d;
	int fd;

	fd = memfd_create("kilde.ini", MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (write_all(fd, buf, len) == 0 && access(path, R_OK) == 0) {
			d = ini_load_path(path, st);
			close(fd);
			if (!st->cannot_open)
				return d;
		} else {
			close(fd);
		}
	}
	/* A bad $TMPDIR should not cost the configuration: then /tmp. */
	fd = -1;
	for (int i = 0; i < 2 && fd < 0; i++) {
		tmpdir = i == 0 ? getenv("TMPDIR") : "/tmp";
		if (!tmpdir || !*tmpdir)
			continue;
		snprintf(path, sizeof(path), "%s/kilde-ini-XXXXXX", tmpdir);
		fd = mkstemp(path);
		if (fd >= 0 && write_all(fd, buf, len) < 0) {
			close(fd);
			unlink(path);
			fd = -1;
		}
	}
	if (fd < 0) {
		free(st->lines);
		memset(st, 0, sizeof(*st));
		st->cannot_open = true;
		return NULL;
	}
	close(fd);
	d = ini_load_path(path, st);
	unlink(path);
	return d;
}

/* Empties the given lines (1-based) of buf, keeping the line count, so a
 * retry parses the rest of the file with the same line numbers. */
static size_t drop_lines(char *buf, size_t len, const int *lines, size_t n)
{
	size_t in = 0, out = 0;
	int line = 1;

	while (in < len) {
		bool drop = false;
		for (size_t i = 0; i < n && !drop; i++)
			drop = lines[i] == line;
		if (buf[in] == '\n') {
			buf[out++] = '\n';
			line++;
		} else if (!drop) {
			buf[out++] = buf[in];
		}
		in++;
	}
	return out;
}

/* iniparser reads a line into a 1024-byte buffer and gives up on the whole
 * file at a longer one; such lines are reported and emptied beforehand. */
static size_t drop_long_lines(struct loader *ld, char *buf, size_t len)
{
	int *lines = NULL;
	size_t n = 0, cap = 0, start = 0;
	int line = 1;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i - start > INI_MAX_LINE) {
			report_line(ld, line, "line too long (over %d bytes); "
			            "ignored", INI_MAX_LINE);
			util_grow((void **)&lines, &cap, n + 1, sizeof(*lines));
			lines[n++] = line;
		}
		line++;
		start = i + 1;
	}
	if (n)
		len = drop_lines(buf, len, lines, n);
	free(lines);
	return len;
}

/* iniparser rejects a whole file for one bad line; a user who mistypes
 * one line should lose only that line. So each bad line is reported,
 * emptied, and the file parsed again. */
static dictionary *parse_ini(struct loader *ld)
{
	char *buf = util_xmalloc(ld->len + 1);
	size_t len = ld->len;
	struct ini_errors st = {0};
	dictionary *d = NULL;

	memcpy(buf, ld->text, len);
	buf[len] = '\0';
	len = drop_long_lines(ld, buf, len);
	/* Each round drops at least one line, so this ends; the first round
	 * finds every syntax error, so a second one normally succeeds. */
	for (int round = 0; round < 100; round++) {
		size_t before = len;

		d = ini_from_memory(buf, len, &st);
		if (d)
			break;
		if (st.n == 0) {
			report_line(ld, 0, "%s", st.cannot_open ?
			            "cannot parse: no temporary file" :
			            "cannot parse; file ignored");
			break;
		}
		for (size_t i = 0; i < st.n; i++)
			report_line(ld, st.lines[i], st.too_long ?
			            "line too long after joining continued "
			            "lines; ignored" :
			            "syntax error (expected 'key = value' or "
			            "'[section]'); line ignored");
		len = drop_lines(buf, len, st.lines, st.n);
		if (len == before) {
			/* iniparser blamed lines that are already empty. */
			report_line(ld, 0, "cannot parse; file ignored");
			break;
		}
	}
	free(st.lines);
	free(buf);
	return d;
}

/* iniparser silently drops "key = value" lines before the first section. */
static void check_sectionless(struct loader *ld)
{
	const char *p = ld->text, *end = ld->text + ld->len;
	int line = 0;

	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *a = p, *b = eol ? eol : end;

		line++;
		trim(&a, &b);
		if (a < b && *a == '[')
			return;
		if (a < b && *a != '#' && *a != ';' && memchr(a, '=', (size_t)(b - a))) {
			const char *kb = memchr(a, '=', (size_t)(b - a));
			trim(&a, &kb);
			report_line(ld, line, "%.*s: key outside any section; "
			            "ignored", (int)(kb - a), a);
		}
		p = eol ? eol + 1 : NULL;
	}
}

/* ---- values ---------------------------------------------------------- */

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{"bold", CONFIG_ATTR_BOLD},         {"underline", CONFIG_ATTR_UNDERLINE},
	{"reverse", CONFIG_ATTR_REVERSE},   {"dim", CONFIG_ATTR_DIM},
	{"standout", CONFIG_ATTR_STANDOUT}, {"italic", CONFIG_ATTR_ITALIC},
};

/* One colour word: a name, "bright" + name, or 0..255. */
static int parse_color_word(const char *w, size_t len, short *out)
{
	int bright = 0;

	if (name_eq(w, len, "default")) {
		*out = -1;
		return 0;
	}
	if (len > 0 && strspn(w, "0123456789") >= len) {
		long v = 0;
		for (size_t i = 0; i < len && v <= 255; i++)
			v = v * 10 + (w[i] - '0');
		if (len > 3 || v > 255)
			return -1;
		*out = (short)v;
		return 0;
	}
	if (len > 6 && !strncasecmp(w, "bright", 6)) {
		bright = 8;
		w += 6;
		len -= 6;
		if (len > 0 && (*w == '-' || *w == '_')) {
			w++;
			len--;
		}
	}
	for (size_t i = 0; i < KILDE_ARRAY_LEN(color_names); i++)
		if (name_eq(w, len, color_names[i])) {
			*out = (short)(i + (size_t)bright);
			return 0;
		}
	return -1;
}

/* Parses "fg bg [attr...]"; on failure writes why into why. */
static int parse_color_why(const char *s, struct config_color_spec *out,
                           char *why, size_t whysz)
{
	struct config_color_spec spec = {-1, -1, 0};
	int nword = 0;

	while (*s) {
		size_t len;

		s += strspn(s, " \t");
		if (!*s)
			break;
		len = strcspn(s, " \t");
		if (nword < 2) {
			short *c = nword == 0 ? &spec.fg : &spec.bg;
			if (parse_color_word(s, len, c) < 0) {
				snprintf(why, whysz, "unknown colour '%.*s'",
				         (int)len, s);
				return -1;
			}
		} else {
			size_t i;
			for (i = 0; i < KILDE_ARRAY_LEN(attr_names); i++)
				if (name_eq(s, len, attr_names[i].name))
					break;
			if (i == KILDE_ARRAY_LEN(attr_names)) {
				snprintf(why, whysz, "unknown attribute '%.*s'",
				         (int)len, s);
				return -1;
			}
			spec.attr |= attr_names[i].bit;
		}
		nword++;
		s += len;
	}
	if (nword < 2) {
		snprintf(why, whysz, "expected 'foreground background "
		         "[attribute...]'");
		return -1;
	}
	*out = spec;
	return 0;
}

int config_parse_color(const char *s, struct config_color_spec *out)
{
	char why[128];

	return parse_color_why(s, out, why, sizeof(why));
}

static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (size_t i = 0; i < KILDE_ARRAY_LEN(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno)
		return -1;
	end += strspn(end, " \t");
	if (*end)
		return -1;
	*out = v;
	return 0;
}

/* ---- the settings ---------------------------------------------------- */

enum setting_type { SET_BOOL, SET_INT, SET_STRING, SET_PATH, SET_ENUM };

struct choice {
	const char *name;
	int value;
};

static const struct choice color_choices[] = {
	{"auto", -1}, {"always", 1}, {"never", 0}, {NULL, 0},
};
static const struct choice osc52_choices[] = {
	{"auto", OSC52_AUTO}, {"always", OSC52_ALWAYS}, {"never", OSC52_NEVER},
	{NULL, 0},
};
static const struct choice layout_choices[] = {
	{"auto", LAYOUT_AUTO}, {"wide", LAYOUT_WIDE}, {"tall", LAYOUT_TALL},
	{NULL, 0},
};

_Static_assert(sizeof(enum config_layout) == sizeof(int),
               "layout is set through an int");

/* The scalar settings; [colors], [keys] and [aliases] have their own
 * loaders below. kilde.ini.5 documents each one. */
static const struct setting {
	const char *section;
	const char *key;
	enum setting_type type;
	size_t off;
	int min, max;
	const struct choice *choices;
} settings[] = {
	{"corpus", "path", SET_PATH, offsetof(struct config, corpus_path), 0, 0, NULL},
	{"ui", "mouse", SET_BOOL, offsetof(struct config, mouse), 0, 0, NULL},
	{"ui", "color", SET_ENUM, offsetof(struct config, color), 0, 0, color_choices},
	{"ui", "layout", SET_ENUM, offsetof(struct config, layout), 0, 0, layout_choices},
	{"ui", "list_width", SET_INT, offsetof(struct config, list_width), 10, 90, NULL},
	{"ui", "info_width", SET_INT, offsetof(struct config, info_width), 10, 200, NULL},
	{"ui", "wrap_width", SET_INT, offsetof(struct config, wrap_width), 0, 1000, NULL},
	{"ui", "ascii", SET_BOOL, offsetof(struct config, ascii), 0, 0, NULL},
	{"ui", "search_exact", SET_BOOL, offsetof(struct config, search_exact), 0, 0, NULL},
	{"ui", "clipboard", SET_STRING, offsetof(struct config, clipboard), 0, 0, NULL},
	{"ui", "osc52", SET_ENUM, offsetof(struct config, osc52), 0, 0, osc52_choices},
	{"xref", "passage_words", SET_INT, offsetof(struct config, passage_words), 2, 100, NULL},
	{"xref", "common_share", SET_INT, offsetof(struct config, common_share), 1, 100, NULL},
	{"xref", "highlight_common", SET_BOOL, offsetof(struct config, highlight_common), 0, 0, NULL},
	{"xref", "company_suffixes", SET_STRING, offsetof(struct config, company_suffixes), 0, 0, NULL},
	{"clutter", "detect", SET_BOOL, offsetof(struct config, clutter_detect), 0, 0, NULL},
	{"clutter", "stopwords_da", SET_STRING, offsetof(struct config, clutter_stopwords_da), 0, 0, NULL},
	{"clutter", "stopwords_en", SET_STRING, offsetof(struct config, clutter_stopwords_en), 0, 0, NULL},
	{"clutter", "line_cues", SET_STRING, offsetof(struct config, clutter_line_cues), 0, 0, NULL},
	{"clutter", "inline_cues", SET_STRING, offsetof(struct config, clutter_inline_cues), 0, 0, NULL},
	{"clutter", "section_cues", SET_STRING, offsetof(struct config, clutter_section_cues), 0, 0, NULL},
	{"clutter", "byline_cues", SET_STRING, offsetof(struct config, clutter_byline_cues), 0, 0, NULL},
	{"xref", "roles_en", SET_STRING, offsetof(struct config, roles_en), 0, 0, NULL},
	{"xref", "roles_da", SET_STRING, offsetof(struct config, roles_da), 0, 0, NULL},
	{"xref", "name_particles", SET_STRING, offsetof(struct config, name_particles), 0, 0, NULL},
	{"xref", "org_subnames", SET_STRING, offsetof(struct config, org_subnames), 0, 0, NULL},
};

/* "~/x" means $HOME/x, as in a shell. */
static char *expand_path(const char *v)
{
	const char *home = getenv("HOME");

	if (v[0] == '~' && (v[1] == '/' || v[1] == '\0') && home && *home)
		return util_xasprintf("%s%s", home, v + 1);
	return util_xstrdup(v);
}

static void apply_setting(struct loader *ld, const struct setting *s,
                          const char *val)
{
	char *base = (char *)ld->cfg + s->off;
	long n;
	bool b;

	switch (s->type) {
	case SET_BOOL:
		if (parse_bool(val, &b) < 0) {
			report(ld, s->section, s->key, "not a boolean: '%s' "
			       "(use true or false)", val);
			return;
		}
		*(bool *)base = b;
		break;
	case SET_INT:
		if (parse_long(val, &n) < 0) {
			report(ld, s->section, s->key, "not a number: '%s'",
			       val);
			return;
		}
		if (n < s->min || n > s->max) {
			report(ld, s->section, s->key, "%ld is out of range "
			       "(%d to %d)", n, s->min, s->max);
			return;
		}
		*(int *)base = (int)n;
		break;
	case SET_STRING:
	case SET_PATH:
		free(*(char **)base);
		*(char **)base = s->type == SET_PATH ? expand_path(val) :
		                 util_xstrdup(val);
		break;
	case SET_ENUM:
		for (const struct choice *c = s->choices; c->name; c++)
			if (!strcasecmp(val, c->name)) {
				*(int *)base = c->value;
				return;
			}
		struct strbuf sb = {0};
		for (const struct choice *c = s->choices; c->name; c++)
			sb_printf(&sb, "%s%s", c == s->choices ? "" :
			          c[1].name ? ", " : " or ", c->name);
		report(ld, s->section, s->key, "unknown value '%s' (use %s)",
		       val, sb.s);
		sb_free(&sb);
		break;
	}
}

/* The keys of one section, without the "section:" prefix iniparser adds.
 * Caller frees the array (not the strings, which the dictionary owns). */
static const char **section_keys(dictionary *d, const char *sec, int *n)
{
	const char **keys;

	*n = iniparser_getsecnkeys(d, sec);
	if (*n <= 0)
		return NULL;
	keys = util_xcalloc((size_t)*n, sizeof(*keys));
	if (!iniparser_getseckeys(d, sec, keys)) {
		free(keys);
		*n = 0;
		return NULL;
	}
	return keys;
}

static const char *short_key(const char *sec, const char *full)
{
	size_t n = strlen(sec);

	return !strncmp(full, sec, n) && full[n] == ':' ? full + n + 1 : full;
}

static void load_scalars(struct loader *ld, dictionary *d, const char *sec)
{
	const char **keys;
	int n;

	keys = section_keys(d, sec, &n);
	for (int i = 0; i < n; i++) {
		const char *key = short_key(sec, keys[i]);
		const char *val = iniparser_getstring(d, keys[i], "");
		size_t j;

		for (j = 0; j < KILDE_ARRAY_LEN(settings); j++)
			if (!strcmp(settings[j].section, sec) &&
			    !strcmp(settings[j].key, key))
				break;
		if (j == KILDE_ARRAY_LEN(settings))
			report(ld, sec, key, "unknown key");
		else
			apply_setting(ld, &settings[j], val);
	}
	free(keys);
}

static void load_colors(struct loader *ld, dictionary *d)
{
	const char **keys;
	int n;

	keys = section_keys(d, "colors", &n);
	for (int i = 0; i < n; i++) {
		const char *key = short_key("colors", keys[i]);
		const char *val = iniparser_getstring(d, keys[i], "");
		struct config_color_spec spec;
		char why[160];
		int e;

		for (e = 0; e < COLOR_ELEM_COUNT; e++)
			if (!strcmp(config_colors[e].name, key))
				break;
		if (e == COLOR_ELEM_COUNT) {
			report(ld, "colors", key, "unknown element");
			continue;
		}
		if (parse_color_why(val, &spec, why, sizeof(why)) < 0) {
			report(ld, "colors", key, "%s", why);
			continue;
		}
		ld->cfg->colors[e] = spec;
		ld->cfg->color_set[e] = true;
	}
	free(keys);
}

static bool has_key(const int *keys, int n, int key)
{
	for (int i = 0; i < n; i++)
		if (keys[i] == key)
			return true;
	return false;
}

/* [keys]: each entry replaces the action's whole list. Within one file a
 * key may go to one action per scope: a second claim is reported and that
 * entry ignored (first one in the file wins). A key taken from an action
 * the file does not mention (a default, or an earlier file) simply moves:
 * that is how one rebinds. */
static void load_keys(struct loader *ld, dictionary *d)
{
	struct keymap *km = &ld->cfg->keymap;
	int newkeys[ACT_COUNT][KEYS_MAX_PER_ACTION];
	int newn[ACT_COUNT];
	bool set[ACT_COUNT] = {false};
	const char **keys;
	int n;

	keys = section_keys(d, "keys", &n);
	for (int i = 0; i < n; i++) {
		const char *key = short_key("keys", keys[i]);
		const char *val = iniparser_getstring(d, keys[i], "");
		int tmp[KEYS_MAX_PER_ACTION];
		enum keys_action act = keys_action_by_name(key);
		const char *bad = NULL;
		size_t badlen = 0;
		int cnt, clash = ACT_NONE, clashkey = 0;

		if (act == ACT_NONE) {
			report(ld, "keys", key, "unknown action");
			continue;
		}
		cnt = keys_parse_list(val, tmp, KEYS_MAX_PER_ACTION, &bad,
		                      &badlen);
		if (cnt == -1) {
			report(ld, "keys", key, "bad key name '%.*s'",
			       (int)badlen, bad);
			continue;
		}
		if (cnt == -2) {
			report(ld, "keys", key, "more than %d keys",
			       KEYS_MAX_PER_ACTION);
			continue;
		}
		for (int b = 0; b < ACT_COUNT && clash == ACT_NONE; b++) {
			if (!set[b] || b == (int)act ||
			    keys_actions[b].scope != keys_actions[act].scope)
				continue;
			for (int k = 0; k < cnt; k++)
				if (has_key(newkeys[b], newn[b], tmp[k])) {
					clash = b;
					clashkey = tmp[k];
					break;
				}
		}
		if (clash != ACT_NONE) {
			char name[32];
			report(ld, "keys", key, "key '%s' is already bound to "
			       "'%s' in this file; ignored",
			       keys_name(clashkey, name, sizeof(name)),
			       keys_actions[clash].name);
			continue;
		}
		set[act] = true;
		memcpy(newkeys[act], tmp, sizeof(tmp));
		newn[act] = cnt;
	}
	free(keys);

	for (int a = 0; a < ACT_COUNT; a++) {
		if (!set[a])
			continue;
		memcpy(km->keys[a], newkeys[a], sizeof(newkeys[a]));
		km->nkeys[a] = newn[a];
		/* The keys move from actions this file left alone. */
		for (int b = 0; b < ACT_COUNT; b++) {
			int m = 0;
			if (set[b] || keys_actions[b].scope != keys_actions[a].scope)
				continue;
			for (int k = 0; k < km->nkeys[b]; k++)
				if (!has_key(newkeys[a], newn[a], km->keys[b][k]))
					km->keys[b][m++] = km->keys[b][k];
			km->nkeys[b] = m;
		}
	}
}

/* [aliases]: kept as "id\tvalue" lines for the xref engine. A later file
 * replaces an id in place; an empty value removes it. */
static void load_aliases(struct loader *ld, dictionary *d)
{
	struct config *cfg = ld->cfg;
	const char **keys;
	int n;

	keys = section_keys(d, "aliases", &n);
	for (int i = 0; i < n; i++) {
		const char *id = short_key("aliases", keys[i]);
		const char *val = iniparser_getstring(d, keys[i], "");
		size_t idlen = strlen(id), j;

		for (j = 0; j < cfg->naliases; j++)
			if (!strncmp(cfg->aliases[j], id, idlen) &&
			    cfg->aliases[j][idlen] == '\t')
				break;
		if (!*val) {
			if (j < cfg->naliases) {
				size_t rest = cfg->naliases - j - 1;
				free(cfg->aliases[j]);
				free(cfg->alias_origins[j]);
				memmove(cfg->aliases + j, cfg->aliases + j + 1,
				        rest * sizeof(char *));
				memmove(cfg->alias_origins + j,
				        cfg->alias_origins + j + 1,
				        rest * sizeof(char *));
				cfg->naliases--;
			}
			continue;
		}
		if (j < cfg->naliases) {
			free(cfg->aliases[j]);
			free(cfg->alias_origins[j]);
		} else {
			util_grow((void **)&cfg->aliases, &cfg->aliascap,
			          cfg->naliases + 1, sizeof(*cfg->aliases));
			util_grow((void **)&cfg->alias_origins, &cfg->origincap,
			          cfg->naliases + 1, sizeof(*cfg->alias_origins));
			cfg->naliases++;
		}
		cfg->aliases[j] = util_xasprintf("%s\t%s", id, val);
		cfg->alias_origins[j] = util_xasprintf(
			"%s:%d", ld->label, find_line(ld, "aliases", id));
	}
	free(keys);
}

static void load_dict(struct loader *ld, dictionary *d)
{
	int nsec = iniparser_getnsec(d);

	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);

		if (!sec)
			continue;
		if (!strcmp(sec, "corpus") || !strcmp(sec, "ui") ||
		    !strcmp(sec, "xref") || !strcmp(sec, "clutter"))
			load_scalars(ld, d, sec);
		else if (!strcmp(sec, "colors"))
			load_colors(ld, d);
		else if (!strcmp(sec, "keys"))
			load_keys(ld, d);
		else if (!strcmp(sec, "aliases"))
			load_aliases(ld, d);
		else
			report(ld, sec, NULL, "unknown section");
	}
}

/* ---- public ---------------------------------------------------------- */

void config_load_text(struct config *cfg, const char *label,
                      const char *text, size_t len)
{
	struct loader ld = {cfg, label, text, len, 0};
	dictionary *d;

	check_sectionless(&ld);
	d = parse_ini(&ld);
	if (d) {
		load_dict(&ld, d);
		iniparser_freedict(d);
	}
}

void config_init_builtin(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->corpus_path = util_xstrdup("");
	cfg->mouse = true;
	cfg->color = -1;
	cfg->osc52 = OSC52_AUTO;
	cfg->layout = LAYOUT_AUTO;
	cfg->list_width = 40;
	cfg->info_width = 30;
	cfg->wrap_width = 0;
	cfg->ascii = false;
	cfg->search_exact = false;
	cfg->clipboard = util_xstrdup("");
	cfg->passage_words = 8;
	cfg->common_share = 50;
	cfg->highlight_common = false;
	cfg->company_suffixes = util_xstrdup("Ltd.|Inc.|A/S|ApS|plc");
	/* The lists themselves are in the shipped kilde.ini, read next. */
	cfg->clutter_detect = true;
	cfg->clutter_stopwords_da = util_xstrdup("");
	cfg->clutter_stopwords_en = util_xstrdup("");
	cfg->clutter_line_cues = util_xstrdup("");
	cfg->clutter_inline_cues = util_xstrdup("");
	cfg->clutter_section_cues = util_xstrdup("");
	cfg->clutter_byline_cues = util_xstrdup("");
	/* The lists themselves come from the built-in kilde.ini. */
	cfg->roles_en = util_xstrdup("");
	cfg->roles_da = util_xstrdup("");
	cfg->name_particles = util_xstrdup("");
	cfg->org_subnames = util_xstrdup("");
	for (int e = 0; e < COLOR_ELEM_COUNT; e++) {
		cfg->colors[e] = (struct config_color_spec){-1, -1, 0};
		config_parse_color(config_colors[e].defaults, &cfg->colors[e]);
	}
	keys_default(&cfg->keymap);
}

void config_init(struct config *cfg)
{
	config_init_builtin(cfg);
	config_load_text(cfg, "(built-in)", config_default_ini,
	                 strlen(config_default_ini));
	memset(cfg->color_set, 0, sizeof(cfg->color_set));
}

int config_load_file(struct config *cfg, const char *path)
{
	uint8_t *data = NULL;
	size_t len = 0;
	char *label;
	int err;

	err = util_read_file(path, CONFIG_MAX_BYTES, &data, &len);
	if (err == ENOENT || err == ENOTDIR)
		return -1;
	label = display_name(path);
	if (err) {
		add_message(cfg, util_xasprintf("%s: cannot read: %s", label,
		                                strerror(err)));
		free(label);
		return -2;
	}
	util_grow((void **)&cfg->files, &cfg->filecap, cfg->nfiles + 1,
	          sizeof(*cfg->files));
	cfg->files[cfg->nfiles++] = util_xstrdup(label);
	config_load_text(cfg, label, (const char *)data, len);
	free(data);
	free(label);
	return 0;
}

char *config_user_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	/* The XDG spec says a relative XDG_CONFIG_HOME is to be ignored. */
	if (xdg && xdg[0] == '/')
		return util_xasprintf("%s/kilde/kilde.ini", xdg);
	if (home && *home)
		return util_xasprintf("%s/.config/kilde/kilde.ini", home);
	return NULL;
}

int config_load_all(struct config *cfg, const char *extra)
{
	char *user;

	config_load_file(cfg, KILDE_SYSCONFDIR "/kilde/kilde.ini");
	user = config_user_path();
	if (user) {
		config_load_file(cfg, user);
		free(user);
	}
	if (extra && config_load_file(cfg, extra) == -1)
		return 2;
	return 0;
}

void config_xref_options(const struct config *cfg, struct xref_options *xo)
{
	xref_default_options(xo);
	xo->passage_words = cfg->passage_words;
	xo->common_share = cfg->common_share;
	xo->company_suffixes = cfg->company_suffixes;
	xo->roles_en = cfg->roles_en;
	xo->roles_da = cfg->roles_da;
	xo->name_particles = cfg->name_particles;
	xo->org_subnames = cfg->org_subnames;
	xo->aliases = cfg->aliases;
	xo->alias_origins = cfg->alias_origins;
	xo->naliases = cfg->naliases;
}

void config_clutter_rules(const struct config *cfg, struct clutter_rules *r)
{
	/* One list: a line's language is not known when it is judged, and
	 * the two lists share few words. */
	char *stop = util_xasprintf("%s|%s", cfg->clutter_stopwords_da,
	                            cfg->clutter_stopwords_en);

	clutter_rules_init(r, cfg->clutter_detect, stop, cfg->clutter_line_cues,
	                   cfg->clutter_inline_cues, cfg->clutter_section_cues,
	                   cfg->clutter_byline_cues);
	free(stop);
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_free(struct config *cfg)
{
	free(cfg->corpus_path);
	free(cfg->company_suffixes);
	free(cfg->clutter_stopwords_da);
	free(cfg->clutter_stopwords_en);
	free(cfg->clutter_line_cues);
	free(cfg->clutter_inline_cues);
	free(cfg->clutter_section_cues);
	free(cfg->clutter_byline_cues);
	free(cfg->roles_en);
	free(cfg->roles_da);
	free(cfg->name_particles);
	free(cfg->org_subnames);
	free(cfg->clipboard);
	free_strings(cfg->aliases, cfg->naliases);
	free_strings(cfg->alias_origins, cfg->naliases);
	free_strings(cfg->messages, cfg->nmessages);
	free_strings(cfg->files, cfg->nfiles);
	memset(cfg, 0, sizeof(*cfg));
}
