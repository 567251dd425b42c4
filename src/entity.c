/* entity.c - which name mentions are one entity (see entity.h). The
 * corpus-wide step is linear in the names apart from the buckets it
 * compares within: a shorter name is only held against the longer names
 * that end in the same word and have a word with its first word's initial,
 * and a bucket stops being read once two different entities are found
 * (the name is then ambiguous and joins neither). */
#include "kilde/entity.h"

#include <stdlib.h>
#include <string.h>

#include "kilde/util.h"

/* Names longer than this many words are not compared word by word (a
 * run that long is a headline or a list, not a name). */
#define ENTITY_MAX_WORDS 12
/* An article with more distinct names than this is a list or an index
 * page: its short names are resolved in the corpus only. */
#define ENTITY_LOCAL_MAX 256
/* Longer names a shorter one is compared with in the corpus at most. */
#define ENTITY_MAX_TESTS 64
/* ... and longer names of one bucket walked at most (most of them already
 * one entity). */
#define ENTITY_MAX_WALK 512

static uint64_t nz(uint64_t h)
{
	return h ? h : 1; /* an xmap key is never 0 */
}

static void add_list(struct xmap *stop, const char *list, uint32_t cls)
{
	struct strbuf key = {0};

	/* Items are separated by |; a role of several words (Prime Minister)
	 * adds each word, which is what a title inside a run needs. */
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, "| ");
		if (n) {
			key.len = 0;
			xtok_key(p, n, &key);
			if (key.len)
				*xmap_ref(stop, xtok_hash(key.s, key.len), 0, NULL) |= cls;
		}
		p += n;
		p += strspn(p, "| ");
	}
	sb_free(&key);
}

void entity_add_roles(struct xmap *stop, const char *list)
{
	add_list(stop, list, XSTOP_WEAK | XSTOP_ROLE);
}

void entity_add_particles(struct xmap *stop, const char *list)
{
	add_list(stop, list, XSTOP_JOIN | XSTOP_PARTICLE);
}

void entity_add_subnames(struct xmap *stop, const char *list)
{
	add_list(stop, list, XSTOP_SUBNAME);
}

/* ---- trimming -------------------------------------------------------------- */

/* A title the engine knows (Mr, President) is a role unless it is a short
 * word in capitals, which is an acronym instead (DR, a broadcaster, is not
 * Dr); a word of the configured role lists is a role in capitals too (PM). */
static bool is_role(const struct xtok *t)
{
	if (t->stop & XSTOP_ROLE)
		return true;
	return (t->stop & XSTOP_WEAK) && !((t->flags & XTOK_ALLCAPS) && t->klen < 3);
}

/* Cut from the ends of a name: roles, and function words that are not
 * particles (of Føroya Tele; but von der Leyen keeps von). */
static bool is_cut(const struct xtok *t)
{
	if (t->type != XTOK_WORD)
		return true;
	if (t->stop & XSTOP_PARTICLE)
		return false;
	return is_role(t) || (t->stop & (XSTOP_STOP | XSTOP_JOIN));
}

/* Notre-Dame: a word joined to its neighbour by a hyphen is part of one
 * compound, never cut. */
static bool hyphened(const struct xtok_list *l, size_t i)
{
	const struct xtok *t;
	if (l->t[i].type != XTOK_WORD)
		return false;
	if (i > 0) {
		t = &l->t[i - 1];
		if (t->type == XTOK_PUNCT && t->off + t->len == l->t[i].off && i >= 2 &&
		    l->t[i - 2].type == XTOK_WORD && t->len == 1)
			return true;
	}
	if (i + 2 < l->n) {
		t = &l->t[i + 1];
		if (t->type == XTOK_PUNCT && l->t[i].off + l->t[i].len == t->off &&
		    l->t[i + 2].type == XTOK_WORD && t->len == 1)
			return true;
	}
	return false;
}

