/* ui_shell.h - handing the article to other programs (ui_shell.c): | pipes
 * its text to a shell command, e and v open its file in $EDITOR and
 * $PAGER with the terminal given to them, y copies the paragraph at the
 * top of the reader. UI modules only. */
#ifndef KILDE_UI_SHELL_H
#define KILDE_UI_SHELL_H

#include "kilde/ui_core.h"

void ui_shell_pipe(struct ui *ui, const char *cmd);
/* prog_env "EDITOR" or "PAGER", with fallback. */
void ui_shell_open_file(struct ui *ui, const char *prog_env,
                        const char *fallback);
void ui_shell_yank(struct ui *ui);
/* o: the article's url (http or https only) in $BROWSER, else xdg-open. */
void ui_shell_open_url(struct ui *ui);

#endif
