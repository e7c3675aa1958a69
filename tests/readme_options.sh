#!/bin/sh
# readme_options.sh SRCDIR OPTIONS-DOC - the README's options table and the
# one options table (src/config/options.c, read through zslab_option_get()
# by the build's zslab-options-doc, as zslab-cmdline(7) is generated) agree:
# every option has a row in the table under "## Options" that starts with
# its name, names its alias and shows its default; and every row there
# names an option that exists.
src=$1
doc=$2
"$doc" --table >"${TMPDIR:-/tmp}/zs-options.$$" || exit 1
awk -F'\t' -v table="${TMPDIR:-/tmp}/zs-options.$$" '
	# the README: the rows of the table in the Options section
	FNR == 1 && FILENAME != table { readme = 1 }
	!readme { name[++n] = $1; alias[n] = $2; def[n] = $4; known[$1] = 1
		  if ($2 != "") known[$2] = 1; next }
	/^## / { in_opts = ($0 == "## Options"); next }
	in_opts && /^\| `/ { rows[++r] = $0 }
	END {
		bad = 0
		for (i = 1; i <= n; i++) {
			found = 0
			for (k = 1; k <= r; k++) {
				split(rows[k], cell, " \\| ")
				c1 = substr(cell[1], 3)          # after "| "
				if (index(c1, "`" name[i]) != 1) continue
				nx = substr(c1, length(name[i]) + 2, 1)
				if (nx != "=" && nx != "[" && nx != "`" && nx != "\\") continue
				found = 1
				d = cell[2]; gsub(/`/, "", d); gsub(/\\\|/, "|", d)
				if (d != def[i]) {
					printf "README.md: %s: default \"%s\", the table says \"%s\"\n", name[i], d, def[i]
					bad++
				}
				if (alias[i] != "" && index(c1, "`" alias[i]) == 0) {
					printf "README.md: %s: the row does not name its alias %s\n", name[i], alias[i]
					bad++
				}
			}
			if (!found) {
				printf "README.md: no options-table row for %s\n", name[i]
				bad++
			}
		}
		for (k = 1; k <= r; k++) {
			opt = substr(rows[k], 4)
			sub(/[=[` \\].*/, "", opt)
			if (!(opt in known)) {
				printf "README.md: the options table has a row for %s, which is no option\n", opt
				bad++
			}
		}
		if (!bad) printf "README.md documents every option (%d), with its default\n", n
		exit bad != 0
	}
' "${TMPDIR:-/tmp}/zs-options.$$" "$src/README.md"
status=$?
rm -f "${TMPDIR:-/tmp}/zs-options.$$"
exit $status
