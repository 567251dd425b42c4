/* provenance.c - the earliest articles of a term (see provenance.h). Dates
 * are ISO "YYYY-MM-DD" (article.h), so their byte order is their order. */
#include <stdbool.h>
#include <string.h>

#include "kilde/provenance.h"

static bool dated(const struct article *a)
{
	return a->date && strlen(a->date) == 10;
}

size_t provenance_first(const struct corpus *c, const uint32_t *arts, size_t n,
                        uint32_t *first, size_t *undated)
{
	const char *best = NULL;
	size_t nfirst = 0, nundated = 0;

	for (size_t i = 0; i < n; i++) {
		const struct article *a = &c->articles[arts[i]];
		int cmp;

		if (!dated(a)) {
			nundated++;
			continue;
		}
		cmp = best ? strcmp(a->date, best) : -1;
		if (cmp < 0) {
			best = a->date;
			nfirst = 0;
		}
		if (cmp <= 0)
			first[nfirst++] = arts[i];
	}
	if (undated)
		*undated = nundated;
	return nfirst;
}

bool provenance_repeats(const struct corpus *c, const uint32_t *first,
                        size_t nfirst, uint32_t a)
{
	const struct article *art = &c->articles[a];

	if (nfirst == 0 || !dated(art))
		return false;
	for (size_t i = 0; i < nfirst; i++)
		if (first[i] == a)
			return false;
	return strcmp(art->date, c->articles[first[0]].date) > 0;
}
