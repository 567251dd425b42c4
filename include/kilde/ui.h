/* ui.h - the interactive interface (ncurses). Everything here draws what the
 * pure modules prepared; see ARCHITECTURE.md. */
#ifndef KILDE_UI_H
#define KILDE_UI_H

#include <stdbool.h>

#include "kilde/config.h"
#include "kilde/corpus.h"

struct ui_options {
	const struct config *cfg;
	/* The --config FILE it was read with (NULL if none): a correction
	 * reads the configuration again, the same way, for its aliases. */
	const char *config_extra;
	bool no_color;
	/* Headless: an in-memory terminal of this size; keys are fed from
	 * keys (space-separated key names) and the final screen is printed
	 * to stdout as text. */
	bool headless;
	int cols, lines;
	const char *keys;
	/* Exit right after the first frame is drawn and print the time it took
	 * since start_ns (for make bench). */
	bool bench_startup;
	unsigned long long start_ns;
	/* The corpus paths as given (the fallback folder when none was), for
	 * reading the corpus again in the background. */
	char *const *paths;
	size_t npaths;
	/* Where the cache lives (cache_stem), or NULL for no cache
	 * (--no-cache, or no home folder). */
	const char *cache_stem;
	/* The articles have no text yet, the loader (ui_load.h) reads them
	 * later: the corpus came from the cache and its fingerprint is not
	 * checked against the disk yet (so that the first frame does not wait
	 * for 100,000 files), or it was loaded with corpus_load_meta (texts
	 * in its spill file, so that the index is built before the texts are
	 * held). */
	bool texts_later;
	/* No cache: the corpus is empty and the folders are not listed yet.
	 * The first frame comes first (listing 100,000 names, sorted, took
	 * longer than the frame may); the loader lists them behind it, the
	 * list shows the names, then reads the files. */
	bool names_later;
};

/* Runs the interface on corpus c. Returns the process exit status. */
int ui_run(struct corpus *c, const struct ui_options *opt);

#endif
