/* aliasfile.c - the reader's corrections to the alias table, set line by
 * line in the user's kilde.ini. The file is the person's own: comments,
 * other sections, odd spacing and a missing last newline all stay byte for
 * byte; only the lines set change, and the file is replaced atomically so
 * that a crash leaves the old one or the new one, never half of either. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kilde/aliasfile.h"
#include "kilde/util.h"

/* The files kilde reads are small; a larger one is not a kilde.ini. */
enum { ALIASFILE_MAX_BYTES = 16 << 20 };

const char *aliasfile_check(const char *id, const char *value)
{
	if (!*id)
		return "an empty id";
	for (const char *p = id; *p; p++)
		if (strchr("=[]:;#\\\"' \t\r\n", *p))
			return "the id has a character the ini format reads "
			       "otherwise";
	for (const char *p = value; *p; p++) {
		if (*p == '\n' || *p == '\r')
			return "a line break";
		/* iniparser takes both as the start of a comment. */
		if (*p == ';' || *p == '#')
			return "';' or '#' (the ini format reads a comment)";
		if (*p == '\\' && p[1] == '\0')
			return "a '\\' at the end (the ini format joins the "
			       "next line)";
	}
	return NULL;
}

struct line {
	size_t a, z; /* the line's text, [a, z), without its ending */
	size_t end;  /* past its ending */
};

static bool next_line(const char *t, size_t len, size_t *pos, struct line *l)
{
	size_t p = *pos;

	if (p >= len)
		return false;
	l->a = p;
	while (p < len && t[p] != '\n')
		p++;
	l->end = p < len ? p + 1 : p;
	l->z = p > l->a && t[p - 1] == '\r' ? p - 1 : p;
	*pos = l->end;
	return true;
}

static size_t skip_space(const char *t, size_t a, size_t z)
{
	while (a < z && (t[a] == ' ' || t[a] == '\t'))
		a++;
	return a;
}

static size_t trim_end(const char *t, size_t a, size_t z)
{
	while (z > a && (t[z - 1] == ' ' || t[z - 1] == '\t'))
		z--;
	return z;
}

/* A section header "[name]": its name, else false. */
static bool header(const char *t, const struct line *l, size_t *na, size_t *nz)
{
	size_t a = skip_space(t, l->a, l->z), z = trim_end(t, l->a, l->z);

	if (a >= z || t[a] != '[')
		return false;
	for (size_t k = a + 1; k < z; k++)
		if (t[k] == ']') {
			*na = skip_space(t, a + 1, k);
			*nz = trim_end(t, *na, k);
			return true;
		}
	return false;
}

