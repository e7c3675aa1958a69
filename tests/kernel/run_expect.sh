#!/bin/sh
# run_expect.sh PROGRAM STATUS PATTERN... - run PROGRAM, check that it exits
# with STATUS and that its output has a line matching each grep PATTERN.
prog=$1; want=$2; shift 2
out=$("$prog" 2>&1); got=$?
echo "$out"
if [ "$got" != "$want" ]; then
	echo "run_expect: $prog exited $got, expected $want" >&2
	exit 1
fi
for pat in "$@"; do
	if ! printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "run_expect: no line matches: $pat" >&2
		exit 1
	fi
done
echo "run_expect: ok"
