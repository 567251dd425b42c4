/* ui_fix.c - the reader's corrections to what the index calls one name.
 * A correction is an [aliases] line in the user's own kilde.ini, in the
 * format of the shipped table, so that it is a plain edit the person can
 * read, change or take back, and kilde reads it like any other alias:
 *   rename  the entity's line gets the new name first, the old one kept as
 *           a spelling ("feng_tie = Ambassador Feng | Feng Tie");
 *   merge   the other entity's line gets this one's spellings, and this
 *           one's own line, if it had one, is removed ("id =");
 *   drop    a drop_ line (kilde.ini(5): matched, never a term), and the
 *           entity's own line removed.
 * It is saved at once (aliasfile_set: atomic, every other byte kept); the
 * configuration is then read again as at the start and the index built
 * again in the background (ui_xref_reindex). A file that cannot be
 * written is said in the status bar, and nothing else changes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kilde/aliasfile.h"
#include "kilde/config.h"
#include "kilde/ui_fix.h"
#include "kilde/ui_prompt.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"

/* An alias line of the table the index was built with. */
struct entry {
	char *id;    /* owned, NULL when the name has no line */
	char *value; /* owned: the line's value, or the name alone */
};

static void entry_free(struct entry *e)
{
	free(e->id);
	free(e->value);
}

/* The first field of value, trimmed, is display (ASCII case aside). */
static bool shows(const char *value, const char *display)
{
	const char *a = value, *z = strchr(value, '|');

	if (!z)
		z = value + strlen(value);
	while (a < z && (*a == ' ' || *a == '\t'))
		a++;
	while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
		z--;
	return strlen(display) == (size_t)(z - a) &&
	       !strncasecmp(a, display, (size_t)(z - a));
}

/* The entry the table has for display, else the name alone. The last
 * line wins, as in config.c, where a later file replaces an id. */
static struct entry entry_of(const struct ui *ui, const char *display)
{
	char *const *lines;
	size_t n;
	struct entry e = {0};

	ui_xref_aliases(ui, &lines, &n);
	for (size_t i = n; i-- > 0 && !e.id;) {
		const char *tab = strchr(lines[i], '\t');

		if (tab && shows(tab + 1, display) &&
		    strncmp(lines[i], "unit_", 5) &&
		    strncmp(lines[i], "drop_", 5)) {
			e.id =
			    util_xstrndup(lines[i], (size_t)(tab - lines[i]));
			e.value = util_xstrdup(tab + 1);
		}
	}
	if (!e.id)
		e.value = util_xstrdup(display);
	return e;
}

/* A new id for display, unused in the table (a second Feng Tie from
 * another corpus would otherwise replace the first). */
static char *new_id(const struct ui *ui, const char *prefix,
                    const char *display)
{
	char *const *lines;
	size_t n;
	char *base = aliasfile_make_id(prefix, display),
	     *id = util_xstrdup(base);

	ui_xref_aliases(ui, &lines, &n);
	for (int k = 2;; k++) {
		size_t len = strlen(id);
		bool used = false;

		for (size_t i = 0; i < n && !used; i++)
			used = !strncmp(lines[i], id, len) &&
			       lines[i][len] == '\t';
		if (!used)
			break;
		free(id);
		id = util_xasprintf("%s_%d", base, k);
	}
	free(base);
	return id;
}

/* Writes the lines, reads the configuration again and indexes again;
 * says in the status bar what happened. what: "renamed X to Y". */
static void save(struct ui *ui, const struct aliasfile_line *set, size_t n,
                 const char *what)
{
	char *path = config_user_path();
	struct config *fresh;
	uint8_t *text = NULL;
	size_t len = 0;
	int err, line = 0;

	if (!path) {
		ui_report(
		    ui, true,
		    "Cannot save: neither XDG_CONFIG_HOME nor HOME is set");
		return;
	}
	err = aliasfile_set(path, set, n);
	if (err) {
		ui_report(
		    ui, true, "Cannot save the correction in %s: %s", path,
		    err == EINVAL ? "a character the ini format cannot hold"
		                  : strerror(err));
		free(path);
		return;
	}
	if (util_read_file(path, 0, &text, &len) == 0)
		line = aliasfile_line_of((const char *)text, len, set[0].id);
	free(text);
	fresh = util_xcalloc(1, sizeof(*fresh));
	config_init(fresh);
	(void)config_load_all(fresh, ui->opt->config_extra);
	ui_xref_reindex(ui, fresh);
	ui_report(ui, false, "%s: saved in %s:%d, indexing again", what, path,
	          line);
	free(path);
}