size_t entity_trim(const struct xtok_list *l, size_t *a, size_t *z)
{
	size_t role = (size_t)-1;

	if (!l->n || *z >= l->n) {
		*a = 1;
		*z = 0;
		return role;
	}
	while (*a <= *z && is_cut(&l->t[*a]) && !hyphened(l, *a)) {
		if (l->t[*a].type == XTOK_WORD && (l->t[*a].stop & XSTOP_ROLE))
			role = *a;
		++*a;
	}
	while (*a <= *z && is_cut(&l->t[*z]) && !hyphened(l, *z)) {
		if (l->t[*z].type == XTOK_WORD && (l->t[*z].stop & XSTOP_ROLE) &&
		    role == (size_t)-1)
			role = *z;
		if (*z == 0) {
			*a = 1;
			break;
		}
		--*z;
	}
	return role;
}

/* ---- skeletons ------------------------------------------------------------- */

static bool word_has(const struct xmap *stop, const char *w, size_t n, uint32_t cls)
{
	uint32_t v = 0;
	return stop && xmap_get(stop, xtok_hash(w, n), &v) && (v & cls);
}

void entity_skeleton(const struct xmap *stop, const char *s, size_t n, struct strbuf *out)
{
	bool any = false;

	for (size_t i = 0; i < n;) {
		size_t w = i;
		while (w < n && s[w] != ' ')
			w++;
		/* A particle is left out unless it is the last word (a name is
		 * never only particles). */
		if (w > i && (w == n || !word_has(stop, s + i, w - i, XSTOP_PARTICLE))) {
			if (any)
				sb_putc(out, ' ');
			any = true;
			for (size_t k = i; k < w; k++) {
				unsigned char c = (unsigned char)s[k];
				if (c == 0xc3 && k + 1 < w && (unsigned char)s[k + 1] == 0xb0) {
					sb_putc(out, 'd'); /* ð */
					k++;
				} else if (c == 0xc3 && k + 1 < w && (unsigned char)s[k + 1] == 0xbe) {
					sb_puts(out, "th"); /* þ */
					k++;
				} else if (k + 1 < w && ((c == 'o' && s[k + 1] == 'e') ||
				                         (c == 'a' && s[k + 1] == 'e') ||
				                         (c == 'a' && s[k + 1] == 'a'))) {
					/* ø æ å (oe ae aa in the key) and their plain
					 * spellings o a a are one letter. */
					sb_putc(out, (char)c);
					k++;
				} else {
					sb_putc(out, (char)c);
				}
			}
		}
		i = w + (w < n);
	}
	if (!out->s)
		sb_append(out, "", 0);
}

size_t entity_subname_head(const struct xmap *stop, const char *s, size_t n)
{
	size_t w = n;

	while (w > 0 && s[w - 1] != ' ')
		w--;
	if (w < 2 || !word_has(stop, s + w, n - w, XSTOP_SUBNAME))
		return 0;
	return w - 1;
}

/* ---- comparing names ----------------------------------------------------- */

struct words {
	const char *w[ENTITY_MAX_WORDS];
	size_t n[ENTITY_MAX_WORDS];
	size_t count;
};

/* A byte loop, not strcspn and strspn: names are a few short words, and
 * this runs at every comparison of two names. */
