/* outlet.c - the outlet an article's own text names (see outlet.h).
 *
 * A scraped page says who published it in a few standard places: its
 * address in the header or footer, a copyright line, a source line, the
 * search box of its footer, a banner repeated at the bottom. Each cue is
 * read only where pages put it, since the same forms inside the article
 * mean something else: a caption's "© Ritzau Scanpix" credits a photo
 * agency, a chart's "Kilde: Danmarks Statistik" a statistic, "told
 * cnn.com" a competitor. No ncurses here. */
#include "kilde/outlet.h"

#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "kilde/util.h"

/* How many non-empty lines make the header and the footer of a page. */
#define HEADER_LINES 6
#define FOOTER_LINES 12
/* A cue line longer than this is prose, not page furniture. */
#define CUE_LINE_MAX 120
/* A name longer than this is a sentence, not an outlet. */
#define NAME_WORDS_MAX 5
#define NAME_BYTES_MAX 48

struct line {
	const char *s;
	size_t n;
};

static bool is_space_at(const char *s, size_t n, size_t i, size_t *w)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\r') {
		*w = 1;
		return true;
	}
	/* NBSP and the spaces of U+2000..U+200A, U+202F: scraped pages are
	 * full of them. */
	if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
		*w = 2;
		return true;
	}
	if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
	    (((unsigned char)s[i + 2] >= 0x80 &&
	      (unsigned char)s[i + 2] <= 0x8a) ||
	     (unsigned char)s[i + 2] == 0xaf)) {
		*w = 3;
		return true;
	}
	return false;
}

static struct line trim(const char *s, size_t n)
{
	size_t w;

	while (n && is_space_at(s, n, 0, &w)) {
		s += w;
		n -= w;
	}
	for (;;) {
		if (n &&
		    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 &&
		         (unsigned char)s[n - 1] == 0xa0)
			n -= 2;
		else
			break;
	}
	return (struct line){s, n};
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether s (n bytes) starts with the ASCII word w, any case. */
static bool starts_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (lower(s[i]) != w[i])
			return false;
	return n == k || !ascii_alnum((unsigned char)s[k]);
}

char *outlet_domain(const char *host, size_t len)
{
	/* Top-level domains outlets use besides the countries' two letters;
	 * a file name's extension ("index.html", "foto.jpg") is none of
	 * them. */
	static const char *const generic[] = {"com",  "net", "org",   "info",
	                                      "news", "biz", "media", "online"};
	/* Second-level domains of countries that register under one. */
	static const char *const second[] = {"co",  "com", "org",
	                                     "net", "ac",  "gov"};
	size_t dots[64], nd = 0, tld, sld, from;
	bool ok = false;
	char *r;

	if (len == 0 || len > 253 || host[0] == '.' || host[len - 1] == '.')
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)host[i];

		if (c == '.') {
			if (i > 0 && host[i - 1] == '.')
				return NULL;
			if (nd == KILDE_ARRAY_LEN(dots))
				return NULL;
			dots[nd++] = i;
		} else if (!ascii_alnum(c) && c != '-') {
			return NULL;
		}
	}
	if (nd == 0)
		return NULL;
	tld = len - dots[nd - 1] - 1;
	for (size_t i = dots[nd - 1] + 1; i < len; i++)
		if (!((host[i] >= 'a' && host[i] <= 'z') ||
		      (host[i] >= 'A' && host[i] <= 'Z')))
			return NULL;
	if (tld == 2)
		ok = true;
	for (size_t g = 0; !ok && g < KILDE_ARRAY_LEN(generic); g++)
		ok = tld == strlen(generic[g]) &&
		     starts_word(host + len - tld, tld, generic[g]);
	if (!ok)
		return NULL;
	/* The registered name: the label before the top-level domain, or
	 * before a country's second level ("bbc.co.uk"). */
	from = nd >= 2 ? dots[nd - 2] + 1 : 0;
	sld = dots[nd - 1] - from;
	if (tld == 2) {
		for (size_t g = 0; g < KILDE_ARRAY_LEN(second); g++)
			if (sld == strlen(second[g]) &&
			    starts_word(host + from, sld, second[g])) {
				if (nd < 2)
					return NULL;
				from = nd >= 3 ? dots[nd - 3] + 1 : 0;
				sld = dots[nd - 2] - from;
				break;
			}
	}
	/* "f.eks", "bl.a": a one-letter name is an abbreviation. */
	if (sld < 2 || host[from] == '-' || host[from + sld - 1] == '-')
		return NULL;
	ok = false;
	for (size_t i = from; i < from + sld; i++)
		ok |= !(host[i] >= '0' && host[i] <= '9');
	if (!ok)
		return NULL;
	r = util_xstrndup(host + from, len - from);
	for (char *p = r; *p; p++)
		*p = lower(*p);
	return r;
}