static bool same_ci(const char *t, size_t a, size_t z, const char *s)
{
	size_t n = strlen(s);

	if (z - a != n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (tolower((unsigned char)t[a + k]) !=
		    tolower((unsigned char)s[k]))
			return false;
	return true;
}

/* An entry line "key = value": whether its key is id (iniparser folds keys
 * to lower case, and so does kilde's loader). */
static bool is_entry(const char *t, const struct line *l, const char *id)
{
	size_t a = skip_space(t, l->a, l->z), eq;

	if (a >= l->z || t[a] == ';' || t[a] == '#')
		return false;
	for (eq = a; eq < l->z && t[eq] != '='; eq++)
		;
	if (eq >= l->z)
		return false;
	return id ? same_ci(t, a, trim_end(t, a, eq), id) : true;
}

/* Where the text changes for one id: the line to replace (rep: its start
 * and end without the ending), or the offset to insert a new line at
 * (ins, with nl: a line ending must come first), or neither (a new
 * section at the end). */
struct spot {
	bool rep, ins, nl;
	size_t a, z;
};

static struct spot find_spot(const char *t, size_t len, const char *id)
{
	struct spot s = {0};
	struct line l;
	size_t pos = 0, na, nz;
	bool in = false;

	while (next_line(t, len, &pos, &l)) {
		if (header(t, &l, &na, &nz)) {
			in = same_ci(t, na, nz, "aliases");
			if (in && !s.rep) {
				s.ins = true;
				s.a = l.end;
				s.nl = l.end == l.z;
			}
			continue;
		}
		if (!in || !is_entry(t, &l, NULL))
			continue;
		if (is_entry(t, &l, id)) {
			s.rep = true;
			s.a = l.a;
			s.z = l.z;
		} else if (!s.rep) {
			s.a = l.end;
			s.nl = l.end == l.z;
		}
	}
	return s;
}

static const char *line_ending(const char *t, size_t len)
{
	const char *nl = memchr(t, '\n', len);

	return nl && nl > t && nl[-1] == '\r' ? "\r\n" : "\n";
}

static void put_entry(struct strbuf *sb, const struct aliasfile_line *e)
{
	sb_printf(sb, "%s =%s%s", e->id, *e->value ? " " : "", e->value);
}

static char *edit_one(const char *t, size_t len, const struct aliasfile_line *e,
                      size_t *outlen)
{
	struct strbuf sb = {0};
	struct spot s = find_spot(t, len, e->id);
	const char *eol = line_ending(t, len);

	if (s.rep) {
		sb_append(&sb, t, s.a);
		put_entry(&sb, e);
		sb_append(&sb, t + s.z, len - s.z);
	} else if (s.ins) {
		sb_append(&sb, t, s.a);
		if (s.nl)
			sb_puts(&sb, eol);
		put_entry(&sb, e);
		sb_puts(&sb, eol);
		sb_append(&sb, t + s.a, len - s.a);
	} else {
		sb_append(&sb, t, len);
		if (len && t[len - 1] != '\n')
			sb_puts(&sb, eol);
		if (len)
			sb_puts(&sb, eol);
		sb_printf(&sb, "[aliases]%s", eol);
		put_entry(&sb, e);
		sb_puts(&sb, eol);
	}
	*outlen = sb.len;
	if (!sb.s)
		sb_puts(&sb, "");
	return sb_take(&sb);
}

char *aliasfile_edit(const char *text, size_t len,
                     const struct aliasfile_line *set, size_t n, size_t *outlen)
{
	char *cur = util_xstrndup(text, len);
	size_t curlen = len;

	for (size_t i = 0; i < n; i++) {
		char *next = edit_one(cur, curlen, &set[i], &curlen);

		free(cur);
		cur = next;
	}
	*outlen = curlen;
	return cur;
}

int aliasfile_line_of(const char *text, size_t len, const char *id)
{
	struct spot s = find_spot(text, len, id);
	int line = 1;

	if (!s.rep)
		return 0;
	for (size_t k = 0; k < s.a; k++)
		line += text[k] == '\n';
	return line;
}

int aliasfile_set(const char *path, const struct aliasfile_line *set, size_t n)
{
	uint8_t *old = NULL;
	size_t oldlen = 0, newlen;
	char *real = realpath(path, NULL), *dir, *slash, *text;
	const char *target = real ? real : path;
	struct stat st;
	bool had = stat(target, &st) == 0;
	int err;

	for (size_t i = 0; i < n; i++)
		if (aliasfile_check(set[i].id, set[i].value)) {
			free(real);
			return EINVAL;
		}
	err = util_read_file(target, ALIASFILE_MAX_BYTES, &old, &oldlen);
	if (err == ENOENT) {
		/* The first correction makes the file, and its folder. */
		dir = util_xstrdup(target);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			err = util_mkdirs(dir);
		} else {
			err = 0;
		}
		free(dir);
		if (err) {
			free(real);
			return err;
		}
	} else if (err) {
		free(real);
		return err;
	}
	text = aliasfile_edit(old ? (const char *)old : "", oldlen, set, n,
	                      &newlen);
	err = util_write_atomic(target, text, newlen);
	/* The temporary file was made 0600: the file keeps the mode it had. */
	if (!err && had)
		(void)chmod(target, st.st_mode & 07777);
	free(text);
	free(old);
	free(real);
	return err;
}

char *aliasfile_make_id(const char *prefix, const char *display)
{
	struct strbuf sb = {0};
	bool gap = false;

	sb_puts(&sb, prefix);
	for (const unsigned char *p = (const unsigned char *)display; *p; p++) {
		if (isalnum(*p) && *p < 0x80) {
			if (gap && sb.len > strlen(prefix))
				sb_puts(&sb, "_");
			gap = false;
			sb_printf(&sb, "%c", tolower(*p));
		} else if (*p >= 0x80) {
			if (gap && sb.len > strlen(prefix))
				sb_puts(&sb, "_");
			gap = false;
			sb_append(&sb, (const char *)p, 1);
		} else {
			gap = true;
		}
	}
	if (sb.len == strlen(prefix))
		sb_puts(&sb, "entry");
	return sb_take(&sb);
}
