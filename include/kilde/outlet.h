/* outlet.h - the outlet an article's own text names, for its short label
 * when corpus.ini gives no source: general cues of a scraped page, in
 * Danish and English, never a list of outlets. No ncurses here. */
#ifndef KILDE_OUTLET_H
#define KILDE_OUTLET_H

#include <stddef.h>

/* The outlet text (clean text, see text.h) names, as a malloc'd string,
 * or NULL when it names none. The cues, strongest first:
 *   - a copyright line: "© 2024 Politiken", "Copyright 2019 The Local
 *     Europe AB. All rights reserved" -> "Politiken", "The Local Europe"
 *     (years, rights and company forms dropped);
 *   - a site's address standing alone on a line, or on a short line of the
 *     page's header or footer ("www.thelocal.dk", "Læs mere på
 *     politiken.dk") -> "thelocal.dk", "politiken.dk" (the registered
 *     name, without www. or other subdomains; not in a photo credit,
 *     which names an agency's site); the commonest if several;
 *   - a source line of the header or footer: "Kilde: Ritzau", "Source:
 *     Reuters | Read more" (a wire's tag under its story, "/ritzau/",
 *     names the agency that wrote it, not the outlet: no cue);
 *   - the footer's search box: "chinapost search", "Søg på dr.dk";
 *   - a banner: a first line of at most four words, without sentence
 *     punctuation, that the page repeats in its footer.
 * A cue names an outlet only as a name (capitalised, at most five words)
 * or an address. */
char *outlet_detect(const char *text, size_t len);

/* The registered part of a host name, lower-cased ("www.thelocal.dk" ->
 * "thelocal.dk", "news.bbc.co.uk" -> "bbc.co.uk"), as a malloc'd string,
 * or NULL when host is not a host name with a known kind of top-level
 * domain. */
char *outlet_domain(const char *host, size_t len);

#endif
