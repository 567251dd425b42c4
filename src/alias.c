/* alias.c - the alias table: builds the variant index from the [aliases]
 * lines and matches variants against an article's tokens. */
#include "kilde/alias.h"
#include "kilde/entity.h"

#include <stdlib.h>
#include <string.h>

static void add_msg(struct alias_table *t, char *msg)
{
	util_grow((void **)&t->msgs, &t->msgcap, t->nmsgs + 2, sizeof(*t->msgs));
	t->msgs[t->nmsgs++] = msg;
	t->msgs[t->nmsgs] = NULL;
}

/* A variant of three words or more, capitalised: its first word (a key)
 * and the rest, to be looked up once every entry is read (see
 * alias_match_bare). */
struct pending_bare {
	char *first, *rest;
	uint32_t entry, casepat;
	uint8_t nwords;
};

/* The bits of alias_table.lead: every key the matcher tries from a word
 * whose key has three bytes or more (the word's key, a stem of it at
 * least three bytes long, or it and the words after) starts with the
 * word's first three bytes, so a word whose first three bytes begin no
 * variant matches none, and the look-ups need not be made. */
#define LEAD_BITS 16

static size_t lead_bit(const char *s)
{
	uint32_t v = (uint32_t)(unsigned char)s[0] << 16 | (uint32_t)(unsigned char)s[1] << 8 |
	             (unsigned char)s[2];
	return (size_t)((v * 2654435761u) >> (32 - LEAD_BITS));
}

static bool lead_has(const uint64_t *lead, const char *key, size_t n)
{
	size_t k;

	if (n < 3)
		return true;
	if (!lead)
		return false; /* no key of three bytes */
	k = lead_bit(key);
	return (lead[k / 64] >> (k % 64)) & 1;
}

/* Sets key's bit (a key shorter than three bytes has none). */
static void lead_add(uint64_t **lead, const char *key, size_t n)
{
	size_t k;

	if (n < 3)
		return;
	if (!*lead)
		*lead = util_xcalloc((1u << LEAD_BITS) / 64, sizeof(**lead));
	k = lead_bit(key);
	(*lead)[k / 64] |= (uint64_t)1 << (k % 64);
}

struct build_ctx {
	struct alias_table *t;
	uint32_t entry;
	struct xtok_list toks;
	struct strbuf key;
	bool first;
	struct pending_bare *pend;
	size_t npend, pendcap;
};

/* Word tokens of an item must be joined by one space or one hyphen, as the
 * matcher joins them. */
