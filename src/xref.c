/* xref.c - the cross-reference engine. Every article is read twice, each
 * time in one linear pass over its tokens: the first pass gathers corpus
 * statistics (how each word is capitalised where a capital means something,
 * which names occur in unambiguous places, how many articles share each
 * word n-gram); the second extracts candidate names, numbers, aliases and
 * shared passages. Candidates are then merged into terms through hash
 * tables (genitives, partial names, company designators), and a term is
 * kept when two different articles mention it. There is no pairwise
 * comparison of articles anywhere.
 *
 * xref_build is these steps, in this order (see "the build, step by
 * step"); each gives back the buffers it spent:
 *   builder_init, index_new    options, stopwords, aliases, suffixes
 *   scan_corpus                pass 1 (statistics) and pass 2 (candidate
 *                              names, numbers, aliases; repeated n-grams);
 *                              the only steps that tokenise (prepare)
 *   words_start                search's word index (wordidx) on a thread
 *                              of its own, beside every step below
 *   find_passage_runs          shared passages from the n-gram positions
 *   resolve_names              genitives, designators, partial names
 *                              joined (union-find over name keys)
 *   add_passage_cands          passages become candidates too
 *   make_terms                 provisional terms and their articles
 *   sort_all_cands, select_names_and_numbers, keep_passage_cands,
 *   cut_passages               the non-overlapping occurrences (passages
 *                              cut on threads, a run of articles each)
 *   build_output               the index: terms that two articles still
 *                              share, ranked, with displays, forms (read
 *                              on threads, a run of articles each) and
 *                              every article's occurrences
 *   words_finish               the word index joined */
#include "kilde/xref.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "kilde/alias.h"
#include "kilde/clutter.h"
#include "kilde/entity.h"
#include "kilde/provenance.h"
#include "kilde/util.h"
#include "kilde/xtok.h"
#include "xref_impl.h"

/* An n-gram in more articles than this is boilerplate (passim's limit). */
#define XREF_PASSAGE_MAX_DF 100
/* Threads of passes 1 and 2 unless the options say (the machine this was
 * tuned on has 2 cores), and the most the options may ask for. */
#define XREF_THREADS 2
#define XREF_MAX_THREADS 8
/* Articles a pass 1 thread takes at a time. */
#define XREF_CHUNK 32

/* CK_ABBR is no occurrence: "Danmarks Radio (DR)" says that the name key
 * .key (dr) abbreviates the name key .term (danmarks radio); resolution
 * joins the two and drops it. CK_ROLE is none either: "Ambassador Feng
 * Tie" says that the name key .key was written after the role .term (a
 * string of the key pool: the role as shown, "ambassador"); resolution
 * keeps it in builder.roles and drops it. */
enum cand_kind { CK_NAME, CK_ALIAS, CK_NUMBER, CK_PASSAGE, CK_ABBR, CK_ROLE };

/* A role written before a name (see CK_ROLE): key ids of the pool. */
struct role_mention {
	uint32_t key, role;
};

struct cand {
	uint32_t art, off, len;
	uint32_t key;  /* name/number: interned key; alias: entry; passage: n-gram entry;
	                  once the term is known, a name's, number's or alias's
	                  sequence number (see sort_cands), a passage's run in
	                  builder.runs (the whole run, before it is cut around
	                  names) */
	uint32_t term; /* provisional term */
	uint8_t kind;
	uint8_t exact; /* the surface spells the canonical key (display choice) */
};

struct pool {
	struct xmap map; /* hash -> id */
	char **s;
	size_t n, cap;
};

struct suffix_seq {
	struct xtok_list toks;
	char *text;
};

/* What the threads of one build write together: nothing else is written
 * by more than one thread. */
struct build_shared {
	atomic_bool stale;   /* a text read again was not the one loaded (see
	                        text_get) */
	atomic_size_t next;  /* pass 1: the next article a thread takes */
};

/* Everything the build needs; freed at the end of xref_build. */
struct builder {
	const struct corpus *c;
	struct xref_options opt;
	struct xmap stop;
	struct alias_table alias;
	struct suffix_seq *sfx;
	size_t nsfx, sfxcap;
	struct xtok_list l;
	struct alias_seen seen;    /* pass 2 scratch: words no alias starts at */
	uint64_t count_bits[4];    /* see count_bits_init */
	uint64_t sfx_bits[4];      /* see suffix_bits: made by the first */
	bool sfx_bits_made;        /* run_suffix of each builder */
	/* pass 1 */
	struct xmap lowcount, capcount, certain;
	_Atomic uint64_t *sketch;  /* 2-bit saturating count per n-gram hash
	                              slot, bumped by every pass 1 thread */
	_Atomic uint64_t *rep;     /* pass 2: one bit per slot, "2 or more"
	                              (the sketch's memory, read only) */
	unsigned skshift;          /* 64 - log2(slots) */
	size_t nrep;               /* slots that reached 2 */
	struct xmap ngram;         /* n-gram hash -> entry, repeated n-grams only */
	uint32_t *ng_last, *ng_df, *ng_parent;
	uint64_t *ng_hash;         /* pass 2 threads: each entry's n-gram */
	bool keep_hash;            /* ... kept (see merge_pass2) */
	size_t nng, ngcap;
	struct ngpos *pos;         /* pass 2: positions of repeated n-grams */
	size_t npos, poscap;
	size_t maxpos;             /* the most positions held at once */
	size_t *pos_start;         /* narticles + 1 */
	uint8_t *brkbits;          /* word breaks of every article, one bit a byte */
	size_t *brkoff;            /* an article's first byte in brkbits */
	bool brkknown;             /* pass 2: read them, do not segment again */
	struct clutter_span **clut; /* per article, its page clutter (see
	                               blank_clutter): the article's own spans
	                               lent, or found here and owned; NULL:
	                               none looked for */
	size_t *nclut;
	struct build_shared *shared; /* what every thread of the build
	                                updates; the same for all */
	/* pass 2 */
	struct cand *cands;
	size_t ncands, candcap;
	struct pool keys;
	uint8_t *is_name;          /* per key id */
	size_t isnamecap;
	uint32_t *parent;          /* union-find over key ids */
	struct role_mention *roles; /* the CK_ROLE records, once resolution
	                               took them from the candidates */
	size_t nroles;
	struct entity_resolver ent; /* which names are one entity */
	size_t *words;             /* scratch: word token indices */
	size_t wordscap;
	uint64_t *nh;              /* scratch: hash of the n-gram at each word */
	uint8_t *nprose;           /* scratch: all its words are running text */
	size_t nhcap, nprosecap;
	struct prun *runs;         /* passage runs, cand.key of a passage */
	size_t nruns;
	uint8_t *used;             /* scratch: tokens taken by dates */
	size_t body;               /* first token of running text in the article */
	size_t usedcap;
};

/* ---- small helpers ----------------------------------------------------- */

/* Page clutter (menus, captions, ads: see clutter.h) gives no
 * cross-reference: the build sees spaces there, line ends kept, so every
 * offset is still the text's and nothing joins across. The spans are found
 * in pass 1, by the one thread that takes the article, and read in pass 2
 * (brkknown), after the threads of pass 1 are joined. A loaded article
 * brings the spans its detection found (classifying costs as much as
 * tokenising): they are lent, not copied (see free_scan), when the rules
 * they came from are the build's; otherwise the text is classified here. */
static void blank_clutter(struct builder *b, size_t a, struct corpus_text *t)
{
	char *own;

	if (!b->clut)
		return;
	if (!b->brkknown) {
		const struct article *ar = &b->c->articles[a];
		if (ar->clut_known && ar->clut_rules == b->c->clutter->hash) {
			b->nclut[a] = ar->nclut;
			b->clut[a] = ar->clut;
		} else {
			struct clutter_doc d;
			clutter_classify(t->text, t->len, b->c->clutter, &d);
			b->nclut[a] = clutter_spans(&d, &b->clut[a]);
			clutter_doc_free(&d);
		}
	}
	if (!b->nclut[a])
		return;
	own = t->own;
	if (!own) {
		own = util_xmalloc(t->len + 1);
		memcpy(own, t->text, t->len + 1);
	}
	for (size_t k = 0; k < b->nclut[a]; k++) {
		const struct clutter_span *sp = &b->clut[a][k];
		for (size_t i = sp->off; i < (size_t)sp->off + sp->len && i < t->len; i++)
			if (own[i] != '\n')
				own[i] = ' ';
	}
	t->own = own;
	t->text = own;
}

/* An article's text for one step of the build, lent by the corpus (see
 * corpus_text_get: without texts in memory, a copy is read back). Every
 * offset the build keeps is into the text as loaded, so a text that is
 * gone or changed is not used: the step gets as many spaces instead (safe
 * to cut anywhere, finds nothing) and the build reports stale. */
static void text_get(struct builder *b, size_t a, struct corpus_text *t)
{
	size_t len = b->c->articles[a].len;

	if (corpus_text_get(b->c, a, t) == 0) {
		blank_clutter(b, a, t);
		return;
	}
	t->own = util_xmalloc(len + 1);
	memset(t->own, ' ', len);
	t->own[len] = '\0';
	t->text = t->own;
	t->len = len;
	atomic_store_explicit(&b->shared->stale, true, memory_order_relaxed);
}

static uint32_t pool_intern(struct pool *p, const char *s, size_t n)
{
	bool isnew;
	uint32_t *id = xmap_ref(&p->map, xtok_hash(s, n), (uint32_t)p->n, &isnew);

	if (isnew) {
		util_grow((void **)&p->s, &p->cap, p->n + 1, sizeof(*p->s));
		p->s[p->n++] = util_xstrndup(s, n);
	}
	return *id;
}

static bool pool_find(const struct pool *p, const char *s, size_t n, uint32_t *id)
{
	return xmap_get(&p->map, xtok_hash(s, n), id);
}

static void pool_free(struct pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->s[i]);
	free(p->s);
	xmap_free(&p->map);
}

static void add_cand(struct builder *b, struct cand c)
{
	util_grow((void **)&b->cands, &b->candcap, b->ncands + 1, sizeof(*b->cands));
	b->cands[b->ncands++] = c;
}

static const struct xtok *tok(const struct builder *b, size_t i)
{
	return &b->l.t[i];
}

/* Always inlined: every call names a literal, whose length and first byte
 * then fold into the compare (a call per word of pass 2 cost more than
 * the answers: 1.9 million on 2,000 articles). */
__attribute__((always_inline)) static inline bool
is_punct(const struct builder *b, const char *text, size_t i, const char *s)
{
	const struct xtok *t = tok(b, i);
	return t->type == XTOK_PUNCT && text[t->off] == s[0] && t->len == strlen(s) &&
	       !memcmp(text + t->off, s, t->len);
}

static bool is_inline_space(const struct builder *b, size_t i)
{
	return i < b->l.n && tok(b, i)->type == XTOK_SPACE &&
	       (!(tok(b, i)->flags & XTOK_NEWLINE) || (tok(b, i)->flags & XTOK_SOFT));
}

static void count(struct xmap *m, uint64_t key)
{
	(*xmap_ref(m, key, 0, NULL))++;
}

static uint32_t get_count(const struct xmap *m, uint64_t key)
{
	uint32_t v = 0;
	xmap_get(m, key, &v);
	return v;
}

/* ---- capitalised runs ---------------------------------------------------- */

struct run {
	size_t a, kb;  /* first word token, last word token of the key */
	size_t sb;     /* last token of the surface */
	bool suffix;   /* a company suffix was cut from the key */
};

/* A word that may continue a name: capitalised, letters, not a function
 * word (months and titles may: Theresa May, Prime Minister). */
static bool can_continue(const struct xtok *t)
{
	return t->type == XTOK_WORD && (t->flags & (XTOK_CAP | XTOK_ALLCAPS)) &&
	       (t->flags & XTOK_ALPHA) && !(t->flags & XTOK_DIGIT) && !(t->stop & XSTOP_STOP);
}

/* Matches a company suffix (its tokens) at token i; returns the index after
 * the match or 0. */
static size_t match_suffix(const struct builder *b, const char *text, size_t i,
                           const struct suffix_seq *s)
{
	for (size_t k = 0; k < s->toks.n; k++, i++) {
		const struct xtok *st = &s->toks.t[k], *t;
		/* "Inc" matches "Inc.": the final dot is often left out. */
		bool last_dot = k + 1 == s->toks.n && k > 0 && st->type == XTOK_PUNCT &&
		                st->len == 1 && s->text[st->off] == '.';
		if (i >= b->l.n)
			return last_dot ? i : 0;
		t = tok(b, i);
		if (st->type != t->type && last_dot)
			return i;
		if (st->type != t->type)
			return 0;
		if (t->type == XTOK_WORD && st->kh != t->kh)
			return 0;
		if (t->type == XTOK_PUNCT && (st->len != t->len ||
		                              memcmp(s->text + st->off, text + t->off, t->len)))
			return 0;
	}
	return i;
}

/* Cuts a company suffix (Ltd., A/S) from the end of a run, or takes one
 * that follows it, into the surface only. */
/* Whether token i can start suffix s: its first word's key hash, compared
 * before match_suffix is called (every later word of every run meets
 * every suffix, and the call cost more than the answer). */
static bool may_start_suffix(const struct builder *b, size_t i, const struct suffix_seq *s)
{
	const struct xtok *st = &s->toks.t[0];

	return st->type != XTOK_WORD || (i < b->l.n && tok(b, i)->kh == st->kh);
}

/* One bit for the key hash of each company suffix's first word (as
 * count_bits), or all set when a suffix opens with no word. */
static void suffix_bits(struct builder *b)
{
	memset(b->sfx_bits, 0, sizeof(b->sfx_bits));
	for (size_t si = 0; si < b->nsfx; si++) {
		const struct xtok *st = &b->sfx[si].toks.t[0];
		unsigned c = (unsigned)(st->kh >> 56);
		if (st->type != XTOK_WORD)
			memset(b->sfx_bits, 0xff, sizeof(b->sfx_bits));
		b->sfx_bits[c / 64] |= (uint64_t)1 << (c % 64);
	}
	b->sfx_bits_made = true;
}

static bool suffix_bit(const struct builder *b, size_t i)
{
	unsigned c = (unsigned)(tok(b, i)->kh >> 56);

	return (b->sfx_bits[c / 64] >> (c % 64)) & 1;
}

/* Whether a suffix may start at a later word of run r or right after
 * it: of the tokens run_suffix would try, one has the bit of a suffix's
 * first word. Most runs have none, and need not be tried for each suffix
 * in turn. */
static bool may_have_suffix(struct builder *b, const struct run *r)
{
	if (!b->nsfx)
		return false;
	if (!b->sfx_bits_made)
		suffix_bits(b);
	for (size_t s = r->a + 1; s <= r->kb; s++)
		if (suffix_bit(b, s))
			return true;
	return r->sb + 2 < b->l.n && suffix_bit(b, r->sb + 2);
}

static void run_suffix(struct builder *b, const char *text, struct run *r)
{
	if (!may_have_suffix(b, r))
		goto dot;
	for (size_t si = 0; si < b->nsfx; si++) {
		/* Within the run: start at one of its later words. */
		for (size_t s = r->a + 1; s <= r->kb; s++) {
			size_t e;
			if (tok(b, s)->type != XTOK_WORD || !is_inline_space(b, s - 1) ||
			    !may_start_suffix(b, s, &b->sfx[si]))
				continue;
			e = match_suffix(b, text, s, &b->sfx[si]);
			if (e && e - 1 >= r->kb) {
				size_t k = s - 1;
				while (k > r->a && tok(b, k)->type != XTOK_WORD)
					k--;
				r->kb = k;
				r->sb = e - 1;
				r->suffix = true;
				goto dot;
			}
		}
		if (is_inline_space(b, r->sb + 1) && may_start_suffix(b, r->sb + 2, &b->sfx[si])) {
			size_t e = match_suffix(b, text, r->sb + 2, &b->sfx[si]);
			if (e) {
				r->sb = e - 1;
				r->suffix = true;
				goto dot;
			}
		}
	}
dot:
	/* The dot of Ltd. or U.S. belongs to the name. */
	if (r->sb + 1 < b->l.n && is_punct(b, text, r->sb + 1, ".") &&
	    tok(b, r->sb)->type == XTOK_WORD &&
	    ((tok(b, r->sb)->flags & XTOK_DOTTED) || r->suffix))
		r->sb++;
}

static size_t next_word(const struct builder *b, size_t i, size_t limit);

/* A title or month (Mr, President, May). In capitals a short one is an
 * acronym instead: DR (a broadcaster) is not Dr. */
static bool is_weak(const struct xtok *t)
{
	return (t->stop & XSTOP_WEAK) && !((t->flags & XTOK_ALLCAPS) && t->klen < 3);
}

/* Bank of England, Procter & Gamble, Ursula von der Leyen: one or two
 * joining words (or "&") at token u, each followed by a space, then a word
 * that continues the name. Returns that word's token, or 0. */
static size_t after_joins(const struct builder *b, const char *text, size_t u)
{
	size_t joins = 0;

	while (joins < 2 && u + 2 < b->l.n && is_inline_space(b, u + 1) &&
	       ((tok(b, u)->type == XTOK_WORD && (tok(b, u)->stop & XSTOP_JOIN)) ||
	        is_punct(b, text, u, "&"))) {
		joins++;
		u += 2;
	}
	return joins && u < b->l.n && can_continue(tok(b, u)) ? u : 0;
}

/* TV 2, DR 1: a short word in capitals alone, then a number of one or two
 * digits (at token n, after one space) that is not part of a longer number
 * (2.5, 2-3, 2 %) is a channel's or body's name, the number included. */
static bool acronym_number(const struct builder *b, const char *text, size_t j, size_t n)
{
	const struct xtok *w = tok(b, j), *d;

	if (!(w->flags & XTOK_ALLCAPS) || w->klen < 2 || w->klen > 4 || n >= b->l.n)
		return false;
	d = tok(b, n);
	if (d->type != XTOK_WORD || (d->flags & XTOK_ALPHA) || d->len > 2)
		return false;
	for (size_t k = 0; k < d->len; k++)
		if (text[d->off + k] < '0' || text[d->off + k] > '9')
			return false;
	if (n + 1 < b->l.n && tok(b, n + 1)->type == XTOK_PUNCT) {
		if (is_punct(b, text, n + 1, "%"))
			return false;
		if (n + 2 < b->l.n && (tok(b, n + 2)->flags & XTOK_DIGIT))
			return false;
	}
	if (n + 2 < b->l.n && is_inline_space(b, n + 1) &&
	    (is_punct(b, text, n + 2, "%") || (tok(b, n + 2)->flags & XTOK_DIGIT)))
		return false;
	return true;
}

/* Finds the maximal capitalised runs of the current article. */
static size_t find_runs(struct builder *b, const char *text, struct run **out, size_t *cap)
{
	size_t n = 0;
	const struct xtok_list *l = &b->l;

	for (size_t i = 0; i < l->n; i++) {
		struct run r;
		size_t j = i;

		if (!can_continue(tok(b, i)))
			continue;
		for (;;) {
			size_t k = j + 1;
			if (tok(b, j)->flags & XTOK_GEN)
				break;
			if (k + 1 >= l->n)
				break;
			if (tok(b, k)->type == XTOK_PUNCT) {
				/* Rübner-Petersen, R&D, J. Smith */
				if ((is_punct(b, text, k, "-") || is_punct(b, text, k, "&")) &&
				    can_continue(tok(b, k + 1))) {
					j = k + 1;
					continue;
				}
				/* J. Smith, P.S. Krøyer: initials before a name. */
				if (is_punct(b, text, k, ".") &&
				    (tok(b, j)->klen == 1 ||
				     ((tok(b, j)->flags & XTOK_DOTTED) && tok(b, j)->klen <= 3)) &&
				    (tok(b, j)->flags & XTOK_CAP) && is_inline_space(b, k + 1) &&
				    k + 2 < l->n && can_continue(tok(b, k + 2))) {
					j = k + 2;
					continue;
				}
				break;
			}
			if (!is_inline_space(b, k))
				break;
			if (can_continue(tok(b, k + 1))) {
				j = k + 1;
				continue;
			}
			/* Also after other words of the run: Danish TV 2 is a
			 * nationality and a channel, not a name TV. */
			if (acronym_number(b, text, j, k + 1)) {
				j = k + 1;
				continue;
			}
			size_t u = after_joins(b, text, k + 1);
			if (u) {
				j = u;
				continue;
			}
			break;
		}
		r = (struct run){.a = i, .kb = j, .sb = j};
		i = j;
		run_suffix(b, text, &r);
		if (r.sb > i)
			i = r.sb;
		/* Titles and months lead into names but are none: Mr, President. */
		while (r.a < r.kb && is_weak(tok(b, r.a))) {
			r.a++;
			while (r.a < r.kb && tok(b, r.a)->type != XTOK_WORD)
				r.a++;
		}
		/* Defence Minister Troels Lund Poulsen: a title inside the run
		 * with a name of two or more words after it. */
		for (size_t k = r.kb; k > r.a; k--) {
			size_t after = 0;
			if (tok(b, k)->type != XTOK_WORD || !is_weak(tok(b, k)))
				continue;
			for (size_t q = k + 1; q <= r.kb; q++)
				after += tok(b, q)->type == XTOK_WORD;
			if (after >= 2)
				r.a = next_word(b, k, r.kb);
			while (r.a < r.kb && (tok(b, r.a)->stop & XSTOP_JOIN))
				r.a = next_word(b, r.a, r.kb);
			break;
		}
		if (r.a == r.kb && (is_weak(tok(b, r.a)) || tok(b, r.a)->klen < 2))
			continue;
		util_grow((void **)out, cap, n + 1, sizeof(**out));
		(*out)[n++] = r;
	}
	return n;
}

