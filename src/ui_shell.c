/* ui_shell.c - handing the article to other programs: | pipes its text to
 * a shell command, e opens its file in $EDITOR (vi), v in $PAGER (less),
 * at the line on the top of the reader, o its address in $BROWSER
 * (xdg-open), with the terminal given back to them and the screen
 * restored after;
 * y copies what is selected (in the reader the paragraph of the current
 * match or cross-reference, else the one at the top; in the list the
 * article's title and address) to the clipboard command of the config,
 * or else to the terminal's clipboard (OSC 52) and clipboard.txt in the
 * state folder. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kilde/osc52.h"
#include "kilde/state.h"
#include "kilde/ui_load.h"
#include "kilde/ui_search.h"
#include "kilde/ui_shell.h"
#include "kilde/ui_xref.h"
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

/* Runs prog with the terminal given to it: "prog [+line] arg". $EDITOR
 * may hold arguments ("emacs -nw"): the shell splits prog; arg goes as
 * $1 and is never parsed. line > 1 is passed as +line first, which vi,
 * emacs, nano, less and more all read as the line to start at. */
static void run_prog(struct ui *ui, const char *prog, const char *arg,
                     size_t line)
{
	char plus[32];
	pid_t pid;
	int st = -1;

	snprintf(plus, sizeof(plus), "+%zu", line);
	leave_curses();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setenv("KILDE_PROG", prog, 1);
		if (line > 1)
			execl("/bin/sh", "sh", "-c",
			      "exec $KILDE_PROG \"$2\" \"$1\"", "sh", arg, plus,
			      (char *)NULL);
		else
			execl("/bin/sh", "sh", "-c", "exec $KILDE_PROG \"$1\"",
			      "sh", arg, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	back_to_curses(ui);
	report_status(ui, prog, st);
}

/* The line of the article's file at the top of the reader (1 when the
 * reader shows another article). The text keeps the file's line breaks
 * (CR LF and CR become LF, one for one). */
static size_t reader_line(struct ui *ui)
{
	const struct ui_reading *rd = &ui->rd;
	size_t line = 1;

	if (rd->art != (long)ui->sel)
		return 1;
	for (size_t i = 0; i < rd->top_off && i < rd->len; i++)
		line += rd->text[i] == '\n';
	return line;
}

/* Whether a file's size or modification time differ from before. */
static bool file_changed(const char *path, const struct stat *before)
{
	struct stat now;

	if (stat(path, &now) != 0)
		return true;
	return now.st_size != before->st_size ||
	       now.st_mtim.tv_sec != before->st_mtim.tv_sec ||
	       now.st_mtim.tv_nsec != before->st_mtim.tv_nsec;
}

void ui_shell_open_file(struct ui *ui, const char *prog_env,
                        const char *fallback)
{
	const char *prog = getenv(prog_env);
	struct stat before;
	char *path;
	size_t top;
	bool known, in_reader = ui->focus == PANE_READER;

	if (!ui->c->n)
		return;
	if (!prog || !*prog)
		prog = fallback;
	path = util_xstrdup(ui->c->articles[ui->sel].path);
	top = ui->rd.art == (long)ui->sel ? ui->rd.top_off : 0;
	known = stat(path, &before) == 0;
	run_prog(ui, prog, path, reader_line(ui));
	/* An edit is read back at once, the reader where it was. */
	if (known && file_changed(path, &before) && ui_load_reread(ui)) {
		/* The new corpus keeps the selection by file name; the
		 * reader goes back to the same byte, near enough. */
		if (in_reader)
			ui_request(ui, &(struct ui_request){
			                   .kind = UI_REQ_OPEN_READER});
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_READER_OFF,
		                                    .off = top, .at_top = true});
		ui_report(ui, false, "%s: done; the article was read again",
		          prog);
	}
	free(path);
}

/* Only a web address goes to the browser: the url comes from corpus.ini,
 * and on a browser's command line "--something" would be an option. */
