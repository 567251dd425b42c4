/* ini.h - loading an INI file with iniparser, its syntax errors handed to
 * the caller instead of printed on stderr (which, under curses, would land
 * on the screen). Pure C, no ncurses. */
#ifndef KILDE_INI_H
#define KILDE_INI_H

#include <iniparser.h>

/* Called once for each error iniparser reports while loading; msg is the
 * formatted message (it may end with a newline), ctx what ini_load got. */
typedef void ini_error_fn(const char *msg, void *ctx);

/* iniparser_load(path), with every error message it reports passed to
 * on_error (may be NULL: the messages are dropped). Safe on several
 * threads at once: the loads take turns (see ini.c). The caller frees the
 * dictionary with iniparser_freedict; NULL if the file cannot be loaded. */
dictionary *ini_load(const char *path, ini_error_fn *on_error, void *ctx);

#endif
