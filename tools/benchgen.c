/* benchgen.c - writes the deterministic benchmark corpus for `make bench`:
 * N articles of about 2-4 KB, half Danish and half English, recombined from
 * the sentences, words, names and numbers of the bundled articles.
 *
 * Usage: benchgen [-r] [-s SEED] [-p PER_DIR] N OUTDIR FILE...
 *
 * Standalone on purpose (it links no kilde module): the benchmark's input
 * must not change when the code it measures changes. Every random choice
 * comes from splitmix64 seeded by (SEED, article, paragraph), so the output
 * depends only on SEED, N, PER_DIR and the bytes of the source files, and an
 * article can regenerate another's paragraph to reprint it.
 *
 * Why not just shuffle whole sentences: with five source articles every
 * 8-word run would then be shared by thousands of articles, which no real
 * archive has. So inside each sentence a share of the ordinary words is
 * swapped for other words of the same language (drawn by frequency, so
 * stopword statistics and language detection stay realistic), names are
 * swapped for names from a Zipf-distributed pool (a few very common, a long
 * tail shared by two or three articles), and numbers are re-drawn. Verbatim
 * sharing is then added on purpose: some articles quote a source sentence
 * unchanged, some reprint a paragraph of an earlier article (syndication).
 * A few files are CRLF, carry a BOM or are Windows-1252, as archives do.
 *
 * With -r (reuse-heavy, as a wire-fed archive is) most articles are wire
 * copy instead: one of N/WIRE_READERS wire stories, each reprinted by a few
 * hundred outlets with a paragraph dropped here and a local one added there,
 * and many quote one of a small pool of statements verbatim. Most sentences
 * then recur in hundreds of articles, which is what makes the index's
 * passages (and its memory) grow faster than the corpus. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unictype.h>
#include <uniconv.h>
#include <unistr.h>

/* Probabilities, in 1/1000. */
#define P_SUB_WORD 450   /* an ordinary word is swapped */
#define P_SUB_NAME 650   /* a name is swapped */
#define P_CAST_NAME 750  /* a swapped name comes from the article's cast */
#define P_QUOTE 100      /* the article quotes one source sentence verbatim */
#define P_REPRINT 30     /* a paragraph reprints an earlier article's */
#define P_DATE 600       /* a date line near the top */
#define P_ISO_DATE 200   /*   ... of which in ISO form */
#define P_NBSP_DATE 300  /*   ... of which (English) with no-break spaces */
#define P_BYLINE 300     /* a byline before the date */
#define P_BOILER 200     /* page boilerplate before the text */
#define P_BOILER_MID 50  /* boilerplate between paragraphs */
#define P_CRLF 15
#define P_BOM 5
#define P_CP1252 10      /* Danish articles only */

#define NAME_RANKS 200000 /* size of the Zipf name space */
#define REPRINT_BACK 2000 /* how far back a reprint may reach */
#define REPRINT_DEPTH 3

/* Reuse-heavy mode (-r), in 1/1000 unless said. */
#define P_WIRE 800        /* an article is wire copy */
#define P_WIRE_DROP 120   /*   ... a wire paragraph is left out */
#define P_WIRE_LOCAL 150  /*   ... a local paragraph is added after one */
#define P_WIRE_QUOTE 400  /* an article quotes a pooled statement */
#define WIRE_READERS 250  /* articles per wire story, on average */
#define QUOTE_READERS 400 /* articles per pooled statement */
#define WIRE_PARAS 8      /* paragraphs a wire story has */
/* Where the wire stories' and statements' random streams live: far past
 * any article number, so they never coincide with an article's. */
#define WIRE_BASE ((size_t)1 << 40)
#define QUOTE_BASE ((size_t)1 << 41)

enum lang { DA, EN, NLANG };

struct strvec {
	char **v;
	size_t n, cap;
};

struct name {
	char *s;
	size_t count;
};

struct pool {
	struct strvec sentences, titles, words, boiler;
	struct name *names;
	size_t nnames, namecap;
};

struct buf {
	char *s;
	size_t len, cap;
};

static struct pool pools[NLANG];
static struct name *allnames; /* both languages, most frequent first */
static size_t nallnames;
static uint64_t seed = 20261124;
static size_t nwire, nquote; /* reuse-heavy mode when nwire > 0 */

