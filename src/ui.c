/* ui.c - STUB: replaced by the ncurses interface. */
#include "kilde/ui.h"
#include <stdio.h>
int ui_run(struct corpus *c, const struct ui_options *opt) { (void)c; (void)opt; fputs("kilde: interface not built yet\n", stderr); return 1; }