static void drop(struct ui *ui, const char *display)
{
	struct entry x = entry_of(ui, display);
	char *id = new_id(ui, "drop_", x.id ? x.id : display);
	struct aliasfile_line set[2] = {{id, x.value}, {x.id, ""}};
	char *what = util_xasprintf("Dropped %s", display);

	save(ui, set, x.id ? 2 : 1, what);
	free(what);
	free(id);
	entry_free(&x);
}

static void rename_to(struct ui *ui, const char *display, const char *name)
{
	struct entry x = entry_of(ui, display);
	char *id = x.id ? util_xstrdup(x.id) : new_id(ui, "", display);
	char *value = util_xasprintf("%s | %s", name, x.value);
	struct aliasfile_line set[1] = {{id, value}};
	char *what = util_xasprintf("Renamed %s to %s", display, name);

	save(ui, set, 1, what);
	free(what);
	free(value);
	free(id);
	entry_free(&x);
}

/* The display of the name typed: an entry of the table, else a term of
 * the index (its display or one of its forms), else NULL. */
static const char *find_name(const struct ui *ui, const char *typed)
{
	char *const *lines;
	size_t n;
	const struct xref_index *ix = ui_xref_index(ui);
	long t;

	ui_xref_aliases(ui, &lines, &n);
	for (size_t i = n; i-- > 0;) {
		const char *tab = strchr(lines[i], '\t');

		if (tab && shows(tab + 1, typed))
			return typed;
	}
	t = ix ? xref_find(ix, typed) : -1;
	return t >= 0 ? xref_get(ix, (uint32_t)t)->display : NULL;
}

static void merge_with(struct ui *ui, const char *display, const char *typed)
{
	const char *other = find_name(ui, typed);
	struct entry x, y;
	char *yid, *value, *what;

	if (!other) {
		ui_report(ui, true,
		          "No name %s in the index or the alias table", typed);
		return;
	}
	if (!strcasecmp(other, display)) {
		ui_report(ui, true, "%s is the name itself", other);
		return;
	}
	x = entry_of(ui, display);
	y = entry_of(ui, other);
	yid = y.id ? util_xstrdup(y.id) : new_id(ui, "", other);
	value = util_xasprintf("%s | %s", y.value, x.value);
	what = util_xasprintf("Merged %s into %s", display, other);
	{
		struct aliasfile_line set[2] = {{yid, value}, {x.id, ""}};

		save(ui, set, x.id ? 2 : 1, what);
	}
	free(what);
	free(value);
	free(yid);
	entry_free(&x);
	entry_free(&y);
}

void ui_fix_start(struct ui *ui, enum keys_action act, long term)
{
	const struct xref_index *ix = ui_xref_index(ui);
	const struct xref_term *t;

	if (!ix || term < 0 || (size_t)term >= xref_count(ix)) {
		ui_report(ui, false,
		          ix ? "Select a name first (n in the reader, "
		               "the info pane, the chooser)"
		             : "Wait for the index");
		return;
	}
	t = xref_get(ix, (uint32_t)term);
	/* Numbers and passages are what the texts say, not names an alias
	 * can join or rename. */
	if (t->kind != XREF_NAME) {
		ui_report(ui, true,
		          "Only names can be merged, renamed or dropped");
		return;
	}
	ui_layers_close(ui);
	if (act == ACT_drop) {
		char *d = util_xstrdup(t->display);

		drop(ui, d);
		free(d);
		return;
	}
	ui_fix_done(ui);
	ui->fix_act = act;
	ui->fix_display = util_xstrdup(t->display);
	if (act == ACT_rename)
		ui_prompt_open(ui, UI_PROMPT_NAME, "rename to: ",
		               "Enter saves in kilde.ini, Esc cancels",
		               t->display);
	else
		ui_prompt_open(ui, UI_PROMPT_NAME, "merge with: ",
		               "the other name; Enter saves in kilde.ini", "");
}

void ui_fix_name(struct ui *ui, const char *text)
{
	char *display = ui->fix_display, *name;
	enum keys_action act = ui->fix_act;
	size_t a = 0, z = strlen(text);

	ui->fix_display = NULL;
	if (!display)
		return;
	while (a < z && (text[a] == ' ' || text[a] == '\t'))
		a++;
	while (z > a && (text[z - 1] == ' ' || text[z - 1] == '\t'))
		z--;
	name = util_xstrndup(text + a, z - a);
	if (!*name)
		ui_report(ui, false, "No name given: nothing changed");
	else if (strchr(name, '|'))
		ui_report(ui, true,
		          "A name cannot hold '|' (it separates spellings)");
	else if (act == ACT_rename && !strcmp(name, display))
		ui_report(ui, false, "The same name: nothing changed");
	else if (act == ACT_rename)
		rename_to(ui, display, name);
	else
		merge_with(ui, display, name);
	free(name);
	free(display);
}

void ui_fix_done(struct ui *ui)
{
	free(ui->fix_display);
	ui->fix_display = NULL;
}