static const char *const first_names[] = {
	"Søren", "Jørgen", "Mette", "Bjørn", "Åse", "Kåre", "Birthe", "Henrik",
	"Lærke", "Mads", "Sofie", "Jens", "Anne-Sofie", "Rasmus", "Signe",
	"Morten", "Tove", "Niels", "John", "Sarah", "Michael", "Emily", "David",
	"Laura", "James", "Karen", "Robert", "Helen",
};
static const char *const surnames[] = {
	"Sørensen", "Jørgensen", "Thøgersen", "Møller", "Kjær", "Østergaard",
	"Ågaard", "Nørgaard", "Bækgaard", "Hansen", "Nielsen", "Frølund",
	"Skøtt", "Dæhnfeldt", "Smith", "Johnson", "Brown", "Taylor", "Wilson",
	"Clarke", "Walker", "Wright", "Hughes", "Green", "Okafor", "Lindqvist",
	"Haraldsen", "Åkesson", "Fischer", "Moreau",
};
static const char *const org_suffixes[] = {
	"A/S", "Group", "Holding", "Technologies", "Telecom", "Networks",
	"Capital", "Institut",
};
static const char *const org_places[] = {
	"Nordic", "Europe", "Danmark", "UK", "Asia", "Aarhus", "Ålborg",
	"Øresund",
};
static const char *const months[NLANG][12] = {
	{"januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
	 "september", "oktober", "november", "december"},
	{"January", "February", "March", "April", "May", "June", "July",
	 "August", "September", "October", "November", "December"},
};
static const char *const stopwords[NLANG][12] = {
	{"og", "det", "at", "til", "på", "af", "er", "har", "som", "ikke", "med",
	 "den"},
	{"the", "and", "of", "to", "is", "that", "has", "with", "it", "was",
	 "for", "in"},
};

