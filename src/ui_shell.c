/* ui_shell.c - handing the article to other programs: | pipes its text to
 * a shell command, e opens its file in $EDITOR (vi), v in $PAGER (less),
 * with the terminal given back to them and the screen restored after;
 * y copies the paragraph at the top of the reader to the clipboard
 * command of the config, or to clipboard.txt in the state folder. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kilde/state.h"
#include "kilde/ui_load.h"
#include "kilde/ui_shell.h"
#include "kilde/util.h"

/* Gives the terminal to a program and takes it back afterwards. */
static void leave_curses(void)
{
	def_prog_mode();
	endwin();
}

static void back_to_curses(struct ui *ui)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	ui_dirty_all(ui);
	refresh();
}

/* A person at a real terminal reads the command's output before kilde
 * draws over it. */
static void wait_for_enter(void)
{
	int c;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return;
	fputs("\n[kilde: press Enter to return]", stdout);
	fflush(stdout);
	while ((c = getchar()) != EOF && c != '\n')
		;
}

static void report_status(struct ui *ui, const char *what, int st)
{
	if (st == -1)
		ui_report(ui, true, "%s: %s", what, strerror(errno));
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		ui_report(ui, false, "%s: done", what);
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		ui_report(ui, true, "%s: command not found", what);
	else if (WIFEXITED(st))
		ui_report(ui, true, "%s: exit status %d", what, WEXITSTATUS(st));
	else
		ui_report(ui, true, "%s: ended by a signal", what);
}

/* Writes len bytes to the input of sh -c cmd; returns the wait status or
 * -1. SIGPIPE from a command that stops reading early is not an error. */
static int feed_command(const char *cmd, const char *text, size_t len)
{
	FILE *p;
	int st;

	fflush(stdout);
	p = popen(cmd, "w");
	if (!p)
		return -1;
	fwrite(text, 1, len, p);
	st = pclose(p);
	return st;
}

void ui_shell_pipe(struct ui *ui, const char *cmd)
{
	const char *text;
	size_t len;
	int st;

	if (!ui->c->n)
		return;
	text = ui_article_text(ui, ui->sel, &len);
	leave_curses();
	st = feed_command(cmd, text, len);
	wait_for_enter();
	back_to_curses(ui);
	report_status(ui, cmd, st);
}

void ui_shell_open_file(struct ui *ui, const char *prog_env,
                        const char *fallback)
{
	const char *prog = getenv(prog_env);
	const struct article *a;
	pid_t pid;
	int st = -1;

	if (!ui->c->n)
		return;
	if (!prog || !*prog)
		prog = fallback;
	a = &ui->c->articles[ui->sel];
	leave_curses();
	fflush(stdout);
	/* $EDITOR may hold arguments ("emacs -nw"): the shell splits it;
	 * the file name goes as $1 and is never parsed. */
	pid = fork();
	if (pid == 0) {
		setenv("KILDE_PROG", prog, 1);
		execl("/bin/sh", "sh", "-c", "exec $KILDE_PROG \"$1\"", "sh",
		      a->path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	back_to_curses(ui);
	report_status(ui, prog, st);
}

/* The paragraph at the top of the reader: the text line (up to a newline)
 * holding the first byte shown, or the next non-empty one. */
static void top_paragraph(struct ui *ui, const char **s, size_t *n)
{
	size_t len = ui->rd.len, off, b, e;
	const char *t = ui->rd.art < 0 ? "" : ui->rd.text;

	*s = t;
	*n = 0;
	if (ui->rd.art < 0)
		return;
	off = ui->rd.top_off;
	while (off < len && t[off] == '\n')
		off++;
	for (b = off; b > 0 && t[b - 1] != '\n'; b--)
		;
	for (e = off; e < len && t[e] != '\n'; e++)
		;
	*s = t + b;
	*n = e - b;
}

void ui_shell_yank(struct ui *ui)
{
	const char *cmd = ui->cfg->clipboard, *s;
	size_t n;

	top_paragraph(ui, &s, &n);
	if (!n) {
		ui_report(ui, true, "Nothing to copy: open an article first");
		return;
	}
	if (cmd && *cmd) {
		/* The clipboard program must not write over the screen. */
		char *quiet = util_xasprintf("(%s) >/dev/null 2>&1", cmd);
		int st = feed_command(quiet, s, n);

		free(quiet);
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ui_report(ui, false, "Copied %zu bytes with %s", n, cmd);
		else
			report_status(ui, cmd, st);
		return;
	}
	char *dir = state_default_dir(), *path;
	FILE *fp;

	if (!dir) {
		ui_report(ui, true, "Nowhere to copy to: set [ui] clipboard");
		return;
	}
	path = util_xasprintf("%s/clipboard.txt", dir);
	if (util_mkdirs(dir) != 0 || !(fp = fopen(path, "w"))) {
		ui_report(ui, true, "Cannot write %s: %s", path, strerror(errno));
	} else {
		fwrite(s, 1, n, fp);
		fputc('\n', fp);
		if (fclose(fp) != 0)
			ui_report(ui, true, "Cannot write %s: %s", path,
			          strerror(errno));
		else
			ui_report(ui, false, "Copied %zu bytes to %s", n, path);
	}
	free(path);
	free(dir);
}