static void add_variant(const char *item, size_t n, void *arg)
{
	struct build_ctx *b = arg;
	struct alias_table *t = b->t;
	struct xtok_list *l = &b->toks;
	struct alias_variant v = {.entry = b->entry};
	char *text = util_xstrndup(item, n);
	uint32_t *slot;
	bool isnew, lower = true;
	size_t lastlen = 0;

	if (b->first) {
		free(t->e[b->entry].display);
		t->e[b->entry].display = util_xstrndup(item, n);
		b->first = false;
	}
	xtok_split(l, text, n, NULL);
	b->key.len = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct xtok *tk = &l->t[i];
		if (tk->type != XTOK_WORD)
			continue;
		if (v.nwords == 16)
			break;
		if (v.nwords) {
			/* The prefix lets the matcher stop early. */
			*xmap_ref(&t->prefix, xtok_hash(b->key.s, b->key.len), 1, NULL) = 1;
			sb_putc(&b->key, ' ');
		}
		sb_append(&b->key, xtok_keystr(l, i), tk->klen);
		if (tk->flags & XTOK_ALLCAPS)
			v.casepat |= 2u << (2 * v.nwords);
		else if (tk->flags & XTOK_CAP)
			v.casepat |= 1u << (2 * v.nwords);
		if (tk->flags & (XTOK_CAP | XTOK_ALLCAPS))
			lower = false;
		lastlen = tk->klen;
		v.nwords++;
	}
	free(text);
	if (!v.nwords)
		return;
	v.inflect = lower && lastlen >= 4;
	lead_add(&t->lead, b->key.s, b->key.len);
	slot = xmap_ref(&t->vmap, xtok_hash(b->key.s, b->key.len), (uint32_t)t->nv, &isnew);
	if (!isnew) {
		uint32_t other = t->v[*slot].entry;
		if (other != b->entry) {
			const struct alias_entry *o = &t->e[other], *e = &t->e[b->entry];
			add_msg(t, util_xasprintf("%s%s[aliases] %s: '%.*s' is already listed under %s%s%s%s; keeping %s",
			                          e->origin ? e->origin : "", e->origin ? ": " : "",
			                          e->id, (int)n, item, o->id,
			                          o->origin ? " (" : "", o->origin ? o->origin : "",
			                          o->origin ? ")" : "", o->id));
		}
		return;
	}
	if (v.casepat && !t->e[b->entry].unit) {
		struct strbuf sk = {0};
		entity_skeleton(NULL, b->key.s, b->key.len, &sk);
		uint64_t h = xtok_hash(sk.s, sk.len);
		bool fresh;
		xmap_ref(&t->skel, h ? h : 1, b->entry, &fresh);
		sb_free(&sk);
	}
	util_grow((void **)&t->v, &t->vcap, t->nv + 1, sizeof(*t->v));
	t->v[t->nv++] = v;
	if (v.nwords > t->maxwords)
		t->maxwords = v.nwords;
	if (v.nwords >= 3 && (v.casepat & 3) && ((v.casepat >> 2) & 3)) {
		size_t fl = strcspn(b->key.s, " ");
		util_grow((void **)&b->pend, &b->pendcap, b->npend + 1, sizeof(*b->pend));
		b->pend[b->npend++] = (struct pending_bare){
			.first = util_xstrndup(b->key.s, fl),
			.rest = util_xstrdup(b->key.s + fl + 1),
			.entry = v.entry, .casepat = v.casepat >> 2, .nwords = (uint8_t)(v.nwords - 1),
		};
	}
}

/* The pending variants whose first word is another entry's variant, kept
 * without it (see alias_match_bare); a rest that is a variant itself is
 * that variant's. */
static void add_bare(struct alias_table *t, struct build_ctx *b)
{
	for (size_t i = 0; i < b->npend; i++) {
		struct pending_bare *p = &b->pend[i];
		long cond = alias_lookup_key(t, p->first, strlen(p->first));
		size_t rl = strlen(p->rest);
		bool isnew;
		uint32_t *slot;

		if (cond >= 0 && (uint32_t)cond != p->entry && !t->e[cond].unit &&
		    alias_lookup_key(t, p->rest, rl) < 0) {
			slot = xmap_ref(&t->bmap, xtok_hash(p->rest, rl), (uint32_t)t->nbare, &isnew);
			lead_add(&t->bare_lead, p->rest, rl);
			if (isnew) {
				util_grow((void **)&t->bare, &t->barecap, t->nbare + 1, sizeof(*t->bare));
				t->bare[t->nbare++] = (struct alias_bare){
					.entry = p->entry, .cond = (uint32_t)cond,
					.casepat = p->casepat, .nwords = p->nwords,
				};
				for (size_t k = 0; k < rl; k++)
					if (p->rest[k] == ' ')
						*xmap_ref(&t->bprefix, xtok_hash(p->rest, k), 1, NULL) = 1;
				if (p->nwords > t->bare_maxwords)
					t->bare_maxwords = p->nwords;
			} else if (t->bare[*slot].entry != p->entry) {
				/* Two entries without their first words alike
				 * (the Danish and the Swedish ministry): neither. */
				t->bare[*slot].nwords = 0;
			}
		}
		free(p->first);
		free(p->rest);
	}
	free(b->pend);
	b->pend = NULL;
	b->npend = 0;
}

/* alias_table.any from vmap and prefix (made again whole: a table may be
 * built from more than one call). */
static void merge_maps(struct alias_table *t)
{
	xmap_free(&t->any);
	xmap_reserve(&t->any, t->vmap.n + t->prefix.n);
	for (size_t i = 0; i < t->vmap.cap; i++)
		if (t->vmap.keys[i])
			*xmap_ref(&t->any, t->vmap.keys[i], 0, NULL) = t->vmap.vals[i] + 1;
	for (size_t i = 0; i < t->prefix.cap; i++)
		if (t->prefix.keys[i])
			*xmap_ref(&t->any, t->prefix.keys[i], 0, NULL) |= ALIAS_PREFIX;
}