static void die(const char *what)
{
	fprintf(stderr, "benchgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("realloc");
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = xrealloc(NULL, n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void vec_push(struct strvec *v, const char *s, size_t n)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->v = xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = xstrndup(s, n);
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? 2 * b->cap : 8192;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* ---- randomness ---------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* An independent stream for (article, part), so parts can be regenerated. */
static uint64_t stream(uint64_t article, uint64_t part)
{
	uint64_t s = seed ^ (article * 0xd1342543de82ef95u);

	splitmix64(&s);
	s ^= part * 0xaf251af3b0f025b5u;
	splitmix64(&s);
	return s;
}

static size_t below(uint64_t *r, size_t n)
{
	return n ? (size_t)(splitmix64(r) % n) : 0;
}

static bool chance(uint64_t *r, unsigned per_mille)
{
	return splitmix64(r) % 1000 < per_mille;
}

/* Zipf-like rank with exponent about 1: log-uniform over [1, n]. */
static size_t zipf(uint64_t *r, size_t n)
{
	double u = (double)(splitmix64(r) >> 11) / 9007199254740992.0;
	size_t k = (size_t)exp(u * log((double)n));

	return k ? k - 1 : 0;
}

/* ---- characters ---------------------------------------------------------- */

/* Length of a punctuation character at p (ASCII or typographic quotes and
 * dashes), else 0. */
static size_t punct_at(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	ucs4_t uc;
	int n;

	if (c < 0x80)
		return strchr("\"'()[]{}.,;:!?-%*", c) && c ? 1 : 0;
	n = u8_mbtouc(&uc, (const uint8_t *)p, (size_t)(end - p));
	return n > 0 && uc != 0xfffd && (uc_is_property_punctuation(uc) ||
	                                 uc_is_property_dash(uc)) ? (size_t)n : 0;
}

/* Length of the punctuation character that ends [s, end), else 0. */
static size_t punct_before(const char *s, const char *end)
{
	const uint8_t *prev = u8_prev(&(ucs4_t){0}, (const uint8_t *)end,
	                               (const uint8_t *)s);

	if (!prev)
		return 0;
	return punct_at((const char *)prev, end) == (size_t)(end - (const char *)prev) ?
	       (size_t)(end - (const char *)prev) : 0;
}

static ucs4_t first_char(const char *s, size_t n)
{
	ucs4_t uc = 0;

	if (n)
		u8_mbtouc(&uc, (const uint8_t *)s, n);
	return uc;
}

static bool is_upper_word(const char *s, size_t n)
{
	return n >= 2 && uc_is_upper(first_char(s, n));
}

/* An ordinary word: letters only (hyphen allowed inside), first lowercase. */
static bool is_plain_word(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	ucs4_t uc;
	int k;

	if (n < 2 || !uc_is_lower(first_char(s, n)))
		return false;
	for (; p < end; p += k) {
		k = u8_mbtouc(&uc, p, (size_t)(end - p));
		if (!uc_is_alpha(uc) && uc != '-')
			return false;
	}
	return true;
}

/* Digits with , or . between them: "1987", "180,000", "2.5". */
static bool is_number(const char *s, size_t n)
{
	if (!n || s[0] < '0' || s[0] > '9' || s[n - 1] < '0' || s[n - 1] > '9')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != ',' && s[i] != '.')
			return false;
	return true;
}

/* ---- tokens -------------------------------------------------------------- */

struct tok {
	const char *lead, *core, *trail, *end; /* lead punct, core, trail punct */
};

/* Splits a sentence at ASCII spaces into tokens with their punctuation. */
static size_t tokenize(const char *s, size_t n, struct tok *t, size_t max)
{
	const char *p = s, *end = s + n;
	size_t k = 0;

	while (p < end && k < max) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		const char *e = memchr(p, ' ', (size_t)(end - p));
		size_t m;

		if (!e)
			e = end;
		t[k].lead = p;
		t[k].core = p;
		while (t[k].core < e && (m = punct_at(t[k].core, e)) != 0)
			t[k].core += m;
		t[k].trail = e;
		while (t[k].trail > t[k].core &&
		       (m = punct_before(t[k].core, t[k].trail)) != 0)
			t[k].trail -= m;
		t[k].end = e;
		k++;
		p = e;
	}
	return k;
}

static size_t core_len(const struct tok *t)
{
	return (size_t)(t->trail - t->core);
}

static bool ends_sentence(const struct tok *t)
{
	for (const char *p = t->trail; p < t->end; p++)
		if (*p == '.' || *p == '!' || *p == '?' || *p == ':')
			return true;
	return false;
}

/* Length in tokens of the name starting at token k, or 0. A name is a run
 * of capitalised words that is not at the start of a sentence or quote. */
static size_t name_run(const struct tok *t, size_t n, size_t k)
{
	size_t j = k;

	if (k == 0 || ends_sentence(&t[k - 1]) || t[k].lead != t[k].core)
		return 0;
	while (j < n && is_upper_word(t[j].core, core_len(&t[j])) &&
	       (j == k || t[j].lead == t[j].core)) {
		j++;
		if (t[j - 1].trail != t[j - 1].end)
			break;
	}
	return j - k;
}

/* ---- reading the sources ------------------------------------------------- */

static enum lang detect(const char *text)
{
	size_t hits[NLANG] = {0};
	struct tok t[64];
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		size_t n = tokenize(p, len, t, 64);

		for (size_t i = 0; i < n; i++)
			for (int l = 0; l < NLANG; l++)
				for (int w = 0; w < 12; w++)
					if (core_len(&t[i]) == strlen(stopwords[l][w]) &&
					    !memcmp(t[i].core, stopwords[l][w], core_len(&t[i])))
						hits[l]++;
		p += len + (e != NULL);
	}
	return hits[DA] > hits[EN] ? DA : EN;
}

static void add_name(struct pool *pl, const char *s, size_t n)
{
	for (size_t i = 0; i < pl->nnames; i++)
		if (strlen(pl->names[i].s) == n && !memcmp(pl->names[i].s, s, n)) {
			pl->names[i].count++;
			return;
		}
	if (pl->nnames == pl->namecap) {
		pl->namecap = pl->namecap ? 2 * pl->namecap : 64;
		pl->names = xrealloc(pl->names, pl->namecap * sizeof(*pl->names));
	}
	pl->names[pl->nnames++] = (struct name){xstrndup(s, n), 1};
}

static void learn_sentence(struct pool *pl, const char *s, size_t n)
{
	struct tok t[256];
	size_t nt = tokenize(s, n, t, 256), run;

	vec_push(&pl->sentences, s, n);
	for (size_t k = 0; k < nt; k++) {
		if ((run = name_run(t, nt, k)) != 0) {
			add_name(pl, t[k].core, (size_t)(t[k + run - 1].trail - t[k].core));
			k += run - 1;
		} else if (k > 0 && is_plain_word(t[k].core, core_len(&t[k]))) {
			vec_push(&pl->words, t[k].core, core_len(&t[k]));
		}
	}
}

