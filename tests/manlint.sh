#!/bin/sh
# placeholder: filled in by the suite that owns it
echo "manlint.sh: no tests yet"