void alias_build(struct alias_table *t, char *const *lines, size_t n)
{
	alias_build_from(t, lines, NULL, n);
}

void alias_build_from(struct alias_table *t, char *const *lines,
                      char *const *origins, size_t n)
{
	struct xmap last = {0};
	struct build_ctx b = {.t = t};

	/* A later line for the same id (the user's file) replaces the earlier
	 * one, so only the last definition of each id is read. */
	for (size_t i = 0; i < n; i++) {
		const char *tab = lines[i] ? strchr(lines[i], '\t') : NULL;
		if (tab)
			*xmap_ref(&last, xtok_hash(lines[i], (size_t)(tab - lines[i])), 0, NULL) = (uint32_t)i;
	}
	for (size_t i = 0; i < n; i++) {
		const char *tab = lines[i] ? strchr(lines[i], '\t') : NULL;
		uint32_t li;
		size_t idlen;

		if (!tab) {
			if (lines[i])
				add_msg(t, util_xasprintf("%s%s[aliases] '%s' has no value; ignored",
				                          origins ? origins[i] : "", origins ? ": " : "",
				                          lines[i]));
			continue;
		}
		idlen = (size_t)(tab - lines[i]);
		if (!xmap_get(&last, xtok_hash(lines[i], idlen), &li) || li != i)
			continue;
		if (!tab[1 + strspn(tab + 1, " \t|")]) {
			add_msg(t, util_xasprintf("%s%s[aliases] %.*s: no display name; ignored",
			                          origins ? origins[i] : "", origins ? ": " : "",
			                          (int)idlen, lines[i]));
			continue;
		}
		util_grow((void **)&t->e, &t->cap, t->n + 1, sizeof(*t->e));
		t->e[t->n] = (struct alias_entry){
			.id = util_xstrndup(lines[i], idlen),
			.origin = origins && origins[i] ? util_xstrdup(origins[i]) : NULL,
			.unit = idlen > 5 && !strncmp(lines[i], "unit_", 5),
			.drop = idlen > 5 && !strncmp(lines[i], "drop_", 5),
		};
		b.entry = (uint32_t)t->n++;
		b.first = true;
		xtok_each_item(tab + 1, '|', add_variant, &b);
	}
	add_bare(t, &b);
	merge_maps(t);
	xmap_free(&last);
	xtok_list_free(&b.toks);
	sb_free(&b.key);
}

long alias_lookup_key(const struct alias_table *t, const char *key, size_t n)
{
	uint32_t v;

	if (!xmap_get(&t->vmap, xtok_hash(key, n), &v))
		return -1;
	return t->v[v].entry;
}

long alias_lookup_skeleton(const struct alias_table *t, const char *s, size_t n)
{
	uint32_t e;
	uint64_t h = xtok_hash(s, n);

	if (!xmap_get(&t->skel, h ? h : 1, &e))
		return -1;
	return e;
}

static bool case_ok(const struct alias_variant *v, const struct xtok_list *l,
                    const size_t *words)
{
	for (unsigned w = 0; w < v->nwords; w++) {
		unsigned pat = (v->casepat >> (2 * w)) & 3;
		uint16_t f = l->t[words[w]].flags;
		if (pat == 2 && !(f & XTOK_ALLCAPS))
			return false;
		if (pat == 1 && !(f & (XTOK_CAP | XTOK_ALLCAPS)))
			return false;
	}
	return true;
}

/* The next word token after word i if only one space (no line break) or
 * one hyphen lies between, else (size_t)-1. */
static size_t next_joined(const struct xtok_list *l, const char *text, size_t i)
{
	size_t k = i + 1;

	if (k + 1 >= l->n)
		return (size_t)-1;
	if (l->t[k].type == XTOK_SPACE &&
	    (!(l->t[k].flags & XTOK_NEWLINE) || (l->t[k].flags & XTOK_SOFT)) &&
	    l->t[k + 1].type == XTOK_WORD)
		return k + 1;
	if (l->t[k].type == XTOK_PUNCT && l->t[k + 1].type == XTOK_WORD &&
	    ((l->t[k].len == 1 && text[l->t[k].off] == '-') ||
	     (l->t[k].len == 3 && !memcmp(text + l->t[k].off, "\xe2\x80\x90", 3))))
		return k + 1;
	return (size_t)-1;
}

