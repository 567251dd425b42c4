/* xtok.c - tokens, matching keys, a 64-bit hash map and function words for
 * the cross-reference engine. Word boundaries come from libunistring
 * (u8_wordbreaks), case folding and decomposition too; nothing here decodes
 * UTF-8 by hand. */
#include "kilde/xtok.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwbrk.h>

/* ---- hash map ------------------------------------------------------------ */

static size_t xmap_slot(const struct xmap *m, uint64_t key)
{
	size_t mask = m->cap - 1;
	size_t i = (size_t)(key ^ (key >> 29)) & mask;

	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void xmap_grow(struct xmap *m)
{
	struct xmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = util_xcalloc(m->cap, sizeof(*m->keys));
	m->vals = util_xmalloc(m->cap * sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = xmap_slot(m, old.keys[i]);
		m->keys[j] = old.keys[i];
		m->vals[j] = old.vals[i];
	}
	free(old.keys);
	free(old.vals);
}

/* Key 0 marks an empty slot, so it is stored as 1. */
static uint64_t xmap_fix(uint64_t key)
{
	return key ? key : 1;
}

uint32_t *xmap_ref(struct xmap *m, uint64_t key, uint32_t init, bool *isnew)
{
	size_t i;

	key = xmap_fix(key);
	if ((m->n + 1) * 4 >= m->cap * 3)
		xmap_grow(m);
	i = xmap_slot(m, key);
	if (isnew)
		*isnew = !m->keys[i];
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->vals[i] = init;
		m->n++;
	}
	return &m->vals[i];
}

bool xmap_get(const struct xmap *m, uint64_t key, uint32_t *val)
{
	size_t i;

	if (!m->cap)
		return false;
	i = xmap_slot(m, xmap_fix(key));
	if (!m->keys[i])
		return false;
	if (val)
		*val = m->vals[i];
	return true;
}

void xmap_free(struct xmap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct xmap){0};
}

/* ---- keys ---------------------------------------------------------------- */

uint64_t xtok_hash(const char *s, size_t n)
{
	return util_hash64(s, n);
}

static bool key_drops(ucs4_t uc)
{
	/* Dots of initialisms (U.S. = US) and apostrophes (d'Ivoire) do not
	 * distinguish names. */
	return uc == '.' || uc == '\'' || uc == 0x2019 || uc == 0x2018;
}

void xtok_key(const char *s, size_t n, struct strbuf *out)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i, flen = 0, dlen = 0;
	bool ascii = true;
	uint8_t *folded, *decomp;
	struct strbuf tmp = {0};

	for (i = 0; i < n; i++)
		if (u[i] >= 0x80) {
			ascii = false;
			break;
		}
	if (ascii) {
		for (i = 0; i < n; i++) {
			char c = s[i];
			if (c == '.' || c == '\'')
				continue;
			sb_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
		}
		if (!out->s)
			sb_append(out, "", 0);
		return;
	}
	folded = u8_casefold(u, n, NULL, NULL, NULL, &flen);
	if (!folded) {
		sb_append(out, s, n);
		return;
	}
	/* æ, ø and å do not decompose; spell them as Danish does without them,
	 * so Søren matches Soeren and Århus matches Aarhus. */
	for (i = 0; i < flen; i++) {
		if (folded[i] == 0xc3 && i + 1 < flen &&
		    (folded[i + 1] == 0xa6 || folded[i + 1] == 0xb8 || folded[i + 1] == 0xa5)) {
			sb_puts(&tmp, folded[i + 1] == 0xa6 ? "ae" :
			              folded[i + 1] == 0xb8 ? "oe" : "aa");
			i++;
		} else {
			sb_putc(&tmp, (char)folded[i]);
		}
	}
	free(folded);
	decomp = u8_normalize(UNINORM_NFKD, (const uint8_t *)tmp.s, tmp.len, NULL, &dlen);
	sb_free(&tmp);
	if (!decomp)
		return;
	for (i = 0; i < dlen;) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, decomp + i, dlen - i);
		if (k <= 0)
			break;
		if (!key_drops(uc) && !uc_is_general_category(uc, UC_CATEGORY_M))
			sb_append(out, (const char *)decomp + i, (size_t)k);
		i += (size_t)k;
	}
	free(decomp);
	if (!out->s)
		sb_append(out, "", 0);
}

/* ---- tokens -------------------------------------------------------------- */

static bool is_space(ucs4_t uc)
{
	return uc_is_property_white_space(uc) || uc == 0xfeff;
}

