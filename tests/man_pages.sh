#!/bin/sh
# man_pages.sh MANDIR OPTIONS-DOC - the man pages of the build (build/man/,
# what make install installs) format with man -l without a single groff
# warning, each has the sections a reader looks for and a NAME line that
# whatis understands, every zslab page one refers to exists, and
# zslab-cmdline(7) lists every option of the one table, with its alias
# and default.  Skipped (77) where man is not installed (Debian: man-db,
# which .ci/run installs).
mandir=$1
doc=$2
command -v man >/dev/null 2>&1 || { echo "man is not installed (Debian: man-db): skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
complain() { echo "$*"; bad=$((bad + 1)); }

want="slabinfo.1 zslab-iommu-demo.1 zslab.3 zslab_init.3 zslab.7 zslab-cmdline.7 zslab-malloc.7"
for page in $want; do
	[ -f "$mandir/$page" ] || complain "$page: missing from $mandir"
done
for path in "$mandir"/*.[0-9]; do
	page=$(basename "$path")
	if ! MANWIDTH=80 man --warnings -l "$path" >"$tmp/out" 2>"$tmp/err"; then
		complain "$page: man -l failed: $(head -3 "$tmp/err")"
		continue
	fi
	if [ -s "$tmp/err" ]; then
		complain "$page: groff warnings:"
		sed 's/^/    /' "$tmp/err"
	fi
	for section in NAME DESCRIPTION "SEE ALSO"; do
		grep -q "^$section" "$tmp/out" || complain "$page: no $section section"
	done
	if command -v lexgrog >/dev/null 2>&1 && ! lexgrog "$path" >/dev/null 2>&1; then
		complain "$page: its NAME line is not one whatis can read (lexgrog)"
	fi
	# references to zslab's own pages point at pages that exist
	for ref in $(sed -n 's/^\.BR \(zslab[-_a-z]*\|slabinfo\) (\([0-9]\)).*/\1.\2/p' "$path"); do
		[ -f "$mandir/$ref" ] || complain "$page: refers to $ref, which is not a page"
	done
done

# zslab-cmdline(7): every row of the table, rendered
MANWIDTH=200 man -l "$mandir/zslab-cmdline.7" 2>/dev/null >"$tmp/cmdline"
"$doc" --table >"$tmp/table" || complain "zslab-options-doc --table failed"
n=0
while IFS= read -r line; do
	name=$(printf '%s' "$line" | cut -f1)
	alias=$(printf '%s' "$line" | cut -f2)
	syntax=$(printf '%s' "$line" | cut -f3)
	def=$(printf '%s' "$line" | cut -f4)
	n=$((n + 1))
	grep -qxF "       $name$syntax" "$tmp/cmdline" ||
		complain "zslab-cmdline.7: no entry \"$name$syntax\""
	awk -v n="       $name$syntax" -v d="Default: $def." -v a="$alias" '
		$0 == n { on = 1; next }
		on && /^       [^ ]/ { exit }
		on { text = text " " $0 }
		END { gsub(/ +/, " ", text)
		      if (index(text, d) == 0 || (a != "" && index(text, "Also spelled " a ".") == 0)) exit 1 }
	' "$tmp/cmdline" || complain "zslab-cmdline.7: $name: default \"$def\" or alias \"$alias\" missing"
done <"$tmp/table"
[ "$n" -gt 0 ] || complain "the option table is empty"
[ "$bad" = 0 ] && echo "man pages: $(ls "$mandir" | wc -l) pages format cleanly; zslab-cmdline(7) lists all $n options"
[ "$bad" = 0 ]