static bool split_words(const char *s, struct words *ws)
{
	ws->count = 0;
	while (*s) {
		size_t n = 0;
		while (s[n] && s[n] != ' ')
			n++;
		if (n) {
			if (ws->count == ENTITY_MAX_WORDS)
				return false;
			ws->w[ws->count] = s;
			ws->n[ws->count++] = n;
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	return ws->count > 0;
}

static bool same_word(const struct words *a, size_t i, const struct words *b, size_t j)
{
	return a->n[i] == b->n[j] && !memcmp(a->w[i], b->w[j], a->n[i]);
}

/* entity_part_of on names already split. */
static bool words_part_of(const struct words *p, const struct words *f)
{
	size_t j = 0;
	bool initials = false;

	if (f->count < 2)
		return false;
	if (!same_word(p, p->count - 1, f, f->count - 1))
		return false;
	for (size_t i = 0; i + 1 < p->count; i++) {
		bool ok = false;
		for (; j + 1 < f->count && !ok; j++) {
			if (same_word(p, i, f, j)) {
				ok = true;
			} else if (p->n[i] == 1 && p->w[i][0] == f->w[j][0]) {
				ok = initials = true;
			} else if (p->n[i] >= 2 && p->n[i] <= 3 && j + p->n[i] < f->count) {
				/* ps = Peder Severin: one letter a word, in a row. */
				size_t k = 0;
				while (k < p->n[i] && p->w[i][k] == f->w[j + k][0] && f->n[j + k] > 1)
					k++;
				if (k == p->n[i]) {
					ok = initials = true;
					j += k - 1;
				}
			}
		}
		if (!ok)
			return false;
	}
	return p->count < f->count || initials;
}

bool entity_part_of(const char *part, const char *full)
{
	struct words p, f;

	return split_words(part, &p) && split_words(full, &f) && words_part_of(&p, &f);
}

bool entity_abbreviates(const char *abbr, const char *full)
{
	size_t na = strlen(abbr), nf = strlen(full), words = 1;
	long si, li;

	if (na < 2 || na > 10 || nf <= na || abbr[0] != full[0] || strchr(abbr, ' '))
		return false;
	for (size_t i = 0; i < nf; i++)
		words += full[i] == ' ';
	/* Schwartz and Hearst: a long form of at most min(|A| + 5, 2|A|)
	 * words; here also at least two, so a word is not its own prefix. */
	if (words < 2 || words > na + 5 || words > 2 * na)
		return false;
	si = (long)na - 1;
	li = (long)nf - 1;
	while (si >= 0) {
		char c = abbr[si];
		while (li >= 0 && (full[li] != c || (si == 0 && li > 0 && full[li - 1] != ' ')))
			li--;
		if (li < 0)
			return false;
		li--;
		si--;
	}
	return true;
}

/* ---- the corpus ---------------------------------------------------------- */

uint32_t entity_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

void entity_join(uint32_t *parent, uint32_t from, uint32_t to)
{
	uint32_t a = entity_find(parent, from), c = entity_find(parent, to);
	if (a != c)
		parent[a] = c;
}

static uint64_t pair_hash(char initial, const char *last, size_t n)
{
	return nz(xtok_hash(last, n) ^ ((uint64_t)(unsigned char)initial * 0x9e3779b97f4a7c15ULL));
}

static void bucket_add(struct entity_resolver *r, struct xmap *m, uint64_t h, uint32_t key)
{
	bool isnew;
	uint32_t e = (uint32_t)r->nentries;
	uint32_t *head;

	util_grow((void **)&r->chain, &r->entcap, r->nentries + 1, sizeof(*r->chain));
	r->entry_key = util_xrealloc(r->entry_key, r->entcap * sizeof(*r->entry_key));
	head = xmap_ref(m, h, e, &isnew);
	r->chain[e] = isnew ? UINT32_MAX : *head;
	r->entry_key[e] = key;
	*head = e;
	r->nentries++;
}

static const char *last_word(const char *s, size_t *n)
{
	const char *sp = strrchr(s, ' ');
	const char *w = sp ? sp + 1 : s;
	*n = strlen(w);
	return w;
}

/* A bit of 64 for the word w[0, n). */
static uint64_t word_bit(const char *w, size_t n)
{
	return (uint64_t)1 << (xtok_hash(w, n) >> 58);
}

/* The bits of a name's words before the last: where a shorter name has a
 * word of four letters or more, a longer writing of it has that word
 * before its last one (words_part_of: no initials that long), so its
 * bits hold the shorter name's (need_bits). Two names seldom pass that
 * test and fail words_part_of, which is what most comparisons were. */
static uint64_t sig_bits(const struct words *ws)
{
	uint64_t m = 0;

	for (size_t i = 0; i + 1 < ws->count; i++)
		m |= word_bit(ws->w[i], ws->n[i]);
	return m;
}

static uint64_t need_bits(const struct words *ws)
{
	uint64_t m = 0;

	for (size_t i = 0; i + 1 < ws->count; i++)
		if (ws->n[i] >= 4)
			m |= word_bit(ws->w[i], ws->n[i]);
	return m;
}

/* Whether name p (split, need its need_bits, initials whether a word of
 * it is three letters or fewer) can be a shorter writing of name k: the
 * cheap tests of words_part_of first (as many words, and no word that
 * may be initials, is never one; nor a name without p's long words),
 * then the words themselves. */
static bool may_write(const struct entity_resolver *r, const struct words *p, uint64_t need,
                      bool initials, uint32_t k)
{
	struct words f;

	if (r->nwords[k] < p->count || (r->nwords[k] == p->count && !initials) ||
	    (r->sig[k] & need) != need)
		return false;
	return split_words(r->skel[k], &f) && words_part_of(p, &f);
}

/* Whether a word before the last of ws is three letters or fewer (an
 * initial, or initials in a row). */
static bool short_word(const struct words *ws)
{
	for (size_t i = 0; i + 1 < ws->count; i++)
		if (ws->n[i] <= 3)
			return true;
	return false;
}

/* The one entity other than i's own that name i can be a shorter writing
 * of, among the bucket's names; UINT32_MAX for none or more than one. */
static uint32_t unique_whole(struct entity_resolver *r, uint32_t i, uint32_t e)
{
	uint32_t found = UINT32_MAX, own = entity_find(r->parent, i);
	size_t tests = 0, walked = 0;
	struct words p;
	/* Name i is split once, not at each name of the bucket. */
	bool split = split_words(r->skel[i], &p), initials = split && short_word(&p);
	uint64_t need = split ? need_bits(&p) : 0;

	for (; e != UINT32_MAX; e = r->chain[e]) {
		uint32_t k = r->entry_key[e], root;
		if (++walked > ENTITY_MAX_WALK)
			return UINT32_MAX - 1;
		root = entity_find(r->parent, k);
		if (root == own || root == found)
			continue;
		/* A name that this many longer names might write is one that
		 * many people or bodies share: it joins none of them. */
		if (++tests > ENTITY_MAX_TESTS)
			return UINT32_MAX - 1;
		if (!split || !may_write(r, &p, need, initials, k))
			continue;
		if (found != UINT32_MAX)
			return UINT32_MAX - 1;
		found = root;
	}
	return found;
}

static int cmp_by_words(const void *pa, const void *pb, void *arg)
{
	const struct entity_resolver *r = arg;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	if (r->nwords[a] != r->nwords[b])
		return r->nwords[a] > r->nwords[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* A single word that is a function word or a title is never a name's
 * short form (a bare "President"). */
static bool joins_nothing(const struct entity_resolver *r, uint32_t i)
{
	const char *k = r->keys[i];
	return r->nwords[i] == 1 &&
	       (strlen(r->skel[i]) < 3 ||
	        word_has(r->stop, k, strlen(k), XSTOP_STOP | XSTOP_WEAK | XSTOP_JOIN));
}

static uint32_t whole_of(struct entity_resolver *r, uint32_t i)
{
	size_t ln;
	const char *last = last_word(r->skel[i], &ln);
	uint32_t e;

	if (joins_nothing(r, i))
		return UINT32_MAX;
	if (r->nwords[i] == 1) {
		if (!xmap_get(&r->bylast, nz(xtok_hash(last, ln)), &e))
			return UINT32_MAX;
	} else if (!xmap_get(&r->byfirst, pair_hash(r->skel[i][0], last, ln), &e)) {
		return UINT32_MAX;
	}
	return unique_whole(r, i, e);
}

void entity_resolve(struct entity_resolver *r, const struct xmap *stop, char *const *keys,
                    size_t n, const uint8_t *is_name, size_t nis_name, uint32_t *parent)
{
	struct xmap byskel = {0};
	struct strbuf sk = {0};
	uint32_t *order;
	size_t norder = 0;

	*r = (struct entity_resolver){.stop = stop, .keys = keys, .n = n, .is_name = is_name,
	                              .nis_name = nis_name, .parent = parent};
	r->skel = util_xcalloc(n + 1, sizeof(*r->skel));
	r->nwords = util_xcalloc(n + 1, sizeof(*r->nwords));
	r->lasth = util_xcalloc(n + 1, sizeof(*r->lasth));
	r->sig = util_xcalloc(n + 1, sizeof(*r->sig));
	order = util_xmalloc((n + 1) * sizeof(*order));
	/* One skeleton, one entity. */
	for (size_t i = 0; i < n && i < nis_name; i++) {
		bool isnew;
		uint32_t *first;
		size_t words = 1;

		if (!is_name[i])
			continue;
		sk.len = 0;
		entity_skeleton(stop, keys[i], strlen(keys[i]), &sk);
		if (!sk.len)
			continue;
		for (size_t k = 0; k < sk.len; k++)
			words += sk.s[k] == ' ';
		r->skel[i] = util_xstrndup(sk.s, sk.len);
		r->nwords[i] = (uint32_t)words;
		{
			size_t ln;
			const char *last = last_word(r->skel[i], &ln);
			struct words ws;
			r->lasth[i] = xtok_hash(last, ln);
			/* More words than are compared: none is a writing of
			 * another (split_words fails), so no bits are needed. */
			if (split_words(r->skel[i], &ws))
				r->sig[i] = sig_bits(&ws);
		}
		first = xmap_ref(&byskel, nz(xtok_hash(sk.s, sk.len)), (uint32_t)i, &isnew);
		if (!isnew)
			entity_join(parent, (uint32_t)i, *first);
		order[norder++] = (uint32_t)i;
	}
	xmap_free(&byskel);
	sb_free(&sk);
	/* The longer names, bucketed by their last word, and by that with the
	 * initial of each earlier word (a shorter name's first word is one of
	 * them, or an initial of one). */
	for (size_t o = 0; o < norder; o++) {
		uint32_t i = order[o];
		struct words ws;
		if (r->nwords[i] < 2 || r->nwords[i] > ENTITY_MAX_WORDS ||
		    !split_words(r->skel[i], &ws))
			continue;
		size_t ln = ws.n[ws.count - 1];
		const char *last = ws.w[ws.count - 1];
		bucket_add(r, &r->bylast, nz(xtok_hash(last, ln)), i);
		for (size_t w = 0; w + 1 < ws.count; w++) {
			bool seen = false;
			for (size_t v = 0; v < w; v++)
				seen |= ws.w[v][0] == ws.w[w][0];
			if (!seen)
				bucket_add(r, &r->byfirst, pair_hash(ws.w[w][0], last, ln), i);
		}
	}
	/* Longest names first: a middle-length name joins its whole before
	 * the shortest ones ask which whole they belong to. */
	qsort_r(order, norder, sizeof(*order), cmp_by_words, r);
	for (size_t o = 0; o < norder; o++) {
		uint32_t i = order[o], to;
		if (r->nwords[i] > ENTITY_MAX_WORDS)
			continue;
		to = whole_of(r, i);
		if (to < UINT32_MAX - 1)
			entity_join(parent, i, to);
	}
	free(order);
}

/* entity_find without path halving: entity_local only reads the
 * union-find, so that threads may run it at once. */
static uint32_t root_of(const uint32_t *parent, uint32_t x)
{
	while (parent[x] != x)
		x = parent[x];
	return x;
}

void entity_local(const struct entity_resolver *r, const uint32_t *ids, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t k = ids[i], found = UINT32_MAX;
		bool many = false, split = false, initials = false;
		uint64_t need = 0;
		struct words p;

		out[i] = root_of(r->parent, k);
		if (n > ENTITY_LOCAL_MAX || k >= r->nis_name || !r->skel[k] || joins_nothing(r, k))
			continue;
		for (size_t j = 0; j < n && !many; j++) {
			uint32_t f = ids[j], root;
			/* The cheap tests first: an article's names are held
			 * against each other. */
			if (f == k || f >= r->nis_name || !r->skel[f] || r->lasth[f] != r->lasth[k] ||
			    r->nwords[f] < r->nwords[k])
				continue;
			/* Name k is split once, at its first candidate. */
			if (!split) {
				if (!(split = split_words(r->skel[k], &p)))
					break;
				need = need_bits(&p);
				initials = short_word(&p);
			}
			if (!may_write(r, &p, need, initials, f))
				continue;
			root = root_of(r->parent, f);
			if (found != UINT32_MAX && root != found)
				many = true;
			found = root;
		}
		if (found != UINT32_MAX && !many)
			out[i] = found;
	}
}

void entity_resolver_free(struct entity_resolver *r)
{
	for (size_t i = 0; r->skel && i < r->n; i++)
		free(r->skel[i]);
	free(r->skel);
	free(r->nwords);
	free(r->lasth);
	free(r->sig);
	xmap_free(&r->bylast);
	xmap_free(&r->byfirst);
	free(r->chain);
	free(r->entry_key);
	*r = (struct entity_resolver){0};
}