static void push_tok(struct xtok_list *l, struct xtok t)
{
	util_grow((void **)&l->t, &l->cap, l->n + 1, sizeof(*l->t));
	l->t[l->n++] = t;
}

/* Length of a trailing 's or ’s, else 0. */
static size_t genitive_len(const char *s, size_t n)
{
	if (n >= 3 && (s[n - 1] == 's' || s[n - 1] == 'S') && s[n - 2] == '\'')
		return 2;
	if (n >= 5 && (s[n - 1] == 's' || s[n - 1] == 'S') &&
	    !memcmp(s + n - 4, "\xe2\x80\x99", 3))
		return 4;
	return 0;
}

static void classify_word(struct xtok_list *l, const char *text, struct xtok *t,
                          const struct xmap *stop)
{
	const uint8_t *u = (const uint8_t *)text + t->off;
	size_t i = 0, letters = 0, lowers = 0, g;
	bool first_letter = true;
	uint32_t cls;

	/* Case is judged without a genitive ending: USA's is all capitals. */
	g = genitive_len(text + t->off, t->len);
	while (i < t->len - g) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, u + i, t->len - g - i);
		if (k <= 0)
			break;
		if (i == 0 && uc_is_lower(uc))
			t->flags |= XTOK_LOWER;
		if (uc_is_general_category(uc, UC_CATEGORY_L)) {
			letters++;
			t->flags |= XTOK_ALPHA;
			if (uc_is_lower(uc))
				lowers++;
			if (first_letter && (uc_is_upper(uc) ||
			                     uc_is_general_category(uc, UC_CATEGORY_Lt)))
				t->flags |= XTOK_CAP;
			first_letter = false;
		} else if (uc_is_general_category(uc, UC_CATEGORY_N)) {
			t->flags |= XTOK_DIGIT;
		} else if (uc == '.' && i > 0 && i + 1 < t->len) {
			t->flags |= XTOK_DOTTED;
		}
		i += (size_t)k;
	}
	if (letters >= 2 && lowers == 0)
		t->flags |= XTOK_ALLCAPS;
	if (g)
		t->flags |= XTOK_GEN;
	t->koff = (uint32_t)l->keys.len;
	xtok_key(text + t->off, t->len - g, &l->keys);
	t->klen = (uint32_t)(l->keys.len - t->koff);
	sb_putc(&l->keys, '\0');
	t->kh = xtok_hash(l->keys.s + t->koff, t->klen);
	if (stop && xmap_get(stop, t->kh, &cls))
		t->stop = (uint8_t)cls;
}

void xtok_split(struct xtok_list *l, const char *text, size_t len,
                const struct xmap *stop)
{
	size_t s = 0, i;

	l->n = 0;
	l->keys.len = 0;
	if (!len)
		return;
	if (len > l->brkcap) {
		free(l->brk);
		l->brk = util_xmalloc(len);
		l->brkcap = len;
	}
	u8_wordbreaks((const uint8_t *)text, len, l->brk);
	for (i = 1; i <= len; i++) {
		if (i < len && !l->brk[i])
			continue;
		struct xtok t = {.off = (uint32_t)s, .len = (uint32_t)(i - s)};
		const uint8_t *u = (const uint8_t *)text + s;
		size_t j = 0, nl = 0;
		bool word = false, space = true;

		while (j < t.len) {
			ucs4_t uc;
			int k = u8_mbtouc(&uc, u + j, t.len - j);
			if (k <= 0)
				break;
			if (uc == '\n')
				nl++;
			if (!is_space(uc))
				space = false;
			if (uc_is_general_category(uc, UC_CATEGORY_L) ||
			    uc_is_general_category(uc, UC_CATEGORY_N))
				word = true;
			j += (size_t)k;
		}
		if (word) {
			t.type = XTOK_WORD;
			classify_word(l, text, &t, stop);
			push_tok(l, t);
		} else if (space) {
			t.type = XTOK_SPACE;
			if (l->n && l->t[l->n - 1].type == XTOK_SPACE) {
				struct xtok *p = &l->t[l->n - 1];
				p->len += t.len;
				nl += (p->flags & XTOK_PARA) ? 2 : (p->flags & XTOK_NEWLINE) ? 1 : 0;
				t = *p;
				l->n--;
			}
			if (nl)
				t.flags |= XTOK_NEWLINE;
			if (nl >= 2)
				t.flags |= XTOK_PARA;
			push_tok(l, t);
		} else {
			t.type = XTOK_PUNCT;
			push_tok(l, t);
		}
		s = i;
	}
}

