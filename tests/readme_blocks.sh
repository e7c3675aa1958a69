#!/bin/bash
# readme_blocks.sh SRC BUILD SANITIZERS - every block of README.md marked
# runnable runs, in order, so the README cannot drift from the tree.
#
# The marking is an HTML comment on the line before the opening fence
# (invisible on GitHub):
#   <!-- runnable -->                 a shell block: run it with bash -e
#   <!-- runnable: file=NAME -->      any block: write it to NAME first
#   <!-- runnable: needs=CMD ... -->  skip the block (saying so) without CMD
# Blocks run in one scratch directory that looks like the top of a clone
# with its build: Makefile, cmake/ and build/ (this build tree) are links,
# and HOME is a fresh directory there, so `make install
# PREFIX=$HOME/.local` installs into the scratch directory.  A block fails
# the test when it exits non-zero; its text and output are then shown.
set -u
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
if [ -n "${3:-}" ]; then
	echo "readme_blocks: the README's commands are for a plain build, not a sanitizer one ($3)"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/home" "$work/.blocks"
ln -s "$src/Makefile" "$work/Makefile"
ln -s "$src/cmake" "$work/cmake"
ln -s "$build" "$work/build"

# Split the README: .blocks/N.meta holds the marking, .blocks/N.text the block.
awk -v dir="$work/.blocks" '
	/^<!-- runnable(:.*)? -->$/ { meta = $0; armed = 1; next }
	armed && /^```/ { n++; inblock = 1; armed = 0
		m = meta; sub(/^<!-- runnable:? */, "", m); sub(/ *-->$/, "", m)
		printf "%s\n", m > (dir "/" n ".meta"); printf "" > (dir "/" n ".text")
		printf "%d\n", NR > (dir "/" n ".line"); next }
	inblock && /^```$/ { inblock = 0; next }
	inblock { print > (dir "/" n ".text"); next }
	{ armed = 0 }
' "$src/README.md"

ran=0 skipped=0 failed=0
count=$(ls "$work/.blocks" | grep -c '\.meta$')
for i in $(seq 1 "$count"); do
	n="$work/.blocks/$i"
	meta="$n.meta"
	line=$(cat "$n.line")
	file="" needs=""
	for word in $(cat "$meta"); do
		case "$word" in
		file=*) file=${word#file=} ;;
		needs=*) needs=${word#needs=} ;;
		*) needs="$needs $word" ;;
		esac
	done
	missing=""
	for cmd in ${needs//,/ }; do
		command -v "$cmd" >/dev/null 2>&1 || missing="$missing $cmd"
	done
	if [ -n "$missing" ]; then
		echo "README.md:$line: skipped (not installed:$missing)"
		skipped=$((skipped + 1))
		continue
	fi
	if [ -n "$file" ]; then
		mkdir -p "$work/$(dirname "$file")"
		cp "$n.text" "$work/$file"
		echo "README.md:$line: wrote $file"
		continue
	fi
	ran=$((ran + 1))
	# as a user types them, in a plain environment: nothing of the make
	# that ran CTest (make debug exports BUILD=build-debug, MAKEFLAGS ...)
	if (cd "$work" && env -i PATH="$PATH" HOME="$work/home" TMPDIR="${TMPDIR:-/tmp}" \
		LANG="${LANG:-C.UTF-8}" USER="${USER:-user}" \
		timeout 600 bash -e -o pipefail "$n.text") >"$n.out" 2>&1; then
		echo "README.md:$line: ran"
	else
		status=$?
		failed=$((failed + 1))
		echo "README.md:$line: FAILED (exit $status):"
		sed 's/^/    | /' "$n.text"
		echo "  output:"
		tail -n 40 "$n.out" | sed 's/^/    /'
	fi
done
echo "readme_blocks: $ran blocks ran, $failed failed, $skipped skipped"
[ "$ran" -gt 0 ] || { echo "readme_blocks: no block of README.md is marked runnable"; exit 1; }
[ "$failed" = 0 ]
