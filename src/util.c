/* util.c - checked allocation, string buffers, whole-file reads and atomic
 * writes. Everything here is small on purpose: other modules build on it. */
#include "kilde/util.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void (*fatal_hook)(void);

void util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

_Noreturn void util_die(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook)
		fatal_hook();
	fputs("kilde: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(3);
}

void *util_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		util_die("out of memory (%zu bytes)", n);
	return p;
}

void *util_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		util_die("out of memory (%zu x %zu bytes)", nmemb, size);
	return p;
}

void *util_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		util_die("out of memory (%zu bytes)", n);
	return q;
}

void util_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			util_die("array too large");
		ncap *= 2;
	}
	*p = util_xrealloc(*p, ncap * elem);
	*cap = ncap;
}

char *util_xstrdup(const char *s)
{
	return util_xstrndup(s, strlen(s));
}

char *util_xstrndup(const char *s, size_t n)
{
	char *d = util_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *util_xasprintf(const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		util_die("bad format");
	util_grow((void **)&sb.s, &sb.cap, (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return sb.s;
}

void sb_append(struct strbuf *sb, const char *s, size_t n)
{
	util_grow((void **)&sb->s, &sb->cap, sb->len + n + 1, 1);
	if (n)
		memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_append(sb, &c, 1);
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	util_grow((void **)&sb->s, &sb->cap, sb->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	*sb = (struct strbuf){0};
}

char *sb_take(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : util_xstrdup("");

	*sb = (struct strbuf){0};
	return s;
}

void util_qsort(void *base, size_t n, size_t size,
                int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

void util_qsort_r(void *base, size_t n, size_t size,
                  int (*cmp)(const void *, const void *, void *), void *ctx)
{
	if (n > 1)
		qsort_r(base, n, size, cmp, ctx);
}

/* Short runs: insertion, which beats any divide step below a few dozen. */
static void insertion_u32(uint32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void sift_u32(uint32_t *v, size_t root, size_t n)
{
	uint32_t x = v[root];

	for (size_t c; (c = 2 * root + 1) < n; root = c) {
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[c] <= x)
			break;
		v[root] = v[c];
	}
	v[root] = x;
}

/* The fallback that bounds the quicksort's worst case. */
static void heapsort_u32(uint32_t *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_u32(v, i, n);
	for (size_t end = n; end-- > 1;) {
		uint32_t t = v[0];
		v[0] = v[end];
		v[end] = t;
		sift_u32(v, 0, end);
	}
}

static uint32_t median3_u32(uint32_t a, uint32_t b, uint32_t c)
{
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	return c < a ? a : c > b ? b : c;
}

static void quicksort_u32(uint32_t *v, size_t n, unsigned depth)
{
	while (n > 24) {
		if (!depth--) {
			heapsort_u32(v, n);
			return;
		}
		uint32_t pivot = median3_u32(v[0], v[n / 2], v[n - 1]);
		size_t i = 0, j = n - 1;
		/* Hoare's partition: runs of equal keys split evenly. */
		for (;;) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			uint32_t t = v[i];
			v[i++] = v[j];
			v[j--] = t;
		}
		/* Recurse on the smaller side, loop on the larger: the stack
		 * stays logarithmic. */
		size_t left = j + 1;
		if (left < n - left) {
			quicksort_u32(v, left, depth);
			v += left;
			n -= left;
		} else {
			quicksort_u32(v + left, n - left, depth);
			n = left;
		}
	}
	insertion_u32(v, n);
}

void util_sort_u32(uint32_t *v, size_t n)
{
	unsigned depth = 0;

	for (size_t k = n; k > 1; k >>= 1)
		depth += 2;
	if (n > 1)
		quicksort_u32(v, n, depth);
}

static uint64_t rotl64(uint64_t v, int k)
{
	return v << k | v >> (64 - k);
}

static uint64_t mix_word(uint64_t h, uint64_t w)
{
	h ^= w * 0x87c37b91114253d5ULL;
	return rotl64(h, 27) * 0x4cf5ad432745937fULL + 0x52dce729;
}

/* Little-endian, so the result is the same on every machine (cache files
 * carry it). Each word enters its lane through a bijection, each step is a
 * bijection of the lane's state, and the lanes are joined by bijections of
 * each, so a change confined to one word always changes the result. */
static void checksum_blocks(uint64_t lane[4], const unsigned char *p, size_t nblocks)
{
	uint64_t a = lane[0], b = lane[1], c = lane[2], d = lane[3];

	for (size_t i = 0; i < nblocks; i++, p += 32) {
		uint64_t w[4];
		memcpy(w, p, sizeof(w));
		a = mix_word(a, le64toh(w[0]));
		b = mix_word(b, le64toh(w[1]));
		c = mix_word(c, le64toh(w[2]));
		d = mix_word(d, le64toh(w[3]));
	}
	lane[0] = a;
	lane[1] = b;
	lane[2] = c;
	lane[3] = d;
}

void util_checksum_start(struct util_checksum *ck, uint64_t total)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL ^ total;

	/* Lanes apart from the start, so that bytes moved from one lane to
	 * another do not give the same sum. */
	for (int i = 0; i < 4; i++)
		ck->lane[i] = seed + (uint64_t)i * 0x632be59bd9b4e019ULL;
	ck->ntail = 0;
}

void util_checksum_feed(struct util_checksum *ck, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t whole;

	/* A step split between two pieces is taken once it is complete, so
	 * the steps are the concatenation's. */
	if (ck->ntail) {
		size_t k = 32 - ck->ntail < n ? 32 - ck->ntail : n;
		memcpy(ck->tail + ck->ntail, p, k);
		ck->ntail += k;
		p += k;
		n -= k;
		if (ck->ntail < 32)
			return;
		checksum_blocks(ck->lane, ck->tail, 1);
		ck->ntail = 0;
	}
	whole = n / 32;
	checksum_blocks(ck->lane, p, whole);
	memcpy(ck->tail, p + whole * 32, n - whole * 32);
	ck->ntail = n - whole * 32;
}

uint64_t util_checksum_final(const struct util_checksum *ck)
{
	uint64_t lane[4] = {ck->lane[0], ck->lane[1], ck->lane[2], ck->lane[3]};
	uint64_t h;

	/* The last step padded with zeros: the length in the seed tells
	 * those from bytes that were there. */
	if (ck->ntail) {
		unsigned char last[32] = {0};
		memcpy(last, ck->tail, ck->ntail);
		checksum_blocks(lane, last, 1);
	}
	h = mix_word(mix_word(mix_word(lane[0], lane[1]), lane[2]), lane[3]);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t util_checksum64(const void *data, size_t n)
{
	struct util_checksum ck;

	util_checksum_start(&ck, n);
	util_checksum_feed(&ck, data, n);
	return util_checksum_final(&ck);
}

uint64_t util_hash64(const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	/* FNV's low bits are weak for power-of-two tables: finish with a mix. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

int util_read_file(const char *path, size_t max_bytes, uint8_t **out,
                   size_t *len)
{
	struct strbuf sb = {0};
	char chunk[65536];
	ssize_t r;
	int fd, err = 0;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	/* Read until EOF rather than trusting st_size: the file may shrink or
	 * grow between the directory listing and now. */
	for (;;) {
		r = read(fd, chunk, sizeof(chunk));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (r == 0)
			break;
		if (max_bytes && sb.len + (size_t)r > max_bytes) {
			err = EFBIG;
			break;
		}
		sb_append(&sb, chunk, (size_t)r);
	}
	close(fd);
	if (err) {
		sb_free(&sb);
		return err;
	}
	*len = sb.len;
	*out = (uint8_t *)sb_take(&sb);
	return 0;
}

int util_mkdirs(const char *path)
{
	char *p = util_xstrdup(path);
	int err = 0;

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				err = errno;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return err;
}

int util_atomic_open(struct util_atomic_file *f, const char *path)
{
	f->path = util_xstrdup(path);
	f->tmp = util_xasprintf("%s.tmp.XXXXXX", path);
	f->fd = mkostemp(f->tmp, O_CLOEXEC);
	if (f->fd < 0) {
		int err = errno;
		free(f->path);
		free(f->tmp);
		*f = (struct util_atomic_file){.fd = -1};
		return err;
	}
	return 0;
}

/* All of data at off, or at the file's offset when off is -1 (a short
 * write is not an error, only a step). */
static int write_all(int fd, const char *p, size_t len, off_t off)
{
	while (len > 0) {
		ssize_t w = off < 0 ? write(fd, p, len) : pwrite(fd, p, len, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		p += w;
		len -= (size_t)w;
		if (off >= 0)
			off += w;
	}
	return 0;
}

int util_atomic_write(struct util_atomic_file *f, const void *data, size_t len)
{
	return write_all(f->fd, data, len, -1);
}

int util_atomic_pwrite(struct util_atomic_file *f, const void *data, size_t len,
                       uint64_t off)
{
	return write_all(f->fd, data, len, (off_t)off);
}

void util_atomic_abort(struct util_atomic_file *f)
{
	if (f->fd >= 0) {
		close(f->fd);
		unlink(f->tmp);
	}
	free(f->path);
	free(f->tmp);
	*f = (struct util_atomic_file){.fd = -1};
}

int util_atomic_commit(struct util_atomic_file *f)
{
	int dfd, err = 0;

	if (fsync(f->fd) < 0)
		err = errno;
	if (close(f->fd) < 0 && !err)
		err = errno;
	f->fd = -1;
	if (!err && rename(f->tmp, f->path) < 0)
		err = errno;
	if (err) {
		unlink(f->tmp);
	} else {
		/* Make the rename itself durable. */
		dfd = open(dirname(f->path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	util_atomic_abort(f);
	return err;
}

int util_write_atomic(const char *path, const void *data, size_t len)
{
	struct util_atomic_file f;
	int err = util_atomic_open(&f, path);

	if (err)
		return err;
	err = util_atomic_write(&f, data, len);
	if (err) {
		util_atomic_abort(&f);
		return err;
	}
	return util_atomic_commit(&f);
}

uint64_t util_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void util_put_tsv_field(const char *s, FILE *out)
{
	/* In runs, not a locked fputc a byte: with the cache, printing
	 * 100,000 lines was a good part of a warm --list. */
	for (;;) {
		size_t n = strcspn(s, "\t\n");
		fwrite(s, 1, n, out);
		if (!s[n])
			break;
		fputc(' ', out);
		s += n + 1;
	}
}

void util_group_digits(char *buf, size_t size, size_t n)
{
	char digits[32], out[48];
	int nd = snprintf(digits, sizeof(digits), "%zu", n), k = 0;

	for (int i = 0; i < nd; i++) {
		if (i && (nd - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	snprintf(buf, size, "%s", out);
}

int util_thread_start(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	static const int async[] = {SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGINT,
	                            SIGQUIT, SIGTERM, SIGHUP, SIGCONT};
	sigset_t block, old;
	int rc;

	/* Only these: a fault (SIGSEGV, SIGBUS) blocked in a thread would
	 * kill the program without the sanitizers' report. */
	sigemptyset(&block);
	for (size_t i = 0; i < KILDE_ARRAY_LEN(async); i++)
		sigaddset(&block, async[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(tid, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
