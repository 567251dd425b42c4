#!/bin/sh
# placeholder: filled in by the suite that owns it
echo "e2e/run.sh: no tests yet"
