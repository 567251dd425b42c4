/* filter.c - the list filter (parse, match, describe) and list sorting.
 * The syntax is documented in filter.h. Text comparison goes through
 * search.c's folding so that filters and search agree on what matches. */
#include "kilde/filter.h"

#include <stdlib.h>
#include <string.h>

#include "kilde/article.h"
#include "kilde/util.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Reads a bound "YYYY", "YYYY-MM" or "YYYY-MM-DD" and completes it to a
 * full date: the first day for a lower bound, the last for an upper. A
 * day 31 in a short month is harmless: only string order is used. */
static int parse_bound(const char *s, size_t n, bool upper, char out[11])
{
	int mm, dd;

	if (!(n == 4 || n == 7 || n == 10) || !digits(s, 4))
		return -1;
	memcpy(out, s, 4);
	memcpy(out + 4, upper ? "-12-31" : "-01-01", 7);
	if (n >= 7) {
		if (s[4] != '-' || !digits(s + 5, 2))
			return -1;
		mm = (s[5] - '0') * 10 + (s[6] - '0');
		if (mm < 1 || mm > 12)
			return -1;
		memcpy(out + 4, s + 4, 3);
		memcpy(out + 7, upper ? "-31" : "-01", 4);
	}
	if (n == 10) {
		if (s[7] != '-' || !digits(s + 8, 2))
			return -1;
		dd = (s[8] - '0') * 10 + (s[9] - '0');
		if (dd < 1 || dd > 31)
			return -1;
		memcpy(out + 7, s + 7, 3);
	}
	out[10] = '\0';
	return 0;
}

static int parse_date(struct filter *f, const char *v, char **msg)
{
	const char *dots = strstr(v, "..");
	size_t n = strlen(v);

	f->date_from[0] = f->date_to[0] = '\0';
	if (!dots) {
		if (parse_bound(v, n, false, f->date_from) ||
		    parse_bound(v, n, true, f->date_to))
			goto bad;
	} else {
		size_t a = (size_t)(dots - v), b = n - a - 2;
		if (!a && !b)
			goto bad;
		if (a && parse_bound(v, a, false, f->date_from))
			goto bad;
		if (b && parse_bound(dots + 2, b, true, f->date_to))
			goto bad;
		if (a && b && strcmp(f->date_from, f->date_to) > 0) {
			*msg = util_xasprintf("date:%s: the range ends before "
			                      "it starts",
			                      v);
			return -1;
		}
	}
	free(f->date_raw);
	f->date_raw = util_xstrdup(v);
	return 0;
bad:
	*msg = util_xasprintf("date:%s: expected YYYY[-MM[-DD]], a range "
	                      "FROM..TO, or an open range FROM.. or ..TO",
	                      v);
	return -1;
}

static int add_mention(struct filter *f, const char *v, bool quoted, char **msg)
{
	struct search_pattern p;
	/* Keep the quotes: search_compile strips them, and describe shows
	 * them. */
	char *raw = quoted ? util_xasprintf("\"%s\"", v) : util_xstrdup(v);

	if (search_compile(&p, raw, f->mode)) {
		search_pattern_free(&p);
		free(raw);
		*msg = util_xstrdup("mentions: needs a word or a phrase");
		return -1;
	}
	util_grow((void **)&f->mentions, &f->mcap, f->nmentions + 1,
	          sizeof(*f->mentions));
	f->mention_pats =
	    util_xrealloc(f->mention_pats, f->mcap * sizeof(*f->mention_pats));
	f->mentions[f->nmentions] = raw;
	f->mention_pats[f->nmentions] = p;
	f->nmentions++;
	return 0;
}

static int set_term(struct filter *f, const char *key, size_t kn, const char *v,
                    bool quoted, char **msg)
{
#define KEY(k) (kn == strlen(k) && !memcmp(key, k, kn))
	if (!key || KEY("mentions") || KEY("mention") || KEY("m"))
		return add_mention(f, v, quoted, msg);
	if (KEY("lang") || KEY("language") || KEY("l")) {
		size_t n = strlen(v);
		if (n < 1 || n > 3) {
			*msg = util_xasprintf("lang:%s: expected a language "
			                      "code such as da or en",
			                      v);
			return -1;
		}
		for (size_t i = 0; i <= n; i++)
			f->lang[i] =
			    (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] - 'A' + 'a'
			                                      : v[i]);
		return 0;
	}
	if (KEY("source") || KEY("src") || KEY("s")) {
		search_pattern_free(&f->source_pat);
		free(f->source);
		f->source = NULL;
		if (search_compile(&f->source_pat, v, f->mode)) {
			*msg = util_xstrdup("source: needs a name");
			return -1;
		}
		f->source = util_xstrdup(v);
		return 0;
	}
	if (KEY("date") || KEY("d"))
		return parse_date(f, v, msg);
	if (KEY("is")) {
		if (!strcmp(v, "unread"))
			f->is_not |= FILTER_MARK_READ;
		else if (!strcmp(v, "read"))
			f->is |= FILTER_MARK_READ;
		else if (!strcmp(v, "bookmarked") || !strcmp(v, "bm"))
			f->is |= FILTER_MARK_BOOKMARKED;
		else {
			*msg = util_xasprintf("is:%s: expected is:unread, "
			                      "is:read or is:bookmarked",
			                      v);
			return -1;
		}
		return 0;
	}