/* The registered names seen, with how many lines name each. */
struct domain_vote {
	char **names;
	size_t *votes;
	size_t n, cap;
};

static void vote(struct domain_vote *dv, char *d, size_t from)
{
	for (size_t i = 0; i < dv->n; i++)
		if (!strcmp(dv->names[i], d)) {
			/* Once per line: a footer's "politiken.dk |
			 * politiken.dk/arkiv" is one cue. */
			if (i < from)
				dv->votes[i]++;
			free(d);
			return;
		}
	if (dv->n == dv->cap) {
		dv->cap = dv->cap ? 2 * dv->cap : 8;
		dv->names =
		    util_xrealloc(dv->names, dv->cap * sizeof(*dv->names));
		dv->votes =
		    util_xrealloc(dv->votes, dv->cap * sizeof(*dv->votes));
	}
	dv->names[dv->n] = d;
	dv->votes[dv->n++] = 1;
}

static void votes_free(struct domain_vote *dv)
{
	for (size_t i = 0; i < dv->n; i++)
		free(dv->names[i]);
	free(dv->names);
	free(dv->votes);
}

static bool host_byte(unsigned char c)
{
	return ascii_alnum(c) || c == '.' || c == '-';
}

/* Votes for the registered name of every host in s: a run of letters,
 * digits, dots and hyphens that no other letter (a non-ASCII byte), '@'
 * (an e-mail address) or '_' touches. Returns how many it found. */
static size_t domains_in(const char *s, size_t n, struct domain_vote *dv)
{
	size_t from = dv->n, found = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i, end;
		unsigned char before = i ? (unsigned char)s[i - 1] : ' ';
		char *d;

		if (!host_byte((unsigned char)s[i])) {
			i++;
			continue;
		}
		while (j < n && host_byte((unsigned char)s[j]))
			j++;
		end = j;
		while (end > i && (s[end - 1] == '.' || s[end - 1] == '-'))
			end--;
		if (before == '@' || before == '_' || (before & 0x80) ||
		    (j < n && (s[j] == '@' || s[j] == '_' ||
		               ((unsigned char)s[j] & 0x80)))) {
			i = j;
			continue;
		}
		d = outlet_domain(s + i, end - i);
		i = j;
		if (!d)
			continue;
		vote(dv, d, from);
		found++;
	}
	return found;
}

/* Whether the line is nothing but an address: "politiken.dk",
 * "https://www.thelocal.dk/", "www.dr.dk/nyheder". */
