/* view_matrix.c - the entity x source matrix: one row per cross-referenced
 * term (most shared first, its kind marked N, # or P), one column per
 * article (its short label), and in each cell how often the article
 * mentions the term, so a person sees at a glance who covered what. It
 * covers the panes; the cursor moves over the cells and the view scrolls
 * both ways to keep it in sight. Only the visible cells are counted, so it
 * opens as fast on 100,000 articles as on five.
 *
 * Limited to one story (from the list by story, or S in the matrix), the
 * columns are the story's articles in date order and the rows the terms
 * they have, the ones most of them share first: who in the story covered
 * what, without the rest of the corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kilde/layout.h"
#include "kilde/story.h"
#include "kilde/ui_draw.h"
#include "kilde/ui_xref.h"
#include "kilde/util.h"
#include "kilde/view_matrix.h"

struct matrix {
	size_t row, col;   /* the cursor: row (a term), column (an article) */
	size_t top, left;  /* first row and column shown */
	int termw;         /* width of the term column */
	int cellw;         /* width of a cell, its leading space included */
	unsigned *counts;  /* scratch: one column's visible counts (owned) */
	size_t countcap;
	/* Limited to story story_no: its articles as columns, the terms
	 * they have as rows (with how many of them have each), row_of the
	 * row of every term of the index or UINT32_MAX (all owned). Without
	 * a story, column c is article c and row r term r. */
	bool story;
	size_t story_no;
	uint32_t *cols, *rows, *rowarts, *row_of;
	size_t ncols, nrows;
};

static size_t n_cols(const struct ui *ui, const struct matrix *m)
{
	return m->story ? m->ncols : ui->c->n;
}

static size_t n_rows(const struct ui *ui, const struct matrix *m)
{
	return m->story ? m->nrows : xref_count(ui_xref_index(ui));
}

static size_t col_art(const struct matrix *m, size_t c)
{
	return m->story ? m->cols[c] : c;
}

static uint32_t row_term(const struct matrix *m, size_t r)
{
	return m->story ? m->rows[r] : (uint32_t)r;
}

/* Rows of the window: the title, the column labels, the terms, and a line
 * at the bottom about the cell under the cursor. */
enum { HEAD_ROWS = 2, FOOT_ROWS = 1, MARK_W = 2, ARTS_W = 5 };

static int term_rows(const struct view *v)
{
	int r = v->h - HEAD_ROWS - FOOT_ROWS;

	return r > 0 ? r : 0;
}

static int cols_shown(const struct matrix *m, const struct view *v)
{
	int c = (v->w - 1 - MARK_W - m->termw - ARTS_W) / m->cellw;

	return c > 0 ? c : 0;
}

static void matrix_open(struct ui *ui, struct view *v)
{
	v->priv = util_xcalloc(1, sizeof(struct matrix));
}

/* The widths come from the data: the widest label and term, measured over
 * the first few thousand so that a huge corpus opens at once. */
static void measure(struct ui *ui, struct matrix *m)
{
	const struct xref_index *ix = ui_xref_index(ui);
	size_t nt = xref_count(ix), scan;
	int lw = 3, tw = 8;

	scan = ui->c->n < 5000 ? ui->c->n : 5000;
	for (size_t a = 0; a < scan; a++) {
		int w = ui_str_width(ui_xref_label(ui, a));

		if (w > lw)
			lw = w;
	}
	scan = nt < 2000 ? nt : 2000;
	for (size_t t = 0; t < scan; t++) {
		int w = ui_str_width(xref_get(ix, (uint32_t)t)->display);

		if (w > tw)
			tw = w;
	}
	m->cellw = (lw > 8 ? 8 : lw) + 1;
	m->termw = tw > 28 ? 28 : tw;
}

static void follow_cursor(struct matrix *m, const struct view *v)
{
	size_t r = (size_t)(term_rows(v) > 0 ? term_rows(v) : 1);
	size_t c = (size_t)(cols_shown(m, v) > 0 ? cols_shown(m, v) : 1);

	if (m->row < m->top)
		m->top = m->row;
	else if (m->row >= m->top + r)
		m->top = m->row - r + 1;
	if (m->col < m->left)
		m->left = m->col;
	else if (m->col >= m->left + c)
		m->left = m->col - c + 1;
}

static void drop_story(struct matrix *m)
{
	free(m->cols);
	free(m->rows);
	free(m->rowarts);
	free(m->row_of);
	m->cols = m->rows = m->rowarts = m->row_of = NULL;
	m->ncols = m->nrows = 0;
	m->story = false;
}

