/* osc52.c - the OSC 52 clipboard sequence: base64 of the text between
 * "ESC ] 52 ; c ;" and BEL, and whether a terminal is likely to take it.
 * See osc52.h. */
#include "kilde/osc52.h"

#include <string.h>

#include "kilde/util.h"

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *osc52_sequence(const char *text, size_t len, size_t *n)
{
	static const char head[] = "\033]52;c;";
	const unsigned char *t = (const unsigned char *)text;
	size_t hl = sizeof(head) - 1, i, o;
	char *out;

	if (len > OSC52_MAX_TEXT)
		return NULL;
	out = util_xmalloc(hl + (len + 2) / 3 * 4 + 2);
	memcpy(out, head, hl);
	o = hl;
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)t[i] << 16 |
		             (unsigned)t[i + 1] << 8 | t[i + 2];

		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		out[o++] = b64[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned)t[i] << 16 |
		             (i + 1 < len ? (unsigned)t[i + 1] << 8 : 0);

		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	/* BEL ends it: every terminal that takes OSC 52 knows it, while
	 * some older ones misread the two-byte ST. */
	out[o++] = '\a';
	out[o] = '\0';
	*n = o;
	return out;
}

static bool starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

bool osc52_wanted(int setting, bool has_ms, const char *term,
                  const char *tmux)
{
	if (setting != OSC52_AUTO)
		return setting == OSC52_ALWAYS;
	/* tmux takes it as its own (set-clipboard on) or passes it on;
	 * these terminals take it though their descriptions may lack Ms. */
	return has_ms || (tmux && *tmux) || starts(term, "xterm") ||
	       starts(term, "tmux") || starts(term, "foot") ||
	       starts(term, "alacritty") || starts(term, "wezterm");
}