/* The key of word tokens a..kb: word keys joined by single spaces. */
static void run_key(const struct builder *b, size_t a, size_t kb, struct strbuf *key)
{
	key->len = 0;
	for (size_t i = a; i <= kb; i++) {
		if (tok(b, i)->type != XTOK_WORD)
			continue;
		if (key->len)
			sb_putc(key, ' ');
		sb_append(key, xtok_keystr(&b->l, i), tok(b, i)->klen);
	}
	if (!key->s)
		sb_append(key, "", 0);
}

static size_t next_word(const struct builder *b, size_t i, size_t limit)
{
	for (i++; i <= limit && tok(b, i)->type != XTOK_WORD; i++)
		;
	return i;
}

/* ---- pass 1: statistics ---------------------------------------------------- */

/* The n-gram sketch: most n-grams (97% in a news archive) occur in one
 * article only, and indexing them all cost gigabytes of hash table at
 * 100k articles. Pass 1 only counts, in two hash slots per n-gram, 0, 1 or
 * "2 or more" occurrences; pass 2 indexes just the n-grams whose slots
 * both say repeated and counts their articles exactly. Slots shared with
 * other n-grams only make a once-seen n-gram look repeated: it gets an
 * entry whose exact count is 1, which is never shared, so the result is
 * exact. */
static void sketch_init(struct builder *b)
{
	size_t total = 0, slots = 1u << 16;

	for (size_t a = 0; a < b->c->n; a++)
		total += b->c->articles[a].len;
	/* About one 8-gram per 8 bytes of text, two slots each: a load of
	 * 1/8 to 1/4, so 2-4% of once-seen n-grams pass for repeated (one
	 * slot of that load let 20% through, each costing an entry and a
	 * position in pass 2). A quarter of the text's size in pass 1, an
	 * eighth in pass 2 (sketch_to_rep), freed after it. */
	while (slots < total)
		slots *= 2;
	/* Aligned as a cache line: a word never straddles two. */
	b->sketch = aligned_alloc(64, slots / 4);
	if (!b->sketch)
		util_die("out of memory");
	memset(b->sketch, 0, slots / 4);
	b->skshift = 64 - (unsigned)__builtin_ctzll(slots);
}

/* The two slots of a hash: both in one 64-bit word of the sketch (32
 * slots), so a bump costs one compare-and-swap, not two (a locked
 * instruction each, most of a bump's time), and a test one load; a bump
 * or a test is one cache miss on a sketch of hundreds of megabytes. The
 * word comes from other bits than the hash map's slot (the top of h *
 * phi), the two slots within it from five low bits each, never the same
 * one twice. */
struct sketch_pair {
	size_t word;
	unsigned s0, s1; /* 0-31 */
};

static inline struct sketch_pair sketch_pair(const struct builder *b, uint64_t h)
{
	uint64_t x = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ULL;
	unsigned s0 = (unsigned)(x & 31), s1 = (unsigned)((x >> 5) & 31);

	return (struct sketch_pair){.word = (size_t)(x >> b->skshift) >> 5, .s0 = s0,
	                            .s1 = s1 == s0 ? s0 ^ 1 : s1};
}

/* The sketch is far larger than any cache at archive scale and read at
 * random: fetching the word of an n-gram a few positions ahead overlaps
 * those misses instead of waiting for each in turn. */
#define SKETCH_AHEAD 8

static void sketch_prefetch(const struct builder *b, uint64_t h)
{
	__builtin_prefetch(&b->sketch[sketch_pair(b, h).word]);
}

/* Pass 1 threads share the sketch: a compare-and-swap makes exactly one
 * of them see each slot go from 1 to 2, so nrep (slots of the first kind
 * that reached 2, to size the table) sums exactly. */
static void sketch_bump(struct builder *b, uint64_t h)
{
	struct sketch_pair q = sketch_pair(b, h);
	_Atomic uint64_t *w = &b->sketch[q.word];
	unsigned sh0 = 2 * q.s0, sh1 = 2 * q.s1;
	uint64_t old = atomic_load_explicit(w, memory_order_relaxed);

	for (;;) {
		uint64_t v0 = (old >> sh0) & 3, v1 = (old >> sh1) & 3;
		uint64_t add = (v0 < 2 ? 1ULL << sh0 : 0) | (v1 < 2 ? 1ULL << sh1 : 0);
		if (!add)
			break;
		if (atomic_compare_exchange_weak_explicit(w, &old, old + add, memory_order_relaxed,
		                                          memory_order_relaxed)) {
			b->nrep += v0 == 1;
			break;
		}
	}
}

/* Pass 2 only asks whether a slot reached 2: the counts become one bit a
 * slot (the high bit of every 2-bit count, gathered), in the first half of
 * the sketch, and the second half is given back. Word j of the bits holds
 * sketch words 2j and 2j + 1, so it is written only once both are read;
 * slot i is bit i % 64 of word i / 64, so the two slots of a hash stay in
 * one 32-bit half of a word (see sketch_pair). Done in place because a new
 * array would come from the heap here (glibc raises its mmap threshold as
 * the pass 1 scratch is freed) and leave a hole there. */
static void sketch_to_rep(struct builder *b)
{
	size_t words = ((size_t)1 << (64 - b->skshift)) / 32; /* even: slots >= 2^16 */
	_Atomic uint64_t *w = b->sketch;

	/* The pass 1 threads are joined: relaxed loads and stores are plain
	 * ones here, atomic only because the words are. */
	for (size_t j = 0; j < words / 2; j++) {
		uint64_t r = 0;
		for (int h = 0; h < 2; h++) {
			uint64_t x = (atomic_load_explicit(&w[2 * j + (size_t)h], memory_order_relaxed) >> 1) &
			             0x5555555555555555ULL;
			x = (x | (x >> 1)) & 0x3333333333333333ULL;
			x = (x | (x >> 2)) & 0x0f0f0f0f0f0f0f0fULL;
			x = (x | (x >> 4)) & 0x00ff00ff00ff00ffULL;
			x = (x | (x >> 8)) & 0x0000ffff0000ffffULL;
			x = (x | (x >> 16)) & 0x00000000ffffffffULL;
			r |= x << (32 * h);
		}
		atomic_store_explicit(&w[j], r, memory_order_relaxed);
	}
	/* Shrinking keeps the address (and so the alignment) in glibc; the
	 * lookups are right at any address, only slower if it moved. */
	b->rep = util_xrealloc(w, words / 2 * sizeof(*w));
	b->sketch = NULL;
}

static void rep_prefetch(const struct builder *b, uint64_t h)
{
	__builtin_prefetch(&b->rep[sketch_pair(b, h).word / 2]);
}

/* Both slots say "2 or more": each counted every occurrence of h, so a
 * repeated n-gram always passes. Sketch word w is the bits of half w % 2
 * of word w / 2 (see sketch_to_rep). */
static bool sketch_repeated(const struct builder *b, uint64_t h)
{
	struct sketch_pair q = sketch_pair(b, h);
	uint64_t r = atomic_load_explicit(&b->rep[q.word / 2], memory_order_relaxed) >>
	             (32 * (q.word % 2));
	uint64_t both = (1ULL << q.s0) | (1ULL << q.s1);

	return (r & both) == both;
}

/* An n-gram's hash is the polynomial sum of w[k] * R^(pw - 1 - k) over
 * its word key hashes w (mod 2^64), so the next start's follows from this
 * one's in two multiplications, where a chain over the words took pw
 * steps at every start (as much as collecting the words). R is odd, so
 * n-grams that differ in one word never sum alike; the sum is then mixed
 * (MurmurHash3's finaliser), so that every bit of it reaches the bits the
 * sketch and the hash map take. */
#define NGRAM_RADIX 0x9e3779b97f4a7c15ULL

static inline uint64_t ngram_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* Collects the words and computes, for every n-gram start p, its hash
 * b->nh[p] and whether all its words are running text (b->nprose[p]), in
 * one sweep over the tokens. Returns the number of n-grams. nh[] holds
 * each word's key hash until the n-gram starting there is complete and
 * that word has left the sum (word p leaves as word p + pw comes), then
 * the n-gram's hash; nprose[] holds whether the window ending at a word
 * is all prose until the n-gram starting there takes it over. (A second
 * sweep over a copy of the word hashes, once an n-gram's hash was made,
 * cost a third of this.) */
static size_t ngram_all(struct builder *b, size_t *nwp)
{
	size_t nw = 0, pw = (size_t)b->opt.passage_words, run = 0, n = b->l.n;
	uint64_t sum = 0, top = 1; /* top: R^(pw - 1) */
	const struct xtok *tk = b->l.t;
	size_t *words;
	uint64_t *nh;
	uint8_t *nprose;

	/* Room for every token at once, not a check per word. */
	util_grow((void **)&b->words, &b->wordscap, n, sizeof(*b->words));
	util_grow((void **)&b->nh, &b->nhcap, n, sizeof(*b->nh));
	util_grow((void **)&b->nprose, &b->nprosecap, n, sizeof(*b->nprose));
	words = b->words;
	nh = b->nh;
	nprose = b->nprose;
	for (size_t k = 1; k < pw; k++)
		top *= NGRAM_RADIX;
	for (size_t i = 0; i < n; i++) {
		const struct xtok *t = &tk[i];
		uint64_t h = t->kh;
		if (t->type != XTOK_WORD)
			continue;
		words[nw] = i;
		if (pw && nw >= pw) {
			/* The n-gram at nw - pw is complete, and its first
			 * word leaves the sum. */
			size_t p = nw - pw;
			uint64_t first = nh[p];
			nh[p] = ngram_mix(sum);
			nprose[p] = nprose[nw - 1];
			sum = (sum - first * top) * NGRAM_RADIX + h;
		} else {
			sum = sum * NGRAM_RADIX + h;
		}
		nh[nw] = h;
		run = (t->flags & XTOK_PROSE) ? run + 1 : 0;
		nprose[nw] = run >= pw;
		nw++;
	}
	*nwp = nw;
	if (!pw || nw < pw)
		return 0;
	nh[nw - pw] = ngram_mix(sum);
	nprose[nw - pw] = nprose[nw - 1];
	return nw - pw + 1;
}

static void pass1(struct builder *b, const char *text)
{
	struct run *runs = NULL;
	size_t nruns, cap = 0, nw, nn;
	struct strbuf key = {0};

	/* A word the memo knows is tallied there (see count_tallied). */
	for (size_t i = 0; i < b->l.n; i++) {
		const struct xtok *t = tok(b, i);
		struct xmap *m;
		if (t->type != XTOK_WORD || !(t->flags & XTOK_ALPHA))
			continue;
		if (t->flags & XTOK_LOWER)
			m = &b->lowcount;
		else if ((t->flags & XTOK_CAP) && !(t->flags & (XTOK_INITIAL | XTOK_TITLE)))
			m = &b->capcount;
		else
			continue;
		if (t->memo)
			xtok_memo_tally(&b->l, t);
		else
			count(m, t->kh);
	}
	nruns = find_runs(b, text, &runs, &cap);
	for (size_t r = 0; r < nruns; r++) {
		const struct xtok *t = tok(b, runs[r].a);
		if (t->flags & (XTOK_INITIAL | XTOK_TITLE))
			continue;
		run_key(b, runs[r].a, runs[r].kb, &key);
		*xmap_ref(&b->certain, xtok_hash(key.s, key.len), 1, NULL) = 1;
	}
	free(runs);
	sb_free(&key);

	/* Which word n-grams of running text occur more than once. */
	nn = ngram_all(b, &nw);
	for (size_t p = 0; p < nn; p++) {
		if (p + SKETCH_AHEAD < nn)
			sketch_prefetch(b, b->nh[p + SKETCH_AHEAD]);
		if (b->nprose[p])
			sketch_bump(b, b->nh[p]);
	}
}

/* A repeated n-gram at word p of an article: its entry and what a passage
 * starting or ending there needs (pass 2 keeps no tokens). */
struct ngpos {
	unsigned entry : 31;     /* in ng_last, ng_df, ng_parent */
	unsigned next : 1;       /* at the word after the previous position */
	uint32_t off;            /* first word */
	uint32_t last, end;      /* last word: start, end */
};

/* A new n-gram entry, number b->nng. */
static void ng_add(struct builder *b, uint64_t h)
{
	if (b->nng >= (size_t)1 << 31)
		util_die("too many repeated word sequences");
	if (b->nng == b->ngcap) {
		size_t c2 = b->ngcap;
		util_grow((void **)&b->ng_last, &c2, b->nng + 1, sizeof(*b->ng_last));
		c2 = b->ngcap;
		util_grow((void **)&b->ng_df, &c2, b->nng + 1, sizeof(*b->ng_df));
		if (b->keep_hash) {
			c2 = b->ngcap;
			util_grow((void **)&b->ng_hash, &c2, b->nng + 1, sizeof(*b->ng_hash));
		}
		util_grow((void **)&b->ng_parent, &b->ngcap, b->nng + 1, sizeof(*b->ng_parent));
	}
	b->ng_last[b->nng] = UINT32_MAX;
	b->ng_df[b->nng] = 0;
	b->ng_parent[b->nng] = (uint32_t)b->nng;
	if (b->keep_hash)
		b->ng_hash[b->nng] = h;
	b->nng++;
}

/* Exact document frequency of the n-grams the sketch calls repeated, and
 * where they are, for passages() once every article is counted. */
static void count_ngrams(struct builder *b, uint32_t art)
{
	size_t nw, nn = ngram_all(b, &nw), pw = (size_t)b->opt.passage_words;
	size_t prevp = SIZE_MAX - 1; /* the last position listed */

	for (size_t p = 0; p < nn; p++) {
		bool isnew;
		uint64_t h = b->nh[p];

		if (p + SKETCH_AHEAD < nn)
			rep_prefetch(b, b->nh[p + SKETCH_AHEAD]);
		if (!sketch_repeated(b, h))
			continue;
		/* Every position gets an entry, so passages() needs no hash
		 * lookup; an entry seen outside running text only counts 0
		 * articles, which is never shared. */
		uint32_t *e = xmap_ref(&b->ngram, h, (uint32_t)b->nng, &isnew);
		if (isnew)
			ng_add(b, h);
		/* Only running text counts, but the same words elsewhere (a
		 * "see also" line) are still part of a shared passage. */
		const struct xtok *t0 = tok(b, b->words[p]), *tl = tok(b, b->words[p + pw - 1]);
		/* The check inline, the call only to grow: a reused corpus
		 * lists a position at most words. */
		if (b->npos == b->poscap)
			util_grow((void **)&b->pos, &b->poscap, b->npos + 1, sizeof(*b->pos));
		b->pos[b->npos++] = (struct ngpos){*e, p == prevp + 1, t0->off, tl->off, tl->off + tl->len};
		prevp = p;
		if (b->nprose[p] && b->ng_last[*e] != art) {
			b->ng_last[*e] = art;
			if (b->ng_df[*e] < UINT32_MAX)
				b->ng_df[*e]++;
		}
	}
}

/* ---- pass 2: candidates ------------------------------------------------------ */

static bool is_certain_key(const struct builder *b, const char *s, size_t n)
{
	return xmap_get(&b->certain, xtok_hash(s, n), NULL);
}

/* Mikheev's rule for a capitalised word in a place where any word is
 * capitalised: a name if it is capitalised where that means something
 * somewhere in the corpus and never written in lower case. */
static bool word_is_name(const struct builder *b, size_t i)
{
	const struct xtok *t = tok(b, i);
	uint32_t low = get_count(&b->lowcount, t->kh);

	if (low)
		return false;
	if (get_count(&b->capcount, t->kh))
		return true;
	return is_certain_key(b, xtok_keystr(&b->l, i), t->klen);
}

/* The role written right before the name that starts at word token a
 * (Ambassador Feng Tie, ambassadør Feng Tie): the one entity_trim cut, or
 * else the word before the name when it is a role (the runs leave leading
 * titles out before the name is emitted). Recorded as a CK_ROLE candidate
 * with the role as the text spells it, in lower case unless it is in
 * capitals (CEO). A form of address (Mr, fru, Gov.: shorter than four
 * letters) says nothing about the person and is no role to show. */
static void note_role(struct builder *b, uint32_t art, const char *text, size_t a,
                      size_t role, uint32_t name, struct strbuf *scratch)
{
	const struct xtok *t;
	uint32_t id;

	if (role == (size_t)-1 || role > a) {
		role = (size_t)-1;
		if (a >= 2 && is_inline_space(b, a - 1) && tok(b, a - 2)->type == XTOK_WORD)
			role = a - 2;
	}
	if (role == (size_t)-1)
		return;
	t = tok(b, role);
	if (!(t->stop & XSTOP_ROLE) || (t->flags & XTOK_GEN) || t->len > 64 ||
	    (t->klen < 4 && !(t->flags & XTOK_ALLCAPS)))
		return;
	scratch->len = 0;
	if (t->flags & XTOK_ALLCAPS) {
		sb_append(scratch, text + t->off, t->len);
	} else {
		size_t n = 0;
		uint8_t *low = u8_tolower((const uint8_t *)text + t->off, t->len, NULL, NULL, NULL, &n);
		if (!low)
			return;
		sb_append(scratch, (const char *)low, n);
		free(low);
	}
	id = pool_intern(&b->keys, scratch->s, scratch->len);
	add_cand(b, (struct cand){.art = art, .off = tok(b, a)->off, .len = 0,
	                          .key = name, .term = id, .kind = CK_ROLE});
}

static void emit_name(struct builder *b, uint32_t art, const char *text,
                      size_t a, size_t kb, size_t sb, struct strbuf *key)
{
	const struct xtok *ta = tok(b, a), *tz = tok(b, sb);
	size_t end = tz->off + tz->len, role;
	uint32_t id;

	while (a <= kb && tok(b, a)->type != XTOK_WORD)
		a++;
	if (a > kb)
		return;
	/* Ambassador Feng Tie, New Jersey Gov., of Føroya Tele: roles and
	 * function words at either end are not the name. */
	{
		size_t z = kb;
		role = entity_trim(&b->l, &a, &z);
		if (a > z)
			return;
		if (z != kb) {
			kb = sb = z;
			end = tok(b, z)->off + tok(b, z)->len;
		}
	}
	ta = tok(b, a);
	run_key(b, a, kb, key);
	if (key->len < 2)
		return;
	/* Paris' : the apostrophe of a genitive after s, x, z. */
	if (sb == kb && sb + 1 < b->l.n &&
	    (is_punct(b, text, sb + 1, "'") || is_punct(b, text, sb + 1, "\xe2\x80\x99")) &&
	    strchr("sxz", key->s[key->len - 1]) &&
	    (sb + 2 >= b->l.n || tok(b, sb + 2)->type != XTOK_WORD))
		end = tok(b, sb + 1)->off + tok(b, sb + 1)->len;
	id = pool_intern(&b->keys, key->s, key->len);
	if (id >= b->isnamecap) {
		size_t old = b->isnamecap;
		util_grow((void **)&b->is_name, &b->isnamecap, id + 1, 1);
		memset(b->is_name + old, 0, b->isnamecap - old);
	}
	b->is_name[id] = 1;
	add_cand(b, (struct cand){
		.art = art, .off = ta->off, .len = (uint32_t)(end - ta->off),
		.key = id, .kind = CK_NAME,
		/* Forms with a genitive or a company suffix are not shown as the name. */
		.exact = !(tok(b, kb)->flags & XTOK_GEN) &&
		         (sb == kb || (sb == kb + 1 && is_punct(b, text, sb, "."))),
	});
	note_role(b, art, text, a, role, id, key);
}

