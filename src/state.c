/* state.c - read/unread marks and bookmarks per corpus, kept in a small
 * line-based file under the XDG state directory (format in state.h). The
 * rule that matters: what was saved before is never lost, whether a save
 * fails half way (atomic writes) or the file turns out to be garbage (kept
 * aside, reported). */
#include "kilde/state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kilde/prompt.h"
#include "kilde/util.h"

/* ---- a set of names ---------------------------------------------------- */

static size_t set_slot(const struct state_set *s, const char *name)
{
	size_t i = (size_t)util_hash64(name, strlen(name)) & (s->cap - 1);

	while (s->slots[i] && strcmp(s->slots[i], name))
		i = (i + 1) & (s->cap - 1);
	return i;
}

static bool set_has(const struct state_set *s, const char *name)
{
	return s->cap && s->slots[set_slot(s, name)];
}

static void set_add_owned(struct state_set *s, char *name);

static void set_rehash(struct state_set *s, size_t ncap)
{
	struct state_set old = *s;

	s->slots = util_xcalloc(ncap, sizeof(*s->slots));
	s->cap = ncap;
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i])
			set_add_owned(s, old.slots[i]);
	free(old.slots);
}

static void set_add_owned(struct state_set *s, char *name)
{
	size_t i;

	/* Keep the load factor under 1/2 so probes stay short. */
	if ((s->n + 1) * 2 > s->cap)
		set_rehash(s, s->cap ? s->cap * 2 : 16);
	i = set_slot(s, name);
	if (s->slots[i]) {
		free(name);
		return;
	}
	s->slots[i] = name;
	s->n++;
}

static void set_remove(struct state_set *s, const char *name)
{
	size_t i, j;

	if (!s->cap)
		return;
	i = set_slot(s, name);
	if (!s->slots[i])
		return;
	free(s->slots[i]);
	s->slots[i] = NULL;
	s->n--;
	/* Backward-shift deletion: move later entries of the probe run into
	 * the hole when their home slot is not between the hole and them. */
	for (j = (i + 1) & (s->cap - 1); s->slots[j];
	     j = (j + 1) & (s->cap - 1)) {
		size_t home =
		    (size_t)util_hash64(s->slots[j], strlen(s->slots[j])) &
		    (s->cap - 1);
		bool stays =
		    i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (stays)
			continue;
		s->slots[i] = s->slots[j];
		s->slots[j] = NULL;
		i = j;
	}
}

static void set_free(struct state_set *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
	*s = (struct state_set){0};
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- names on a line --------------------------------------------------- */

static void put_name(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool edge = (i == 0 || i + 1 == n) && c == ' ';
		if (c == '%' || c < 0x20 || c == 0x7f || edge)
			sb_printf(sb, "%%%02X", c);
		else
			sb_putc(sb, (char)c);
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes a percent-encoded name. Returns NULL if malformed or empty. */
static char *get_name(const char *s, size_t n)
{
	struct strbuf sb = {0};

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int h, l;
			if (i + 2 >= n)
				goto bad;
			h = hexval(s[i + 1]);
			l = hexval(s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				goto bad;
			sb_putc(&sb, (char)(h * 16 + l));
			i += 2;
		} else {
			sb_putc(&sb, s[i]);
		}
	}
	if (!sb.len)
		goto bad;
	return sb_take(&sb);
bad:
	sb_free(&sb);
	return NULL;
}

/* ---- load and save ----------------------------------------------------- */

char *state_default_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	const char *h = getenv("HOME");

	/* The XDG spec: a relative path in the variable is to be ignored. */
	if (x && x[0] == '/')
		return util_xasprintf("%s/kilde", x);
	if (h && *h)
		return util_xasprintf("%s/.local/state/kilde", h);
	return NULL;
}

char *state_corpus_id(const char *path)
{
	char *r = realpath(path, NULL);

	if (!r)
		return util_xstrdup(path);
	return r;
}