/* Where the sentence that starts at p ends: after . ! or ? (and closing
 * quotes) followed by a space and something that can start a sentence. */
static const char *sentence_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p != '.' && *p != '!' && *p != '?')
			continue;
		const char *q = p + 1;
		size_t m;

		while (q < end && *q != ' ' && (m = punct_at(q, end)) != 0)
			q += m;
		if (q == end)
			return end;
		if (*q == ' ' && q + 1 < end) {
			ucs4_t uc = first_char(q + 1, (size_t)(end - q - 1));
			if (uc_is_upper(uc) || punct_at(q + 1, end))
				return q;
		}
	}
	return end;
}

static bool has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return true;
	return false;
}

static void learn_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[65536];
	size_t got;
	bool title = true;

	if (!f)
		die(path);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		for (size_t i = 0; i < got; i++)
			if (chunk[i] != '\r')
				buf_add(&b, &chunk[i], 1);
	fclose(f);
	if (!b.s)
		return;

	struct pool *pl = &pools[detect(b.s)];
	const char *p = b.s;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *end = p + len;
		struct tok t[16];
		size_t nt = tokenize(p, len, t, 16);

		if (nt == 0) {
			/* blank line */
		} else if (title) {
			vec_push(&pl->titles, p, len);
			title = false;
		} else if (nt < 7 && !ends_sentence(&t[nt - 1]) && !has_digit(p, len)) {
			vec_push(&pl->boiler, p, len);
		} else {
			for (const char *s = p; s < end;) {
				const char *se = sentence_end(s, end);
				if (se - s >= 25)
					learn_sentence(pl, s, (size_t)(se - s));
				s = se;
				while (s < end && *s == ' ')
					s++;
			}
		}
		p = end + (e != NULL);
	}
	free(b.s);
}