/* ---- sentence starts and title lines -------------------------------------- */

static const char *const abbreviations[] = {
	"mr", "mrs", "ms", "dr", "st", "nr", "pr", "ca", "inc", "ltd", "co",
	"corp", "jr", "sr", "vs", "mio", "mia", "kr", "mfl", "jf", "hhv", "tlf",
	"prof", "no", "vol", "fig", "jan", "feb", "aug", "sept", "sep", "oct",
	"okt", "nov", "dec", "dvs", "evt", "osv", "etc", "bla", "feks", "ie", "eg",
};

static bool is_abbreviation(const struct xtok_list *l, size_t w)
{
	const struct xtok *t = &l->t[w];

	if (t->flags & XTOK_DOTTED)
		return true;
	if (t->klen == 1 && (t->flags & XTOK_ALPHA))
		return true;
	for (size_t i = 0; i < KILDE_ARRAY_LEN(abbreviations); i++)
		if (strlen(abbreviations[i]) == t->klen &&
		    !memcmp(abbreviations[i], xtok_keystr(l, w), t->klen))
			return true;
	return false;
}

/* Punctuation after which the next word starts a sentence (or a segment of
 * a menu line): a capital there says nothing about a name. */
static bool starts_segment(const char *p, size_t n)
{
	static const char *const marks[] = {
		"!", "?", ":", "\"", "|", "*", "#", ">", "\xe2\x80\x9c", "\xe2\x80\x9d",
		"\xe2\x80\x9e", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x98", "\xe2\x80\x99",
		"'", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa2", "\xc2\xb7",
		"\xe2\x80\xa6", "\xe2\x80\xba", "\xe2\x80\xb9",
	};
	for (size_t i = 0; i < KILDE_ARRAY_LEN(marks); i++)
		if (strlen(marks[i]) == n && !memcmp(marks[i], p, n))
			return true;
	return false;
}

void xtok_mark(struct xtok_list *l, const char *text)
{
	bool initial = true;
	size_t lastword = (size_t)-1, line = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct xtok *t = &l->t[i];

		if (t->type == XTOK_SPACE) {
			if (t->flags & XTOK_NEWLINE)
				initial = true;
		} else if (t->type == XTOK_PUNCT) {
			const char *p = text + t->off;
			if (t->len == 1 && *p == '.') {
				if (lastword == (size_t)-1 || !is_abbreviation(l, lastword) ||
				    i == 0 || l->t[i - 1].type != XTOK_WORD)
					initial = true;
			} else if (t->len == 1 && *p == '-') {
				/* A hyphen between spaces or doubled is a dash. */
				bool before = i == 0 || l->t[i - 1].type != XTOK_WORD;
				bool after = i + 1 >= l->n || l->t[i + 1].type != XTOK_WORD;
				if (before || after)
					initial = true;
			} else if (starts_segment(p, t->len)) {
				initial = true;
			}
		} else {
			if (initial)
				t->flags |= XTOK_INITIAL;
			initial = false;
			lastword = i;
		}
	}
	/* Title-case lines: headlines, menus and bylines capitalise most words,
	 * so a capital there is no evidence of a name. */
	while (line < l->n) {
		size_t end = line, words = 0, content = 0, caps = 0, lastp = (size_t)-1;
		bool menu = false, sentence = false;

		while (end < l->n && !(l->t[end].type == XTOK_SPACE &&
		                       (l->t[end].flags & XTOK_NEWLINE)))
			end++;
		for (size_t i = line; i < end; i++) {
			const struct xtok *t = &l->t[i];
			if (t->type == XTOK_PUNCT && t->len == 1 && text[t->off] == '|')
				menu = true;
			if (t->type != XTOK_SPACE)
				lastp = i;
			if (t->type != XTOK_WORD)
				continue;
			words++;
			if (!(t->flags & XTOK_ALPHA) || (t->flags & XTOK_DIGIT) ||
			    (t->stop & XSTOP_STOP))
				continue;
			content++;
			if (t->flags & XTOK_CAP)
				caps++;
		}
		/* A line that ends as a sentence ends is running text, however
		 * many names it holds; a menu line (a | b | c) never is. */
		if (lastp != (size_t)-1 && l->t[lastp].type == XTOK_PUNCT &&
		    l->t[lastp].len == 1 && strchr(".!?", text[l->t[lastp].off]))
			sentence = true;
		if (content >= 2 && words <= 24 && caps * 4 >= content * 3 && (menu || !sentence))
			for (size_t i = line; i < end; i++)
				if (l->t[i].type == XTOK_WORD)
					l->t[i].flags |= XTOK_TITLE;
		line = end + 1;
	}
}

