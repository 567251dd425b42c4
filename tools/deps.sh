#!/bin/sh
# deps.sh build|test - installs the Debian packages kilde needs to build
# (and, with "test", to run its test suite) when they are missing. As root
# it runs apt-get; otherwise it prints the one command to run.
set -eu
want="libncurses-dev libunistring-dev libiniparser-dev pkg-config make gcc"
if [ "${1:-build}" = test ]; then
	want="$want libcmocka-dev tmux clang valgrind mandoc groff-base libclang-rt-14-dev"
fi
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "kilde: missing build dependencies:$missing (install them with your package manager)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "kilde: missing packages:$missing" >&2
	echo "kilde: run: sudo apt-get install$missing" >&2
	exit 1
fi
echo "kilde: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