static bool bare_address(struct line l)
{
	const char *s = l.s;
	size_t n = l.n, h = 0;

	if (starts_word(s, n, "https") && n > 8 && !memcmp(s + 5, "://", 3))
		s += 8, n -= 8;
	else if (starts_word(s, n, "http") && n > 7 && !memcmp(s + 4, "://", 3))
		s += 7, n -= 7;
	while (h < n && host_byte((unsigned char)s[h]))
		h++;
	if (h == 0 || memchr(s, '.', h) == NULL)
		return false;
	for (size_t i = h; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t')
			return false;
	return h == n || s[h] == '/';
}

/* ---- names ---------------------------------------------------------- */

/* Company forms after a name: the owner's legal form, not the outlet's
 * name. */
static const char *const company_forms[] = {
    "a/s", "aps", "i/s", "p/s",  "ab",   "as", "asa", "oy", "ltd", "limited",
    "inc", "llc", "plc", "gmbh", "corp", "co", "sa",  "nv", "bv",
};

/* The digits s starts with, within its n bytes (a line is no C string). */
static size_t ndigits(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	return k;
}

static bool is_year(const char *s, size_t n)
{
	return n == 4 && (s[0] == '1' || s[0] == '2') && ndigits(s, n) == 4;
}

/* s without the spaces, punctuation and years at its ends. */
static struct line strip_ends(struct line l)
{
	for (;;) {
		struct line t = trim(l.s, l.n);
		size_t k;

		l = t;
		while (l.n && strchr(".,:;-|/", l.s[l.n - 1]))
			l.n--;
		while (l.n && strchr(".,:;-|/(", l.s[0]))
			l.s++, l.n--;
		/* A trailing year or range: "Politiken 2024". */
		k = l.n;
		while (k && l.s[k - 1] >= '0' && l.s[k - 1] <= '9')
			k--;
		if (k < l.n && is_year(l.s + k, l.n - k) &&
		    (k == 0 || !ascii_alnum((unsigned char)l.s[k - 1])))
			l.n = k;
		if (l.n == t.n && l.s == t.s)
			return l;
	}
}

/* Where a name ends in the rest of a cue line: at a separator, a sentence
 * break, a parenthesis, or the rights reserved. */
static size_t name_end(const char *s, size_t n)
{
	static const char *const stops[] = {
	    " | ",
	    "|",
	    " \xc2\xb7 ",
	    " \xe2\x80\xa2 ",
	    " - ",
	    " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ",
	    ". ",
	    ", ",
	    ";",
	    "(",
	    "\xe2\xae\x95",
	};
	static const char *const rights[] = {"all rights", "alle rettigheder",
	                                     "eftertryk"};
	size_t end = n;

	for (size_t k = 0; k < KILDE_ARRAY_LEN(stops); k++) {
		const char *p = memmem(s, end, stops[k], strlen(stops[k]));
		if (p)
			end = (size_t)(p - s);
	}
	for (size_t i = 0; i < end; i++)
		for (size_t k = 0; k < KILDE_ARRAY_LEN(rights); k++)
			if ((i == 0 || s[i - 1] == ' ') &&
			    starts_word(s + i, end - i, rights[k]))
				end = i;
	return end;
}

/* The outlet's name in s, from a cue line, or NULL: an address becomes
 * its registered name, anything else must look like a name (capitalised
 * or a digit first, a letter somewhere, at most NAME_WORDS_MAX words). */
static char *name_from(const char *s, size_t n)
{
	struct line l;
	size_t words = 0, k;
	ucs4_t uc;
	bool letter = false, moved;
	char *d;

	l = strip_ends((struct line){s, name_end(s, n)});
	/* Leading years and "by"/"af": "© 2019-2024 by The Local". */
	do {
		moved = false;
		k = ndigits(l.s, l.n);
		if (k == 4 &&
		    (l.n == 4 || !ascii_alnum((unsigned char)l.s[4]))) {
			l = strip_ends((struct line){l.s + 4, l.n - 4});
			moved = true;
		}
		if (starts_word(l.s, l.n, "by") ||
		    starts_word(l.s, l.n, "af")) {
			l = strip_ends((struct line){l.s + 2, l.n - 2});
			moved = true;
		}
	} while (moved && l.n);
	/* A company form at the end: "The Local Europe AB". */
	do {
		const char *sp;

		moved = false;
		sp = l.n ? memrchr(l.s, ' ', l.n) : NULL;
		if (!sp)
			break;
		for (size_t f = 0; f < KILDE_ARRAY_LEN(company_forms); f++) {
			size_t fl = strlen(company_forms[f]);
			size_t rest = l.n - (size_t)(sp + 1 - l.s);
			const char *w = sp + 1;

			if (rest >= fl && rest <= fl + 1 &&
			    starts_word(w, fl, company_forms[f]) &&
			    (rest == fl || w[fl] == '.')) {
				l = strip_ends(
				    (struct line){l.s, (size_t)(sp - l.s)});
				moved = true;
				break;
			}
		}
	} while (moved);
	if (l.n == 0 || l.n > NAME_BYTES_MAX)
		return NULL;
	if ((d = outlet_domain(l.s, l.n)) != NULL)
		return d;
	for (size_t i = 0; i < l.n; i++) {
		if (l.s[i] == ' ' && (i == 0 || l.s[i - 1] != ' '))
			words++;
		letter |= ((unsigned char)l.s[i] & 0x80) ||
		          (lower(l.s[i]) >= 'a' && lower(l.s[i]) <= 'z');
	}
	if (words + 1 > NAME_WORDS_MAX || !letter)
		return NULL;
	/* Capitalised, a digit ("365nyt"), or a script without case. */
	if (u8_mbtouc(&uc, (const uint8_t *)l.s, l.n) <= 0 ||
	    !(uc_is_upper(uc) || uc_is_digit(uc) ||
	      (uc_is_alpha(uc) && !uc_is_lower(uc))))
		return NULL;
	/* A sentence is no name: nothing after the name may end one. */
	if (memchr(l.s, '!', l.n) || memchr(l.s, '?', l.n))
		return NULL;
	return util_xstrndup(l.s, l.n);
}

/* ---- cues ------------------------------------------------------------- */

static bool photo_credit(struct line l)
{
	static const char *const words[] = {
	    "foto",  "photo",        "photos", "billede", "billeder",
	    "image", "illustration", "grafik", "video"};

	/* A word of the list stands in the line as a whole run of ASCII
	 * letters and digits: one walk over the runs, not a scan a word. */
	for (size_t i = 0, e; i < l.n; i = e + 1) {
		for (; i < l.n && !ascii_alnum((unsigned char)l.s[i]); i++)
			;
		for (e = i; e < l.n && ascii_alnum((unsigned char)l.s[e]); e++)
			;
		if (e - i < 4 || e - i > 12)
			continue;
		for (size_t k = 0; k < KILDE_ARRAY_LEN(words); k++)
			if (starts_word(l.s + i, e - i, words[k]))
				return true;
	}
	return false;
}

/* "© 2024 Politiken", "Copyright (c) 2024 Politiken": the name after the
 * marks, or NULL. in_footer: a line of the footer may carry the mark
 * anywhere ("Politiken · © 2024"), another line must start with it. */
/* Where the first copyright mark of s[0..n) starts ("copyright" as a
 * word, "(c)", any case), or at (where a "©" starts, else SIZE_MAX)
 * if it comes first. Every short line of every article comes here: the
 * line is passed over eight bytes at a time, and only the c and C in it
 * (each mark but the sign holds one) are looked at. */
static size_t first_mark(const char *s, size_t n, size_t at)
{
	for (size_t b = 0; b < n && b < at; b += 8) {
		uint64_t m = 0;

		if (b + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + b, 8);
			/* A byte of v is 0 where s has c or C (only 0x43 and
			 * 0x63 give 0x63 with 0x20 set); its top bit set in m,
			 * exactly, without a borrow into the next byte. */
			v = (le64toh(v) | 0x2020202020202020ULL) ^ 0x6363636363636363ULL;
			m = ~(((v & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | v) &
			    0x8080808080808080ULL;
		} else {
			for (size_t k = b; k < n; k++)
				m |= (uint64_t)((s[k] | 0x20) == 'c') << (8 * (k - b) + 7);
		}
		/* The c come in order, and so do the marks they are in. */
		for (; m; m &= m - 1) {
			size_t i = b + (size_t)__builtin_ctzll(m) / 8;
			if (i > at)
				return at;
			if (i > 0 && s[i - 1] == '(' && i + 1 < n && s[i + 1] == ')')
				return i - 1 < at ? i - 1 : at;
			if ((i == 0 || !ascii_alnum((unsigned char)s[i - 1])) &&
			    starts_word(s + i, n - i, "copyright"))
				return i < at ? i : at;
		}
	}
	return at;
}

static char *copyright_name(struct line l, bool in_footer)
{
	const char *s = l.s;
	size_t n = l.n, at = SIZE_MAX;
	const char *mark;
	bool found = false;

	if (n > CUE_LINE_MAX)
		return NULL;
	mark = memmem(s, n, "\xc2\xa9", 2);
	if (mark)
		at = (size_t)(mark - s);
	at = first_mark(s, n, at);
	/* A photo credit is no copyright line; asked only of the few lines
	 * with a mark (nine word scans each). */
	if (at == SIZE_MAX || (at > 0 && !in_footer) || photo_credit(l))
		return NULL;
	/* Past every mark: "Copyright © 2024", "(c)". */
	while (at < n) {
		struct line rest = trim(s + at, n - at);

		at = (size_t)(rest.s - s);
		if (starts_word(rest.s, rest.n, "copyright"))
			at += 9, found = true;
		else if (rest.n >= 2 && !memcmp(rest.s, "\xc2\xa9", 2))
			at += 2, found = true;
		else if (rest.n >= 3 && rest.s[0] == '(' &&
		         lower(rest.s[1]) == 'c' && rest.s[2] == ')')
			at += 3, found = true;
		else
			break;
	}
	if (!found)
		return NULL;
	/* A mark in the middle of a footer line: the name may stand before
	 * it ("Politiken © 2024") when nothing names one after it. */
	{
		char *after = name_from(s + at, n - at);
		if (after || !in_footer || !mark || mark == s)
			return after;
		return name_from(s, (size_t)(mark - s));
	}
}

/* "Kilde: Ritzau", "Source: Reuters | Read more": the name, or NULL. */
static char *source_name(struct line l)
{
	static const char *const words[] = {"kilde", "kilder", "source",
	                                    "sources"};

	if (l.n > CUE_LINE_MAX)
		return NULL;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(words); k++) {
		size_t w = strlen(words[k]);

		if (starts_word(l.s, l.n, words[k]) && l.n > w && l.s[w] == ':')
			return name_from(l.s + w + 1, l.n - w - 1);
	}
	return NULL;
}

/* A site's search box, labelled with its name in the footer: "chinapost
 * search", "Search Politiken", "Søg på dr.dk". The name is one word, and
 * not one that says what kind of search it is. */
static char *search_box(struct line l)
{
	static const char *const kinds[] = {
	    "advanced", "site", "new",       "full",    "news",    "archive",
	    "our",      "the",  "all",       "this",    "website", "web",
	    "her",      "here", "avanceret", "ny",      "arkiv",   "siden",
	    "sitet",    "alle", "artikler",  "articles"};
	const char *sp = memchr(l.s, ' ', l.n), *w;
	size_t wn;

	if (!sp || l.n > 40)
		return NULL;
	if (starts_word(sp + 1, l.n - (size_t)(sp + 1 - l.s), "search") &&
	    l.n - (size_t)(sp + 1 - l.s) == 6) {
		w = l.s;
		wn = (size_t)(sp - l.s);
	} else if (starts_word(l.s, l.n, "search") && sp == l.s + 6) {
		w = sp + 1;
		wn = l.n - 7;
	} else if (l.n > 10 && !memcmp(l.s, "S\xc3\xb8g p\xc3\xa5 ", 9)) {
		w = l.s + 9;
		wn = l.n - 9;
	} else {
		return NULL;
	}
	if (wn == 0 || memchr(w, ' ', wn))
		return NULL;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(kinds); k++)
		if (wn == strlen(kinds[k]) && starts_word(w, wn, kinds[k]))
			return NULL;
	{
		char *d = outlet_domain(w, wn);
		size_t letters = 0;

		if (d)
			return d;
		for (size_t i = 0; i < wn; i++)
			letters += ascii_alnum((unsigned char)w[i]) ||
			           ((unsigned char)w[i] & 0x80);
		return letters == wn && wn >= 3 ? util_xstrndup(w, wn) : NULL;
	}
}