/* Parses buf into st. Returns NULL, or a malloc'd reason. */
static char *parse(struct state *st, const char *buf, size_t len)
{
	size_t lineno = 0, i = 0;
	bool have_corpus = false;

	if (memchr(buf, '\0', len))
		return util_xstrdup("NUL byte in file");
	while (i < len) {
		const char *l = buf + i, *e = memchr(l, '\n', len - i);
		size_t n = e ? (size_t)(e - l) : len - i;
		const char *sp;
		char *name;

		i += n + 1;
		lineno++;
		if (n && l[n - 1] == '\r')
			n--;
		if (lineno == 1) {
			if (n != 13 || memcmp(l, "kilde-state 1", 13))
				return util_xstrdup("line 1: not a kilde "
				                    "state file (version 1)");
			continue;
		}
		if (!n)
			continue;
		sp = memchr(l, ' ', n);
		if (!sp)
			return util_xasprintf("line %zu: no value", lineno);
		name = get_name(sp + 1, n - (size_t)(sp + 1 - l));
		if (!name)
			return util_xasprintf("line %zu: bad name", lineno);
#define KEY_IS(k) ((size_t)(sp - l) == strlen(k) && !memcmp(l, k, strlen(k)))
		if (KEY_IS("corpus")) {
			bool same = !strcmp(name, st->corpus_id);
			free(name);
			if (!same || have_corpus)
				return util_xasprintf(
				    "line %zu: belongs to another corpus",
				    lineno);
			have_corpus = true;
		} else if (KEY_IS("read")) {
			set_add_owned(&st->read, name);
		} else if (KEY_IS("bookmark")) {
			set_add_owned(&st->bookmarks, name);
		} else {
			free(name);
			return util_xasprintf("line %zu: unknown entry",
			                      lineno);
		}
#undef KEY_IS
	}
	if (!lineno)
		return util_xstrdup("empty file");
	if (!have_corpus)
		return util_xstrdup("no corpus line");
	return NULL;
}

int state_load(const char *dir, const char *corpus_id, struct state *st,
               char **msg)
{
	uint8_t *buf;
	size_t len;
	char *why;
	int err;

	*msg = NULL;
	*st = (struct state){0};
	st->dir = dir ? util_xstrdup(dir) : state_default_dir();
	st->corpus_id = util_xstrdup(corpus_id);
	if (!st->dir) {
		st->no_save = true;
		*msg = util_xstrdup("no state directory: neither "
		                    "XDG_STATE_HOME nor HOME is set");
		return -1;
	}
	st->path = util_xasprintf("%s/%016" PRIx64 ".state", st->dir,
	                          util_hash64(corpus_id, strlen(corpus_id)));
	err = util_read_file(st->path, 64u << 20, &buf, &len);
	/* ENOTDIR: part of dir is a file; saving will say so. */
	if (err == ENOENT || err == ENOTDIR)
		return 0;
	if (err) {
		st->no_save = true;
		*msg = util_xasprintf("cannot read %s: %s", st->path,
		                      strerror(err));
		return -1;
	}
	/* A newer kilde's file is not garbage: leave it alone entirely. */
	if (len > 12 && !memcmp(buf, "kilde-state ", 12) &&
	    strtol((const char *)buf + 12, NULL, 10) > STATE_VERSION) {
		free(buf);
		st->no_save = true;
		*msg = util_xasprintf("%s was written by a newer kilde; marks "
		                      "will not be saved",
		                      st->path);
		return -1;
	}
	why = parse(st, (const char *)buf, len);
	free(buf);
	if (!why)
		return 0;

	/* Corrupt: start empty, but keep the file for the person to look at;
	 * the next save must not destroy it. */
	set_free(&st->read);
	set_free(&st->bookmarks);
	char *aside =
	    util_xasprintf("%s.corrupt-%lld", st->path, (long long)time(NULL));
	if (rename(st->path, aside) < 0) {
		st->no_save = true;
		*msg = util_xasprintf("state file %s is corrupt (%s) and "
		                      "cannot be moved aside: %s; marks will "
		                      "not be saved",
		                      st->path, why, strerror(errno));
		free(why);
		free(aside);
		return -1;
	}
	*msg = util_xasprintf("state file %s was corrupt (%s); kept as %s",
	                      st->path, why, aside);
	free(why);
	free(aside);
	return 0;
}

bool state_is_read(const struct state *st, const char *file)
{
	return set_has(&st->read, file);
}

void state_set_read(struct state *st, const char *file, bool read)
{
	if (read == state_is_read(st, file))
		return;
	if (read)
		set_add_owned(&st->read, util_xstrdup(file));
	else
		set_remove(&st->read, file);
	st->dirty = true;
}

bool state_is_bookmarked(const struct state *st, const char *file)
{
	return set_has(&st->bookmarks, file);
}

bool state_toggle_bookmark(struct state *st, const char *file)
{
	bool on = !state_is_bookmarked(st, file);

	if (on)
		set_add_owned(&st->bookmarks, util_xstrdup(file));
	else
		set_remove(&st->bookmarks, file);
	st->dirty = true;
	return on;
}

