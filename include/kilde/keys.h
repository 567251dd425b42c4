/* keys.h - key codes independent of ncurses, key names for the config and
 * the help, and the table of actions with their default bindings.
 *
 * The action table is declared once (KILDE_ACTIONS) and expanded into the
 * enum, the [keys] names, the default keymap and the help overlay, so they
 * cannot drift apart. tests/unit/test_docs.c checks that the man page lists
 * every action. No ncurses here: ui.c translates curses key codes. */
#ifndef KILDE_KEYS_H
#define KILDE_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Unicode code points are keys as they are; special keys live above. */
enum {
	KEY_K_BASE = 0x200000,
	KEY_K_UP,
	KEY_K_DOWN,
	KEY_K_LEFT,
	KEY_K_RIGHT,
	KEY_K_PGUP,
	KEY_K_PGDN,
	KEY_K_HOME,
	KEY_K_END,
	KEY_K_ENTER,
	KEY_K_BACKSPACE,
	KEY_K_DELETE,
	KEY_K_INSERT,
	KEY_K_BTAB, /* shift-tab */
	KEY_K_RESIZE,
	KEY_K_MOUSE,
	KEY_K_F0, /* KEY_K_F0 + n is Fn, n in 1..12 */
	KEY_K_LAST = KEY_K_F0 + 13,
};
#define KEY_K_TAB '\t'
#define KEY_K_ESC 27
#define KEY_K_CTRL(c) ((c) & 0x1f)

/* Where an action applies. A key may be bound once per scope; reader and
 * list bindings win over global ones in their pane. */
enum keys_scope { SCOPE_GLOBAL, SCOPE_LIST, SCOPE_READER, SCOPE_MATRIX };

/* X(name, scope, default keys (space separated), help text) */
#define KILDE_ACTIONS(X)                                                     \
	X(quit, SCOPE_GLOBAL, "q", "Close the overlay or view; quit from the list") \
	X(quit_now, SCOPE_GLOBAL, "Q", "Quit at once")                       \
	X(help, SCOPE_GLOBAL, "? F1 h", "Show this help")                    \
	X(redraw, SCOPE_GLOBAL, "C-l", "Redraw the screen")                  \
	X(focus_next, SCOPE_GLOBAL, "Tab", "Move focus to the next pane")   \
	X(focus_prev, SCOPE_GLOBAL, "S-Tab", "Move focus to the previous pane") \
	X(move_down, SCOPE_GLOBAL, "j Down C-n", "Down one line or article") \
	X(move_up, SCOPE_GLOBAL, "k Up C-p", "Up one line or article")       \
	X(page_down, SCOPE_GLOBAL, "Space PgDn C-f", "Down one page")        \
	X(page_up, SCOPE_GLOBAL, "b PgUp C-b", "Up one page")                \
	X(half_down, SCOPE_GLOBAL, "d C-d", "Down half a page")              \
	X(half_up, SCOPE_GLOBAL, "u C-u", "Up half a page")                  \
	X(top, SCOPE_GLOBAL, "g Home <", "Go to the top")                    \
	X(bottom, SCOPE_GLOBAL, "G End >", "Go to the bottom")               \
	X(open, SCOPE_GLOBAL, "Enter l Right", "Open the selection")         \
	X(next_article, SCOPE_GLOBAL, "J", "Open the next article")          \
	X(prev_article, SCOPE_GLOBAL, "K", "Open the previous article")      \
	X(toggle_info, SCOPE_GLOBAL, "i", "Show or hide the info pane")     \
	X(zoom, SCOPE_GLOBAL, "z", "Give the list or reader the whole screen, or the panes back") \
	X(back, SCOPE_GLOBAL, "Backspace C-o", "Go back in the history")     \
	X(forward, SCOPE_GLOBAL, "]", "Go forward in the history (C-i is Tab in a terminal)") \
	X(xref_next, SCOPE_READER, "n", "Reader: go to the next cross-reference") \
	X(xref_prev, SCOPE_READER, "N", "Reader: go to the previous cross-reference") \
	X(follow, SCOPE_READER, "Enter", "Reader: the other articles that share this cross-reference") \
	X(fold_clutter, SCOPE_READER, "C", "Reader: unfold or fold the page clutter (menus, ads, captions)") \
	X(matrix, SCOPE_GLOBAL, "x", "Show the cross-reference by article matrix") \
	X(move_left, SCOPE_MATRIX, "h Left", "Matrix: one column to the left") \
	X(move_right, SCOPE_MATRIX, "l Right", "Matrix: one column to the right") \
	X(search_forward, SCOPE_GLOBAL, "/", "Search the article as you type") \
	X(search_backward, SCOPE_READER, "?", "Search backward (in the reader; F1 or h is help there)") \
	X(toggle_exact, SCOPE_GLOBAL, "E C-e", "Exact matching on or off (accents, æ ø å)") \
	X(find, SCOPE_GLOBAL, ": F", "Search all articles (keyword in context)") \
	X(filter, SCOPE_GLOBAL, "f", "Filter (lang: source: date: is:unread is:bookmarked)") \
	X(sort, SCOPE_LIST, "s", "Cycle the sort order of the list or concordance") \
	X(stories, SCOPE_GLOBAL, "S", "List by story (folded headers); in the matrix, one story") \
	X(timeline, SCOPE_GLOBAL, "T", "The timeline of the article's story") \
	X(fold_story, SCOPE_LIST, "Left", "List by story: fold the story (Enter on a header unfolds it)") \
	X(next_unread, SCOPE_LIST, "n", "List: go to the next unread article") \
	X(prev_unread, SCOPE_LIST, "N", "List: go to the previous unread article") \
	X(bookmark, SCOPE_GLOBAL, "m", "Bookmark the article or remove its bookmark") \
	X(compare, SCOPE_GLOBAL, "c", "Compare the article with one chosen in the list") \
	X(pipe, SCOPE_GLOBAL, "|", "Pipe the article's text to a shell command") \
	X(edit, SCOPE_GLOBAL, "e", "Open the article's file in $EDITOR at the line shown") \
	X(pager, SCOPE_GLOBAL, "v", "Open the article's file in $PAGER at the line shown") \
	X(open_url, SCOPE_GLOBAL, "o", "Open the article's address in $BROWSER") \
	X(yank, SCOPE_GLOBAL, "y", "Copy the current paragraph; in the list, title and address") \
	X(where_else, SCOPE_GLOBAL, "w", "Where else: this cross-reference or search, everywhere") \
	X(merge, SCOPE_GLOBAL, "M", "Merge the selected name with another one (kilde.ini)") \
	X(rename, SCOPE_GLOBAL, "R", "Rename the selected name (kilde.ini)") \
	X(drop, SCOPE_GLOBAL, "D", "Drop the selected name: no cross-reference (kilde.ini)")

