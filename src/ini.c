/* ini.c - iniparser_load with its errors sent to a callback of the caller.
 *
 * iniparser reports errors through one process-wide callback that takes no
 * context, so the context has to live beside it for as long as a load
 * runs. The configuration is read on the interface's thread while the
 * loader thread reads corpus.ini files: without a lock one load would
 * reset the callback (or the context) under the other. One mutex makes
 * the loads take turns; they are small files, read rarely. */
#include "kilde/ini.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

/* Written only with lock held, by the thread that holds it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ini_error_fn *current_fn;
static void *current_ctx;

static int forward_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (current_fn)
		current_fn(msg, current_ctx);
	return n;
}

dictionary *ini_load(const char *path, ini_error_fn *on_error, void *ctx)
{
	dictionary *d;

	pthread_mutex_lock(&lock);
	current_fn = on_error;
	current_ctx = ctx;
	iniparser_set_error_callback(forward_error);
	d = iniparser_load(path);
	/* Back to iniparser's default, as before the load. */
	iniparser_set_error_callback(NULL);
	current_fn = NULL;
	current_ctx = NULL;
	pthread_mutex_unlock(&lock);
	return d;
}