/* The columns and rows of story s: once when the matrix opens on it, so
 * that moving the cursor only draws. The rows go by how many of the
 * story's articles have the term, then by term number (the most telling
 * first): a counting sort, since a story can hold most of the corpus and
 * its terms most of the index, and x is a key like any other. */
static void make_story(struct ui *ui, struct matrix *m, size_t s)
{
	const struct xref_index *ix = ui_xref_index(ui);
	const struct story *st = story_get(ui_xref_stories(ui), s);
	size_t nt = xref_count(ix), maxc = 0, acc = 0, *at;
	unsigned *arts = util_xcalloc(nt ? nt : 1, sizeof(*arts));

	drop_story(m);
	m->story = true;
	m->story_no = s;
	m->ncols = st->n;
	m->cols = util_xmalloc(st->n * sizeof(*m->cols));
	memcpy(m->cols, st->articles, st->n * sizeof(*m->cols));
	for (size_t c = 0; c < st->n; c++) {
		size_t n;
		const uint32_t *terms = xref_article_terms(ix, st->articles[c], &n);

		for (size_t k = 0; k < n; k++)
			arts[terms[k]]++;
	}
	for (size_t t = 0; t < nt; t++)
		if (arts[t] > maxc)
			maxc = arts[t];
	/* at[c]: where the rows of count c start, the largest count first. */
	at = util_xcalloc(maxc + 1, sizeof(*at));
	for (size_t t = 0; t < nt; t++)
		at[arts[t]] += arts[t] > 0;
	for (size_t c = maxc; c >= 1; c--) {
		size_t k = at[c];

		at[c] = acc;
		acc += k;
	}
	m->nrows = acc;
	m->rows = util_xmalloc((acc ? acc : 1) * sizeof(*m->rows));
	m->rowarts = util_xmalloc((acc ? acc : 1) * sizeof(*m->rowarts));
	m->row_of = util_xmalloc((nt ? nt : 1) * sizeof(*m->row_of));
	for (size_t t = 0; t < nt; t++) {
		size_t r;

		m->row_of[t] = UINT32_MAX;
		if (!arts[t])
			continue;
		r = at[arts[t]]++;
		m->rows[r] = (uint32_t)t;
		m->rowarts[r] = arts[t];
		m->row_of[t] = (uint32_t)r;
	}
	free(at);
	free(arts);
}

/* The cursor on article art and term (or the first row and column of
 * the story when it has neither). */
static void place(struct ui *ui, struct matrix *m, size_t art, long term)
{
	m->col = m->row = 0;
	if (!m->story) {
		m->col = art < ui->c->n ? art : 0;
		m->row = term >= 0 ? (size_t)term : 0;
	} else {
		for (size_t c = 0; c < m->ncols; c++)
			if (m->cols[c] == art)
				m->col = c;
		if (term >= 0 && m->row_of[term] != UINT32_MAX)
			m->row = m->row_of[term];
	}
	m->top = m->left = 0;
}

void view_matrix_set(struct ui *ui, struct view *v, size_t art, long term,
                     bool story)
{
	struct matrix *m = v->priv;
	const struct story_set *set = ui_xref_stories(ui);

	measure(ui, m);
	drop_story(m);
	if (story && set && art < ui->c->n)
		make_story(ui, m, story_of(set, art));
	place(ui, m, art, term);
}

/* Everything between the title bar and the status bar. */
static void matrix_resize(struct ui *ui, struct view *v)
{
	struct matrix *m = v->priv;

	if (!ui_place_between_bars(v, HEAD_ROWS + FOOT_ROWS + 1, 20))
		return;
	/* A narrow terminal gives the term column less room. */
	if (m->termw > (v->w - MARK_W) / 3)
		m->termw = (v->w - MARK_W) / 3;
	if (m->termw < 6)
		m->termw = 6;
	follow_cursor(m, v);
	v->dirty = true;
}

static const char *kind_mark(enum xref_kind k)
{
	return k == XREF_NAME ? "N" : k == XREF_NUMBER ? "#" : "P";
}

static enum config_color kind_elem(const struct xref_term *t)
{
	if (t->kind == XREF_NUMBER)
		return COLOR_ELEM_xref_number;
	if (t->kind == XREF_PASSAGE)
		return COLOR_ELEM_xref_passage;
	return t->narticles >= 3 ? COLOR_ELEM_xref_name_wide : COLOR_ELEM_xref_name;
}

/* A label or count right-aligned in a cell of w columns. */
static void draw_cell(struct ui *ui, WINDOW *w, int y, int x, int cw,
                      const char *s, attr_t a)
{
	char *cut = layout_truncate(s, cw, !ui->utf8);
	int sw = ui_str_width(cut);

	ui_draw_fill(w, y, x, cw, a);
	ui_draw_str(ui, w, y, x + cw - sw, sw, cut, a);
	free(cut);
}