/* Endings of Danish and English inflection tried on lower-case variants
 * (cybersikkerhed-en, kinesisk-e, amerikaner-ne), longest first. */
static const char *const endings[] = {
	"ernes", "erne", "enes", "ene", "ere", "ens", "ets", "ers", "en", "et",
	"er", "es", "ne", "e", "s",
};

static const unsigned char ending_len[] = {5, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1};
_Static_assert(sizeof(ending_len) == KILDE_ARRAY_LEN(endings), "one length per ending");

/* The endings a word's last letter allows, in the order of endings[] (the
 * first that matches wins), ended by -1: a word ending in neither s, e, t,
 * n nor r tries none, and one ending in e five, not all fifteen with a
 * compare each (the loop over every ending was half of alias matching, at
 * every word of the corpus). */
static const signed char endings_s[] = {0, 2, 5, 6, 7, 11, 14, -1};
static const signed char endings_e[] = {1, 3, 4, 12, 13, -1};
static const signed char endings_t[] = {9, -1};
static const signed char endings_n[] = {8, -1};
static const signed char endings_r[] = {10, -1};
static const signed char endings_none[] = {-1};

static const signed char *endings_by_last(unsigned char c)
{
	switch (c) {
	case 's': return endings_s;
	case 'e': return endings_e;
	case 't': return endings_t;
	case 'n': return endings_n;
	case 'r': return endings_r;
	default: return endings_none;
	}
}

/* av is what alias_table.any holds for the key (0 if nothing). */
static bool try_found(const struct alias_table *t, const struct xtok_list *l,
                      uint32_t av, bool units, int mode,
                      const size_t *words, unsigned nw, uint32_t *entry, bool *lower)
{
	const struct alias_variant *v;

	if (!(av & ~ALIAS_PREFIX))
		return false;
	v = &t->v[(av & ~ALIAS_PREFIX) - 1];
	if (v->nwords != nw || t->e[v->entry].unit != units)
		return false;
	/* mode 1: a bare genitive -s, only on capitalised variants (Kinas);
	 * mode 2: an inflectional ending, only on lower-case variants;
	 * mode 3: a compound's first part, only on a variant whose words are
	 * all capitalised (a name: Europa-Parlamentet, not europæisk). */
	if ((mode == 1 || mode == 3) && !((v->casepat >> (2 * (nw - 1))) & 3))
		return false;
	if (mode == 2 && !v->inflect)
		return false;
	if (!case_ok(v, l, words))
		return false;
	*entry = v->entry;
	*lower = v->casepat == 0;
	return true;
}

/* h is xtok_hash(key, n). */
static bool try_variant(const struct alias_table *t, const struct xtok_list *l,
                        uint64_t h, bool units, int mode,
                        const size_t *words, unsigned nw, uint32_t *entry, bool *lower)
{
	uint32_t av;

	return xmap_get(&t->any, h, &av) &&
	       try_found(t, l, av, units, mode, words, nw, entry, lower);
}

long alias_match(const struct alias_table *t, const struct xtok_list *l,
                 const char *text, size_t i, bool units, size_t *end)
{
	bool lower;
	return alias_match_ex(t, l, text, i, units, end, &lower);
}

/* Europa-Parlamentsvalget, EU-Kommissionsformanden: a Danish compound
 * whose first part is a capitalised variant of several words (written
 * with a hyphen: Europa-Parlamentet) is that entry, with a word run on.
 * key[0..len) holds the words so far, the last one (last bytes, at least
 * eight letters) the compound; its first part is tried as the variant's
 * last word, in its bare form, with the linking s (Parlaments) and with
 * the definite ending that names are listed with (Parlament-et, -en). */
