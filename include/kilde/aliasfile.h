/* aliasfile.h - the corrections a reader makes to the alias table (merge
 * two entities, rename one, drop a name), written into the user's own
 * kilde.ini in the format of the shipped [aliases] table: one
 * "id = Display | variant | ..." line per entity. The file is edited, not
 * rewritten: every byte outside the lines it sets stays as it was, and it
 * is replaced atomically (temporary file, fsync, rename). No ncurses. */
#ifndef KILDE_ALIASFILE_H
#define KILDE_ALIASFILE_H

#include <stddef.h>

/* One line to set in [aliases]: value "" writes "id =", which removes an
 * entry of that id that an earlier file (the shipped table) made. */
struct aliasfile_line {
	const char *id;
	const char *value;
};

/* Why id or value cannot go into the file as they are (a character the ini
 * format reads otherwise: a line break, ';' or '#', '=' or '[' in an id),
 * or NULL when they can. */
const char *aliasfile_check(const char *id, const char *value);

/* text (len bytes, any ini file) with each line of set put in [aliases]:
 * the last "id = ..." line of an [aliases] section is replaced in place,
 * keeping its line ending; otherwise the line is added after the last
 * entry of the last [aliases] section; without one, a section is added at
 * the end. New lines end as the file's first line does (LF or CRLF).
 * Malloc'd; *outlen is its length. */
char *aliasfile_edit(const char *text, size_t len,
                     const struct aliasfile_line *set, size_t n,
                     size_t *outlen);

/* The 1-based line of id's entry in the [aliases] of text, or 0. */
int aliasfile_line_of(const char *text, size_t len, const char *id);

/* Sets the lines in the file at path: a missing file is made (and its
 * folders, mode 0700), an existing one edited with aliasfile_edit and
 * replaced atomically, keeping its permissions (through a symbolic link,
 * the file it points to). Returns 0 or an errno value; the file is
 * untouched on failure. */
int aliasfile_set(const char *path, const struct aliasfile_line *set, size_t n);

/* An id for a new entry named display: the prefix, then display in lower
 * case with every run of characters other than ASCII letters and digits
 * (and the bytes of other characters, kept) made one '_' ("Feng Tie" ->
 * "feng_tie"). Malloc'd. */
char *aliasfile_make_id(const char *prefix, const char *display);

#endif