/* Appends "key name" lines for a set, sorted so the file is stable. */
static void put_set(struct strbuf *sb, const char *key,
                    const struct state_set *s)
{
	char **v = util_xcalloc(s->n, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i])
			v[n++] = s->slots[i];
	util_qsort(v, n, sizeof(*v), cmp_names);
	for (size_t i = 0; i < n; i++) {
		sb_printf(sb, "%s ", key);
		put_name(sb, v[i]);
		sb_putc(sb, '\n');
	}
	free(v);
}

int state_save(struct state *st, char **msg)
{
	struct strbuf sb = {0};
	int err;

	*msg = NULL;
	if (st->no_save || !st->path) {
		*msg = util_xstrdup("state not saved: it could not be "
		                    "loaded safely");
		return -1;
	}
	err = util_mkdirs(st->dir);
	if (err) {
		*msg = util_xasprintf("cannot create %s: %s", st->dir,
		                      strerror(err));
		return -1;
	}
	sb_printf(&sb, "kilde-state %d\ncorpus ", STATE_VERSION);
	put_name(&sb, st->corpus_id);
	sb_putc(&sb, '\n');
	put_set(&sb, "read", &st->read);
	put_set(&sb, "bookmark", &st->bookmarks);
	err = util_write_atomic(st->path, sb.s, sb.len);
	sb_free(&sb);
	if (err) {
		*msg = util_xasprintf("cannot save %s: %s", st->path,
		                      strerror(err));
		return -1;
	}
	st->dirty = false;
	return 0;
}

void state_free(struct state *st)
{
	set_free(&st->read);
	set_free(&st->bookmarks);
	free(st->dir);
	free(st->corpus_id);
	free(st->path);
	*st = (struct state){0};
}

/* ---- prompt history ------------------------------------------------------ */

#define HISTORY_MAGIC "kilde-history 1"

static char *history_path(const char *dir)
{
	char *d = dir ? util_xstrdup(dir) : state_default_dir();
	char *path;

	if (!d)
		return NULL;
	path = util_xasprintf("%s/history", d);
	free(d);
	return path;
}

/* Appends line s of kind k, as loading does: no dedup against older
 * lines (the file is what it is), the oldest dropped past the limit. */
static void history_push(struct prompt_history *h, char *s)
{
	if (h->n >= PROMPT_HISTORY_MAX) {
		free(h->items[0]);
		memmove(h->items, h->items + 1, (h->n - 1) * sizeof(*h->items));
		h->n--;
	}
	util_grow((void **)&h->items, &h->cap, h->n + 1, sizeof(*h->items));
	h->items[h->n++] = s;
}

/* Parses buf into h[0..n). Returns NULL, or a malloc'd reason. Lines of
 * a kind this kilde does not know are skipped, not refused: a later
 * kilde may add prompts, and its lines must survive our save (they are
 * kept in *other). */
static char *history_parse(const char *buf, size_t len,
                           const char *const *kinds,
                           struct prompt_history *h, size_t n,
                           struct strbuf *other)
{
	size_t lineno = 0, i = 0;

	if (memchr(buf, '\0', len))
		return util_xstrdup("NUL byte in file");
	while (i < len) {
		const char *l = buf + i, *e = memchr(l, '\n', len - i);
		size_t ln = e ? (size_t)(e - l) : len - i;
		const char *sp;
		char *text;
		size_t k;

		i += ln + 1;
		lineno++;
		if (ln && l[ln - 1] == '\r')
			ln--;
		if (lineno == 1) {
			if (ln != strlen(HISTORY_MAGIC) ||
			    memcmp(l, HISTORY_MAGIC, ln))
				return util_xstrdup("line 1: not a kilde "
				                    "history file (version 1)");
			continue;
		}
		if (!ln)
			continue;
		sp = memchr(l, ' ', ln);
		if (!sp || sp == l)
			return util_xasprintf("line %zu: no value", lineno);
		text = get_name(sp + 1, ln - (size_t)(sp + 1 - l));
		if (!text)
			return util_xasprintf("line %zu: bad text", lineno);
		for (k = 0; k < n; k++)
			if ((size_t)(sp - l) == strlen(kinds[k]) &&
			    !memcmp(l, kinds[k], (size_t)(sp - l)))
				break;
		if (k < n) {
			history_push(&h[k], text);
		} else {
			sb_append(other, l, ln);
			sb_putc(other, '\n');
			free(text);
		}
	}
	if (!lineno)
		return util_xstrdup("empty file");
	return NULL;
}

/* Reads the file at path into h (empty) and *other. Returns 0 (also for
 * a missing file), 1 for a file that does not parse (*why set), or an
 * errno value. */
