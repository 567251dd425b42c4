/* config.h - settings from kilde.ini: compiled-in defaults (the text of
 * config/kilde.ini is built into the binary), then the installed file, then
 * $XDG_CONFIG_HOME/kilde/kilde.ini, then --config FILE. Each problem becomes
 * one message naming the file and the key (or line); the setting keeps its
 * previous value. No ncurses here: colours are names and attribute bits. */
#ifndef KILDE_CONFIG_H
#define KILDE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "kilde/keys.h"

struct xref_options;

/* X(name in [colors], default "fg bg [attr...]", what it colours) */
#define KILDE_COLORS(X)                                                      \
	X(title_bar, "white blue bold", "the top title bar")                 \
	X(status, "white blue", "the status bar")                             \
	X(message, "yellow default bold", "status messages")                  \
	X(error, "red default bold", "error messages")                        \
	X(list, "default default", "rows of the article list")                \
	X(list_selected, "black cyan", "the selected row (focused pane)")     \
	X(list_selected_inactive, "default default reverse", "the selected row (other pane)") \
	X(list_read, "default default dim", "articles already read")         \
	X(text, "default default", "article text")                            \
	X(heading, "default default bold", "the article title in the reader") \
	X(clutter, "default default dim", "page clutter in the reader, folded or not") \
	X(info_label, "cyan default", "labels in the info pane")             \
	X(border, "blue default", "pane borders")                             \
	X(border_focus, "cyan default bold", "the border of the focused pane") \
	X(help, "default default", "the help overlay")                        \
	X(control, "magenta default dim", "neutralised control characters")   \
	X(xref_name, "yellow default bold", "names shared with other articles") \
	X(xref_name_wide, "yellow default bold underline", "names shared with 3+ articles") \
	X(xref_number, "green default bold", "numbers shared with other articles") \
	X(xref_passage, "cyan default", "passages shared with other articles") \
	X(xref_current, "black yellow", "the cross-reference under the cursor") \
	X(search_match, "black green", "search matches")                      \
	X(search_current, "black magenta bold", "the current search match")

enum config_color {
#define CONFIG_COLOR_ENUM(name, def, what) COLOR_ELEM_##name,
	KILDE_COLORS(CONFIG_COLOR_ENUM)
#undef CONFIG_COLOR_ENUM
	COLOR_ELEM_COUNT
};

enum config_attr {
	CONFIG_ATTR_BOLD = 1,
	CONFIG_ATTR_UNDERLINE = 2,
	CONFIG_ATTR_REVERSE = 4,
	CONFIG_ATTR_DIM = 8,
	CONFIG_ATTR_STANDOUT = 16,
	CONFIG_ATTR_ITALIC = 32,
};

struct config_color_spec {
	short fg, bg;  /* -1 default, 0..255 */
	unsigned attr; /* CONFIG_ATTR_* */
};

enum config_layout { LAYOUT_AUTO, LAYOUT_WIDE, LAYOUT_TALL };

struct config {
	/* [corpus] */
	char *corpus_path; /* owned, "" = ./corpus */
	/* [ui] */
	bool mouse;
	int color;       /* -1 auto, 0 never, 1 always */
	enum config_layout layout;
	int list_width;  /* percent of the screen for the list, wide layout */
	int info_width;  /* columns of the info pane, wide layout */
	int wrap_width;  /* 0: the pane's width; else at most this many columns */
	bool ascii;      /* force the transliterated (non-UTF-8) display */
	bool search_exact; /* search without folding diacritics at start */
	char *clipboard; /* command that takes copied text, "" = a file (owned) */
	int osc52;       /* OSC52_AUTO, _ALWAYS or _NEVER (osc52.h) */
	/* [xref] */
	int passage_words;  /* minimum words in a shared passage */
	int common_share;   /* percent of articles above which a term is common */
	bool highlight_common; /* highlight common terms in the reader too */
	char *company_suffixes; /* owned, "|"-separated */
	/* [clutter]: see clutter.h; the lists owned, "|"-separated */
	bool clutter_detect;
	char *clutter_stopwords_da, *clutter_stopwords_en, *clutter_line_cues, *clutter_inline_cues,
	     *clutter_section_cues, *clutter_byline_cues;
	char *roles_en;     /* owned, "|"-separated role and title words */
	char *roles_da;     /* owned, the same in Danish */
	char *name_particles; /* owned, "|"-separated */
	char *org_subnames; /* owned, "|"-separated */
	/* [colors] */
	struct config_color_spec colors[COLOR_ELEM_COUNT];
	bool color_set[COLOR_ELEM_COUNT]; /* set by a file (not the default) */
	/* [keys] */
	struct keymap keymap;
	/* [aliases]: kept as "id\tDisplay|variant|variant" lines, in file order,
	 * later files overriding earlier ids; owned */
	char **aliases;
	size_t naliases, aliascap;
	/* where each alias line was read, "file:line", parallel to aliases
	 * (owned), so the engine's messages can name it */
	char **alias_origins;
	size_t origincap;
	/* problems found while loading; owned */
	char **messages;
	size_t nmessages, msgcap;
	/* files actually read, for --version / the info; owned */
	char **files;
	size_t nfiles, filecap;
};

/* The colour table expanded from KILDE_COLORS. */
struct config_color_info {
	const char *name; /* as in [colors] */
	const char *defaults;
	const char *what;
};
extern const struct config_color_info config_colors[COLOR_ELEM_COUNT];

/* The compiled-in default file (config/kilde.ini), NUL-terminated. */
extern const char config_default_ini[];

/* Initialises cfg from the compiled-in defaults: the C tables, then the
 * embedded copy of config/kilde.ini on top (its problems, if any, become
 * messages labelled "(built-in)"). */
void config_init(struct config *cfg);
/* Only the C tables and constants, without the embedded file; the tests
 * use it to prove that config/kilde.ini and the tables agree. */
void config_init_builtin(struct config *cfg);
/* Reads one file on top of cfg. Returns 0, -1 if it does not exist (no
 * message), -2 if it exists but cannot be read (a message is added).
 * Problems inside the file become messages; it still returns 0. */
int config_load_file(struct config *cfg, const char *path);
/* The standard chain: installed file, XDG user file, then extra (may be
 * NULL). Returns 0, or 2 if extra was given and is missing. */
int config_load_all(struct config *cfg, const char *extra);
/* Reads ini text already in memory; label names it in messages. */
void config_load_text(struct config *cfg, const char *label,
                      const char *text, size_t len);
/* The user file: $XDG_CONFIG_HOME/kilde/kilde.ini, else
 * $HOME/.config/kilde/kilde.ini; NULL if neither variable is set.
 * Caller frees. */
char *config_user_path(void);
/* path as the messages and the alias origins name it: under $HOME as
 * "~/...". Caller frees. */
char *config_display_path(const char *path);
/* Parses "yellow default bold". Returns 0 or -1 (out unchanged). */
int config_parse_color(const char *s, struct config_color_spec *out);
/* The cross-reference options ([xrefs] and [aliases]) of cfg, on top of
 * xref_default_options; xo points into cfg, so cfg must outlive it. */
void config_xref_options(const struct config *cfg, struct xref_options *xo);
/* The clutter rules of cfg ([clutter]); free with clutter_rules_free. */
struct clutter_rules;
void config_clutter_rules(const struct config *cfg, struct clutter_rules *r);
void config_free(struct config *cfg);

#endif