struct amatch {
	size_t a, z; /* word tokens */
	long entry;
	bool dead;
	bool lowcap;  /* a lower-case variant (dansk) written with a capital */
	bool initial; /* ... where any word has one */
};

/* DR Nyheder, BBC Sport: the words after token z up to kb are all sub-name
 * words (config org_subnames), so the run names a part of what z ends. */
static bool only_subnames(const struct builder *b, size_t z, size_t kb)
{
	bool any = false;

	for (size_t i = z + 1; i <= kb; i++) {
		if (tok(b, i)->type != XTOK_WORD)
			continue;
		if (!(tok(b, i)->stop & XSTOP_SUBNAME))
			return false;
		any = true;
	}
	return any;
}

/* Whether the run that an alias ends at token z is a name of its own that
 * the alias's place or body lends its name to: one more word follows, a
 * word (not a title or a joining word) that the corpus never has as a
 * name on its own (Globe in New Jersey Globe), so it names nothing without
 * the alias. US President Trump, Denmark Tuesday are still split. */
static bool named_after(const struct builder *b, size_t z, size_t kb, const struct amatch *am,
                        size_t nam)
{
	size_t w = z + 1;
	const struct xtok *t;

	while (w <= kb && tok(b, w)->type != XTOK_WORD)
		w++;
	if (w != kb)
		return false;
	/* Russia Ukraine: two places are no name. */
	for (size_t m = 0; m < nam; m++)
		if (am[m].a == w)
			return false;
	t = tok(b, w);
	if (t->stop || !(t->flags & XTOK_ALPHA) || (t->flags & XTOK_ALLCAPS))
		return false;
	return !is_certain_key(b, xtok_keystr(&b->l, w), t->klen);
}

/* The alias matches of an article: v[0, n0) found in order, so sorted by
 * their first word, each starting after the one before ends; the rest
 * (bare variants) after them. from: the first of v[0, n0) that does not
 * end before the run accept_run is given, whose start only grows from
 * run to run of the article. */
struct amatches {
	struct amatch *v;
	size_t n, n0, from;
};

/* Emits an accepted run [a, kb] (surface to sb), splitting off an alias at
 * its start (US President Trump) and silencing aliases inside it (Taiwan
 * News is a paper, not Taiwan). Every run of the article came here with
 * all of its matches, one test each; the ordered ones that end before a
 * (and so before every later run) or start after kb are now passed over
 * without one: the same ones the tests would pass over, in the same
 * order. */
static void accept_run(struct builder *b, uint32_t art, const char *text,
                       size_t a, size_t kb, size_t sb, struct amatches *ams,
                       struct strbuf *key)
{
	struct amatch *am = ams->v;
	size_t nam = ams->n;

	while (ams->from < ams->n0 && am[ams->from].z < a)
		ams->from++;
	for (size_t m = ams->from; m < nam; m++) {
		if (m < ams->n0 && am[m].a > kb) {
			m = ams->n0 - 1;
			continue;
		}
		if (am[m].dead || am[m].z < a || am[m].a > kb)
			continue;
		if (am[m].a <= a) {
			if (am[m].z >= kb)
				return;
			/* DR Nyheder is DR: the alias's occurrence takes the
			 * sub-name words too. */
			if (only_subnames(b, am[m].z, kb)) {
				am[m].z = kb;
				return;
			}
			/* Danske Bank is a bank, not Denmark: dansk(e) is a
			 * lower-case word, so its capital makes a name, where
			 * a capital means something or the run is known whole
			 * from running text. */
			if (am[m].lowcap && (!am[m].initial ||
			                     (run_key(b, a, kb, key), is_certain_key(b, key->s, key->len)))) {
				am[m].dead = true;
				continue;
			}
			/* New Jersey Globe, Taiwan News: a place's name and one
			 * word never named on its own are a name of their own. */
			if (named_after(b, am[m].z, kb, am, nam)) {
				am[m].dead = true;
				continue;
			}
			a = next_word(b, am[m].z, kb);
			while (a <= kb && (tok(b, a)->stop & (XSTOP_JOIN | XSTOP_WEAK)))
				a = next_word(b, a, kb);
			if (a > kb)
				return;
		} else {
			am[m].dead = true;
		}
	}
	/* A single word written in lower case more often than with a capital
	 * where a capital means something (Government, government) is an
	 * ordinary word that some writers capitalise. */
	if (a == kb && !(tok(b, a)->flags & XTOK_ALLCAPS) &&
	    get_count(&b->lowcount, tok(b, a)->kh) > get_count(&b->capcount, tok(b, a)->kh))
		return;
	/* EU 27: the number left after an alias is no name. */
	if (a == kb && (tok(b, a)->klen < 2 || !(tok(b, a)->flags & XTOK_ALPHA)))
		return;
	emit_name(b, art, text, a, kb, sb, key);
}

/* "Danmarks Radio (DR)", "Kringvarp Føroya (KvF)": a word in brackets right
 * after a name, whose letters abbreviate it, is that name in the whole
 * corpus. Recorded as a CK_ABBR candidate (see enum cand_kind). */
static void abbreviations(struct builder *b, size_t first, const char *text)
{
	size_t c = first;

	for (size_t i = 1; i + 2 < b->l.n; i++) {
		const struct xtok *w = tok(b, i + 1);
		uint32_t end, id;
		if (!is_punct(b, text, i, "(") || !is_punct(b, text, i + 2, ")") ||
		    w->type != XTOK_WORD || !(w->flags & XTOK_CAP) || (w->flags & XTOK_DIGIT) ||
		    !is_inline_space(b, i - 1))
			continue;
		end = tok(b, i - 1)->off;
		while (c < b->ncands && b->cands[c].off + b->cands[c].len < end)
			c++;
		if (c == b->ncands)
			break;
		if (b->cands[c].kind != CK_NAME || b->cands[c].off + b->cands[c].len != end)
			continue;
		if (!entity_abbreviates(xtok_keystr(&b->l, i + 1), b->keys.s[b->cands[c].key]))
			continue;
		id = pool_intern(&b->keys, xtok_keystr(&b->l, i + 1), w->klen);
		if (id >= b->isnamecap) {
			size_t old = b->isnamecap;
			util_grow((void **)&b->is_name, &b->isnamecap, id + 1, 1);
			memset(b->is_name + old, 0, b->isnamecap - old);
		}
		b->is_name[id] = 1;
		add_cand(b, (struct cand){.art = b->cands[c].art, .off = w->off, .len = 0,
		                          .key = id, .term = b->cands[c].key, .kind = CK_ABBR});
	}
}

/* Whether the run whose key is key and whose surface ends at token sb is
 * followed by an abbreviation of it in brackets: "Kringvarp Føroya (KvF)"
 * opening a sentence is a name as a whole. */
static bool abbreviated(const struct builder *b, const char *text, size_t sb, const char *key)
{
	size_t i = sb + 2;

	return i + 2 < b->l.n && is_inline_space(b, sb + 1) && is_punct(b, text, i, "(") &&
	       tok(b, i + 1)->type == XTOK_WORD && is_punct(b, text, i + 2, ")") &&
	       entity_abbreviates(xtok_keystr(&b->l, i + 1), key);
}

/* Peder Severin Krøyer at a sentence start: three capitalised words or
 * more, the first never written in lower case, are a full name, not an
 * ordinary word before a name. */
static bool full_name_start(const struct builder *b, const struct run *ru)
{
	size_t words = 0;

	if (get_count(&b->lowcount, tok(b, ru->a)->kh) || (tok(b, ru->a)->stop & XSTOP_WEAK))
		return false;
	for (size_t i = ru->a; i <= ru->kb; i++) {
		if (tok(b, i)->type != XTOK_WORD)
			continue;
		/* Shares of Huawei Technologies: a joining word makes it a
		 * phrase that may open with an ordinary word. */
		if (!can_continue(tok(b, i)))
			return false;
		words++;
	}
	return words >= 3;
}

/* The Chamber of Commerce, where the article names Denmark: a variant
 * written without its nationality (alias_match_bare) is its entry in an
 * article that names the nation by another of the aliases found (am[0,
 * nam)). Found between those, appended to them. */
static void bare_aliases(struct builder *b, const char *text, struct amatch **am, size_t *nam,
                         size_t *amcap)
{
	size_t n0 = *nam, m = 0;

	if (!b->alias.nbare || !n0)
		return;
	for (size_t i = 0; i < b->l.n; i++) {
		const struct xtok *t = tok(b, i);
		size_t end;
		long e, cond = -1;
		bool named = false;

		/* Only a capitalised word opens a bare variant (see
		 * alias_match_bare): every token of the article comes here,
		 * and the others need no look at the matches. */
		if (t->type != XTOK_WORD || !(t->flags & (XTOK_CAP | XTOK_ALLCAPS)))
			continue;
		while (m < n0 && (*am)[m].z < i)
			m++;
		if (m < n0 && (*am)[m].a <= i) {
			i = (*am)[m].z;
			continue;
		}
		e = alias_match_bare(&b->alias, &b->l, text, i, &end, &cond);
		if (e < 0 || (m < n0 && (*am)[m].a <= end))
			continue;
		for (size_t k = 0; k < n0 && !named; k++)
			named = (*am)[k].entry == cond;
		if (!named)
			continue;
		util_grow((void **)am, amcap, *nam + 1, sizeof(**am));
		(*am)[(*nam)++] = (struct amatch){.a = i, .z = end, .entry = e};
		i = end;
	}
}

static void names(struct builder *b, uint32_t art, const char *text)
{
	struct run *runs = NULL;
	struct amatch *am = NULL;
	struct amatches ams;
	size_t nruns, cap = 0, nam = 0, amcap = 0, c0 = b->ncands, n0;
	struct strbuf key = {0};

	/* Aliases anywhere, lower case included (kinesiske, cyber security). */
	for (size_t i = 0; i < b->l.n; i++) {
		size_t end;
		long e;
		bool lower;
		if (tok(b, i)->type != XTOK_WORD)
			continue;
		e = alias_match_seen(&b->alias, &b->seen, &b->l, text, i, &end, &lower);
		if (e < 0)
			continue;
		util_grow((void **)&am, &amcap, nam + 1, sizeof(*am));
		am[nam++] = (struct amatch){
			.a = i, .z = end, .entry = e,
			.lowcap = lower && (tok(b, i)->flags & XTOK_CAP),
			.initial = (tok(b, i)->flags & (XTOK_INITIAL | XTOK_TITLE)) != 0,
		};
		i = end;
	}
	n0 = nam;
	bare_aliases(b, text, &am, &nam, &amcap);
	ams = (struct amatches){.v = am, .n = nam, .n0 = n0};

	nruns = find_runs(b, text, &runs, &cap);
	for (size_t r = 0; r < nruns; r++) {
		struct run *ru = &runs[r];
		const struct xtok *first = tok(b, ru->a);

		if (first->flags & XTOK_TITLE) {
			/* Headlines and menus: keep only names known from running
			 * text, longest first. */
			size_t i = ru->a;
			while (i <= ru->kb) {
				size_t best = (size_t)-1;
				for (size_t j = i; j <= ru->kb; j = next_word(b, j, ru->kb)) {
					run_key(b, i, j, &key);
					if (is_certain_key(b, key.s, key.len) &&
					    (j > i || word_is_name(b, i)))
						best = j;
				}
				if (best != (size_t)-1) {
					accept_run(b, art, text, i, best,
					           best == ru->kb ? ru->sb : best, &ams, &key);
					i = next_word(b, best, ru->kb);
				} else {
					i = next_word(b, i, ru->kb);
				}
			}
			continue;
		}
		if (first->flags & XTOK_INITIAL) {
			if (ru->a == ru->kb) {
				if (!word_is_name(b, ru->a))
					continue;
			} else if (run_key(b, ru->a, ru->kb, &key),
			           !is_certain_key(b, key.s, key.len) && !word_is_name(b, ru->a) &&
			           !full_name_start(b, ru) && !abbreviated(b, text, ru->sb, key.s)) {
				/* "Shares of Huawei": the first word is not known
				 * as (part of) a name anywhere, so it is an ordinary
				 * word that happens to open the sentence. */
				size_t a = next_word(b, ru->a, ru->kb);
				while (a <= ru->kb && (tok(b, a)->stop & (XSTOP_JOIN | XSTOP_WEAK)))
					a = next_word(b, a, ru->kb);
				if (a > ru->kb)
					continue;
				if (a == ru->kb && !can_continue(tok(b, a)))
					continue;
				accept_run(b, art, text, a, ru->kb, ru->sb, &ams, &key);
				continue;
			}
		}
		accept_run(b, art, text, ru->a, ru->kb, ru->sb, &ams, &key);
	}
	abbreviations(b, c0, text);
	for (size_t m = 0; m < nam; m++) {
		const struct xtok *ta = tok(b, am[m].a), *tz = tok(b, am[m].z);
		if (am[m].dead)
			continue;
		/* The final dot of U.S. belongs to it. */
		if ((tz->flags & XTOK_DOTTED) && am[m].z + 1 < b->l.n &&
		    is_punct(b, text, am[m].z + 1, "."))
			tz = tok(b, am[m].z + 1);
		add_cand(b, (struct cand){
			.art = art, .off = ta->off, .len = tz->off + tz->len - ta->off,
			.key = (uint32_t)am[m].entry, .kind = CK_ALIAS, .exact = 1,
		});
	}
	free(am);
	free(runs);
	sb_free(&key);
}

/* ---- numbers -------------------------------------------------------------- */

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
	"januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
	"september", "oktober", "november", "december",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

/* month_of for a word of the weak class (months are). */
static int month_named(const struct builder *b, size_t i)
{
	const struct xtok *t = tok(b, i);

	/* The names have three to nine letters ("sept" too), each a first
	 * letter of "jfmasond". */
	if (t->klen < 3 || t->klen > 9)
		return 0;
	switch (xtok_keystr(&b->l, i)[0]) {
	case 'j': case 'f': case 'm': case 'a': case 's': case 'o': case 'n': case 'd':
		break;
	default:
		return 0;
	}
	for (size_t m = 0; m < KILDE_ARRAY_LEN(month_names); m++)
		if (strlen(month_names[m]) == t->klen &&
		    !memcmp(month_names[m], xtok_keystr(&b->l, i), t->klen))
			return (int)(m % 12) + 1;
	if (t->klen == 4 && !memcmp(xtok_keystr(&b->l, i), "sept", 4))
		return 9;
	return 0;
}

/* The month (1-12) token i names, else 0. Every token of the corpus comes
 * here: the test of its class is inlined, the names are read apart. */
static inline int month_of(const struct builder *b, size_t i)
{
	const struct xtok *t = tok(b, i);

	if (t->type != XTOK_WORD || (t->flags & XTOK_DIGIT) || !(t->stop & XSTOP_WEAK))
		return 0;
	return month_named(b, i);
}

/* Value of a plain digit token (no letters), else -1. */
static long plain_int(const struct builder *b, const char *text, size_t i)
{
	const struct xtok *t = tok(b, i);
	long v = 0;

	if (t->type != XTOK_WORD || (t->flags & XTOK_ALPHA) || t->len > 9)
		return -1;
	for (size_t k = 0; k < t->len; k++) {
		char ch = text[t->off + k];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	return v;
}

/* Skips one inline space (or, with dot, "." and a space). */
static size_t skip_gap(const struct builder *b, const char *text, size_t i, bool dot)
{
	if (dot && i < b->l.n && is_punct(b, text, i, "."))
		i++;
	if (is_inline_space(b, i))
		i++;
	return i;
}

static void emit_number(struct builder *b, uint32_t art, size_t first, size_t last,
                        const char *key)
{
	const struct xtok *ta = tok(b, first), *tz = tok(b, last);

	add_cand(b, (struct cand){
		.art = art, .off = ta->off, .len = tz->off + tz->len - ta->off,
		.key = pool_intern(&b->keys, key, strlen(key)), .kind = CK_NUMBER, .exact = 1,
	});
}

/* Dates: "14. juli 2020", "24 September 2017", "July 14, 2020". */
static void dates(struct builder *b, uint32_t art, const char *text)
{
	for (size_t i = 0; i < b->l.n; i++) {
		int m = month_of(b, i);
		long d = -1, y = -1;
		size_t first = i, last = i, k;

		if (!m)
			continue;
		/* day before */
		if (i >= 2 && tok(b, i - 1)->type == XTOK_SPACE) {
			size_t p = i - 2;
			if (p >= 1 && is_punct(b, text, p, "."))
				p--;
			d = plain_int(b, text, p);
			if (d >= 1 && d <= 31)
				first = p;
			else
				d = -1;
		}
		k = skip_gap(b, text, i + 1, true);
		if (d < 0 && k < b->l.n) {
			long dd = plain_int(b, text, k);
			if (dd >= 1 && dd <= 31) {
				d = dd;
				last = k;
				k++;
				if (k < b->l.n && is_punct(b, text, k, ","))
					k++;
				k = skip_gap(b, text, k, false);
			}
		}
		if (k < b->l.n && k > last) {
			y = plain_int(b, text, k);
			if (y >= 1000 && y <= 2100)
				last = k;
			else
				y = -1;
		}
		if (d < 0 || y < 0)
			continue;
		/* The dateline above the text (publication date) is page
		 * furniture: two articles of the same day share it by chance. */
		if (i < b->body) {
			for (size_t u = first; u <= last; u++)
				b->used[u] = 1;
			i = last;
			continue;
		}
		char key[32];
		snprintf(key, sizeof(key), "#%04ld-%02d-%02ld", y, m, d);
		emit_number(b, art, first, last, key);
		for (size_t u = first; u <= last; u++)
			b->used[u] = 1;
		i = last;
	}
}

/* Parses 180,000 / 5,3 / 11.000 / 2.5: a separator followed by exactly three
 * digits groups thousands, otherwise it is the decimal mark. */
static bool parse_number(const char *s, size_t n, double *v, bool *grouped)
{
	double ip = 0, fp = 0, scale = 1;
	bool frac = false;

	*grouped = false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9') {
			if (frac) {
				scale /= 10;
				fp += (ch - '0') * scale;
			} else {
				ip = ip * 10 + (ch - '0');
			}
		} else if (ch == ',' || ch == '.') {
			size_t dig = 0;
			while (i + 1 + dig < n && s[i + 1 + dig] >= '0' && s[i + 1 + dig] <= '9')
				dig++;
			if (dig == 3 && !frac && (i + 4 == n || s[i + 4] == ch))
				*grouped = true;
			else if (!frac)
				frac = true;
			else
				return false;
		} else {
			return false;
		}
	}
	*v = ip + fp;
	return true;
}

static double scale_word(const struct builder *b, size_t i)
{
	static const struct { const char *w; double f; } scales[] = {
		{"mia", 1e9}, {"milliard", 1e9}, {"milliarder", 1e9}, {"billion", 1e9},
		{"billions", 1e9}, {"bn", 1e9}, {"mio", 1e6}, {"million", 1e6},
		{"millioner", 1e6}, {"millions", 1e6}, {"mn", 1e6}, {"tusind", 1e3},
		{"thousand", 1e3}, {"trillion", 1e12}, {"billioner", 1e12},
	};
	const struct xtok *t = tok(b, i);

	if (t->type != XTOK_WORD)
		return 0;
	for (size_t k = 0; k < KILDE_ARRAY_LEN(scales); k++)
		if (strlen(scales[k].w) == t->klen && !memcmp(scales[k].w, xtok_keystr(&b->l, i), t->klen))
			return scales[k].f;
	return 0;
}

static bool key_is(const struct builder *b, size_t i, const char *w)
{
	const struct xtok *t = tok(b, i);
	return t->type == XTOK_WORD && strlen(w) == t->klen && !memcmp(w, xtok_keystr(&b->l, i), t->klen);
}

/* A count written as a word before a scale word: fem milliarder, five
 * billion, en halv million, half a million. Returns the value (0: none),
 * the first token of the count in *first and its last in *last. */
#define W(s, v) {s, sizeof(s) - 1, v}
/* Counts written as words (number_word). Grouped by first letter: the
 * switch there names each group. */