static int cmp_name(const void *a, const void *b)
{
	const struct name *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->s, y->s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One name list for both languages, most frequent first: names cross the
 * language border, as they do in the real corpus. */
static void merge_names(void)
{
	for (int l = 0; l < NLANG; l++)
		for (size_t i = 0; i < pools[l].nnames; i++) {
			size_t j;
			for (j = 0; j < nallnames; j++)
				if (!strcmp(allnames[j].s, pools[l].names[i].s))
					break;
			if (j < nallnames) {
				allnames[j].count += pools[l].names[i].count;
				continue;
			}
			allnames = xrealloc(allnames, (nallnames + 1) * sizeof(*allnames));
			allnames[nallnames++] = pools[l].names[i];
		}
	qsort(allnames, nallnames, sizeof(*allnames), cmp_name);
}

/* ---- writing articles ---------------------------------------------------- */

#define NFIRST (sizeof(first_names) / sizeof(first_names[0]))
#define NSUR (sizeof(surnames) / sizeof(surnames[0]))
#define NSUFFIX (sizeof(org_suffixes) / sizeof(org_suffixes[0]))
#define NPLACE (sizeof(org_places) / sizeof(org_places[0]))

/* The name of a rank: the source's own names first, then people
 * ("Mette Kjær", "Mette Østergaard Kjær") and organisations. */
static void put_name(struct buf *b, size_t rank)
{
	size_t q;

	if (rank < nallnames) {
		buf_str(b, allnames[rank].s);
		return;
	}
	rank -= nallnames;
	q = rank / 5;
	if (rank % 5 == 4) {
		buf_str(b, surnames[q % NSUR]);
		buf_str(b, " ");
		buf_str(b, org_suffixes[(q / NSUR) % NSUFFIX]);
		if ((q / NSUR / NSUFFIX) % (NPLACE + 1)) {
			buf_str(b, " ");
			buf_str(b, org_places[(q / NSUR / NSUFFIX) % (NPLACE + 1) - 1]);
		}
		return;
	}
	buf_str(b, first_names[q % NFIRST]);
	buf_str(b, " ");
	if ((q / NFIRST / NSUR) % (NSUR + 1)) {
		buf_str(b, surnames[(q / NFIRST / NSUR) % (NSUR + 1) - 1]);
		buf_str(b, " ");
	}
	buf_str(b, surnames[(q / NFIRST) % NSUR]);
}

struct cast {
	size_t rank[8];
	size_t n;
};

/* The people and organisations an article is about; reprints regenerate
 * the cast of the article they copy from. */
static void make_cast(size_t article, struct cast *c)
{
	uint64_t r = stream(article, 1000000);

	c->n = 3 + below(&r, 6);
	for (size_t i = 0; i < c->n; i++)
		c->rank[i] = zipf(&r, NAME_RANKS);
}

static void put_number(struct buf *b, const char *s, size_t n, uint64_t *r)
{
	char d[2] = {0};

	if (n == 4 && (!memcmp(s, "19", 2) || !memcmp(s, "20", 2))) {
		char y[8];
		snprintf(y, sizeof(y), "%zu", 1985 + below(r, 40));
		buf_str(b, y);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		d[0] = s[i];
		if (s[i] >= '0' && s[i] <= '9')
			d[0] = (char)((i == 0 ? '1' : '0') + below(r, i == 0 ? 9 : 10));
		buf_add(b, d, 1);
	}
}

/* Appends a sentence with swapped words, names and numbers. */
static void put_sentence(struct buf *b, enum lang l, const char *s,
                         const struct cast *cast, uint64_t *r)
{
	const struct pool *pl = &pools[l];
	struct tok t[256];
	size_t nt = tokenize(s, strlen(s), t, 256), run;

	for (size_t k = 0; k < nt; k++) {
		const struct tok *tk = &t[k];
		size_t n = core_len(tk);

		if (k)
			buf_add(b, " ", 1);
		if ((run = name_run(t, nt, k)) != 0 && chance(r, P_SUB_NAME)) {
			buf_add(b, tk->lead, (size_t)(tk->core - tk->lead));
			put_name(b, chance(r, P_CAST_NAME) ?
			            cast->rank[below(r, cast->n)] : zipf(r, NAME_RANKS));
			tk = &t[k + run - 1];
			buf_add(b, tk->trail, (size_t)(tk->end - tk->trail));
			k += run - 1;
			continue;
		}
		if (run) {
			/* a kept name keeps its original spacing */
			buf_add(b, tk->lead, (size_t)(t[k + run - 1].end - tk->lead));
			k += run - 1;
			continue;
		}
		buf_add(b, tk->lead, (size_t)(tk->core - tk->lead));
		if (is_number(tk->core, n))
			put_number(b, tk->core, n, r);
		else if (k > 0 && pl->words.n && is_plain_word(tk->core, n) &&
		         chance(r, P_SUB_WORD))
			buf_str(b, pl->words.v[below(r, pl->words.n)]);
		else
			buf_add(b, tk->core, n);
		buf_add(b, tk->trail, (size_t)(tk->end - tk->trail));
	}
}

static void put_date(struct buf *b, enum lang l, uint64_t *r)
{
	unsigned y = 2015 + (unsigned)below(r, 10), m = (unsigned)below(r, 12),
	         d = 1 + (unsigned)below(r, 28);
	char s[64];

	if (chance(r, P_ISO_DATE))
		snprintf(s, sizeof(s), "%u-%02u-%02u", y, m + 1, d);
	else if (l == DA)
		snprintf(s, sizeof(s), "%u. %s %u", d, months[DA][m], y);
	else if (chance(r, P_NBSP_DATE))
		snprintf(s, sizeof(s), "%s\u00a0%u,\u00a0%u", months[EN][m], d, y);
	else
		snprintf(s, sizeof(s), "%s %u, %u", months[EN][m], d, y);
	buf_str(b, s);
	buf_str(b, "\n\n");
}

static enum lang lang_of(size_t article)
{
	return article % 2 ? EN : DA;
}

/* Paragraph para of an article. Returns false when the article is long
 * enough (limit reached); a reprinted paragraph is never cut. */
static bool put_paragraph(struct buf *b, size_t article, size_t para,
                          size_t limit, int depth)
{
	enum lang l = lang_of(article);
	const struct pool *pl = &pools[l];
	uint64_t r = stream(article, para);
	struct cast cast;
	size_t nsent = 1 + below(&r, 5);

	if (depth < REPRINT_DEPTH && article >= 2 && chance(&r, P_REPRINT)) {
		size_t back = 1 + below(&r, article / 2 < REPRINT_BACK ?
		                                article / 2 : REPRINT_BACK);
		return put_paragraph(b, article - 2 * back, below(&r, 4), (size_t)-1,
		                     depth + 1);
	}
	make_cast(article, &cast);
	for (size_t i = 0; i < nsent; i++) {
		if (b->len >= limit)
			return false;
		if (i)
			buf_add(b, " ", 1);
		put_sentence(b, l, pl->sentences.v[below(&r, pl->sentences.n)], &cast, &r);
	}
	return b->len < limit;
}

static void put_title(struct buf *b, size_t article)
{
	enum lang l = lang_of(article);
	const struct pool *pl = &pools[l];
	uint64_t r = stream(article, 2000000);
	struct cast cast;
	struct buf s = {0};

	make_cast(article, &cast);
	if (pl->titles.n && chance(&r, 500)) {
		put_sentence(b, l, pl->titles.v[below(&r, pl->titles.n)], &cast, &r);
	} else {
		/* The first words of a sentence, as headlines are. */
		struct tok t[16];
		size_t nt;

		put_sentence(&s, l, pl->sentences.v[below(&r, pl->sentences.n)],
		             &cast, &r);
		nt = tokenize(s.s, s.len, t, 6 + below(&r, 7));
		buf_add(b, s.s, nt ? (size_t)(t[nt - 1].trail - s.s) : s.len);
		free(s.s);
	}
	buf_str(b, "\n\n");
}

/* A statement from the pool, the same words in every outlet that quotes
 * it. Statements alternate in language as articles do. */
static void put_quote(struct buf *b, size_t article, uint64_t *r)
{
	size_t q = 2 * below(r, (nquote + 1) / 2) + article % 2;
	enum lang l = lang_of(article);
	uint64_t qr = stream(QUOTE_BASE + q, 0);
	struct cast cast;

	make_cast(QUOTE_BASE + q, &cast);
	put_sentence(b, l, pools[l].sentences.v[below(&qr, pools[l].sentences.n)],
	             &cast, &qr);
	buf_str(b, "\n\n");
}

/* Wire copy: a wire story of the article's language, paragraph by
 * paragraph (each the same bytes wherever it is printed), some left out,
 * some local paragraphs added, and perhaps a pooled statement. */
static void put_wire(struct buf *b, size_t article, uint64_t *r)
{
	size_t w = 2 * below(r, (nwire + 1) / 2) + article % 2;

	for (size_t para = 0; para < WIRE_PARAS; para++) {
		if (para == 1 && chance(r, P_WIRE_QUOTE))
			put_quote(b, article, r);
		if (para && chance(r, P_WIRE_DROP))
			continue;
		put_paragraph(b, WIRE_BASE + w, para, (size_t)-1, REPRINT_DEPTH);
		buf_str(b, "\n\n");
		if (chance(r, P_WIRE_LOCAL)) {
			put_paragraph(b, article, para, (size_t)-1, REPRINT_DEPTH);
			buf_str(b, "\n\n");
		}
	}
	buf_str(b, "\n");
}

static void build_article(struct buf *b, size_t article)
{
	enum lang l = lang_of(article);
	const struct pool *pl = &pools[l];
	uint64_t r = stream(article, 3000000);
	size_t limit = 2048 + below(&r, 1800);
	size_t para = 0;

	b->len = 0;
	put_title(b, article);
	if (pl->boiler.n && chance(&r, P_BOILER)) {
		buf_str(b, pl->boiler.v[below(&r, pl->boiler.n)]);
		buf_str(b, "\n\n");
	}
	if (chance(&r, P_BYLINE)) {
		put_name(b, zipf(&r, NAME_RANKS));
		buf_str(b, "\n");
	}
	if (chance(&r, P_DATE))
		put_date(b, l, &r);
	if (nwire && chance(&r, P_WIRE)) {
		put_wire(b, article, &r);
		return;
	}
	while (put_paragraph(b, article, para++, limit, 0)) {
		buf_str(b, "\n\n");
		if (para == 2 && chance(&r, P_QUOTE)) {
			buf_str(b, pl->sentences.v[below(&r, pl->sentences.n)]);
			buf_str(b, "\n\n");
		}
		if (pl->boiler.n && chance(&r, P_BOILER_MID)) {
			buf_str(b, pl->boiler.v[below(&r, pl->boiler.n)]);
			buf_str(b, "\n\n");
		}
	}
	buf_str(b, "\n");
}

/* The archive's mess: CRLF, a BOM, or Windows-1252. */
static void encode(struct buf *b, struct buf *out, size_t article)
{
	uint64_t r = stream(article, 4000000);

	out->len = 0;
	if (lang_of(article) == DA && chance(&r, P_CP1252)) {
		size_t n = 0;
		char *s = u8_conv_to_encoding("CP1252", iconveh_question_mark,
		                              (const uint8_t *)b->s, b->len, NULL,
		                              NULL, &n);
		if (!s)
			die("CP1252");
		buf_add(out, s, n);
		free(s);
		return;
	}
	if (chance(&r, P_BOM))
		buf_str(out, "\xef\xbb\xbf");
	if (chance(&r, P_CRLF)) {
		for (size_t i = 0; i < b->len; i++)
			buf_add(out, b->s[i] == '\n' ? "\r\n" : &b->s[i],
			        b->s[i] == '\n' ? 2 : 1);
		return;
	}
	buf_add(out, b->s, b->len);
}

static void write_file(const char *path, const char *s, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die(path);
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die(path);
		}
		s += w;
		n -= (size_t)w;
	}
	if (close(fd) < 0)
		die(path);
}

