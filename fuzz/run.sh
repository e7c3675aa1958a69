#!/bin/sh
# run.sh BUILD SECONDS - run every harness for SECONDS on a copy of its
# seed corpus (fuzz/corpus/NAME; new inputs stay in BUILD/corpus/NAME),
# then print one line per harness: total execs, execs per second of wall
# time and per second of CPU time (the machine may be shared), findings.  Any
# crash, sanitizer report or failed check is a finding: the input is kept
# as BUILD/findings/NAME-* and the script exits 1.
set -u
build=$1
secs=$2
src=$(cd "$(dirname "$0")" && pwd)
status=0
mkdir -p "$build/findings"
printf '%-14s %12s %10s %12s %9s\n' harness execs execs/s execs/cpu-s findings
for f in fuzz_api fuzz_cmdline fuzz_slabinfo fuzz_v7s fuzz_kparse; do
	[ -x "$build/fuzz/$f" ] || { echo "$f: not built (liburcu-bp missing?)"; continue; }
	name=${f#fuzz_}
	corpus=$build/corpus/$name
	mkdir -p "$corpus"
	cp -n "$src/corpus/$name"/* "$corpus"/ 2>/dev/null || true
	case $name in
	api|v7s) len=512 ;;
	*) len=2048 ;;
	esac
	log=$build/$f.log
	/usr/bin/env time -f 'cpu %U %S' "$build/fuzz/$f" -max_total_time="$secs" -max_len="$len" \
		-print_final_stats=1 -reload=0 -artifact_prefix="$build/findings/$name-" "$corpus" >"$log" 2>&1
	rc=$?
	cpu=$(sed -n 's/^cpu \([0-9.]*\) \([0-9.]*\)$/\1 \2/p' "$log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	found=0
	if [ "$rc" != 0 ]; then
		found=1
		status=1
		grep -E 'FINDING|ERROR|SUMMARY' "$log" | head -5
	fi
	percpu=$(echo "$execs $cpu" | awk 'NF == 3 && $2 + $3 > 0 { printf "%d", $1 / ($2 + $3) }')
	printf '%-14s %12s %10s %12s %9s\n' "$name" "${execs:-?}" "${rate:-?}" "${percpu:-?}" "$found"
done
exit $status