static const struct count_word {
	const char *w;
	uint32_t n;
	double v;
} count_words[] = {
	/* e 0-4 */ W("en", 1), W("et", 1), W("eight", 8), W("elleve", 11), W("eleven", 11),
	/* f 5-8 */ W("fire", 4), W("four", 4), W("fem", 5), W("five", 5),
	/* h 9-11 */ W("halv", 0.5), W("half", 0.5), W("halvanden", 1.5),
	/* n 12-13 */ W("ni", 9), W("nine", 9),
	/* o 14-15 */ W("one", 1), W("otte", 8),
	/* s 16-19 */ W("seks", 6), W("six", 6), W("syv", 7), W("seven", 7),
	/* t 20-29 */ W("to", 2), W("two", 2), W("tre", 3), W("three", 3), W("ti", 10),
	W("ten", 10), W("tolv", 12), W("twelve", 12), W("tyve", 20), W("twenty", 20),
};
#undef W

/* The bit of count_bits a key hash sets. */
static unsigned count_bit(uint64_t kh)
{
	return (unsigned)(kh >> 56);
}

/* One bit for the key hash of each count word (their keys are the words):
 * most words of a corpus have none of those bits, and are let go before
 * their key is read. */
static void count_bits_init(uint64_t bits[4])
{
	memset(bits, 0, 4 * sizeof(*bits));
	for (size_t k = 0; k < KILDE_ARRAY_LEN(count_words); k++) {
		unsigned c = count_bit(xtok_hash(count_words[k].w, count_words[k].n));
		bits[c / 64] |= (uint64_t)1 << (c % 64);
	}
}

static double number_word(const struct builder *b, const char *text, size_t i,
                          size_t *first, size_t *last)
{
	const struct count_word *words = count_words;
	size_t lo, hi;
	const struct xtok *t = tok(b, i);
	const char *key;
	double v = 0;
	size_t w;

	/* Every word comes here: the cheap tests first, and of the table only
	 * the words that start with the key's letter are compared. */
	if (t->type != XTOK_WORD || (t->flags & XTOK_DIGIT) || t->klen > 9 || t->klen < 2 ||
	    !((b->count_bits[count_bit(t->kh) / 64] >> (count_bit(t->kh) % 64)) & 1))
		return 0;
	key = xtok_keystr(&b->l, i);
	switch (key[0]) {
	case 'e': lo = 0, hi = 5; break;
	case 'f': lo = 5, hi = 9; break;
	case 'h': lo = 9, hi = 12; break;
	case 'n': lo = 12, hi = 14; break;
	case 'o': lo = 14, hi = 16; break;
	case 's': lo = 16, hi = 20; break;
	case 't': lo = 20, hi = 30; break;
	default: return 0;
	}
	for (size_t k = lo; k < hi; k++)
		if (words[k].n == t->klen && !memcmp(words[k].w, key, t->klen)) {
			v = words[k].v; /* never 0 */
			break;
		}
	if (!v)
		return 0;
	*first = *last = i;
	w = skip_gap(b, text, i + 1, false);
	/* half a million */
	if (v == 0.5 && w < b->l.n && w > i + 1 && key_is(b, w, "a")) {
		*last = w;
		w = skip_gap(b, text, w + 1, false);
	}
	if (w <= *last + 1 || w >= b->l.n || scale_word(b, w) <= 0)
		return 0;
	/* en halv million: the article belongs to the count. */
	if (v == 0.5 && i >= 2 && is_inline_space(b, i - 1) &&
	    (key_is(b, i - 2, "en") || key_is(b, i - 2, "et")))
		*first = i - 2;
	return v;
}

/* A time of day: 7.30 or 7:30 after at, kl., klokken..., or before a.m.
 * or p.m. Returns the minutes after midnight (-1: none) and the last token
 * in *last. */
static long time_of_day(const struct builder *b, const char *text, size_t i, size_t *last)
{
	static const char *const before[] = {
		"at", "kl", "klokken", "by", "around", "about", "from", "until", "till",
		"before", "after", "since", "omkring", "fra", "til", "inden", "efter", "siden",
	};
	const struct xtok *t = tok(b, i);
	const char *s = text + t->off;
	long h = -1, m = -1;
	size_t z = i, p;
	bool cue = false, pm = false;

	if (t->type != XTOK_WORD || !(t->flags & XTOK_DIGIT) || (t->flags & XTOK_ALPHA))
		return -1;
	/* 7.30 is one token; 7:30 may be three. */
	if ((t->len == 4 || t->len == 5) && (s[t->len - 3] == '.' || s[t->len - 3] == ':')) {
		h = strtol(s, NULL, 10);
		m = strtol(s + t->len - 2, NULL, 10);
	} else if (t->len <= 2 && i + 2 < b->l.n && is_punct(b, text, i + 1, ":") &&
	           tok(b, i + 2)->type == XTOK_WORD && tok(b, i + 2)->len == 2 &&
	           (tok(b, i + 2)->flags & XTOK_DIGIT) && !(tok(b, i + 2)->flags & XTOK_ALPHA)) {
		h = strtol(s, NULL, 10);
		m = strtol(text + tok(b, i + 2)->off, NULL, 10);
		z = i + 2;
	}
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	if (i >= 2 && is_inline_space(b, i - 1)) {
		p = i - 2;
		if (tok(b, p)->type == XTOK_PUNCT && p >= 1 && is_punct(b, text, p, "."))
			p--; /* kl. */
		for (size_t k = 0; k < KILDE_ARRAY_LEN(before) && !cue; k++)
			cue = key_is(b, p, before[k]);
	}
	p = skip_gap(b, text, z + 1, false);
	if (p > z + 1 && p < b->l.n &&
	    (key_is(b, p, "am") || key_is(b, p, "pm") || key_is(b, p, "a.m") || key_is(b, p, "p.m"))) {
		cue = true;
		pm = xtok_keystr(&b->l, p)[0] == 'p';
		z = p;
		if (z + 1 < b->l.n && is_punct(b, text, z + 1, "."))
			z++;
	}
	if (!cue)
		return -1;
	if (pm && h < 12)
		h += 12;
	*last = z;
	return h * 60 + m;
}

static void numbers(struct builder *b, uint32_t art, const char *text)
{
	struct strbuf key = {0};

	for (size_t i = 0; i < b->l.n; i++) {
		const struct xtok *t = tok(b, i);
		size_t first = i, last = i, k;
		double v, f;
		bool grouped, pct = false;
		const char *unit = NULL;
		size_t unitlen = 0;
		char num[64];

		if (t->type != XTOK_WORD || b->used[i])
			continue;
		if (!(t->flags & XTOK_DIGIT)) {
			size_t nf = 0, nl = 0; /* set when v > 0 */
			v = number_word(b, text, i, &nf, &nl);
			if (v <= 0)
				continue;
			first = nf;
			i = nl;
			goto scaled;
		}
		{
			long mins = time_of_day(b, text, i, &last);
			if (mins >= 0) {
				snprintf(num, sizeof(num), "#time %02ld:%02ld", mins / 60, mins % 60);
				emit_number(b, art, i, last, num);
				i = last;
				continue;
			}
		}
		if (t->flags & XTOK_ALPHA) {
			/* Codes such as 5G, G20, A380; not 1st, 2nd, 18th, hashes. */
			const char *ks = xtok_keystr(&b->l, i);
			size_t digits = 0;
			for (size_t c = 0; c < t->klen; c++)
				digits += ks[c] >= '0' && ks[c] <= '9';
			if (t->klen > 8 || t->klen < 2 || digits * 2 < t->klen - 1)
				continue;
			if (t->klen >= 3 && (!strcmp(ks + t->klen - 2, "st") ||
			                     !strcmp(ks + t->klen - 2, "nd") ||
			                     !strcmp(ks + t->klen - 2, "rd") ||
			                     !strcmp(ks + t->klen - 2, "th")) &&
			    ks[t->klen - 3] >= '0' && ks[t->klen - 3] <= '9')
				continue;
			key.len = 0;
			sb_putc(&key, '#');
			sb_append(&key, ks, t->klen);
			emit_number(b, art, i, i, key.s);
			continue;
		}
		if (!parse_number(text + t->off, t->len, &v, &grouped))
			continue;
		/* Years are bare: what follows them is the sentence. */
		if (!grouped && t->len == 4 && v >= 1000 && v <= 2100 && v == floor(v)) {
			if (i < b->body)
				continue;
			/* 2100 København: a postcode before a place name, not a year. */
			size_t nx = skip_gap(b, text, i + 1, false);
			bool before_word = i >= 2 && tok(b, i - 1)->type == XTOK_SPACE &&
			                   tok(b, i - 2)->type == XTOK_WORD &&
			                   ((tok(b, i - 2)->flags & XTOK_LOWER) ||
			                    (tok(b, i - 2)->stop & ~XSTOP_SUBNAME));
			if (nx > i + 1 && nx < b->l.n && (tok(b, nx)->flags & XTOK_CAP) &&
			    !month_of(b, nx) && !before_word)
				continue;
			snprintf(num, sizeof(num), "#%.0f", v);
			emit_number(b, art, i, i, num);
			continue;
		}
		/* DKr 19.9 billion, USD 5 million: a currency written before. */
		if (i >= 2 && is_inline_space(b, i - 1) && tok(b, i - 2)->type == XTOK_WORD &&
		    (tok(b, i - 2)->flags & (XTOK_CAP | XTOK_ALLCAPS))) {
			size_t end;
			long e = alias_match(&b->alias, &b->l, text, i - 2, true, &end);
			if (e >= 0 && end == i - 2 &&
			    (!strcmp(b->alias.e[e].id, "unit_dkk") || !strcmp(b->alias.e[e].id, "unit_usd") ||
			     !strcmp(b->alias.e[e].id, "unit_eur") || !strcmp(b->alias.e[e].id, "unit_gbp"))) {
				unit = b->alias.e[e].id + 5;
				unitlen = strlen(unit);
				first = i - 2;
			}
		}
		if (i >= 1 && tok(b, i - 1)->type == XTOK_PUNCT) {
			const char *p = text + tok(b, i - 1)->off;
			size_t pl = tok(b, i - 1)->len;
			if (pl == 1 && *p == '$')
				unit = "usd";
			else if (pl == 3 && !memcmp(p, "\xe2\x82\xac", 3))
				unit = "eur";
			else if (pl == 2 && !memcmp(p, "\xc2\xa3", 2))
				unit = "gbp";
			if (unit) {
				unitlen = 3;
				first = i - 1;
			}
		}
	scaled:
		k = i + 1;
		if (k < b->l.n && is_punct(b, text, k, "%")) {
			pct = true;
			last = k;
		} else {
			size_t w = skip_gap(b, text, k, false);
			if (w == k && w < b->l.n && is_punct(b, text, w, "-"))
				w++;
			if (w < b->l.n && (key_is(b, w, "procent") || key_is(b, w, "percent") ||
			                   key_is(b, w, "pct"))) {
				pct = true;
				last = w;
			} else if (w < b->l.n && (f = scale_word(b, w)) > 0) {
				v *= f;
				last = w;
				w = skip_gap(b, text, w + 1, true);
			}
			if (!pct && w < b->l.n && w > last && tok(b, w)->type == XTOK_WORD) {
				size_t end;
				long e = alias_match(&b->alias, &b->l, text, w, true, &end);
				if (e >= 0) {
					unit = b->alias.e[e].id + 5;
					unitlen = strlen(unit);
					last = end;
				} else if (!unit && (tok(b, w)->flags & XTOK_LOWER) &&
				           !(tok(b, w)->flags & XTOK_DIGIT) &&
				           !(tok(b, w)->stop & ~XSTOP_SUBNAME) &&
				           tok(b, w)->klen >= 2) {
					unit = xtok_keystr(&b->l, w);
					unitlen = tok(b, w)->klen;
					last = w;
				}
			}
		}
		/* Small counts of things are everywhere; keep percentages,
		 * amounts with a scale or currency, and counts from 10 up. */
		if (!pct && !(last > i && scale_word(b, last) > 0) && !(unit && (v >= 10 || first < i)))
			continue;
		if (v == floor(v) && v < 1e15)
			snprintf(num, sizeof(num), "#%.0f", v);
		else
			snprintf(num, sizeof(num), "#%.6g", v);
		key.len = 0;
		sb_puts(&key, num);
		if (pct)
			sb_putc(&key, '%');
		if (unit) {
			sb_putc(&key, ' ');
			sb_append(&key, unit, unitlen);
		}
		emit_number(b, art, first, last, key.s);
		i = last;
	}
	sb_free(&key);
}

/* ---- passages -------------------------------------------------------------- */

struct prun {
	uint32_t art, off, end, entry;
};

static uint32_t ng_find(struct builder *b, uint32_t e)
{
	while (b->ng_parent[e] != e) {
		b->ng_parent[e] = b->ng_parent[b->ng_parent[e]];
		e = b->ng_parent[e];
	}
	return e;
}

static void close_run(const struct ngpos *a, const struct ngpos *z, bool at_last,
                      uint32_t art, uint32_t entry, struct prun **runs, size_t *nruns,
                      size_t *cap)
{
	uint32_t off = at_last ? a->last : a->off;

	util_grow((void **)runs, cap, *nruns + 1, sizeof(**runs));
	(*runs)[(*nruns)++] = (struct prun){art, off, z->end, entry};
}

/* Runs of consecutive shared n-grams. Neighbouring n-grams are one passage
 * only when the same articles share them (same count, same last article):
 * otherwise a chain of overlapping quotations would glue unrelated articles
 * into one giant passage. Where the sharing changes, the next run starts
 * after the words the previous one already covers. Only the positions of
 * repeated n-grams are listed; any position between them is not shared. */
static void passages(struct builder *b, uint32_t art, struct prun **runs,
                     size_t *nruns, size_t *cap)
{
	size_t n = b->pos_start[art + 1] - b->pos_start[art];
	const struct ngpos *ps, *from = NULL, *prev = NULL;
	bool active = false, at_last = false;
	uint32_t first = 0, e = 0, preve = 0;

	/* No repeated n-gram anywhere leaves b->pos NULL: even a zero offset
	 * from it is undefined. */
	if (n == 0)
		return;
	ps = b->pos + b->pos_start[art];

	for (size_t i = 0; i < n; i++, preve = e) {
		const struct ngpos *q = &ps[i];
		bool shared;

		e = q->entry;
		shared = b->ng_df[e] >= 2 && b->ng_df[e] <= XREF_PASSAGE_MAX_DF;

		if (active && !q->next) {
			/* The position after prev is not shared. */
			close_run(from, prev, at_last, art, first, runs, nruns, cap);
			active = false;
		}
		if (shared && active && b->ng_df[e] == b->ng_df[preve] &&
		    b->ng_last[e] == b->ng_last[preve]) {
			uint32_t r1 = ng_find(b, preve), r2 = ng_find(b, e);
			if (r1 != r2)
				b->ng_parent[r2] = r1;
		} else if (shared) {
			if (active)
				close_run(from, prev, at_last, art, first, runs, nruns, cap);
			/* After a run, the next starts past the words it covers. */
			at_last = active;
			active = true;
			from = q;
			first = e;
		} else if (active) {
			close_run(from, prev, at_last, art, first, runs, nruns, cap);
			active = false;
		}
		prev = q;
	}
	if (active)
		close_run(from, prev, at_last, art, first, runs, nruns, cap);
}

/* ---- resolution -------------------------------------------------------------- */

/* Words that a company adds to its name: "Huawei Technologies" is Huawei
 * when Huawei is a name of its own in the corpus. */
static const char *const designators[] = {
	"technologies", "technology", "group", "corporation", "corp", "company",
	"holding", "holdings", "limited", "incorporated", "industries", "gruppen",
	"koncernen", "co", "inc", "ltd", "llc", "plc", "ag", "gmbh", "ab", "asa",
};

static bool is_designator(const char *w, size_t n)
{
	for (size_t i = 0; i < KILDE_ARRAY_LEN(designators); i++)
		if (strlen(designators[i]) == n && !memcmp(designators[i], w, n))
			return true;
	return false;
}

/* Politiken Debat is Politiken when Politiken is a name of its own: the
 * sub-name words at the end are cut one by one until what is left is a
 * name (entity_subname_head). */
static bool join_subname(struct builder *b, size_t i)
{
	const char *k = b->keys.s[i];
	size_t n = strlen(k);
	uint32_t id;

	while ((n = entity_subname_head(&b->stop, k, n)) > 0)
		if (pool_find(&b->keys, k, n, &id) && id < b->isnamecap && b->is_name[id]) {
			entity_join(b->parent, (uint32_t)i, id);
			return true;
		}
	return false;
}

static void resolve_names(struct builder *b)
{
	struct pool *p = &b->keys;
	uint32_t id;

	b->parent = util_xmalloc((p->n + 1) * sizeof(*b->parent));
	for (size_t i = 0; i < p->n; i++)
		b->parent[i] = (uint32_t)i;
	for (size_t i = 0; i < p->n && i < b->isnamecap; i++) {
		const char *k = p->s[i];
		size_t n = strlen(k);
		const char *sp;

		if (!b->is_name[i])
			continue;
		/* Huaweis -> Huawei, when Huawei is a name elsewhere. */
		if (n >= 4 && k[n - 1] == 's' && pool_find(p, k, n - 1, &id) &&
		    id < b->isnamecap && b->is_name[id]) {
			entity_join(b->parent, (uint32_t)i, id);
			continue;
		}
		if (join_subname(b, i))
			continue;
		sp = strrchr(k, ' ');
		while (sp && is_designator(sp + 1, strlen(sp + 1))) {
			if (pool_find(p, k, (size_t)(sp - k), &id) && id < b->isnamecap && b->is_name[id]) {
				entity_join(b->parent, (uint32_t)i, id);
				break;
			}
			const char *q = sp;
			while (q > k && q[-1] != ' ')
				q--;
			sp = q > k ? q - 1 : NULL;
		}
	}
	/* Abbreviations the texts define; the records themselves go, as do
	 * the roles (kept aside for the displays). */
	{
		size_t w = 0, rcap = 0;
		for (size_t i = 0; i < b->ncands; i++) {
			const struct cand *cd = &b->cands[i];
			if (cd->kind == CK_ROLE) {
				util_grow((void **)&b->roles, &rcap, b->nroles + 1, sizeof(*b->roles));
				b->roles[b->nroles++] = (struct role_mention){cd->key, cd->term};
				continue;
			}
			if (cd->kind != CK_ABBR) {
				b->cands[w++] = *cd;
				continue;
			}
			entity_join(b->parent, cd->key, cd->term);
		}
		b->ncands = w;
	}
	/* Spelling variants, and shorter writings of one longer name (Suffolk,
	 * John Suffolk; P.S. Krøyer, Peder Severin Krøyer). Heads are not
	 * joined: Paris is not Paris Call. */
	entity_resolve(&b->ent, &b->stop, p->s, p->n, b->is_name, b->isnamecap, b->parent);
}

/* A name is shown by a spelling of its whole: one with the skeleton of
 * the entity's root (Orsted or Ørsted, not Nielsen for Bárður á Steig
 * Nielsen). */
static bool whole_form(const struct builder *b, uint32_t key, uint32_t root)
{
	const struct entity_resolver *r = &b->ent;
	if (key == root)
		return true;
	return key < r->nis_name && root < r->nis_name && r->skel[key] && r->skel[root] &&
	       !strcmp(r->skel[key], r->skel[root]);
}

static int cmp_key(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, c = *(const uint32_t *)pb;
	return a < c ? -1 : a > c;
}

/* ---- the serial steps, an article range a thread ----------------------- */

/* Steps after pass 2 that go article by article split the candidates (in
 * article order) into one range a thread, cut between articles: each
 * range is read and written by its thread alone, and what the ranges
 * make is put together in article order, so the result is the same for
 * any number of threads. */
struct part {
	struct builder *b;
	size_t lo, hi; /* candidates [lo, hi): whole articles */
};

/* Cuts v[0, n) (in article order) into at most parts ranges of about
 * equal length between articles; returns how many. */
static size_t split_by_article(const struct cand *v, size_t n, size_t parts,
                               struct part *out)
{
	size_t k = 0, lo = 0;

	for (size_t p = 1; p <= parts && lo < n; p++) {
		size_t hi = p == parts ? n : n / parts * p;
		if (hi < lo)
			hi = lo;
		while (hi < n && hi > lo && v[hi].art == v[hi - 1].art)
			hi++;
		if (hi > lo)
			out[k++] = (struct part){.lo = lo, .hi = hi};
		lo = hi;
	}
	return k;
}

/* Runs fn on each of n items of size bytes at items, item 0 on this
 * thread and the others on threads of their own (or on this thread
 * after, where one cannot be started), and returns when all are done. */