#undef KEY
	*msg = util_xasprintf("unknown filter '%.*s:'; use lang:, source:, "
	                      "date:, mentions: or is:",
	                      (int)kn, key);
	return -1;
}

int filter_parse(const char *s, unsigned mode, struct filter *f, char **msg)
{
	const char *p = s ? s : "";

	*msg = NULL;
	*f = (struct filter){.mode = mode};
	while (*p) {
		const char *key = NULL, *colon = NULL, *q;
		struct strbuf v = {0};
		bool quoted = false;
		size_t kn = 0;
		int rc;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		/* A key is letters up to a colon. */
		for (q = p;
		     (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'); q++)
			;
		if (q > p && *q == ':') {
			key = p;
			kn = (size_t)(q - p);
			colon = q;
			p = colon + 1;
		}
		sb_append(&v, "", 0);
		if (*p == '"') {
			const char *e = strchr(p + 1, '"');
			if (!e) {
				sb_free(&v);
				*msg = util_xstrdup("a quote is not closed");
				return -1;
			}
			sb_append(&v, p + 1, (size_t)(e - p - 1));
			quoted = true;
			p = e + 1;
		} else {
			while (*p && !is_space(*p))
				sb_putc(&v, *p++);
		}
		if (!v.len && key) {
			*msg =
			    util_xasprintf("%.*s: needs a value", (int)kn, key);
			sb_free(&v);
			return -1;
		}
		rc = v.len ? set_term(f, key, kn, v.s, quoted, msg) : 0;
		sb_free(&v);
		if (rc)
			return -1;
	}
	return 0;
}

bool filter_is_empty(const struct filter *f)
{
	return !f->lang[0] && !f->source && !f->date_raw && !f->nmentions &&
	       !f->is && !f->is_not;
}

static bool text_has(const struct search_pattern *p, const char *s, size_t n)
{
	struct search_folded fo;
	struct search_match *m;
	size_t k;

	search_fold(s, n, p->mode, false, &fo);
	k = search_find_folded(p, &fo, &m);
	free(m);
	search_folded_free(&fo);
	return k > 0;
}

/* Whether the text (a's own, else article i of c lent) mentions every
 * pattern of f. */
static bool mentions(const struct filter *f, const struct article *a,
                     const struct corpus *c, size_t i)
{
	struct corpus_text t = {.text = a->text, .len = a->len};
	bool ok = true;

	if (!f->nmentions)
		return true;
	/* The interface holds no texts: one is lent (from the spill file)
	 * only for an article the rest of the filter lets through. */
	if (!t.text && c && corpus_text_get(c, i, &t) < 0)
		t = (struct corpus_text){0};
	for (size_t k = 0; ok && k < f->nmentions; k++)
		ok = text_has(&f->mention_pats[k], t.text ? t.text : "", t.text ? t.len : 0);
	corpus_text_put(&t);
	return ok;
}

static bool match(const struct filter *f, const struct article *a, unsigned marks,
                  const struct corpus *c, size_t i);

bool filter_match(const struct filter *f, const struct article *a,
                  unsigned marks)
{
	return match(f, a, marks, NULL, 0);
}

static bool match(const struct filter *f, const struct article *a, unsigned marks,
                  const struct corpus *c, size_t i)
{
	if ((marks & f->is) != f->is || (marks & f->is_not))
		return false;
	if (f->lang[0] && strcmp(f->lang, a->lang))
		return false;
	/* The source as the list shows it (corpus.ini's, else the outlet
	 * the text names) or as the file names it. */
	if (f->source &&
	    !text_has(&f->source_pat, a->source ? a->source : "",
	              a->source ? strlen(a->source) : 0) &&
	    !(a->outlet &&
	      text_has(&f->source_pat, a->outlet, strlen(a->outlet))))
		return false;
	if (f->date_raw) {
		const char *d = a->date ? a->date : "";
		if (!*d)
			return false;
		if (f->date_from[0] && strcmp(d, f->date_from) < 0)
			return false;
		if (f->date_to[0] && strcmp(d, f->date_to) > 0)
			return false;
	}
	return mentions(f, a, c, i);
}

size_t filter_apply(const struct filter *f, const struct corpus *c,
                    const unsigned char *marks, size_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		if (match(f, &c->articles[i], marks ? marks[i] : 0, c, i))
			out[n++] = i;
	return n;
}

size_t filter_apply_among(const struct filter *f, const struct corpus *c,
                          const unsigned char *marks, const uint32_t *maybe,
                          size_t nmaybe, size_t *out)
{
	size_t n = 0;

	for (size_t k = 0; k < nmaybe; k++) {
		size_t i = maybe[k];
		if (i < c->n && (!k || maybe[k - 1] < maybe[k]) &&
		    match(f, &c->articles[i], marks ? marks[i] : 0, c, i))
			out[n++] = i;
	}
	return n;
}

const char *filter_sort_name(enum filter_sort key)
{
	switch (key) {
	case FILTER_SORT_FILE:
		return "file";
	case FILTER_SORT_DATE:
		return "date";
	case FILTER_SORT_SOURCE:
		return "source";
	case FILTER_SORT_TITLE:
		return "title";
	case FILTER_SORT_XREFS:
		return "xrefs";
	}
	return "?";
}

struct sortent {
	size_t idx;
	char *key; /* collate key (owned) or NULL */
	const char *date;
	size_t count;
};

struct sortctx {
	enum filter_sort key;
	bool reverse;
};

/* Undated articles go last, whatever the direction. */
static int cmp_date(const char *a, const char *b, bool rev)
{
	if (!*a != !*b)
		return *a ? -1 : 1;
	return rev ? strcmp(b, a) : strcmp(a, b);
}

static int cmp_ent(const void *pa, const void *pb, void *ctx)
{
	const struct sortent *a = pa, *b = pb;
	const struct sortctx *sc = ctx;
	enum filter_sort sort_key = sc->key;
	bool sort_reverse = sc->reverse;
	int r = 0;

	switch (sort_key) {
	case FILTER_SORT_FILE:
		break;
	case FILTER_SORT_DATE:
		r = cmp_date(a->date, b->date, sort_reverse);
		break;
	case FILTER_SORT_SOURCE:
	case FILTER_SORT_TITLE:
		r = strcmp(a->key, b->key);
		if (sort_reverse)
			r = -r;
		if (!r && sort_key == FILTER_SORT_SOURCE)
			r = cmp_date(a->date, b->date, false);
		break;
	case FILTER_SORT_XREFS:
		if (a->count != b->count)
			r = a->count > b->count ? -1 : 1;
		if (sort_reverse)
			r = -r;
		break;
	}
	if (!r && sort_key == FILTER_SORT_FILE && sort_reverse)
		return a->idx < b->idx ? 1 : a->idx > b->idx ? -1 : 0;
	if (!r)
		r = a->idx < b->idx ? -1 : a->idx > b->idx ? 1 : 0;
	return r;
}

void filter_sort(size_t *idx, size_t n, const struct corpus *c,
                 enum filter_sort key, bool reverse, const size_t *xref_counts)
{
	struct sortent *e;

	if (n < 2)
		return;
	e = util_xcalloc(n, sizeof(*e));
	for (size_t i = 0; i < n; i++) {
		const struct article *a = &c->articles[idx[i]];
		const char *s = NULL;

		e[i].idx = idx[i];
		e[i].date = a->date ? a->date : "";
		e[i].count = xref_counts ? xref_counts[idx[i]] : 0;
		/* By the source the list shows. */
		if (key == FILTER_SORT_SOURCE)
			s = article_outlet(a) ? article_outlet(a)
			    : a->source       ? a->source
			                      : "";
		else if (key == FILTER_SORT_TITLE)
			s = a->title ? a->title : "";
		if (s)
			e[i].key = search_collate_key(s, strlen(s));
	}
	/* glibc's qsort_r (we build with _GNU_SOURCE) passes the key. */
	if (n > 1)
		qsort_r(e, n, sizeof(*e), cmp_ent,
	                &(struct sortctx){.key = key, .reverse = reverse});
	for (size_t i = 0; i < n; i++) {
		idx[i] = e[i].idx;
		free(e[i].key);
	}
	free(e);
}

static void put_value(struct strbuf *sb, const char *key, const char *v)
{
	if (sb->len)
		sb_putc(sb, ' ');
	sb_printf(sb, "%s:", key);
	/* Mentions keep their own quotes; others get quotes if needed. */
	if (v[0] != '"' && strpbrk(v, " \t\n\r"))
		sb_printf(sb, "\"%s\"", v);
	else
		sb_puts(sb, v);
}

char *filter_describe(const struct filter *f)
{
	struct strbuf sb = {0};

	sb_append(&sb, "", 0);
	if (f->lang[0])
		put_value(&sb, "lang", f->lang);
	if (f->source)
		put_value(&sb, "source", f->source);
	if (f->date_raw)
		put_value(&sb, "date", f->date_raw);
	for (size_t i = 0; i < f->nmentions; i++)
		put_value(&sb, "mentions", f->mentions[i]);
	if (f->is_not & FILTER_MARK_READ)
		put_value(&sb, "is", "unread");
	if (f->is & FILTER_MARK_READ)
		put_value(&sb, "is", "read");
	if (f->is & FILTER_MARK_BOOKMARKED)
		put_value(&sb, "is", "bookmarked");
	return sb_take(&sb);
}

void filter_free(struct filter *f)
{
	free(f->source);
	search_pattern_free(&f->source_pat);
	free(f->date_raw);
	for (size_t i = 0; i < f->nmentions; i++) {
		free(f->mentions[i]);
		search_pattern_free(&f->mention_pats[i]);
	}
	free(f->mentions);
	free(f->mention_pats);
	*f = (struct filter){0};
}