static bool compound_variant(const struct alias_table *t, const struct xtok_list *l,
                             const char *key, size_t len, size_t last, bool units,
                             const size_t *words, unsigned nw, uint32_t *entry, bool *lower)
{
	static const char *const definite[] = {"", "et", "en"};
	char buf[260];

	if (nw < 2 || last < 8 || len + 2 >= sizeof(buf))
		return false;
	/* The run-on part is a word of at least three letters. */
	for (size_t cut = len - 3; cut >= len - last + 4; cut--) {
		for (int s = 0; s < 2; s++) {
			size_t n = cut - (size_t)s;
			if (s && key[n] != 's')
				continue;
			for (size_t d = 0; d < KILDE_ARRAY_LEN(definite); d++) {
				size_t dl = strlen(definite[d]);
				memcpy(buf, key, n);
				memcpy(buf + n, definite[d], dl);
				if (try_variant(t, l, xtok_hash(buf, n + dl), units, 3, words, nw, entry,
				                lower))
					return true;
			}
		}
	}
	return false;
}

long alias_match_ex(const struct alias_table *t, const struct xtok_list *l,
                    const char *text, size_t i, bool units, size_t *end, bool *lower)
{
	/* A key buffer on the stack, not zeroed: this runs at every word of
	 * the corpus. */
	struct { char s[256]; size_t len; } key;
	size_t words[16];
	unsigned nw = 0;
	long best = -1;
	size_t j = i;

	if (!t->nv || !lead_has(t->lead, xtok_keystr(l, i), l->t[i].klen))
		return -1;
	key.len = 0;
	while (j != (size_t)-1 && nw < 16 && (int)nw < t->maxwords) {
		const struct xtok *tk = &l->t[j];
		size_t lastoff, lastlen = tk->klen;
		uint32_t entry;
		bool found = false, low = false;

		if (key.len + 1 + tk->klen > sizeof(key.s))
			break;
		if (nw)
			key.s[key.len++] = ' ';
		lastoff = key.len;
		memcpy(key.s + key.len, xtok_keystr(l, j), tk->klen);
		key.len += tk->klen;
		words[nw++] = j;
		/* The key of one word is the token's key: its hash is known. */
		uint64_t kh = nw == 1 && tk->type == XTOK_WORD ? tk->kh
		                                               : xtok_hash(key.s, key.len);
		/* One look-up says whether the key is a variant and
		 * whether a longer one starts with it. */
		uint32_t av = 0;
		xmap_get(&t->any, kh, &av);
		if (try_found(t, l, av, units, 0, words, nw, &entry, &low))
			found = true;
		if (!found && !(tk->flags & XTOK_GEN) && lastlen >= 4 &&
		    key.s[key.len - 1] == 's' &&
		    try_variant(t, l, xtok_hash(key.s, key.len - 1), units, 1, words, nw,
		                &entry, &low))
			found = true;
		for (const signed char *ep = lastlen >= 5 ? endings_by_last(
		                                 (unsigned char)key.s[lastoff + lastlen - 1])
		                                          : endings_none;
		     !found && *ep >= 0; ep++) {
			size_t e = (size_t)*ep, el = ending_len[e];
			if (lastlen < el + 4 || memcmp(key.s + lastoff + lastlen - el, endings[e], el))
				continue;
			if (try_variant(t, l, xtok_hash(key.s, key.len - el), units, 2, words, nw,
			                &entry, &low))
				found = true;
		}
		if (!found && !(tk->flags & XTOK_GEN) && nw >= 2 &&
		    l->t[j - 1].type == XTOK_PUNCT &&
		    compound_variant(t, l, key.s, key.len, lastlen, units, words, nw, &entry, &low))
			found = true;
		if (found) {
			best = entry;
			*end = j;
			*lower = low;
		}
		if (!(av & ALIAS_PREFIX))
			break;
		j = next_joined(l, text, j);
	}
	return best;
}

/* Whether no match can start at a word whose key is key[0..n) (hash kh),
 * whatever its case, its genitive and the words after it: the first step
 * of alias_match_ex, with every condition on the token taken as met,
 * finds no variant (bare, less a genitive -s, less an ending), and no
 * longer variant starts with the key, so that step is the last. */