static void draw_footer(struct ui *ui, struct view *v, struct matrix *m,
                        unsigned count)
{
	const struct xref_term *t =
	    m->row < n_rows(ui, m) ? xref_get(ui_xref_index(ui), row_term(m, m->row)) : NULL;
	size_t art = col_art(m, m->col);
	const struct article *a = &ui->c->articles[art];
	attr_t at = ui->attr[COLOR_ELEM_status];
	struct strbuf sb = {0};

	ui_draw_fill(v->win, v->h - 1, 0, v->w, at);
	if (!t)
		return;
	sb_printf(&sb, "%s (%s) in %s", t->display, xref_kind_name(t->kind),
	          ui_xref_label(ui, art));
	/* The source only where it says more than the label: not the file's
	 * name the label was cut from. */
	if (article_outlet(a) && strcmp(article_outlet(a), ui_xref_label(ui, art)))
		sb_printf(&sb, " %s", article_outlet(a));
	if (*a->date)
		sb_printf(&sb, " %s", a->date);
	if (count)
		sb_printf(&sb, ": %u mention%s%sEnter opens", count,
		          count == 1 ? "" : "s", ui->sep);
	else
		sb_puts(&sb, ": not mentioned");
	ui_draw_str(ui, v->win, v->h - 1, 1, v->w - 2, sb.s, at);
	sb_free(&sb);
}

static void matrix_draw(struct ui *ui, struct view *v)
{
	struct matrix *m = v->priv;
	const struct xref_index *ix = ui_xref_index(ui);
	size_t nt = n_rows(ui, m), na = n_cols(ui, m);
	int rows = term_rows(v), ncols = cols_shown(m, v);
	/* Where the first cell starts: after the kind mark, the term and
	 * the number of articles that share it. */
	int cx0 = 1 + MARK_W + m->termw + ARTS_W;
	attr_t text = ui->attr[COLOR_ELEM_text];
	attr_t label = ui->attr[COLOR_ELEM_info_label];
	attr_t cur = ui->attr[COLOR_ELEM_xref_current];
	attr_t dim = ui->attr[COLOR_ELEM_list_read];
	unsigned cursor_count = 0;
	char buf[96];

	werase(v->win);
	if (m->story) {
		const struct story_set *set = ui_xref_stories(ui);
		struct strbuf sb = {0};

		/* The story's label last: it is what gets cut. */
		sb_printf(&sb, "Cross-references %s articles%s%zu terms%s%zu "
		          "articles%sstory %zu/%zu: %s", ui->utf8 ? "×" : "x",
		          ui->sep, nt, ui->sep, na, ui->sep, m->story_no + 1,
		          story_count(set), story_get(set, m->story_no)->label);
		ui_draw_header(ui, v->win, 0, sb.s, true);
		sb_free(&sb);
	} else {
		snprintf(buf, sizeof(buf), "Cross-references %s articles%s%zu terms%s%zu articles",
		         ui->utf8 ? "×" : "x", ui->sep, nt, ui->sep, na);
		ui_draw_header(ui, v->win, 0, buf, true);
	}
	if (!ix || nt == 0 || na == 0)
		return;
	/* Column labels; the selected article's and the cursor's stand out. */
	ui_draw_str(ui, v->win, 1, 1 + MARK_W, m->termw, "Term", label);
	draw_cell(ui, v->win, 1, cx0 - ARTS_W + 1, ARTS_W - 1, "Arts", label);
	for (int c = 0; c < ncols && m->left + (size_t)c < na; c++) {
		size_t a = col_art(m, m->left + (size_t)c);
		attr_t at = m->left + (size_t)c == m->col ? cur :
		            a == ui->sel ? label | A_BOLD : label;

		draw_cell(ui, v->win, 1, cx0 + c * m->cellw + 1, m->cellw - 1,
		          ui_xref_label(ui, a), at);
	}
	if ((size_t)rows > m->countcap) {
		m->countcap = (size_t)rows;
		m->counts = util_xrealloc(m->counts, m->countcap * sizeof(*m->counts));
	}
	for (int r = 0; r < rows && m->top + (size_t)r < nt; r++) {
		const struct xref_term *t = xref_get(ix, row_term(m, m->top + (size_t)r));
		bool currow = m->top + (size_t)r == m->row;

		ui_draw_str(ui, v->win, HEAD_ROWS + r, 1, 1, kind_mark(t->kind),
		            ui->attr[kind_elem(t)]);
		ui_draw_fill(v->win, HEAD_ROWS + r, 1 + MARK_W, m->termw,
		             currow ? ui->attr[COLOR_ELEM_list_selected] : text);
		ui_draw_str(ui, v->win, HEAD_ROWS + r, 1 + MARK_W, m->termw,
		            t->display,
		            currow ? ui->attr[COLOR_ELEM_list_selected] : text);
		/* In a story: how many of its articles have the term. */
		snprintf(buf, sizeof(buf), "%zu",
		         m->story ? (size_t)m->rowarts[m->top + (size_t)r] :
		                    t->narticles);
		draw_cell(ui, v->win, HEAD_ROWS + r, cx0 - ARTS_W + 1,
		          ARTS_W - 1, buf, label);
	}
	/* The cells, column by column: one pass over each visible article's
	 * occurrences counts all its visible rows. */
	for (int c = 0; c < ncols && m->left + (size_t)c < na; c++) {
		size_t a = col_art(m, m->left + (size_t)c);
		size_t nrows = nt - m->top < (size_t)rows ? nt - m->top : (size_t)rows;

		if (m->story)
			xnav_counts_rows(ix, a, m->row_of, m->top, nrows,
			                 m->counts);
		else
			xnav_counts(ix, a, (uint32_t)m->top, nrows, m->counts);
		for (size_t r = 0; r < nrows; r++) {
			bool here = m->top + r == m->row &&
			            m->left + (size_t)c == m->col;
			const char *s = ui->utf8 ? "·" : ".";
			attr_t at = dim;

			if (m->counts[r]) {
				snprintf(buf, sizeof(buf), "%u", m->counts[r]);
				s = buf;
				at = ui->attr[kind_elem(xref_get(ix, row_term(m, m->top + r)))];
			}
			if (here) {
				at = cur;
				cursor_count = m->counts[r];
			}
			draw_cell(ui, v->win, HEAD_ROWS + (int)r,
			          cx0 + c * m->cellw + 1, m->cellw - 1, s, at);
		}
	}
	draw_footer(ui, v, m, cursor_count);
}