void xtok_list_free(struct xtok_list *l)
{
	free(l->t);
	free(l->brk);
	sb_free(&l->keys);
	*l = (struct xtok_list){0};
}

/* ---- function words ------------------------------------------------------ */

/* Written for kilde: English and Danish function words, pronouns, common
 * sentence adverbs, and page furniture verbs. A capitalised one is never a
 * name on its own. */
static const char stop_words[] =
	"a about above according across after afterwards again against ago all "
	"almost along already also although always am among an and another any "
	"anyone anything are around as at back be because been before being "
	"below besides between beyond both but by can cannot could did do does "
	"doing done down during each either else even ever every everyone "
	"except few first for former from further had has have having he her "
	"here hers herself him himself his how however i if in indeed instead "
	"into is it its itself just last later latter least less let like many "
	"me meanwhile might more moreover most much must my myself near neither "
	"never nevertheless next no none nor not nothing now of off often on once "
	"one only onto or other others otherwise our ours ourselves out over own "
	"per perhaps rather same she should since so some something sometimes "
	"soon still such than that the their theirs them themselves then there "
	"thereby therefore these they this those though through throughout thus "
	"to today together tomorrow too toward towards under unless until up "
	"upon us very via was we well were what whatever when whenever where "
	"whereas wherever whether which while who whoever whom whose why will "
	"with within without would yes yet yesterday you your yours yourself "
	"yourselves said says say read follow share click sign subscribe "
	"af alle allerede alt altid andre anden andet at bag blandt blev blive "
	"bliver da de dem den denne dens der deres derfor dermed desuden det "
	"dette dig din dine disse dit dog du efter eftersom eller ellers en end "
	"endnu er et faktisk for foran fordi fra frem før først ham han hans har "
	"havde have hele heller hende hendes her herefter herunder hos hun hvad "
	"hvem hver hverken hvilke hvilken hvilket hvis hvor hvordan hvorfor "
	"hvornår i idag idet ifølge igen ikke imens imod ind inden indtil ingen "
	"intet ja jeg jer jeres jo kan kom kommer kun kunne lidt ligesom man "
	"mange med meget men mens mere mest mig min mine mit mod må måske ned nej "
	"nogen noget nogle nok nu når og også om omkring op os over på samme "
	"samt sammen selv senere siden sig sin sine sit skal skulle som stadig "
	"så sådan således til tidligere tilbage ud uden udover under vi vil "
	"ville vor vores være været var læs se";

static const char join_words[] = "of for von van der de du la le di del";

static const char weak_words[] =
	"january february march april may june july august september october "
	"november december jan feb mar apr jun jul aug sep sept oct nov dec "
	"januar februar marts maj juni juli oktober okt "
	"monday tuesday wednesday thursday friday saturday sunday "
	"mandag tirsdag onsdag torsdag fredag lørdag søndag "
	"mr mrs ms dr prof sir president præsident minister premierminister "
	"statsminister ceo chief chairman senator governor king queen prince "
	"princess pope general kansler chancellor hr fru professor lord lady "
	"vice direktør formand borgmester mayor prime deputy secretary spokesman "
	"spokeswoman spokesperson founder næstformand ordfører topchef koncernchef "
	"udenrigsminister finansminister justitsminister forsvarsminister "
	"erhvervsminister sundhedsminister miljøminister administrerende";

static void add_words(struct xmap *stop, const char *list, uint32_t cls)
{
	const char *p = list;
	struct strbuf key = {0};

	while (*p) {
		size_t n = strcspn(p, " ");
		if (n) {
			key.len = 0;
			xtok_key(p, n, &key);
			*xmap_ref(stop, xtok_hash(key.s, key.len), 0, NULL) |= cls;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	sb_free(&key);
}

void xtok_stopwords(struct xmap *stop)
{
	add_words(stop, stop_words, XSTOP_STOP);
	add_words(stop, join_words, XSTOP_JOIN);
	add_words(stop, weak_words, XSTOP_WEAK);
}

void xtok_each_item(const char *s, char sep,
                    void (*fn)(const char *item, size_t n, void *arg), void *arg)
{
	while (s && *s) {
		const char *e = strchr(s, sep);
		const char *end = e ? e : s + strlen(s);
		const char *a = s, *b = end;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r' || b[-1] == '\n'))
			b--;
		if (b > a)
			fn(a, (size_t)(b - a), arg);
		s = e ? e + 1 : NULL;
	}
}
