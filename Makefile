# kilde - a terminal reader for news articles that cross-reference each other.
# Plain Makefile: `make`, `make run`, `make check`, `make install`.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANPREFIX  ?= $(PREFIX)/share/man
SYSCONFDIR ?= $(PREFIX)/etc
DATADIR    ?= $(PREFIX)/share/kilde
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
CC         ?= cc
BUILD      ?= build

# ncursesw's .pc sets _XOPEN_SOURCE=600; we use _GNU_SOURCE for everything.
NCURSES_CFLAGS := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
NCURSES_LIBS   := $(or $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null),-lncursesw -ltinfo)
CMOCKA_CFLAGS  := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS    := $(or $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null),-lcmocka)
# libunistring and iniparser ship no .pc file on Debian.
INIPARSER_CFLAGS := -I/usr/include/iniparser
DEP_LIBS       := $(NCURSES_LIBS) -liniparser -lunistring -lpthread -lm

WARN     := -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
OPT      ?= -O2 -g
CFLAGS   ?=
ALL_CFLAGS := -std=c17 $(WARN) $(OPT) $(CFLAGS) $(SAN_FLAGS)
ALL_CPPFLAGS := -Iinclude -I$(BUILD) -D_GNU_SOURCE -DNCURSES_WIDECHAR=1 \
	-DKILDE_VERSION='"$(VERSION)"' -DKILDE_SYSCONFDIR='"$(SYSCONFDIR)"' \
	$(NCURSES_CFLAGS) $(INIPARSER_CFLAGS) $(CPPFLAGS)
ALL_LDFLAGS := $(SAN_FLAGS) $(LDFLAGS)