static bool word_inert(const struct alias_table *t, const char *key, size_t n, uint64_t kh)
{
	uint32_t av = 0;

	if (!t->nv || !lead_has(t->lead, key, n))
		return true;
	if (xmap_get(&t->any, kh, &av) && av)
		return false;
	if (n >= 4 && key[n - 1] == 's' && xmap_get(&t->any, xtok_hash(key, n - 1), &av) &&
	    (av & ~ALIAS_PREFIX))
		return false;
	for (const signed char *ep = n >= 5 ? endings_by_last((unsigned char)key[n - 1])
	                                    : endings_none;
	     *ep >= 0; ep++) {
		size_t el = ending_len[*ep];
		if (n < el + 4 || memcmp(key + n - el, endings[*ep], el))
			continue;
		if (xmap_get(&t->any, xtok_hash(key, n - el), &av) && (av & ~ALIAS_PREFIX))
			return false;
	}
	return true;
}

long alias_seen_miss(const struct alias_table *t, struct alias_seen *seen,
                     const struct xtok_list *l, const char *text, size_t i, size_t *end,
                     bool *lower)
{
	const struct xtok *tk = &l->t[i];
	struct alias_seen_slot *s;
	long e = alias_match_ex(t, l, text, i, false, end, lower);

	if (!tk->kh)
		return e;
	if (!seen->slot)
		seen->slot = util_xcalloc(ALIAS_SEEN_SLOTS, sizeof(*seen->slot));
	s = &seen->slot[alias_seen_slot_of(tk->kh)];
	if (s->kh != tk->kh || s->klen != tk->klen)
		*s = (struct alias_seen_slot){
			.kh = tk->kh, .klen = tk->klen,
			.inert = e < 0 && word_inert(t, xtok_keystr(l, i), tk->klen, tk->kh),
		};
	return e;
}

void alias_seen_free(struct alias_seen *seen)
{
	free(seen->slot);
	seen->slot = NULL;
}

long alias_match_bare(const struct alias_table *t, const struct xtok_list *l,
                      const char *text, size_t i, size_t *end, long *cond)
{
	/* Left uninitialised: every capitalised word of every article comes
	 * here, and zeroing the buffer each time cost more than the look-up. */
	struct { char s[256]; size_t len; } key;
	size_t words[16];
	unsigned nw = 0;
	long best = -1;

	/* Every key tried starts with the word's own (see lead_has). */
	if (!t->nbare || !(l->t[i].flags & (XTOK_CAP | XTOK_ALLCAPS)) ||
	    !lead_has(t->bare_lead, xtok_keystr(l, i), l->t[i].klen))
		return -1;
	key.len = 0;
	for (size_t j = i; j != (size_t)-1 && nw < 16 && (int)nw < t->bare_maxwords;
	     j = next_joined(l, text, j)) {
		const struct xtok *tk = &l->t[j];
		uint32_t bi;
		uint64_t h;

		if (key.len + 1 + tk->klen > sizeof(key.s))
			break;
		if (nw)
			key.s[key.len++] = ' ';
		memcpy(key.s + key.len, xtok_keystr(l, j), tk->klen);
		key.len += tk->klen;
		words[nw++] = j;
		h = nw == 1 && tk->type == XTOK_WORD ? tk->kh : xtok_hash(key.s, key.len);
		if (xmap_get(&t->bmap, h, &bi) && t->bare[bi].nwords == nw) {
			struct alias_variant v = {.casepat = t->bare[bi].casepat, .nwords = (uint8_t)nw};
			if (case_ok(&v, l, words)) {
				best = t->bare[bi].entry;
				*cond = t->bare[bi].cond;
				*end = j;
			}
		}
		if (!xmap_get(&t->bprefix, h, NULL))
			break;
	}
	return best;
}

void alias_free(struct alias_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->e[i].id);
		free(t->e[i].display);
		free(t->e[i].origin);
	}
	for (size_t i = 0; i < t->nmsgs; i++)
		free(t->msgs[i]);
	free(t->e);
	free(t->v);
	free(t->msgs);
	free(t->lead);
	free(t->bare_lead);
	xmap_free(&t->vmap);
	xmap_free(&t->prefix);
	xmap_free(&t->any);
	xmap_free(&t->skel);
	xmap_free(&t->bmap);
	xmap_free(&t->bprefix);
	free(t->bare);
	*t = (struct alias_table){0};
}