static bool matrix_key(struct ui *ui, struct view *v, enum keys_action act)
{
	struct matrix *m = v->priv;
	const struct xref_index *ix = ui_xref_index(ui);
	long row = (long)m->row, col = (long)m->col;
	long page = term_rows(v) > 1 ? term_rows(v) - 1 : 1;
	long nt = (long)n_rows(ui, m), na = (long)n_cols(ui, m);

	switch (act) {
	case ACT_move_left: col--; break;
	case ACT_move_right: col++; break;
	case ACT_stories: {
		/* The story of the article under the cursor, or the whole
		 * corpus again, the cursor staying on its article and term. */
		size_t art = na ? col_art(m, m->col) : ui->sel;
		long term = nt ? (long)row_term(m, m->row) : -1;

		if (!ui_xref_stories(ui)) {
			ui_report(ui, false, "No stories yet");
			return true;
		}
		view_matrix_set(ui, v, art, term, !m->story);
		follow_cursor(m, v);
		v->dirty = true;
		return true;
	}
	case ACT_open:
	case ACT_follow: {
		size_t art, first;
		uint32_t term;

		if (!nt || !na)
			return true;
		art = col_art(m, m->col);
		term = row_term(m, m->row);
		first = xref_first_occ(ix, art, term);
		if (first == (size_t)-1) {
			ui_report(ui, false, "%s is not in %s",
			          xref_get(ix, term)->display,
			          ui_xref_label(ui, art));
			return true;
		}
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_CLOSE_LAYER});
		ui_request(ui, &(struct ui_request){.kind = UI_REQ_GOTO,
		                                    .art = art,
		                                    .occ = (long)first});
		return true;
	}
	default:
		if (!ui_move_key(act, page, (page + 1) / 2, nt - 1, &row))
			return false;
	}
	m->row = (size_t)(row < 0 ? 0 : row >= nt ? nt - 1 : row);
	m->col = (size_t)(col < 0 ? 0 : col >= na ? na - 1 : col);
	follow_cursor(m, v);
	v->dirty = true;
	return true;
}

static void matrix_done(struct ui *ui, struct view *v)
{
	struct matrix *m = v->priv;

	free(m->counts);
	drop_story(m);
	free(m);
	v->priv = NULL;
}

const struct view_ops view_matrix_ops = {
	.name = "Matrix",
	.scope = SCOPE_MATRIX,
	.open = matrix_open,
	.resize = matrix_resize,
	.draw = matrix_draw,
	.key = matrix_key,
	.done = matrix_done,
};