static int history_read(const char *path, const char *const *kinds,
                        struct prompt_history *h, size_t n,
                        struct strbuf *other, char **why)
{
	uint8_t *buf;
	size_t len;
	int err = util_read_file(path, 64u << 20, &buf, &len);

	*why = NULL;
	if (err == ENOENT || err == ENOTDIR)
		return 0;
	if (err)
		return err;
	/* A newer kilde's file is not garbage: it is neither read nor
	 * overwritten. */
	if (len > 14 && !memcmp(buf, "kilde-history ", 14) &&
	    strtol((const char *)buf + 14, NULL, 10) > 1) {
		free(buf);
		return EPROTO;
	}
	*why = history_parse((const char *)buf, len, kinds, h, n, other);
	free(buf);
	if (!*why)
		return 0;
	for (size_t k = 0; k < n; k++)
		prompt_history_free(&h[k]);
	sb_free(other);
	return 1;
}

/* Moves a file that does not parse aside (never deleted). Returns NULL
 * or a malloc'd message; *kept tells whether it is out of the way. */
static char *history_aside(const char *path, const char *why, bool *kept)
{
	char *aside = util_xasprintf("%s.corrupt-%lld", path,
	                             (long long)time(NULL));
	char *msg;

	*kept = rename(path, aside) == 0;
	if (*kept)
		msg = util_xasprintf("history file %s was corrupt (%s); kept "
		                     "as %s",
		                     path, why, aside);
	else
		msg = util_xasprintf("history file %s is corrupt (%s) and "
		                     "cannot be moved aside: %s",
		                     path, why, strerror(errno));
	free(aside);
	return msg;
}

static char *history_error(const char *path, int err)
{
	if (err == EPROTO)
		return util_xasprintf("%s was written by a newer kilde; the "
		                      "prompt history will not be saved",
		                      path);
	return util_xasprintf("cannot read %s: %s", path, strerror(err));
}

int state_history_load(const char *dir, const char *const *kinds,
                       struct prompt_history *h, size_t n, char **msg)
{
	char *path = history_path(dir), *why = NULL;
	struct strbuf other = {0};
	int rc;
	bool kept;

	*msg = NULL;
	if (!path)
		return -1;
	rc = history_read(path, kinds, h, n, &other, &why);
	sb_free(&other);
	if (rc == 1) {
		*msg = history_aside(path, why, &kept);
		free(why);
		rc = kept ? 0 : -1;
	} else if (rc) {
		*msg = history_error(path, rc);
		rc = -1;
	}
	for (size_t k = 0; k < n; k++) {
		h[k].fresh = h[k].n;
		h[k].pos = h[k].n;
	}
	free(path);
	return rc;
}

int state_history_save(const char *dir, const char *const *kinds,
                       struct prompt_history *h, size_t n, char **msg)
{
	char *path = history_path(dir), *why = NULL;
	char *d = dir ? util_xstrdup(dir) : state_default_dir();
	struct prompt_history *disk = util_xcalloc(n ? n : 1, sizeof(*disk));
	struct strbuf other = {0}, sb = {0};
	int rc, err;
	bool kept = true;

	*msg = NULL;
	if (!path || !d) {
		*msg = util_xstrdup("no state directory: neither "
		                    "XDG_STATE_HOME nor HOME is set");
		rc = -1;
		goto out;
	}
	rc = history_read(path, kinds, disk, n, &other, &why);
	if (rc == 1) {
		*msg = history_aside(path, why, &kept);
		if (!kept) {
			rc = -1;
			goto out;
		}
	} else if (rc) {
		*msg = history_error(path, rc);
		rc = -1;
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		for (size_t i = h[k].fresh; i < h[k].n; i++)
			history_push(&disk[k], util_xstrdup(h[k].items[i]));
	sb_puts(&sb, HISTORY_MAGIC "\n");
	sb_append(&sb, other.s ? other.s : "", other.len);
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < disk[k].n; i++) {
			sb_printf(&sb, "%s ", kinds[k]);
			put_name(&sb, disk[k].items[i]);
			sb_putc(&sb, '\n');
		}
	err = util_mkdirs(d);
	if (!err)
		err = util_write_atomic(path, sb.s, sb.len);
	if (err) {
		free(*msg);
		*msg = util_xasprintf("cannot save %s: %s", path,
		                      strerror(err));
		rc = -1;
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		h[k].fresh = h[k].n;
	rc = 0;
out:
	for (size_t k = 0; k < n; k++)
		prompt_history_free(&disk[k]);
	free(disk);
	sb_free(&other);
	sb_free(&sb);
	free(why);
	free(path);
	free(d);
	return rc;
}