SRC      := $(sort $(wildcard src/*.c))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/default_ini.o
OBJ      := $(LIB_OBJ) $(BUILD)/main.o
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/%)

.PHONY: all run deps deps-test check unit unit-san tsan tsan-unit tsan-keys tsan-output golden e2e hostile cache manlint leaks \
	eval bench bench-corpus fuzz fuzz-smoke clang install uninstall clean format \
	output output-update

all: kilde

# Copy, then rename: a running ./kilde (a test, a user) keeps its old file.
kilde: $(BUILD)/kilde
	cp $(BUILD)/kilde $@.tmp && mv -f $@.tmp $@

$(BUILD)/kilde: $(OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJ) $(DEP_LIBS)

$(BUILD)/%.o: src/%.c $(wildcard include/kilde/*.h src/*.h) | $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The documented default configuration is also the compiled-in one.
$(BUILD)/default_ini.c: config/kilde.ini tools/embed.sh | $(BUILD)
	sh tools/embed.sh config_default_ini config/kilde.ini > $@

$(BUILD)/default_ini.o: $(BUILD)/default_ini.c
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD):
	mkdir -p $@

$(BUILD)/test_%: tests/unit/test_%.c tests/unit/testutil.h $(LIB_OBJ)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(CMOCKA_CFLAGS) $(ALL_CFLAGS) -Wno-missing-prototypes \
		-DKILDE_SRCDIR='"$(CURDIR)"' -o $@ $< $(LIB_OBJ) $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(DEP_LIBS)

# ---- running ---------------------------------------------------------------
deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

run: deps
	$(MAKE) all
	./kilde corpus

# ---- tests -----------------------------------------------------------------
check: deps-test
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) unit-san
	$(MAKE) tsan
	$(MAKE) clang
	$(MAKE) manlint
	$(MAKE) golden
	$(MAKE) e2e
	$(MAKE) leaks
	$(MAKE) hostile
	$(MAKE) cache
	$(MAKE) output
	$(MAKE) fuzz-smoke
	@echo "make check: all suites passed"

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

# The unit suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
unit-san:
	$(MAKE) BUILD=build/san OPT='-O1 -g -fno-omit-frame-pointer' \
		SAN_FLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' unit

# ThreadSanitizer over everything that runs threads: any report fails the
# run (exit code 66). Each suite is a prerequisite of tsan; a new one (an
# end-to-end run of the interface) is one more tsan-* target added here.
# The TSan build also takes the portable path of the code that reads 16
# bytes a step where the compiler has SSE2 (no __SSE2__: wbrk, clutter,
# article, text), so the unit suite checks both paths on every run at no
# extra build.
TSAN_BUILD := build/tsan
TSAN_MAKE  := $(MAKE) BUILD=$(TSAN_BUILD) OPT='-O1 -g -fno-omit-frame-pointer -U__SSE2__' \
	SAN_FLAGS='-fsanitize=thread'
export TSAN_OPTIONS ?= halt_on_error=1 exitcode=66 second_deadlock_stack=1

tsan: tsan-unit tsan-keys tsan-output

# The unit suite: the builds' own threads, and two builds at once.
tsan-unit:
	$(TSAN_MAKE) unit

# kilde in tmux with keys coming while the loader and the index worker run
# on a cold corpus of a few thousand generated articles.
tsan-keys:
	$(TSAN_MAKE) $(TSAN_BUILD)/kilde
	@sh tests/tsan/keys.sh $(TSAN_BUILD)/kilde

# --list, --xrefs, --stories and --xrefs --translations, cold (the cache
# written on a thread while the rows are printed) and warm.
tsan-output:
	$(TSAN_MAKE) $(TSAN_BUILD)/kilde
	@sh tests/tsan/output.sh $(TSAN_BUILD)/kilde

# The whole program must also compile warning-free under clang.
clang:
	$(MAKE) BUILD=build/clang CC=clang build/clang/kilde

manlint:
	@sh tests/manlint.sh

golden: kilde
	@sh tests/golden/run.sh

# Every tests/e2e/*.sh is a standalone tmux suite with its own closing line.
e2e: kilde build/hostile-check
	@fail=0; for t in tests/e2e/*.sh; do sh "$$t" || fail=1; done; exit $$fail

hostile: kilde build/hostile-check
	@sh tests/hostile/run.sh

# The hostile suites' judge of kilde's output (tests/hostile/check.c), with
# the library's own rule of what may reach a terminal (text_forbidden_char).
build/hostile-check: tests/hostile/check.c build/text.o build/util.o
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< build/text.o build/util.o \
		$(ALL_LDFLAGS) -lunistring -lpthread

# The on-disk cache end to end: same output with and without it.
cache: kilde
	@sh tests/cache/run.sh

# --xrefs, --list and --grep byte for byte against tests/output/expected;
# output-update rewrites the expectations after a change made on purpose.
output: kilde
	@sh tests/output/run.sh

output-update: kilde
	@OUTPUT_UPDATE=1 sh tests/output/run.sh

leaks: kilde
	@sh tests/leaks.sh

eval: kilde
	@sh tools/eval.sh

bench-corpus:
	@sh tools/bench-corpus.sh

bench: kilde
	@sh tools/bench.sh

fuzz:
	@sh tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

# A fixed seed: the smoke run is a prefix of one known sequence, so CI
# cannot trip over a new random find (make fuzz explores instead).
fuzz-smoke:
	@FUZZ_SEED=$${FUZZ_SEED:-1} sh tests/fuzz/run.sh $${FUZZ_SMOKE_SECONDS:-5}

# ---- installing ------------------------------------------------------------
install: kilde
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(MANPREFIX)/man5 $(DESTDIR)$(SYSCONFDIR)/kilde
	install -m 755 kilde $(DESTDIR)$(BINDIR)/kilde
	install -m 644 man/kilde.1 $(DESTDIR)$(MANPREFIX)/man1/kilde.1
	install -m 644 man/kilde.ini.5 $(DESTDIR)$(MANPREFIX)/man5/kilde.ini.5
	install -m 644 config/kilde.ini $(DESTDIR)$(SYSCONFDIR)/kilde/kilde.ini

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kilde $(DESTDIR)$(MANPREFIX)/man1/kilde.1 \
		$(DESTDIR)$(MANPREFIX)/man5/kilde.ini.5 $(DESTDIR)$(SYSCONFDIR)/kilde/kilde.ini

format:
	clang-format -i src/*.c include/kilde/*.h tests/unit/*.c

clean:
	rm -rf build kilde