static size_t parse_count(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || !*s || v == 0) {
		fprintf(stderr, "benchgen: %s: not a positive number: '%s'\n", what, s);
		exit(2);
	}
	return (size_t)v;
}

int main(int argc, char **argv)
{
	size_t n, per_dir = 1000, bytes = 0, lang_count[NLANG] = {0};
	struct buf b = {0}, out = {0};
	char path[4096];
	const char *outdir;
	int opt;

	bool reuse = false;

	while ((opt = getopt(argc, argv, "rs:p:")) != -1) {
		if (opt == 'r')
			reuse = true;
		else if (opt == 's')
			seed = parse_count(optarg, "-s");
		else if (opt == 'p')
			per_dir = parse_count(optarg, "-p");
		else
			goto usage;
	}
	if (argc - optind < 3)
		goto usage;
	n = parse_count(argv[optind], "N");
	outdir = argv[optind + 1];
	if (reuse) {
		nwire = n / WIRE_READERS > 2 ? n / WIRE_READERS : 2;
		nquote = n / QUOTE_READERS > 2 ? n / QUOTE_READERS : 2;
	}

	/* The file order must not depend on how the shell sorted them. */
	qsort(argv + optind + 2, (size_t)(argc - optind - 2), sizeof(char *), cmp_str);
	for (int i = optind + 2; i < argc; i++)
		learn_file(argv[i]);
	for (int l = 0; l < NLANG; l++)
		if (!pools[l].sentences.n || !pools[l].words.n) {
			fprintf(stderr, "benchgen: no %s sentences in the sources\n",
			        l == DA ? "Danish" : "English");
			return 1;
		}
	merge_names();

	if (mkdir(outdir, 0755) < 0 && errno != EEXIST)
		die(outdir);
	for (size_t i = 0; i < n; i++) {
		if (i % per_dir == 0) {
			snprintf(path, sizeof(path), "%s/%03zu", outdir, i / per_dir);
			if (mkdir(path, 0755) < 0 && errno != EEXIST)
				die(path);
		}
		build_article(&b, i);
		encode(&b, &out, i);
		snprintf(path, sizeof(path), "%s/%03zu/%07zu.txt", outdir, i / per_dir, i);
		write_file(path, out.s, out.len);
		bytes += out.len;
		lang_count[lang_of(i)]++;
	}
	printf("benchgen: %zu articles (%zu Danish, %zu English), %zu bytes, "
	       "from %zu+%zu sentences, %zu names, %zu wire stories, "
	       "%zu statements\n", n, lang_count[DA], lang_count[EN], bytes,
	       pools[DA].sentences.n, pools[EN].sentences.n, nallnames, nwire,
	       nquote);
	free(b.s);
	free(out.s);
	return 0;
usage:
	fputs("usage: benchgen [-r] [-s SEED] [-p PER_DIR] N OUTDIR FILE...\n", stderr);
	return 2;
}
