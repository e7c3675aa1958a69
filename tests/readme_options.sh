#!/bin/sh
# readme_options.sh SRCDIR - every option of the one options table
# (src/config/options.c) has a row in the README's options table.
src=$1
missing=0
for opt in $(sed -n 's/^	{ "\([a-z0-9_]*\)".*/\1/p' "$src/src/config/options.c"); do
	if ! grep -q "^| \`$opt[=\[\` ]" "$src/README.md"; then
		echo "README.md: no options-table row for $opt"
		missing=$((missing + 1))
	fi
done
[ "$missing" = 0 ] && echo "README.md documents every option"
exit "$missing"