static void run_parts(void *(*fn)(void *), void *items, size_t size, size_t n)
{
	pthread_t tid[XREF_MAX_THREADS];
	bool started[XREF_MAX_THREADS] = {false};

	if (!n)
		return;
	for (size_t k = 1; k < n && k < XREF_MAX_THREADS; k++)
		started[k] = util_thread_start(&tid[k], fn, (char *)items + k * size) == 0;
	fn(items);
	for (size_t k = 1; k < n; k++) {
		if (k < XREF_MAX_THREADS && started[k])
			pthread_join(tid[k], NULL);
		else
			fn((char *)items + k * size);
	}
}

/* Each name candidate's entity: within its article first (a bare Joensen
 * where only Kaj Joensen is named is he), else in the corpus. The
 * candidates are in article order here (pass 2 appends them so). Sets
 * cand.key to the entity and clears exact for a shorter writing. */
static void *resolve_local_part(void *arg)
{
	struct part *pt = arg;
	struct builder *b = pt->b;
	uint32_t *ids = NULL, *out = NULL;
	uint8_t *whole = NULL;
	size_t cap = 0, ocap = 0, wcap = 0, nkeys = b->keys.n;
	/* Per entity: the alias its spelling is, -1 none, -2 not looked up
	 * (a table a thread: the answer is the same whoever asks). */
	int32_t *alias_of = util_xmalloc((nkeys + 1) * sizeof(*alias_of));

	for (size_t k = 0; k < nkeys; k++)
		alias_of[k] = -2;
	for (size_t lo = pt->lo, hi; lo < pt->hi; lo = hi) {
		uint32_t art = b->cands[lo].art;
		size_t n = 0, u = 0;
		for (hi = lo; hi < pt->hi && b->cands[hi].art == art; hi++)
			if (b->cands[hi].kind == CK_NAME) {
				util_grow((void **)&ids, &cap, n + 1, sizeof(*ids));
				ids[n++] = b->cands[hi].key;
			}
		if (!n)
			continue;
		util_sort_u32(ids, n);
		for (size_t i = 0; i < n; i++)
			if (!u || ids[i] != ids[u - 1])
				ids[u++] = ids[i];
		util_grow((void **)&out, &ocap, u, sizeof(*out));
		util_grow((void **)&whole, &wcap, u, sizeof(*whole));
		entity_local(&b->ent, ids, u, out);
		for (size_t i = 0; i < u; i++) {
			uint32_t r = out[i];
			whole[i] = whole_form(b, ids[i], r);
			/* Borsen, where the alias table has Børsen: the alias. */
			if (alias_of[r] == -2) {
				const char *sk = r < b->ent.nis_name ? b->ent.skel[r] : NULL;
				alias_of[r] = sk ? (int32_t)alias_lookup_skeleton(&b->alias, sk, strlen(sk)) : -1;
			}
		}
		for (size_t i = lo; i < hi; i++) {
			struct cand *cd = &b->cands[i];
			size_t at;
			if (cd->kind != CK_NAME)
				continue;
			at = (size_t)((uint32_t *)bsearch(&cd->key, ids, u, sizeof(*ids), cmp_key) - ids);
			if (!whole[at])
				cd->exact = 0;
			cd->key = out[at];
			if (alias_of[cd->key] >= 0) {
				cd->kind = CK_ALIAS;
				cd->key = (uint32_t)alias_of[cd->key];
				cd->exact = 1;
			}
		}
	}
	free(alias_of);
	free(whole);
	free(ids);
	free(out);
	return NULL;
}

/* resolve_local_part over the build's threads. Every name points straight
 * at its root first, so that the threads only read the union-find. */
static void resolve_local(struct builder *b)
{
	struct part parts[XREF_MAX_THREADS];
	size_t np;

	for (size_t i = 0; i < b->keys.n; i++)
		entity_find(b->parent, (uint32_t)i);
	np = split_by_article(b->cands, b->ncands, b->opt.threads, parts);
	for (size_t k = 0; k < np; k++)
		parts[k].b = b;
	run_parts(resolve_local_part, parts, sizeof(*parts), np);
}

/* A year on its own within this many years before the newest article is
 * recent. */
#define XREF_RECENT_YEARS 10

/* A recent year on its own (since 2022, in 2019) is what news texts say
 * all the time about anything: two articles that both name it share
 * nothing telling, so it is no cross-reference. A year long before them
 * (1625, 1987) is history they share, and a full date stays a date.
 * Recent is measured from the newest article's date; a corpus without
 * dates keeps its years. */
static void drop_recent_years(struct builder *b)
{
	long newest = 0;
	size_t w = 0;

	for (size_t a = 0; a < b->c->n; a++) {
		const char *d = b->c->articles[a].date;
		long y = d && strlen(d) >= 4 ? strtol(d, NULL, 10) : 0;
		if (y > newest)
			newest = y;
	}
	if (!newest)
		return;
	for (size_t i = 0; i < b->ncands; i++) {
		const struct cand *cd = &b->cands[i];
		if (cd->kind == CK_NUMBER) {
			const char *k = b->keys.s[cd->key];
			long y = strlen(k) == 5 && k[0] == '#' && strspn(k + 1, "0123456789") == 4 ?
			         strtol(k + 1, NULL, 10) : 0;
			if (y >= newest - XREF_RECENT_YEARS && y <= newest + 1)
				continue;
		}
		b->cands[w++] = *cd;
	}
	b->ncands = w;
}

/* An alias entry whose id starts with drop_ names what the reader said is
 * no cross-reference: its mentions stay matched (so the words are no
 * name of their own either) and then go, however they were found (the
 * alias itself, or a spelling that resolved to it). */
static void drop_dropped_names(struct builder *b)
{
	size_t w = 0;

	for (size_t i = 0; i < b->ncands; i++) {
		const struct cand *cd = &b->cands[i];

		if (cd->kind == CK_ALIAS && b->alias.e[cd->key].drop)
			continue;
		b->cands[w++] = *cd;
	}
	b->ncands = w;
}

/* ---- terms and occurrences -------------------------------------------------- */

struct pterm {
	uint8_t kind;
	uint32_t key;
	uint32_t narts, last;
	bool alive;
	uint32_t final;
};

/* The provisional terms (see make_terms). */
struct terms {
	struct pterm *pt;
	size_t n;
};

/* Candidates by article, offset, longest first. */
static int cand_cmp(const struct cand *a, const struct cand *c)
{
	if (a->art != c->art)
		return a->art < c->art ? -1 : 1;
	if (a->off != c->off)
		return a->off < c->off ? -1 : 1;
	if (a->len != c->len)
		return a->len > c->len ? -1 : 1;
	return 0;
}

/* cand_cmp, with ties broken as they were made: names, numbers and aliases
 * (by sequence number), then passages (by run, made in that order). The
 * order a stable sort of the candidates gives, from any sort. */
static bool cand_less(const struct cand *a, const struct cand *c)
{
	int r = cand_cmp(a, c);

	if (r)
		return r < 0;
	if ((a->kind == CK_PASSAGE) != (c->kind == CK_PASSAGE))
		return c->kind == CK_PASSAGE;
	return a->key < c->key;
}

static void swap_cand(struct cand *a, struct cand *c)
{
	struct cand t = *a;

	*a = *c;
	*c = t;
}

static void sift_cand(struct cand *v, size_t i, size_t n)
{
	for (size_t k; (k = 2 * i + 1) < n; i = k) {
		if (k + 1 < n && cand_less(&v[k], &v[k + 1]))
			k++;
		if (!cand_less(&v[i], &v[k]))
			break;
		swap_cand(&v[i], &v[k]);
	}
}

/* Sorts candidates in place (an introsort: quicksort, heapsort past a
 * depth limit, insertion sort for short ranges). qsort(3) sorts through a
 * copy of the whole array, and with the candidates that copy was the peak
 * of the build. Keys are distinct (cand_less breaks every tie), so the
 * result does not depend on the algorithm. */