enum keys_action {
#define KEYS_ENUM(name, scope, keys, help) ACT_##name,
	KILDE_ACTIONS(KEYS_ENUM)
#undef KEYS_ENUM
	ACT_COUNT,
	ACT_NONE = -1
};

struct keys_info {
	const char *name;     /* as in [keys] */
	enum keys_scope scope;
	const char *defaults; /* default key names, space separated */
	const char *help;
};
extern const struct keys_info keys_actions[ACT_COUNT];

/* Parses one key name ("j", "Enter", "C-l", "F1", "ø", "Space", "Hash").
 * Names of special keys are case-insensitive; a single character is the
 * character itself (after NFC). Returns the key code or -1. */
int keys_parse(const char *name);
/* Writes the canonical name of key into buf (the name keys_parse reads
 * back to the same key) and returns buf. */
const char *keys_name(int key, char *buf, size_t bufsz);
/* Parses space-separated key names into out (at most max). Returns the
 * number of keys (duplicates dropped), or -1 if a name is bad, with *bad
 * and *badlen set to that name; -2 if there are more than max keys. */
int keys_parse_list(const char *s, int *out, int max, const char **bad,
                    size_t *badlen);

#define KEYS_MAX_PER_ACTION 8
struct keymap {
	int keys[ACT_COUNT][KEYS_MAX_PER_ACTION];
	int nkeys[ACT_COUNT];
};
/* Fills km with the defaults from the action table. */
void keys_default(struct keymap *km);
/* The action bound to key in scope (scope-specific bindings first, then
 * global), or ACT_NONE. */
enum keys_action keys_lookup(const struct keymap *km, enum keys_scope scope,
                             int key);
/* The canonical names of the keys bound to action, space separated
 * ("" if none), for the help overlay. Returns buf. */
const char *keys_binding_names(const struct keymap *km,
                               enum keys_action action, char *buf,
                               size_t bufsz);
/* Action name to enum, or ACT_NONE. */
enum keys_action keys_action_by_name(const char *name);

#endif
