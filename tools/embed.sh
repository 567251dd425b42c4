#!/bin/sh
# embed.sh NAME FILE - prints a C file that defines `const char NAME[]` with
# the bytes of FILE, so the documented default config is also compiled in.
set -eu
name=$1
file=$2
printf '/* Generated from %s by tools/embed.sh; do not edit. */\n' "$file"
printf 'extern const char %s[];\nconst char %s[] = {\n' "$name" "$name"
# The cast: bytes >= 0x80 ("ø") do not fit a signed char as plain ints.
od -An -v -tx1 "$file" | sed -e 's/ \([0-9a-f][0-9a-f]\)/(char)0x\1,/g' -e 's/^/\t/'
printf '\t0x00\n};\n'
