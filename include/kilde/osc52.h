/* osc52.h - copying to the terminal's clipboard with the OSC 52 escape
 * sequence ("ESC ] 52 ; c ; BASE64 BEL"), which xterm, tmux (with
 * set-clipboard on), kitty, foot, WezTerm, iTerm2 and others take, also
 * over ssh. The text travels base64-encoded, so nothing in it can reach
 * the terminal as a control sequence. Pure; the writing is in ui_shell.c. */
#ifndef KILDE_OSC52_H
#define KILDE_OSC52_H

#include <stdbool.h>
#include <stddef.h>

/* Terminals cap the sequence (xterm at about 100,000 bytes by default);
 * longer text is not sent rather than cut. */
#define OSC52_MAX_TEXT ((size_t)74 * 1024)

/* The sequence that puts text[0..len) on the clipboard, NUL-terminated
 * and malloc'd (*n its length), or NULL when len > OSC52_MAX_TEXT. */
char *osc52_sequence(const char *text, size_t len, size_t *n);

/* Whether to send the sequence: setting is "always", "never" or "auto";
 * auto says yes when the terminal description has the Ms capability
 * (has_ms) or TERM or TMUX name a terminal known to take it. */
bool osc52_wanted(int setting, bool has_ms, const char *term,
                  const char *tmux);

enum { OSC52_NEVER = 0, OSC52_ALWAYS = 1, OSC52_AUTO = -1 };

#endif