static bool web_address(const char *u)
{
	if (strncasecmp(u, "http://", 7) && strncasecmp(u, "https://", 8))
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

void ui_shell_open_url(struct ui *ui)
{
	const char *env = getenv("BROWSER");
	const struct article *a;
	char *prog;

	if (!ui->c->n || (ui->order && !ui->norder))
		return;
	a = &ui->c->articles[ui->sel];
	if (!a->url || !*a->url) {
		ui_report(ui, true, "No address for this article (url in "
		                    "corpus.ini)");
		return;
	}
	if (!web_address(a->url)) {
		ui_report(ui, true, "Not opened: %s is not an http or https "
		                    "address",
		          a->url);
		return;
	}
	/* $BROWSER may list several, separated by colons: the first. */
	prog = util_xstrdup(env && *env ? env : "xdg-open");
	prog[strcspn(prog, ":")] = '\0';
	run_prog(ui, *prog ? prog : "xdg-open", a->url, 0);
	free(prog);
}

/* The paragraph (the text line, up to a newline) of t[0..len) holding
 * byte off, or the next non-empty one. */
static void paragraph_at(const char *t, size_t len, size_t off, const char **s,
                         size_t *n)
{
	size_t b, e;

	while (off < len && t[off] == '\n')
		off++;
	for (b = off; b > 0 && t[b - 1] != '\n'; b--)
		;
	for (e = off; e < len && t[e] != '\n'; e++)
		;
	*s = t + b;
	*n = e - b;
}

/* What y copies in the reader: the paragraph of the current search match
 * or, else, of the current cross-reference, while it is on the screen;
 * otherwise the paragraph at the top. *what says which, for the report. */
static void reader_yank(struct ui *ui, const char **s, size_t *n,
                        const char **what)
{
	const struct ui_reading *rd = &ui->rd;
	const struct xref_index *ix = ui_xref_index(ui);
	size_t off = rd->top_off, m;

	*s = "";
	*n = 0;
	if (rd->art < 0)
		return;
	*what = "the top paragraph";
	if (ui_search_current_off(ui, &m) && m >= rd->top_off &&
	    m < rd->end_off) {
		off = m;
		*what = "the match's paragraph";
	} else if (ix && rd->occ >= 0 &&
	           rd->text == ui_article_text(ui, (size_t)rd->art, NULL)) {
		/* Occurrences are offsets into the article's own text: not
		 * into a transliteration shown instead. */
		size_t no;
		const struct xref_occ *o = xref_occs(ix, (size_t)rd->art, &no);

		if ((size_t)rd->occ < no && o[rd->occ].off >= rd->top_off &&
		    o[rd->occ].off < rd->end_off) {
			off = o[rd->occ].off;
			*what = "the cross-reference's paragraph";
		}
	}
	paragraph_at(rd->text, rd->len, off, s, n);
}

/* Sends the OSC 52 sequence to the terminal, if it is wanted there.
 * Returns whether it was sent. */
static bool send_osc52(struct ui *ui, const char *s, size_t n)
{
	const char *ms;
	size_t len;
	char *seq;
	bool ok;

	if (ui->opt->headless || !isatty(STDOUT_FILENO))
		return false;
	ms = tigetstr("Ms");
	if (!osc52_wanted(ui->cfg->osc52, ms && ms != (char *)-1,
	                  getenv("TERM"), getenv("TMUX")))
		return false;
	seq = osc52_sequence(s, n, &len);
	if (!seq)
		return false;
	/* ncurses has flushed its output after the last frame; the
	 * sequence moves nothing on the screen. */
	ok = true;
	for (size_t done = 0; ok && done < len;) {
		ssize_t k = write(STDOUT_FILENO, seq + done, len - done);

		if (k > 0)
			done += (size_t)k;
		else if (k < 0 && errno != EINTR)
			ok = false;
	}
	free(seq);
	return ok;
}

/* Writes s to clipboard.txt in the state folder. Returns the path
 * (malloc'd) or NULL, with the failure reported. */
static char *write_clipboard_file(struct ui *ui, const char *s, size_t n)
{
	char *dir = state_default_dir(), *path, *body;
	int err;

	if (!dir)
		return NULL;
	path = util_xasprintf("%s/clipboard.txt", dir);
	body = util_xasprintf("%.*s\n", (int)n, s);
	err = util_mkdirs(dir);
	if (!err)
		err = util_write_atomic(path, body, n + 1);
	free(body);
	free(dir);
	if (err) {
		ui_report(ui, true, "Cannot write %s: %s", path, strerror(err));
		free(path);
		return NULL;
	}
	return path;
}

void ui_shell_yank(struct ui *ui)
{
	const char *cmd = ui->cfg->clipboard, *s = NULL, *what = NULL;
	char *sel = NULL, *path;
	size_t n = 0;
	bool osc;

	if (ui->focus == PANE_READER) {
		reader_yank(ui, &s, &n, &what);
	} else if (ui->c->n && (!ui->order || ui->norder)) {
		/* In the list and the info pane the selection is an article:
		 * its title and where it is (the address, else the file). */
		const struct article *a = &ui->c->articles[ui->sel];

		sel = util_xasprintf("%s\n%s", a->title ? a->title : "",
		                     a->url && *a->url ? a->url : a->path);
		s = sel;
		n = strlen(sel);
		what = "the title and address";
	}
	if (!n) {
		ui_report(ui, true, "Nothing to copy: open an article first");
		free(sel);
		return;
	}
	if (cmd && *cmd) {
		/* The clipboard program must not write over the screen. */
		char *quiet = util_xasprintf("(%s) >/dev/null 2>&1", cmd);
		int st = feed_command(quiet, s, n);

		free(quiet);
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ui_report(ui, false, "Copied %s with %s", what, cmd);
		else
			report_status(ui, cmd, st);
		free(sel);
		return;
	}
	osc = send_osc52(ui, s, n);
	path = write_clipboard_file(ui, s, n);
	/* The path is in kilde(1); the bar has room for its name only. */
	if (osc || path)
		ui_report(ui, false, "Copied %s: %s%s%s", what,
		          osc ? "terminal" : "", osc && path ? ", " : "",
		          path ? "clipboard.txt" : "");
	else if (!ui->msg)
		ui_report(ui, true, "Nowhere to copy to: set [ui] clipboard");
	free(path);
	free(sel);
}