static bool has_any(const char *s, size_t n, const char *chars)
{
	for (size_t i = 0; i < n; i++)
		if (strchr(chars, s[i]))
			return true;
	return false;
}

/* The first line, when it is a banner: at most four words, no sentence
 * punctuation, capitalised, and again in the footer of a page long enough
 * to have one (a headline repeated under itself is no banner). */
static char *banner(const struct line *ln, size_t n)
{
	struct line f = ln[0];
	size_t words = 1;

	if (n < HEADER_LINES + FOOTER_LINES || f.n > 40 ||
	    has_any(f.s, f.n, ".!?:;,\""))
		return NULL;
	for (size_t i = 0; i < f.n; i++)
		words += f.s[i] == ' ';
	if (words > 4)
		return NULL;
	for (size_t i = n - FOOTER_LINES; i < n; i++)
		if (ln[i].n == f.n && !memcmp(ln[i].s, f.s, f.n))
			return name_from(f.s, f.n);
	return NULL;
}

char *outlet_detect(const char *text, size_t len)
{
	struct line *ln = NULL;
	size_t n = 0, cap = 0, head, foot;
	struct domain_vote dv = {0};
	char *copyright = NULL, *source = NULL, *search = NULL, *r = NULL;

	if (!text)
		return NULL;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		struct line l = trim(text + i, e - i);

		if (l.n) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				ln = util_xrealloc(ln, cap * sizeof(*ln));
			}
			ln[n++] = l;
		}
		i = e + 1;
	}
	head = n < HEADER_LINES ? n : HEADER_LINES;
	foot = n < FOOTER_LINES ? 0 : n - FOOTER_LINES;
	for (size_t i = 0; i < n; i++) {
		bool edge = i < head || i >= foot;
		char *c;

		/* An address alone on a line anywhere; on a short line only in
		 * the header or the footer, and not in a photo credit (the
		 * agency's site: "Foto: Billedbureau.dk"). */
		if (bare_address(ln[i]) ||
		    (edge && ln[i].n <= CUE_LINE_MAX / 2 &&
		     !photo_credit(ln[i])))
			domains_in(ln[i].s, ln[i].n, &dv);
		/* The footer's copyright line is the page's own: the last. */
		c = copyright_name(ln[i], i >= foot);
		if (c) {
			free(copyright);
			copyright = c;
		}
		if (edge && !source)
			source = source_name(ln[i]);
		if (i >= foot && !search)
			search = search_box(ln[i]);
	}
	if (dv.n) {
		size_t best = 0;

		for (size_t i = 1; i < dv.n; i++)
			if (dv.votes[i] > dv.votes[best])
				best = i;
		r = dv.names[best];
		dv.names[best] = util_xstrdup("");
	} else if (copyright) {
		r = copyright, copyright = NULL;
	} else if (source) {
		r = source, source = NULL;
	} else if (search) {
		r = search, search = NULL;
	} else if (n) {
		r = banner(ln, n);
	}
	votes_free(&dv);
	free(copyright);
	free(source);
	free(search);
	free(ln);
	return r;
}