static void sort_cands_depth(struct cand *v, size_t n, unsigned depth)
{
	while (n > 16) {
		if (!depth--) {
			for (size_t i = n / 2; i-- > 0;)
				sift_cand(v, i, n);
			for (size_t i = n - 1; i > 0; i--) {
				swap_cand(&v[0], &v[i]);
				sift_cand(v, 0, i);
			}
			return;
		}
		/* Median of three as the pivot, moved to the front: Hoare's
		 * partition then always splits into two non-empty parts. */
		size_t m = n / 2;
		if (cand_less(&v[m], &v[0]))
			swap_cand(&v[m], &v[0]);
		if (cand_less(&v[n - 1], &v[m]))
			swap_cand(&v[n - 1], &v[m]);
		if (cand_less(&v[m], &v[0]))
			swap_cand(&v[m], &v[0]);
		swap_cand(&v[0], &v[m]);
		struct cand p = v[0];
		size_t i = SIZE_MAX, j = n; /* i wraps to 0 on the first step */
		for (;;) {
			do
				i++;
			while (cand_less(&v[i], &p));
			do
				j--;
			while (cand_less(&p, &v[j]));
			if (i >= j)
				break;
			swap_cand(&v[i], &v[j]);
		}
		/* [0, j] <= p <= (j, n); recurse into the smaller part. */
		size_t left = j + 1;
		if (left < n - left) {
			sort_cands_depth(v, left, depth);
			v += left;
			n -= left;
		} else {
			sort_cands_depth(v + left, n - left, depth);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct cand t = v[i];
		size_t k = i;
		for (; k > 0 && cand_less(&t, &v[k - 1]); k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
}

static void sort_cands(struct cand *v, size_t n)
{
	unsigned depth = 0;

	for (size_t k = n; k > 1; k /= 2)
		depth += 2;
	sort_cands_depth(v, n, depth);
}

/* A stable merge sort by cand_cmp through tmp (n entries), for the short
 * arrays of one article. */
static void msort_cands(struct cand *v, size_t n, struct cand *tmp)
{
	if (n <= 16) {
		for (size_t i = 1; i < n; i++) {
			struct cand t = v[i];
			size_t k = i;
			for (; k > 0 && cand_cmp(&t, &v[k - 1]) < 0; k--)
				v[k] = v[k - 1];
			v[k] = t;
		}
		return;
	}
	size_t h = n / 2, i = 0, j = h, k = 0;
	msort_cands(v, h, tmp);
	msort_cands(v + h, n - h, tmp);
	while (i < h && j < n)
		tmp[k++] = cand_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

struct sel {
	struct cand *c;
	size_t n, cap;
};

static void sel_push(struct sel *s, struct cand c)
{
	if (s->n == s->cap)
		util_grow((void **)&s->c, &s->cap, s->n + 1, sizeof(*s->c));
	s->c[s->n++] = c;
}

struct pick {
	uint32_t art, end; /* the article walked, and where its last pick ends */
};
#define PICK_START ((struct pick){.art = UINT32_MAX, .end = 0})

/* Whether c, the next candidate in sorted order, is picked: its term
 * alive and no overlap with the pick before it in its article. */
static inline bool picked(const struct cand *c, const uint8_t *alive,
                          struct pick *p)
{
	if (!alive[c->term])
		return false;
	if (c->art != p->art) {
		p->art = c->art;
		p->end = 0;
	}
	if (c->off < p->end)
		return false;
	p->end = c->off + c->len;
	return true;
}

/* Appends to out the non-overlapping occurrences of live terms (alive,
 * a byte a term: read for every candidate, so not the terms' own wider
 * records) among sorted cands, longest first where they overlap. */
static void pick_occs(const struct cand *cands, size_t n, const uint8_t *alive,
                      struct sel *out)
{
	struct pick p = PICK_START;

	for (size_t i = 0; i < n; i++)
		if (picked(&cands[i], alive, &p))
			sel_push(out, cands[i]);
}

/* How many articles each term has among the selected occurrences. */
static void recount(struct pterm *pt, size_t npt, const struct sel *out)
{
	for (size_t t = 0; t < npt; t++) {
		pt[t].narts = 0;
		pt[t].last = UINT32_MAX;
	}
	for (size_t i = 0; i < out->n; i++) {
		struct pterm *p = &pt[out->c[i].term];
		if (p->last != out->c[i].art) {
			p->last = out->c[i].art;
			p->narts++;
		}
	}
}

/* The final selection over the passage pieces and the occurrences already
 * selected (both sorted by article), as if the two were one array sorted
 * stably, pieces first, an article at a time. The result is written over
 * the selection: its array grows by the pieces' count and the selection
 * moves to the end, and an article's result (never longer than its input)
 * is written only once all its input is read, so the writing never
 * reaches what is still to be read. Replaces *sel; frees pieces. */
static void select_merged(struct sel *pieces, struct sel *sel, struct pterm *pt,
                          size_t npt)
{
	struct sel out = {0}, buf = {0}, tmp = {0};
	size_t np = pieces->n, ns = sel->n, pi = 0, si = 0;
	const struct cand *rest;
	uint8_t *alive = util_xmalloc(npt + 1);

	for (size_t t = 0; t < npt; t++)
		alive[t] = pt[t].alive;

	out.cap = np + ns;
	out.c = util_xrealloc(sel->c, (out.cap + 1) * sizeof(*out.c));
	memmove(out.c + np, out.c, ns * sizeof(*out.c));
	rest = out.c + np;
	*sel = (struct sel){0};
	while (pi < np || si < ns) {
		uint32_t art = pi < np ? pieces->c[pi].art : UINT32_MAX;

		if (si < ns && rest[si].art < art)
			art = rest[si].art;
		buf.n = 0;
		for (; pi < np && pieces->c[pi].art == art; pi++)
			sel_push(&buf, pieces->c[pi]);
		for (; si < ns && rest[si].art == art; si++)
			sel_push(&buf, rest[si]);
		util_grow((void **)&tmp.c, &tmp.cap, buf.n, sizeof(*tmp.c));
		msort_cands(buf.c, buf.n, tmp.c);
		pick_occs(buf.c, buf.n, alive, &out); /* out.n <= pi + si: below rest + si */
	}
	recount(pt, npt, &out);
	free(alive);
	free(buf.c);
	free(tmp.c);
	free(pieces->c);
	*pieces = (struct sel){0};
	if (out.n < out.cap) {
		out.c = util_xrealloc(out.c, (out.n + 1) * sizeof(*out.c));
		out.cap = out.n;
	}
	*sel = out;
}

/* Whether s holds a letter or a digit. */
static bool has_alnum(const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s;

	for (size_t i = 0; i < n;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u + i, n - i);
		if (k <= 0)
			break;
		if (uc_is_general_category(uc, UC_CATEGORY_L) ||
		    uc_is_general_category(uc, UC_CATEGORY_N))
			return true;
		i += (size_t)k;
	}
	return false;
}

/* The piece of a passage between two other occurrences, trimmed of spaces. */
static void push_piece(struct sel *out, const struct cand *p, const char *text,
                       uint32_t a, uint32_t z)
{
	while (a < z && (text[a] == ' ' || text[a] == '\n'))
		a++;
	while (z > a && (text[z - 1] == ' ' || text[z - 1] == '\n'))
		z--;
	if (z <= a || !has_alnum(text + a, z - a))
		return;
	struct cand c = *p;
	c.off = a;
	c.len = z - a;
	sel_push(out, c);
}

/* ---- output ------------------------------------------------------------------- */

struct form {
	uint32_t term, count, first;
	bool exact;
	char *s;
};

static int cmp_occ(const void *pa, const void *pb)
{
	const struct xref_occ *a = pa, *c = pb;
	return a->off < c->off ? -1 : a->off > c->off;
}

double xref_weight(size_t corpus_n, size_t narticles, size_t nsources)
{
	if (!narticles)
		return 0;
	return log((double)(corpus_n + 1) / (double)narticles) * (double)nsources /
	       (double)narticles;
}

void xref_weigh(const struct corpus *c, struct xref_term *terms, size_t n)
{
	struct xmap ids = {0};
	uint32_t *src = util_xmalloc((c->n + 1) * sizeof(*src));
	uint32_t *stamp;
	size_t nsrc = 0;

	/* Each article's source as a number, so that counting a term's
	 * sources is one pass over its articles. */
	for (size_t a = 0; a < c->n; a++) {
		const struct article *ar = &c->articles[a];
		const char *s = ar->source && *ar->source ? ar->source : ar->file;
		bool isnew;
		uint64_t h = xtok_hash(s, strlen(s));
		src[a] = *xmap_ref(&ids, h ? h : 1, (uint32_t)nsrc, &isnew);
		nsrc += isnew;
	}
	stamp = util_xcalloc(nsrc + 1, sizeof(*stamp));
	for (size_t t = 0; t < n; t++) {
		uint32_t ns = 0;
		for (size_t i = 0; i < terms[t].narticles; i++) {
			uint32_t a = terms[t].articles[i];
			if (a < c->n && stamp[src[a]] != t + 1) {
				stamp[src[a]] = (uint32_t)(t + 1);
				ns++;
			}
		}
		terms[t].nsources = ns;
		terms[t].weight = xref_weight(c->n, terms[t].narticles, ns);
	}
	free(stamp);
	free(src);
	xmap_free(&ids);
}

/* Negative when term a comes before term c in the index's order. */
static int term_order(const struct xref_term *a, const struct xref_term *c)
{
	int r;

	if (a->common != c->common)
		return a->common ? 1 : -1;
	if (a->weight != c->weight)
		return a->weight > c->weight ? -1 : 1;
	if (a->narticles != c->narticles)
		return a->narticles > c->narticles ? -1 : 1;
	r = strcmp(a->display, c->display);
	if (r)
		return r;
	return (int)a->kind - (int)c->kind;
}

/* Term numbers by rank (xref_term_order). terms is the array of struct
 * xref_term the numbers index. */
static int cmp_term_idx(const void *pa, const void *pb, void *terms)
{
	const struct xref_term *t = terms;
	return term_order(&t[*(const uint32_t *)pa], &t[*(const uint32_t *)pb]);
}

static char *one_line(const char *s, size_t n)
{
	char *r = util_xstrndup(s, n);
	for (char *q = r; *q; q++)
		if (*q == '\n' || *q == '\t' || *q == '|')
			*q = *q == '|' ? '/' : ' ';
	return r;
}

/* A passage is shown by its opening words. */
static char *passage_display(const char *s, size_t n)
{
	size_t cut = n;
	char *r;

	if (n > 60) {
		cut = 60;
		while (cut > 30 && s[cut] != ' ' && s[cut] != '\n')
			cut--;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	r = one_line(s, cut);
	if (cut < n) {
		char *t = util_xasprintf("%s…", r);
		free(r);
		r = t;
	}
	return r;
}

static char *keep_string(struct xref_index *ix, size_t *cap, char *s)
{
	util_grow((void **)&ix->strings, cap, ix->nstrings + 1, sizeof(*ix->strings));
	ix->strings[ix->nstrings++] = s;
	return s;
}

/* The terms that stay, before they are ranked: numbered as the provisional
 * terms come (pterm.final), with what the index needs of each. */
struct draft {
	struct xref_term *terms; /* kind and narticles; then display and forms
	                            (owned by the index's strings) */
	size_t n;
	size_t *art_off;         /* term t's articles are arts[art_off[t]..art_off[t + 1]) */
	uint32_t *arts;
	char **pdisp;            /* a passage term's display, found with its first run */
	struct form *forms;      /* the spellings of name and number terms */
	size_t nforms;
};

/* Keeps the terms that two articles still share after the selection and
 * numbers them; room for their articles. */
static void draft_terms(struct pterm *pt, size_t npt, struct draft *d)
{
	size_t n = 0;

	for (size_t t = 0; t < npt; t++) {
		pt[t].alive = pt[t].alive && pt[t].narts >= 2;
		pt[t].final = pt[t].alive ? (uint32_t)n++ : UINT32_MAX;
	}
	d->n = n;
	d->terms = util_xcalloc(n + 1, sizeof(*d->terms));
	d->art_off = util_xcalloc(n + 1, sizeof(*d->art_off));
	for (size_t t = 0; t < npt; t++)
		if (pt[t].alive) {
			d->terms[pt[t].final].narticles = pt[t].narts;
			d->terms[pt[t].final].kind = pt[t].kind == CK_NUMBER ? XREF_NUMBER :
			                             pt[t].kind == CK_PASSAGE ? XREF_PASSAGE : XREF_NAME;
		}
	for (size_t t = 0; t < n; t++)
		d->art_off[t + 1] = d->art_off[t] + d->terms[t].narticles;
	d->arts = util_xmalloc((d->art_off[n] + 1) * sizeof(*d->arts));
	d->pdisp = util_xcalloc(n + 1, sizeof(*d->pdisp));
}

/* One thread's share of gather_articles_and_forms: the selection's
 * candidates [from, to), whole articles. Its forms are numbered in the
 * order they first come in the share (with their keys in fkey), and its
 * passages' displays (each term's first in the share) in pd. */
struct gather_job {
	struct part p; /* first: run_parts hands the job over as its part */
	const struct pterm *pt;
	struct cand *c;
	struct form *forms;
	uint64_t *fkey;
	size_t nforms, formcap, fkeycap;
	struct { uint32_t term; char *s; } *pd;
	size_t npd, pdcap;
};

/* Each candidate's term becomes its draft term (pt.final, UINT32_MAX for
 * one that is gone), which the articles and the occurrences read in turn
 * without the provisional terms. */
static void *gather_worker(void *arg)
{
	struct gather_job *j = arg;
	struct xmap formmap = {0}, seen = {0};
	struct corpus_text tx = {0};
	size_t tart = SIZE_MAX;

	for (size_t i = j->p.lo; i < j->p.hi; i++) {
		struct cand *cd = &j->c[i];
		uint32_t ft = j->pt[cd->term].final;
		bool isnew;
		uint64_t h;
		uint32_t *slot;

		cd->term = ft;
		if (ft == UINT32_MAX)
			continue;
		if (cd->art != tart) {
			corpus_text_put(&tx);
			text_get(j->p.b, cd->art, &tx);
			tart = cd->art;
		}
		const char *text = tx.text;
		/* A passage is shown by the opening of its first run: its
		 * pieces (cut around names) are put back together. */
		if (cd->kind == CK_PASSAGE) {
			xmap_ref(&seen, (uint64_t)ft + 1, 0, &isnew);
			if (isnew) {
				const struct prun *r = &j->p.b->runs[cd->key];
				util_grow((void **)&j->pd, &j->pdcap, j->npd + 1, sizeof(*j->pd));
				j->pd[j->npd].term = ft;
				j->pd[j->npd++].s = passage_display(text + r->off, r->end - r->off);
			}
			continue;
		}
		h = xtok_hash(text + cd->off, cd->len) ^ ((uint64_t)ft * 0x9e3779b97f4a7c15ULL);
		slot = xmap_ref(&formmap, h, (uint32_t)j->nforms, &isnew);
		if (isnew) {
			util_grow((void **)&j->forms, &j->formcap, j->nforms + 1, sizeof(*j->forms));
			util_grow((void **)&j->fkey, &j->fkeycap, j->nforms + 1, sizeof(*j->fkey));
			j->fkey[j->nforms] = h;
			j->forms[j->nforms++] = (struct form){
				.term = ft, .first = (uint32_t)i,
				.s = one_line(text + cd->off, cd->len),
			};
		}
		j->forms[*slot].count++;
		if (cd->exact)
			j->forms[*slot].exact = true;
	}
	corpus_text_put(&tx);
	xmap_free(&formmap);
	xmap_free(&seen);
	return NULL;
}

/* The articles of each term, and its forms as the articles spell them
 * (a passage: the opening of its first run). The selection is in article
 * order: the threads take a run of whole articles each and lend its texts
 * one at a time; their forms and displays are then taken in the order of
 * the runs, so each comes where one thread would have met it first. */
static void gather_articles_and_forms(struct builder *b, const struct pterm *pt,
                                      struct sel *sel, struct draft *d)
{
	size_t *fill = util_xcalloc(d->n + 1, sizeof(*fill));
	uint32_t *lastart = util_xmalloc((d->n + 1) * sizeof(*lastart));
	struct part parts[XREF_MAX_THREADS];
	struct gather_job jobs[XREF_MAX_THREADS];
	struct xmap formmap = {0};
	size_t formcap = 0;
	size_t nt = split_by_article(sel->c, sel->n, b->opt.threads, parts);

	for (size_t k = 0; k < nt; k++) {
		parts[k].b = b;
		jobs[k] = (struct gather_job){.p = parts[k], .pt = pt, .c = sel->c};
	}
	run_parts(gather_worker, jobs, sizeof(*jobs), nt);
	for (size_t k = 0; k < nt; k++) {
		struct gather_job *j = &jobs[k];
		for (size_t p = 0; p < j->npd; p++) {
			if (!d->pdisp[j->pd[p].term])
				d->pdisp[j->pd[p].term] = j->pd[p].s;
			else
				free(j->pd[p].s);
		}
		for (size_t f = 0; f < j->nforms; f++) {
			bool isnew;
			uint32_t *slot = xmap_ref(&formmap, j->fkey[f], (uint32_t)d->nforms, &isnew);
			if (isnew) {
				util_grow((void **)&d->forms, &formcap, d->nforms + 1, sizeof(*d->forms));
				d->forms[d->nforms++] = j->forms[f];
				continue;
			}
			d->forms[*slot].count += j->forms[f].count;
			d->forms[*slot].exact = d->forms[*slot].exact || j->forms[f].exact;
			free(j->forms[f].s);
		}
		free(j->pd);
		free(j->forms);
		free(j->fkey);
	}
	xmap_free(&formmap);
	for (size_t t = 0; t < d->n; t++)
		lastart[t] = UINT32_MAX;
	for (size_t i = 0; i < sel->n; i++) {
		const struct cand *cd = &sel->c[i];
		uint32_t ft = cd->term;

		if (ft != UINT32_MAX && lastart[ft] != cd->art) {
			lastart[ft] = cd->art;
			d->arts[d->art_off[ft] + fill[ft]++] = cd->art;
		}
	}
	free(fill);
	free(lastart);
}

static int cmp_role(const void *pa, const void *pb, void *arg)
{
	const struct role_mention *a = pa, *c = pb;
	char *const *s = arg;
	int d;

	if (a->key != c->key)
		return a->key < c->key ? -1 : 1;
	d = strcmp(s[a->role], s[c->role]);
	return d ? d : (a->role > c->role) - (a->role < c->role);
}

/* Each name term's role (xref_term.role): the one written most often
 * before the names of its entity, the first in byte order on a tie (so the
 * same for any number of threads). The strings are the key pool's, copied
 * in choose_displays. */
static void choose_roles(struct builder *b, const struct pterm *pt, size_t npt, struct draft *d)
{
	struct xmap byroot = {0};

	if (!b->nroles)
		return;
	for (size_t i = 0; i < b->nroles; i++)
		b->roles[i].key = entity_find(b->parent, b->roles[i].key);
	util_qsort_r(b->roles, b->nroles, sizeof(*b->roles), cmp_role, b->keys.s);
	for (size_t i = 0, j; i < b->nroles; i = j) {
		uint32_t best = b->roles[i].role;
		size_t bestn = 0;
		for (j = i; j < b->nroles && b->roles[j].key == b->roles[i].key;) {
			size_t k = j;
			while (k < b->nroles && b->roles[k].key == b->roles[j].key &&
			       b->roles[k].role == b->roles[j].role)
				k++;
			if (k - j > bestn) {
				bestn = k - j;
				best = b->roles[j].role;
			}
			j = k;
		}
		*xmap_ref(&byroot, (uint64_t)b->roles[i].key + 1, best, NULL) = best;
	}
	for (size_t t = 0; t < npt; t++) {
		uint32_t role;
		if (pt[t].final != UINT32_MAX && pt[t].kind == CK_NAME &&
		    xmap_get(&byroot, (uint64_t)pt[t].key + 1, &role))
			d->terms[pt[t].final].role = b->keys.s[role];
	}
	xmap_free(&byroot);
}

/* Each term's display (an alias's own, else the spelling written exactly
 * and most often, else a passage's opening, else "?") and its forms joined
 * with "|", kept in the index's strings. The forms and the passages'
 * displays are spent. */
static void choose_displays(const struct builder *b, struct xref_index *ix,
                            const struct pterm *pt, size_t npt, struct draft *d)
{
	long *best = util_xmalloc((d->n + 1) * sizeof(*best));
	struct strbuf *fs = util_xcalloc(d->n + 1, sizeof(*fs));
	struct xref_term *tm = d->terms;
	size_t strcap = 0;

	for (size_t t = 0; t < d->n; t++)
		best[t] = -1;
	for (size_t f = 0; f < d->nforms; f++) {
		const struct form *fo = &d->forms[f];
		long bi = best[fo->term];
		if (fs[fo->term].len)
			sb_putc(&fs[fo->term], '|');
		sb_puts(&fs[fo->term], fo->s);
		if (bi < 0 || (fo->exact && !d->forms[bi].exact) ||
		    (fo->exact == d->forms[bi].exact && fo->count > d->forms[bi].count))
			best[fo->term] = (long)f;
	}
	for (size_t t = 0; t < npt; t++) {
		uint32_t ft = pt[t].final;
		if (ft == UINT32_MAX)
			continue;
		if (pt[t].kind == CK_ALIAS)
			tm[ft].display = keep_string(ix, &strcap,
			                             util_xstrdup(b->alias.e[pt[t].key].display));
		else if (pt[t].kind != CK_PASSAGE && best[ft] >= 0)
			tm[ft].display = keep_string(ix, &strcap, util_xstrdup(d->forms[best[ft]].s));
	}
	for (size_t t = 0; t < d->n; t++) {
		if (!tm[t].display && d->pdisp[t]) {
			tm[t].display = keep_string(ix, &strcap, d->pdisp[t]);
			d->pdisp[t] = NULL;
		}
		free(d->pdisp[t]);
	}
	free(d->pdisp);
	d->pdisp = NULL;
	for (size_t t = 0; t < d->n; t++) {
		if (!tm[t].display)
			tm[t].display = keep_string(ix, &strcap, util_xstrdup("?"));
		tm[t].forms = keep_string(ix, &strcap,
		                          fs[t].len ? sb_take(&fs[t]) : util_xstrdup(tm[t].display));
		if (tm[t].role)
			tm[t].role = keep_string(ix, &strcap, util_xstrdup(tm[t].role));
		sb_free(&fs[t]);
	}
	free(best);
	free(fs);
	/* The displays are copies: the forms are spent. */
	for (size_t f = 0; f < d->nforms; f++)
		free(d->forms[f].s);
	free(d->forms);
	d->forms = NULL;
	d->nforms = 0;
}

static bool u32_ascending(const uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i] <= v[i - 1])
			return false;
	return true;
}

/* The index's terms in their final order (the common ones last, the
 * most telling first: see term_order), each with its articles ascending. Returns each draft term's
 * rank (the caller frees it); the draft is spent. */
static uint32_t *rank_terms(const struct corpus *c, int common_share, struct xref_index *ix,
                            struct draft *d)
{
	uint32_t *order = util_xmalloc((d->n + 1) * sizeof(*order));
	uint32_t *rank = util_xmalloc((d->n + 1) * sizeof(*rank));
	size_t pos = 0;

	for (size_t t = 0; t < d->n; t++) {
		order[t] = (uint32_t)t;
		/* Unsorted yet: the weight only counts the articles. */
		d->terms[t].articles = d->arts + d->art_off[t];
		d->terms[t].common = c->n > XREF_COMMON_MIN_ARTICLES &&
		                     d->terms[t].narticles * 100 > (size_t)common_share * c->n;
	}
	xref_weigh(c, d->terms, d->n);
	util_qsort_r(order, d->n, sizeof(*order), cmp_term_idx, d->terms);
	ix->terms = util_xcalloc(d->n + 1, sizeof(*ix->terms));
	ix->term_arts = util_xmalloc((d->art_off[d->n] + 1) * sizeof(*ix->term_arts));
	for (size_t r = 0; r < d->n; r++) {
		struct xref_term *t = &ix->terms[r];
		*t = d->terms[order[r]];
		rank[order[r]] = (uint32_t)r;
		memcpy(ix->term_arts + pos, d->arts + d->art_off[order[r]],
		       t->narticles * sizeof(*d->arts));
		/* Gathered in article order: sorted unless a term's articles
		 * ever come otherwise. */
		if (!u32_ascending(ix->term_arts + pos, t->narticles))
			util_sort_u32(ix->term_arts + pos, t->narticles);
		t->articles = ix->term_arts + pos;
		pos += t->narticles;
	}
	ix->nterms = d->n;
	free(order);
	free(d->terms);
	free(d->arts);
	free(d->art_off);
	*d = (struct draft){0};
	return rank;
}

/* Sorts an article's term numbers art_terms[from..*end) and drops
 * repeats, moving *end back. */
static void unique_terms(uint32_t *art_terms, size_t from, size_t *end)
{
	size_t w = from;

	util_sort_u32(art_terms + from, *end - from);
	for (size_t k = from; k < *end; k++)
		if (k == from || art_terms[k] != art_terms[w - 1])
			art_terms[w++] = art_terms[k];
	*end = w;
}

static bool occs_sorted(const struct xref_occ *o, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (o[i].off < o[i - 1].off)
			return false;
	return true;
}

/* Occurrences per article, by offset; terms per article, by rank. The
 * occurrences are written over the selection they come from, as it is
 * read (occurrence no from candidate i >= no, each no larger than a
 * candidate), so the two never take room together: the selection's memory
 * becomes ix->occs and sel is left empty. memcpy moves them, as the memory
 * changes type. */
static void write_occurrences(struct xref_index *ix, const struct corpus *c,
                              const uint32_t *rank, struct sel *sel)
{
	_Static_assert(sizeof(struct xref_occ) <= sizeof(struct cand),
	               "an occurrence fits where its candidate was");
	struct xref_occ *occs = (struct xref_occ *)(void *)sel->c;
	size_t no = 0, nt = 0, i = 0;

	ix->occ_start = util_xcalloc(c->n + 1, sizeof(*ix->occ_start));
	ix->art_term_start = util_xcalloc(c->n + 1, sizeof(*ix->art_term_start));
	ix->art_terms = util_xmalloc((sel->n + 1) * sizeof(*ix->art_terms));
	for (size_t a = 0; a < c->n; a++) {
		ix->occ_start[a] = no;
		ix->art_term_start[a] = nt;
		for (; i < sel->n; i++) {
			struct cand cd;
			memcpy(&cd, &sel->c[i], sizeof(cd));
			if (cd.art != a)
				break;
			uint32_t ft = cd.term; /* the draft term: see gather_worker */
			if (ft == UINT32_MAX)
				continue;
			struct xref_occ o = {cd.off, cd.len, rank[ft]};
			memcpy(&occs[no++], &o, sizeof(o));
			ix->art_terms[nt++] = rank[ft];
		}
		/* The selection is by offset already in most articles; the
		 * sort is stable, so it would leave them as they are. */
		if (!occs_sorted(occs + ix->occ_start[a], no - ix->occ_start[a]))
			util_qsort(occs + ix->occ_start[a], no - ix->occ_start[a], sizeof(*occs),
			           cmp_occ);
		unique_terms(ix->art_terms, ix->art_term_start[a], &nt);
	}
	ix->occ_start[c->n] = no;
	ix->art_term_start[c->n] = nt;
	/* The index lives as long as the corpus: no slack. */
	ix->occs = util_xrealloc(occs, (no + 1) * sizeof(*ix->occs));
	ix->art_terms = util_xrealloc(ix->art_terms, (nt + 1) * sizeof(*ix->art_terms));
	*sel = (struct sel){0};
}

/* The index from the final selection: the terms that stay, their articles,
 * displays and forms, their order, and every article's occurrences. Takes
 * the selection's memory (see write_occurrences). */
static void build_output(struct builder *b, struct xref_index *ix, struct terms *terms,
                         struct sel *sel)
{
	struct draft d = {0};
	uint32_t *rank;

	draft_terms(terms->pt, terms->n, &d);
	gather_articles_and_forms(b, terms->pt, sel, &d);
	choose_roles(b, terms->pt, terms->n, &d);
	choose_displays(b, ix, terms->pt, terms->n, &d);
	rank = rank_terms(b->c, b->opt.common_share, ix, &d);
	write_occurrences(ix, b->c, rank, sel);
	free(rank);
}

/* ---- the two passes, on threads ---------------------------------------------- */

static void add_suffix(const char *item, size_t n, void *arg)
{
	struct builder *b = arg;
	struct suffix_seq s = {.text = util_xstrndup(item, n)};

	xtok_split(&s.toks, s.text, n, NULL);
	if (!s.toks.n) {
		xtok_list_free(&s.toks);
		free(s.text);
		return;
	}
	util_grow((void **)&b->sfx, &b->sfxcap, b->nsfx + 1, sizeof(*b->sfx));
	b->sfx[b->nsfx++] = s;
}

/* Room in brkbits for the breaks of every article whose text comes
 * without them. */
static void reserve_breaks(struct builder *b)
{
	const struct corpus *c = b->c;

	b->brkoff = util_xmalloc((c->n + 1) * sizeof(*b->brkoff));
	b->brkoff[0] = 0;
	for (size_t a = 0; a < c->n; a++) {
		const struct article *ar = &c->articles[a];
		bool lent = ar->brk || (!ar->text &&
		                        c->spill_fd > 0 &&
		                        ar->spill != CORPUS_NO_SPILL && ar->spill_brk);
		b->brkoff[a + 1] = b->brkoff[a] + (lent ? 0 : (ar->len + 7) / 8);
	}
	b->brkbits = util_xmalloc(b->brkoff[c->n] + 1);
}

/* The tokens and the per-article scratch of a builder (or of a pass 1 or
 * pass 2 thread's): spent once its last article is tokenised. */
static void free_scratch(struct builder *b)
{
	xtok_list_free(&b->l);
	alias_seen_free(&b->seen);
	free(b->words);
	free(b->nh);
	free(b->nprose);
	free(b->used);
	b->words = NULL;
	b->nh = NULL;
	b->nprose = NULL;
	b->used = NULL;
	b->wordscap = b->nhcap = b->nprosecap = b->usedcap = 0;
}

static void prepare(struct builder *b, size_t a, const struct corpus_text *t)
{
	/* The breaks: kept by article_detect (or its spilled copy), else
	 * by pass 1 for pass 2; a text lent without them that was meant to
	 * have them (see reserve_breaks) is segmented again. */
	if (t->brk)
		xtok_split_brk(&b->l, t->text, t->len, &b->stop, t->brk, NULL);
	else if (b->brkoff[a + 1] == b->brkoff[a])
		xtok_split_brk(&b->l, t->text, t->len, &b->stop, NULL, NULL);
	else if (b->brkknown)
		xtok_split_brk(&b->l, t->text, t->len, &b->stop,
		               b->brkbits + b->brkoff[a], NULL);
	else
		xtok_split_brk(&b->l, t->text, t->len, &b->stop,
		               NULL, b->brkbits + b->brkoff[a]);
	xtok_mark(&b->l, t->text);
}

/* Whoever started the build no longer wants it: the articles not read yet
 * are skipped, and xref_build returns NULL. */
static bool cancelled(const struct builder *b)
{
	return b->opt.cancel &&
	       atomic_load_explicit(b->opt.cancel, memory_order_acquire);
}

/* Pass 1 on the articles this thread takes. Everything it writes is its
 * own (tokens, scratch, counts) except the sketch; the counts are sums and
 * sets, merged afterwards, so the result does not depend on which thread
 * took which article. */
static void *pass1_worker(void *arg)
{
	struct builder *w = arg;
	size_t n = w->c->n;

	for (;;) {
		size_t a = atomic_fetch_add_explicit(&w->shared->next, XREF_CHUNK,
		                                     memory_order_relaxed);
		if (a >= n || cancelled(w))
			break;
		size_t z = a + XREF_CHUNK < n ? a + XREF_CHUNK : n;

		if (w->opt.progress)
			atomic_fetch_add_explicit(w->opt.progress, z - a, memory_order_relaxed);
		for (; a < z; a++) {
			struct corpus_text t;
			text_get(w, a, &t);
			prepare(w, a, &t);
			pass1(w, t.text);
			corpus_text_put(&t);
		}
	}
	return NULL;
}

/* The words pass 1 tallied in a thread's memo (xtok_memo_tally), added
 * to its counts: a tally per word is an add in the memo entry the
 * splitter found anyway, where a count was a lookup in a hash table of
 * the corpus's vocabulary for every word. A word's entry says which count
 * it went to: lower case (XTOK_LOWER) or a capital, as in pass1. */
static void count_tallied(uint64_t kh, uint16_t flags, uint32_t n, void *arg)
{
	struct builder *b = arg;

	*xmap_ref(flags & XTOK_LOWER ? &b->lowcount : &b->capcount, kh, 0, NULL) += n;
}

static void merge_counts(struct xmap *into, const struct xmap *from, bool set)
{
	for (size_t i = 0; i < from->cap; i++) {
		if (!from->keys[i])
			continue;
		uint32_t *v = xmap_ref(into, from->keys[i], 0, NULL);
		*v = set ? 1 : *v + from->vals[i];
	}
}

static void run_pass1(struct builder *b)
{
	struct builder w[XREF_MAX_THREADS - 1];
	pthread_t tid[XREF_MAX_THREADS - 1];
	bool started[XREF_MAX_THREADS - 1];

	atomic_store_explicit(&b->shared->next, 0, memory_order_relaxed);
	for (size_t t = 0; t + 1 < b->opt.threads; t++) {
		w[t] = (struct builder){.c = b->c, .opt = b->opt, .stop = b->stop, .sfx = b->sfx,
		                        .nsfx = b->nsfx, .sketch = b->sketch,
		                        .skshift = b->skshift, .brkbits = b->brkbits,
		                        .brkoff = b->brkoff, .clut = b->clut,
		                        .nclut = b->nclut, .shared = b->shared};
		started[t] = b->c->n > XREF_CHUNK &&
		             util_thread_start(&tid[t], pass1_worker, &w[t]) == 0;
	}
	pass1_worker(b); /* this thread works too */
	xtok_memo_drain(&b->l, count_tallied, b);
	for (size_t t = 0; t + 1 < b->opt.threads; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		xtok_memo_drain(&w[t].l, count_tallied, &w[t]);
		merge_counts(&b->lowcount, &w[t].lowcount, false);
		merge_counts(&b->capcount, &w[t].capcount, false);
		merge_counts(&b->certain, &w[t].certain, true);
		b->nrep += w[t].nrep;
		xmap_free(&w[t].lowcount);
		xmap_free(&w[t].capcount);
		xmap_free(&w[t].certain);
		free_scratch(&w[t]);
	}
}

/* Pass 2 on one article: its candidates and its repeated n-grams. */
static void pass2_article(struct builder *b, size_t a)
{
	struct corpus_text t;

	if (b->opt.progress)
		atomic_fetch_add_explicit(b->opt.progress, 1, memory_order_relaxed);
	if (cancelled(b)) {
		b->pos_start[a] = b->npos; /* none: the ranges stay whole */
		return;
	}
	text_get(b, a, &t);
	prepare(b, a, &t);
	if (b->l.n > b->usedcap) {
		free(b->used);
		b->used = util_xmalloc(b->l.n);
		b->usedcap = b->l.n;
	}
	if (b->l.n)
		memset(b->used, 0, b->l.n);
	for (b->body = 0; b->body < b->l.n && !(b->l.t[b->body].flags & XTOK_PROSE); b->body++)
		;
	if (b->body == b->l.n)
		b->body = 0;
	names(b, (uint32_t)a, t.text);
	dates(b, (uint32_t)a, t.text);
	numbers(b, (uint32_t)a, t.text);
	b->pos_start[a] = b->npos;
	count_ngrams(b, (uint32_t)a);
	corpus_text_put(&t);
}

/* A run of articles pass 2 builds on its own: keys, candidates, n-gram
 * entries and positions numbered as if the run were the whole corpus;
 * merge_pass2 renumbers them. */
struct pass2_job {
	struct builder w;
	size_t lo, hi;
	atomic_bool done; /* w is complete: released by the thread that ran
	                     it, acquired by the one that merges it */
};

struct pass2_sched {
	struct pass2_job *jobs;
	size_t njobs;
	atomic_size_t next; /* the next run to take */
};

/* A job tokenises with its thread's token list l, not one of its own: the
 * list's word memo is megabytes, and one made and freed per job cost page
 * faults and TLB shootdowns for as long as the memo saved. The list is
 * handed back before the job is marked done, so the merge never sees it.
 * So is the thread's alias memo, which a job of its own would start
 * empty. */
static void pass2_job_run(struct pass2_job *j, struct xtok_list *l, struct alias_seen *seen)
{
	j->w.l = *l;
	j->w.seen = *seen;
	for (size_t a = j->lo; a < j->hi; a++)
		pass2_article(&j->w, a);
	*l = j->w.l;
	*seen = j->w.seen;
	j->w.l = (struct xtok_list){0};
	j->w.seen = (struct alias_seen){0};
	atomic_store_explicit(&j->done, true, memory_order_release);
}

static void *pass2_thread(void *arg)
{
	struct pass2_sched *s = arg;
	struct xtok_list l = {0};
	struct alias_seen seen = {0};
	size_t r;

	while ((r = atomic_fetch_add_explicit(&s->next, 1, memory_order_relaxed)) < s->njobs)
		pass2_job_run(&s->jobs[r], &l, &seen);
	xtok_list_free(&l);
	alias_seen_free(&seen);
	return NULL;
}

/* Appends one article's positions to b->pos (src may lie in b->pos itself,
 * at or after b->npos), their entries renumbered through ngmap unless it
 * is NULL, leaving out the n-grams already in more articles than a
 * passage may be shared by: counts only grow, so those can never start or
 * continue a passage. On a corpus that repeats its sentences in hundreds
 * of articles they are almost every position (96% of 3 million at 10,000
 * articles), which pass 2 would otherwise hold until it ends. passages()
 * reads a position left out as it read one not shared: the run before it
 * ends there and the next one starts afresh, provided the next position
 * kept no longer claims to follow its listed predecessor. */
static void append_positions(struct builder *b, const struct ngpos *src, size_t n,
                             const uint32_t *ngmap)
{
	bool gap = false;

	for (size_t i = 0; i < n; i++) {
		struct ngpos q = src[i];

		if (ngmap)
			q.entry = ngmap[q.entry] & 0x7fffffffu;
		if (b->ng_df[q.entry] > XREF_PASSAGE_MAX_DF) {
			gap = true;
			continue;
		}
		if (gap)
			q.next = 0;
		gap = false;
		b->pos[b->npos++] = q;
	}
}

/* Leaves out, in place, the positions of articles [0, narts) that
 * append_positions would leave out now. A position is moved only once one
 * before it has gone: most of what is held stays where it is. */
static void drop_boilerplate(struct builder *b, size_t narts)
{
	size_t end = b->npos, out = 0;

	for (size_t a = 0; a < narts; a++) {
		size_t from = b->pos_start[a], to = a + 1 < narts ? b->pos_start[a + 1] : end;
		bool gap = false;

		b->pos_start[a] = out;
		for (size_t i = from; i < to; i++) {
			if (b->ng_df[b->pos[i].entry] > XREF_PASSAGE_MAX_DF) {
				gap = true;
				continue;
			}
			if (out != i) {
				struct ngpos q = b->pos[i];
				if (gap)
					q.next = 0;
				b->pos[out] = q;
			}
			gap = false;
			out++;
		}
	}
	b->npos = out;
}

/* Appends a thread's run to the builder's, as if the builder had gone on
 * through those articles itself: a key or n-gram new to the builder gets
 * the next number in the order the thread met it, which is the order one
 * thread would have met it in. So the index does not depend on how the
 * corpus was split. */
static void merge_pass2(struct builder *b, struct pass2_job *j)
{
	struct builder *w = &j->w;
	bool crossed = false; /* an n-gram held before went past the limit */
	uint32_t *keymap = util_xmalloc((w->keys.n + 1) * sizeof(*keymap));
	uint32_t *ngmap = util_xmalloc((w->nng + 1) * sizeof(*ngmap));

	for (size_t k = 0; k < w->keys.n; k++) {
		uint32_t id = pool_intern(&b->keys, w->keys.s[k], strlen(w->keys.s[k]));
		if (id >= b->isnamecap) {
			size_t old = b->isnamecap;
			util_grow((void **)&b->is_name, &b->isnamecap, id + 1, 1);
			memset(b->is_name + old, 0, b->isnamecap - old);
		}
		if (k < w->isnamecap && w->is_name[k])
			b->is_name[id] = 1;
		keymap[k] = id;
	}
	util_grow((void **)&b->cands, &b->candcap, b->ncands + w->ncands, sizeof(*b->cands));
	for (size_t i = 0; i < w->ncands; i++) {
		struct cand cd = w->cands[i];
		if (cd.kind == CK_NAME || cd.kind == CK_NUMBER || cd.kind == CK_ABBR ||
		    cd.kind == CK_ROLE)
			cd.key = keymap[cd.key];
		if (cd.kind == CK_ABBR || cd.kind == CK_ROLE)
			cd.term = keymap[cd.term];
		b->cands[b->ncands++] = cd;
	}
	free(w->cands);
	w->cands = NULL;
	for (size_t e = 0; e < w->nng; e++) {
		bool isnew;
		uint32_t *g = xmap_ref(&b->ngram, w->ng_hash[e], (uint32_t)b->nng, &isnew);
		if (isnew)
			ng_add(b, w->ng_hash[e]);
		/* Each article is in one run: counts add up, and the last
		 * article is the latest run's. */
		if (w->ng_last[e] != UINT32_MAX)
			b->ng_last[*g] = w->ng_last[e];
		uint32_t df = b->ng_df[*g];
		b->ng_df[*g] = df > UINT32_MAX - w->ng_df[e] ? UINT32_MAX : df + w->ng_df[e];
		crossed |= !isnew && df <= XREF_PASSAGE_MAX_DF &&
		           b->ng_df[*g] > XREF_PASSAGE_MAX_DF;
		ngmap[e] = *g;
	}
	/* The n-grams this run took past XREF_PASSAGE_MAX_DF make room for
	 * the run's positions (a pass over what is held, sixteen times a
	 * build). Every position held was kept at a smaller count of its
	 * n-gram than the limit, so only an n-gram held before that went past
	 * it now can have positions to leave out. */
	if (crossed)
		drop_boilerplate(b, j->lo);
	util_grow((void **)&b->pos, &b->poscap, b->npos + w->npos, sizeof(*b->pos));
	for (size_t a = j->lo; a < j->hi; a++) {
		size_t from = b->pos_start[a], to = a + 1 < j->hi ? b->pos_start[a + 1] : w->npos;

		b->pos_start[a] = b->npos;
		append_positions(b, w->pos + from, to - from, ngmap);
	}
	if (b->npos > b->maxpos)
		b->maxpos = b->npos;
	free(keymap);
	free(ngmap);
}

/* Frees what a pass 2 thread built for itself (its shared pointers are the
 * builder's). */
static void free_pass2_job(struct pass2_job *j)
{
	struct builder *w = &j->w;

	free_scratch(w);
	free(w->cands);
	pool_free(&w->keys);
	free(w->is_name);
	xmap_free(&w->ngram);
	free(w->ng_last);
	free(w->ng_df);
	free(w->ng_parent);
	free(w->ng_hash);
	free(w->pos);
}

/* Appends every finished run from *merged on, in order. */
static void merge_done(struct builder *b, struct pass2_sched *s, size_t *merged)
{
	while (*merged < s->njobs &&
	       atomic_load_explicit(&s->jobs[*merged].done, memory_order_acquire)) {
		merge_pass2(b, &s->jobs[*merged]);
		free_pass2_job(&s->jobs[*merged]);
		++*merged;
	}
}

/* Pass 2 over the corpus cut into runs of about equal text, sixteen a
 * thread: the threads take runs in turn, and this one, between its runs,
 * appends the finished ones to b in order. A run's own tables exist only
 * until it is appended, so smaller runs mean less memory on top of b's
 * (two runs, one a thread, added half again to the peak: 490 MB at 100,000
 * articles, 421 MB with sixteen; on the reuse-heavy bench corpus of 10,000
 * articles sixteen a thread peak at 1.83 times its bytes, eight at 1.91
 * and over 2 on a busy machine, where runs wait longer to be appended).
 * Each run interns its own keys again when appended: 2% more instructions
 * than eight. Appending also leaves out the positions of
 * n-grams too common to be shared (append_positions); one thread keeps
 * them all, which finds the same passages. */
static void run_pass2(struct builder *b)
{
	const struct corpus *c = b->c;
	size_t nt = b->opt.threads, nj = 16 * nt, total = 0, merged = 0, r;
	pthread_t tid[XREF_MAX_THREADS - 1];
	bool started[XREF_MAX_THREADS - 1];
	struct pass2_sched s = {0};

	if (nt == 1 || c->n < nj) {
		for (size_t a = 0; a < c->n; a++)
			pass2_article(b, a);
		return;
	}
	s.jobs = util_xcalloc(nj, sizeof(*s.jobs));
	s.njobs = nj;
	for (size_t a = 0; a < c->n; a++)
		total += c->articles[a].len + 1;
	for (size_t k = 0, a = 0, sum = 0; k < nj; k++) {
		size_t lo = a;
		while (a < c->n && (k + 1 == nj || sum < total / nj * (k + 1)))
			sum += c->articles[a++].len + 1;
		s.jobs[k] = (struct pass2_job){
			.w = {.c = c, .opt = b->opt, .stop = b->stop, .alias = b->alias,
			      .sfx = b->sfx, .nsfx = b->nsfx, .lowcount = b->lowcount,
			      .capcount = b->capcount, .certain = b->certain, .rep = b->rep,
			      .skshift = b->skshift, .brkbits = b->brkbits,
			      .brkoff = b->brkoff, .brkknown = true, .shared = b->shared,
			      .clut = b->clut, .nclut = b->nclut,
			      .pos_start = b->pos_start, .keep_hash = true,
			      .count_bits = {b->count_bits[0], b->count_bits[1],
			                     b->count_bits[2], b->count_bits[3]}},
			.lo = lo, .hi = a,
		};
	}
	for (size_t t = 0; t + 1 < nt; t++)
		started[t] = util_thread_start(&tid[t], pass2_thread, &s) == 0;
	while ((r = atomic_fetch_add_explicit(&s.next, 1, memory_order_relaxed)) < nj) {
		pass2_job_run(&s.jobs[r], &b->l, &b->seen);
		merge_done(b, &s, &merged);
	}
	for (size_t t = 0; t + 1 < nt; t++)
		if (started[t])
			pthread_join(tid[t], NULL);
	merge_done(b, &s, &merged);
	free(s.jobs);
}

void xref_default_options(struct xref_options *opt)
{
	*opt = (struct xref_options){.passage_words = 8, .common_share = 50};
}

/* ---- the build, step by step -------------------------------------------------- */

/* The options (opt NULL: the defaults) brought into range, the stopwords,
 * the alias table and the company suffixes. */
static void builder_init(struct builder *b, struct build_shared *shared,
                         const struct corpus *c, const struct xref_options *opt)
{
	*b = (struct builder){.c = c, .shared = shared};
	atomic_init(&shared->stale, false);
	atomic_init(&shared->next, 0);
	if (opt)
		b->opt = *opt;
	else
		xref_default_options(&b->opt);
	if (b->opt.passage_words < 2)
		b->opt.passage_words = 2;
	if (b->opt.common_share <= 0 || b->opt.common_share > 100)
		b->opt.common_share = 50;
	if (b->opt.threads == 0)
		b->opt.threads = XREF_THREADS;
	if (b->opt.threads > XREF_MAX_THREADS)
		b->opt.threads = XREF_MAX_THREADS;
	xtok_stopwords(&b->stop);
	count_bits_init(b->count_bits);
	entity_add_roles(&b->stop, b->opt.roles_en);
	entity_add_roles(&b->stop, b->opt.roles_da);
	entity_add_particles(&b->stop, b->opt.name_particles);
	entity_add_subnames(&b->stop, b->opt.org_subnames);
	alias_build_from(&b->alias, b->opt.aliases, b->opt.alias_origins,
	                 b->opt.aliases ? b->opt.naliases : 0);
	if (b->opt.company_suffixes)
		xtok_each_item(b->opt.company_suffixes, '|', add_suffix, b);
}

/* An empty index for b's corpus, with the alias table's messages. */
static struct xref_index *index_new(const struct builder *b)
{
	struct xref_index *ix = util_xcalloc(1, sizeof(*ix));
	size_t msgcap = 0;

	ix->narticles = b->c->n;
	for (size_t i = 0; i < b->alias.nmsgs; i++) {
		util_grow((void **)&ix->msgs, &msgcap, i + 2, sizeof(*ix->msgs));
		ix->msgs[i] = util_xstrdup(b->alias.msgs[i]);
		ix->msgs[i + 1] = NULL;
	}
	return ix;
}

/* What only tokenising needs: spent once pass 2 is done. */
static void free_scan(struct builder *b)
{
	free_scratch(b);
	free(b->rep);
	b->rep = NULL;
	xmap_free(&b->ngram); /* the positions name their entries */
	free(b->brkbits);
	free(b->brkoff);
	b->brkbits = NULL;
	b->brkoff = NULL;
	for (size_t a = 0; b->clut && a < b->c->n; a++)
		if (b->clut[a] != b->c->articles[a].clut) /* not lent */
			free(b->clut[a]);
	free(b->clut);
	free(b->nclut);
	b->clut = NULL;
	b->nclut = NULL;
}

/* Both passes over every article: the corpus's statistics, then every
 * article's candidates and the positions of its repeated n-grams. The
 * only steps that tokenise. */
static void scan_corpus(struct builder *b)
{
	const struct corpus *c = b->c;

	if (b->opt.progress)
		atomic_store_explicit(b->opt.progress, 0, memory_order_relaxed);
	sketch_init(b);
	/* Word segmentation is the dearest step of tokenising: pass 1 keeps
	 * the breaks (an eighth of the text's size) for pass 2. */
	reserve_breaks(b);
	if (c->clutter && c->clutter->enabled) {
		b->clut = util_xcalloc(c->n + 1, sizeof(*b->clut));
		b->nclut = util_xcalloc(c->n + 1, sizeof(*b->nclut));
	}
	run_pass1(b);
	b->brkknown = true;
	sketch_to_rep(b);
	xmap_reserve(&b->ngram, b->nrep);
	b->pos_start = util_xmalloc((c->n + 1) * sizeof(*b->pos_start));
	run_pass2(b);
	b->pos_start[c->n] = b->npos;
	if (b->npos > b->maxpos)
		b->maxpos = b->npos;
	if (b->opt.positions_held)
		*b->opt.positions_held = b->maxpos;
	free_scan(b);
}

/* Every article's shared passages (b->runs), from the positions of its
 * repeated n-grams, which are then spent. */
static void find_passage_runs(struct builder *b)
{
	size_t cap = 0;

	for (size_t a = 0; a < b->c->n; a++)
		passages(b, (uint32_t)a, &b->runs, &b->nruns, &cap);
	free(b->pos);
	free(b->pos_start);
	b->pos = NULL;
	b->pos_start = NULL;
}

/* A candidate for every passage run, after all the others: a passage's
 * key is its n-gram entry's class (runs whose n-grams chain are one
 * passage). b->runs stays for the passages' displays. */
static void add_passage_cands(struct builder *b)
{
	for (size_t i = 0; i < b->nruns; i++) {
		const struct prun *r = &b->runs[i];
		add_cand(b, (struct cand){
			.art = r->art, .off = r->off, .len = r->end - r->off,
			.key = ng_find(b, r->entry), .kind = CK_PASSAGE,
		});
	}
}

/* The statistics of pass 1 and the n-gram entries: spent once passages
 * are found and names resolved. */
static void free_stats(struct builder *b)
{
	xmap_free(&b->lowcount);
	xmap_free(&b->capcount);
	xmap_free(&b->certain);
	free(b->ng_last);
	free(b->ng_df);
	free(b->ng_parent);
	b->ng_last = b->ng_df = b->ng_parent = NULL;
}

/* The provisional terms (one per resolved name, alias, number and passage
 * class) and how many articles mention each; every candidate gets its term.
 * A candidate's key is spent after: it becomes the tie-break of the sort
 * (see cand_less) and, for a passage, its run in b->runs (passages come
 * last, in the order of runs). */
static struct terms make_terms(struct builder *b)
{
	struct terms t = {0};
	size_t cap = 0;
	/* A term per (kind, key), numbered as first met: every kind's keys
	 * are small dense numbers (pool ids, alias entries, n-gram entries),
	 * so one array of them all is a cheaper map than a hash table. */
	size_t base[CK_PASSAGE + 1], nslots;
	uint32_t *term_of;

	base[CK_NAME] = 0;
	base[CK_ALIAS] = base[CK_NAME] + b->keys.n;
	base[CK_NUMBER] = base[CK_ALIAS] + b->alias.n;
	base[CK_PASSAGE] = base[CK_NUMBER] + b->keys.n;
	nslots = base[CK_PASSAGE] + b->nng;
	term_of = util_xmalloc((nslots + 1) * sizeof(*term_of));
	memset(term_of, 0xff, (nslots + 1) * sizeof(*term_of));
	for (size_t i = 0; i < b->ncands; i++) {
		struct cand *cd = &b->cands[i];
		uint32_t key = cd->kind == CK_NAME ? entity_find(b->parent, cd->key) : cd->key;
		uint32_t *slot = &term_of[base[cd->kind] + key];
		if (*slot == UINT32_MAX) {
			util_grow((void **)&t.pt, &cap, t.n + 1, sizeof(*t.pt));
			t.pt[t.n] = (struct pterm){.kind = cd->kind, .key = key, .last = UINT32_MAX};
			*slot = (uint32_t)t.n++;
		}
		cd->term = *slot;
		if (t.pt[cd->term].last != cd->art) {
			t.pt[cd->term].last = cd->art;
			t.pt[cd->term].narts++;
		}
		cd->key = (uint32_t)(cd->kind == CK_PASSAGE ? i - (b->ncands - b->nruns) : i);
	}
	free(term_of);
	return t;
}

/* Whether cands [lo, hi) are in article order. */
static bool by_article(const struct cand *v, size_t lo, size_t hi)
{
	for (size_t i = lo + 1; i < hi; i++)
		if (v[i].art < v[i - 1].art)
			return false;
	return true;
}

/* Sorts each article of a part's candidates on its own (see
 * sort_all_cands). */
static void *sort_part(void *arg)
{
	struct part *pt = arg;
	struct cand *v = pt->b->cands, *tmp = NULL;
	size_t tcap = 0;

	for (size_t lo = pt->lo, hi; lo < pt->hi; lo = hi) {
		for (hi = lo + 1; hi < pt->hi && v[hi].art == v[lo].art; hi++)
			;
		util_grow((void **)&tmp, &tcap, hi - lo, sizeof(*tmp));
		msort_cands(v + lo, hi - lo, tmp);
	}
	free(tmp);
	return NULL;
}

/* The candidates by article and offset (cand_less). They are the largest
 * array of the build: give back what doubling left unused, and sort in
 * place. They come as two runs in article order, the names, numbers and
 * aliases (by sequence number) and then the passages (by run), so each
 * article's candidates are gathered, from the last article back, into
 * the place they end in, and sorted there on their own (an article range
 * a thread): a stable sort by cand_cmp of one article's names before its
 * passages is cand_less. */
static void sort_all_cands(struct builder *b)
{
	struct part parts[XREF_MAX_THREADS];
	struct cand *v, *pas;
	size_t n = b->ncands, np = b->nruns, nparts;

	if (n && n < b->candcap) {
		b->cands = util_xrealloc(b->cands, n * sizeof(*b->cands));
		b->candcap = n;
	}
	v = b->cands;
	if (!by_article(v, 0, n - np) || !by_article(v, n - np, n)) {
		sort_cands(v, n);
		return;
	}
	pas = util_xmalloc((np + 1) * sizeof(*pas));
	if (np)
		memcpy(pas, v + n - np, np * sizeof(*pas));
	for (size_t ia = n - np, ib = np, w = n; ia || ib;) {
		uint32_t art = ia ? v[ia - 1].art : 0;
		size_t la = ia, lb = ib;

		if (ib && (!ia || pas[ib - 1].art > art))
			art = pas[ib - 1].art;
		while (la && v[la - 1].art == art)
			la--;
		while (lb && pas[lb - 1].art == art)
			lb--;
		w -= (ia - la) + (ib - lb);
		/* w >= la: nothing of an earlier article is overwritten. */
		memmove(v + w, v + la, (ia - la) * sizeof(*v));
		memcpy(v + w + (ia - la), pas + lb, (ib - lb) * sizeof(*v));
		ia = la;
		ib = lb;
	}
	free(pas);
	nparts = split_by_article(v, n, b->opt.threads, parts);
	for (size_t k = 0; k < nparts; k++)
		parts[k].b = b;
	run_parts(sort_part, parts, sizeof(*parts), nparts);
}

/* One thread's range of the selection of names and numbers: either it
 * counts what pick_occs would pick (each term's articles into narts, a
 * table of its own, and how many in npicked), or it picks them into
 * out, which has room for npicked. */
struct sel_part {
	struct part p;
	const uint8_t *alive;   /* per term (see pick_occs) */
	size_t npt;
	uint32_t *narts, *last; /* counting: per term */
	size_t npicked;
	struct cand *out;       /* NULL: count */
};

static void *select_part(void *arg)
{
	struct sel_part *sp = arg;
	const struct cand *v = sp->p.b->cands;
	const uint8_t *alive = sp->alive;
	struct pick p = PICK_START;
	size_t k = 0;

	if (!sp->out)
		for (size_t t = 0; t < sp->npt; t++) {
			sp->narts[t] = 0;
			sp->last[t] = UINT32_MAX;
		}
	/* pick_occs, counting or filling. */
	for (size_t i = sp->p.lo; i < sp->p.hi; i++) {
		const struct cand *c = &v[i];
		if (!picked(c, alive, &p))
			continue;
		if (sp->out) {
			sp->out[k++] = *c;
		} else {
			k++;
			if (sp->last[c->term] != c->art) {
				sp->last[c->term] = c->art;
				sp->narts[c->term]++;
			}
		}
	}
	sp->npicked = k;
	return NULL;
}

/* Counts, on the build's threads, each term's articles among what
 * select_occs would select now (pt[].narts), and what each range picks. */
static void count_selection(struct terms *t, struct sel_part *sp, size_t np)
{
	run_parts(select_part, sp, sizeof(*sp), np);
	for (size_t i = 0; i < t->n; i++) {
		uint32_t n = 0;
		for (size_t k = 0; k < np; k++)
			n += sp[k].narts[i];
		t->pt[i].narts = n;
	}
}

/* Names and numbers first, into sel: a term that loses its only
 * occurrence in an article to a longer overlapping one loses that article,
 * which may free space elsewhere, so repeat until nothing changes. The
 * rounds only count (an article range a thread, each with a table of
 * counts); the selection is then written once, each range at its place,
 * into an array of exactly its size. */
static void select_names_and_numbers(struct builder *b, struct terms *t, struct sel *sel)
{
	struct part parts[XREF_MAX_THREADS];
	struct sel_part sp[XREF_MAX_THREADS];
	size_t np = split_by_article(b->cands, b->ncands, b->opt.threads, parts), total = 0;
	bool changed = false;
	uint8_t *alive = util_xmalloc(t->n + 1);

	for (size_t k = 0; k < np; k++) {
		parts[k].b = b;
		sp[k] = (struct sel_part){.p = parts[k], .alive = alive, .npt = t->n};
		sp[k].narts = util_xmalloc((t->n + 1) * sizeof(*sp[k].narts));
		sp[k].last = util_xmalloc((t->n + 1) * sizeof(*sp[k].last));
	}
	for (size_t i = 0; i < t->n; i++)
		alive[i] = t->pt[i].narts >= 2;
	for (int round = 0; round < 8; round++) {
		changed = false;
		for (size_t i = 0; i < t->n; i++)
			if (t->pt[i].kind == CK_PASSAGE)
				alive[i] = 0;
		count_selection(t, sp, np);
		for (size_t i = 0; i < t->n; i++)
			if (t->pt[i].kind != CK_PASSAGE && alive[i] && t->pt[i].narts < 2) {
				alive[i] = 0;
				changed = true;
			}
		if (!changed)
			break;
	}
	if (changed)
		count_selection(t, sp, np);
	for (size_t k = 0; k < np; k++) {
		free(sp[k].narts);
		free(sp[k].last);
		total += sp[k].npicked;
	}
	sel->c = util_xmalloc((total + 1) * sizeof(*sel->c));
	sel->n = sel->cap = total;
	for (size_t k = 0, at = 0; k < np; k++) {
		sp[k].out = sel->c + at;
		at += sp[k].npicked;
	}
	run_parts(select_part, sp, sizeof(*sp), np);
	for (size_t i = 0; i < t->n; i++)
		t->pt[i].alive = alive[i];
	free(alive);
}

/* The names and numbers chosen are in the selection: only the passages
 * (a small part) are read again, so the rest of the largest array goes. */
static void keep_passage_cands(struct builder *b)
{
	size_t w = 0;

	for (size_t i = 0; i < b->ncands; i++)
		if (b->cands[i].kind == CK_PASSAGE)
			b->cands[w++] = b->cands[i];
	if (!w) {
		free(b->cands);
		b->cands = NULL;
	} else if (w < b->ncands) {
		b->cands = util_xrealloc(b->cands, w * sizeof(*b->cands));
	}
	b->ncands = b->candcap = w;
}

/* One thread's range of the passages to cut, the pieces it makes. */
struct cut_part {
	struct part p;
	const struct sel *sel;
	struct sel pieces;
};

static void *cut_part(void *arg)
{
	struct cut_part *cp = arg;
	struct builder *b = cp->p.b;
	const struct sel *sel = cp->sel;
	struct corpus_text tx = {0};
	size_t si = 0, tart = SIZE_MAX;

	/* The selection from the range's first article on. */
	if (cp->p.lo < cp->p.hi) {
		uint32_t first = b->cands[cp->p.lo].art;
		size_t hi = sel->n;
		while (si < hi) {
			size_t m = si + (hi - si) / 2;
			if (sel->c[m].art < first)
				si = m + 1;
			else
				hi = m;
		}
	}
	for (size_t i = cp->p.lo; i < cp->p.hi; i++) {
		const struct cand *cd = &b->cands[i];
		if (cd->art != tart) {
			corpus_text_put(&tx);
			text_get(b, cd->art, &tx);
			tart = cd->art;
		}
		const char *text = tx.text;
		uint32_t a = cd->off, z = cd->off + cd->len;
		while (si < sel->n && (sel->c[si].art < cd->art ||
		                       (sel->c[si].art == cd->art && sel->c[si].off + sel->c[si].len <= a)))
			si++;
		for (size_t k = si; k < sel->n && sel->c[k].art == cd->art && sel->c[k].off < z; k++) {
			push_piece(&cp->pieces, cd, text, a, sel->c[k].off);
			if (sel->c[k].off + sel->c[k].len > a)
				a = sel->c[k].off + sel->c[k].len;
		}
		push_piece(&cp->pieces, cd, text, a, z);
	}
	corpus_text_put(&tx);
	return NULL;
}

/* Passages fill what names and numbers leave: a name inside a shared
 * passage stays a name, and the passage is cut around it, so its pieces
 * together still cover the whole run (an article range a thread, each
 * reading its own texts; the pieces put together in article order). The
 * pieces join the selection, and the candidates are spent. */
static void cut_passages(struct builder *b, struct terms *t, struct sel *sel)
{
	struct part parts[XREF_MAX_THREADS];
	struct cut_part cp[XREF_MAX_THREADS];
	struct sel pieces = {0};
	size_t np = split_by_article(b->cands, b->ncands, b->opt.threads, parts), total = 0;

	for (size_t k = 0; k < np; k++) {
		parts[k].b = b;
		cp[k] = (struct cut_part){.p = parts[k], .sel = sel};
	}
	run_parts(cut_part, cp, sizeof(*cp), np);
	for (size_t k = 0; k < np; k++)
		total += cp[k].pieces.n;
	if (np) {
		pieces = cp[0].pieces;
		util_grow((void **)&pieces.c, &pieces.cap, total, sizeof(*pieces.c));
		for (size_t k = 1; k < np; k++) {
			if (cp[k].pieces.n)
				memcpy(pieces.c + pieces.n, cp[k].pieces.c, cp[k].pieces.n * sizeof(*pieces.c));
			pieces.n += cp[k].pieces.n;
			free(cp[k].pieces.c);
		}
	}
	/* Everything needed is in sel and pieces now. */
	free(b->cands);
	b->cands = NULL;
	b->ncands = b->candcap = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->pt[i].kind == CK_PASSAGE)
			t->pt[i].alive = true;
	/* Passage pieces of one run never overlap each other, but two runs of
	 * different passages may; keep the first. */
	select_merged(&pieces, sel, t->pt, t->n);
}

/* What the builder still owns at the end: its tables, the keys and what
 * resolution made of them, and the passage runs. Every other buffer was
 * given back by the step that spent it. */
static void builder_free(struct builder *b)
{
	xmap_free(&b->stop);
	alias_free(&b->alias);
	for (size_t i = 0; i < b->nsfx; i++) {
		xtok_list_free(&b->sfx[i].toks);
		free(b->sfx[i].text);
	}
	free(b->sfx);
	pool_free(&b->keys);
	free(b->is_name);
	free(b->parent);
	free(b->roles);
	entity_resolver_free(&b->ent);
	free(b->runs);
}

/* Search's word index, built from the same texts on a thread of its own
 * while the steps after the passes run on the caller's. */
struct words_job {
	const struct corpus *c;
	const atomic_bool *cancel;
	atomic_bool tail_done; /* the steps are done: the word index may use
	                          every core (written by xref_build's thread) */
	struct wordidx *w;     /* written by the words thread, read after the
	                          join */
	pthread_t tid;
	bool started;
};

static void *words_worker(void *arg)
{
	struct words_job *j = arg;

	j->w = wordidx_build_beside(j->c, j->cancel, &j->tail_done);
	return NULL;
}

/* Starts the word index unless the build is already stale or cancelled
 * (it would be thrown away). The texts are lent to both threads at once:
 * corpus_text_get only reads the corpus (a pread, or the file again). */
static void words_start(struct words_job *j, const struct builder *b)
{
	*j = (struct words_job){.c = b->c, .cancel = b->opt.cancel};
	atomic_init(&j->tail_done, false);
	if (atomic_load_explicit(&b->shared->stale, memory_order_relaxed) || cancelled(b))
		return;
	j->started = util_thread_start(&j->tid, words_worker, j) == 0;
}

/* The word index, once the steps are done (built here if no thread could
 * be started), or NULL if it was not started. */
static struct wordidx *words_finish(struct words_job *j, bool stale)
{
	atomic_store_explicit(&j->tail_done, true, memory_order_release);
	if (j->started)
		pthread_join(j->tid, NULL);
	else if (!stale)
		words_worker(j);
	return j->w;
}

struct xref_index *xref_build(const struct corpus *c, const struct xref_options *opt)
{
	struct build_shared shared;
	struct builder b;
	struct xref_index *ix;
	struct terms terms;
	struct sel sel = {0};
	struct words_job words;
	bool stale;

	builder_init(&b, &shared, c, opt);
	ix = index_new(&b);
	scan_corpus(&b);
	words_start(&words, &b);
	find_passage_runs(&b);
	resolve_names(&b);
	resolve_local(&b);
	drop_recent_years(&b);
	drop_dropped_names(&b);
	add_passage_cands(&b);
	/* Give the statistics back before the selection, where the build
	 * peaks. */
	free_stats(&b);
	terms = make_terms(&b);
	sort_all_cands(&b);
	select_names_and_numbers(&b, &terms, &sel);
	keep_passage_cands(&b);
	cut_passages(&b, &terms, &sel);
	build_output(&b, ix, &terms, &sel);
	free(terms.pt);
	builder_free(&b);
	/* A build cut short is no index either. */
	stale = atomic_load_explicit(&shared.stale, memory_order_relaxed) ||
	        (opt && opt->cancel &&
	         atomic_load_explicit(opt->cancel, memory_order_acquire));
	ix->words = words_finish(&words, stale);
	stale = stale || !ix->words;
	if (stale) {
		xref_free(ix);
		return NULL;
	}
	return ix;
}

/* ---- queries --------------------------------------------------------------- */

size_t xref_count(const struct xref_index *ix)
{
	return ix ? ix->nterms : 0;
}

const struct xref_term *xref_get(const struct xref_index *ix, uint32_t term)
{
	return ix && term < ix->nterms ? &ix->terms[term] : NULL;
}

const struct xref_occ *xref_occs(const struct xref_index *ix, size_t article, size_t *n)
{
	if (!ix || article >= ix->narticles) {
		*n = 0;
		return NULL;
	}
	*n = ix->occ_start[article + 1] - ix->occ_start[article];
	return ix->occs + ix->occ_start[article];
}

const uint32_t *xref_article_terms(const struct xref_index *ix, size_t article, size_t *n)
{
	if (!ix || article >= ix->narticles) {
		*n = 0;
		return NULL;
	}
	*n = ix->art_term_start[article + 1] - ix->art_term_start[article];
	return ix->art_terms + ix->art_term_start[article];
}

size_t xref_first_occ(const struct xref_index *ix, size_t article, uint32_t term)
{
	size_t n;
	const struct xref_occ *o = xref_occs(ix, article, &n);

	for (size_t i = 0; i < n; i++)
		if (o[i].term == term)
			return i;
	return (size_t)-1;
}

char *const *xref_messages(const struct xref_index *ix)
{
	return ix ? ix->msgs : NULL;
}

/* Output buffered by hand: at archive scale --xrefs writes tens of
 * millions of article names (86 MB for 100,000 articles). */
struct tsv_out {
	FILE *f;
	char buf[1 << 16];
	size_t len;
};

static void tsv_put(struct tsv_out *o, const char *s, size_t n)
{
	if (o->len + n > sizeof(o->buf)) {
		fwrite(o->buf, 1, o->len, o->f);
		o->len = 0;
		if (n > sizeof(o->buf)) {
			fwrite(s, 1, n, o->f);
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

void xref_write_tsv(const struct xref_index *ix, const struct corpus *c, FILE *out)
{
	struct tsv_out *o = util_xmalloc(sizeof(*o));
	struct strbuf names = {0};
	size_t *at = util_xmalloc((c->n + 1) * sizeof(*at));

	/* Every article's name as the TSV spells it (no tab, newline or
	 * comma), once, packed together: the terms' article lists then read
	 * from a small block instead of 100,000 scattered strings. */
	for (size_t i = 0; i < c->n; i++) {
		at[i] = names.len;
		for (const char *f = c->articles[i].file; *f; f++)
			sb_putc(&names, *f == '\t' || *f == '\n' || *f == ',' ? ' ' : *f);
	}
	at[c->n] = names.len;
	o->f = out;
	o->len = 0;
	static const char head[] = "term\tkind\tforms\tarticles\tweight\tfirst\n";
	/* Room for the first articles of any term. */
	uint32_t *first = util_xmalloc((c->n + 1) * sizeof(*first));

	tsv_put(o, head, sizeof(head) - 1);
	for (size_t t = 0; ix && t < ix->nterms; t++) {
		const struct xref_term *x = &ix->terms[t];
		const char *kind = xref_kind_name(x->kind);

		tsv_put(o, x->display, strlen(x->display));
		tsv_put(o, "\t", 1);
		tsv_put(o, kind, strlen(kind));
		tsv_put(o, "\t", 1);
		tsv_put(o, x->forms, strlen(x->forms));
		tsv_put(o, "\t", 1);
		for (size_t a = 0; a < x->narticles; a++) {
			uint32_t i = x->articles[a];
			if (a)
				tsv_put(o, ",", 1);
			tsv_put(o, names.s + at[i], at[i + 1] - at[i]);
		}
		{
			char w[32];
			int k = snprintf(w, sizeof(w), "\t%.3f", x->weight);
			tsv_put(o, w, (size_t)k);
		}
		/* Where it started: the earliest dated articles, several on a
		 * tie, none when no article of it is dated. */
		size_t nfirst = provenance_first(c, x->articles, x->narticles,
		                                 first, NULL);
		tsv_put(o, "\t", 1);
		for (size_t a = 0; a < nfirst; a++) {
			if (a)
				tsv_put(o, ",", 1);
			tsv_put(o, names.s + at[first[a]], at[first[a] + 1] - at[first[a]]);
		}
		tsv_put(o, "\n", 1);
	}
	fwrite(o->buf, 1, o->len, out);
	free(first);
	free(o);
	free(at);
	sb_free(&names);
}

const char *xref_kind_name(enum xref_kind kind)
{
	return kind == XREF_NAME ? "name" : kind == XREF_NUMBER ? "number" : "passage";
}

void xref_free(struct xref_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->nstrings; i++)
		free(ix->strings[i]);
	for (size_t i = 0; ix->msgs && ix->msgs[i]; i++)
		free(ix->msgs[i]);
	free(ix->strings);
	free(ix->msgs);
	free(ix->terms);
	free(ix->occs);
	free(ix->occ_start);
	free(ix->art_terms);
	free(ix->art_term_start);
	free(ix->term_arts);
	wordidx_free(ix->words);
	free(ix);
}

const struct wordidx *xref_words(const struct xref_index *ix)
{
	return ix ? ix->words : NULL;
}

long xref_find(const struct xref_index *ix, const char *s)
{
	size_t n = strlen(s);

	for (size_t t = 0; ix && t < ix->nterms; t++) {
		const struct xref_term *x = &ix->terms[t];
		if (!strcasecmp(x->display, s))
			return (long)t;
		for (const char *f = x->forms; *f;) {
			size_t k = strcspn(f, "|");
			if (k == n && !strncasecmp(f, s, n))
				return (long)t;
			f += k + (f[k] == '|');
		}
	}
	return -1;
}
