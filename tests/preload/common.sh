# common.sh - sourced by every preload test.  Environment (set by CTest):
#   ZP_LIB       path of libzslab-malloc.so
#   ZP_SANITIZE  the build's sanitizers ("" for a plain build)
#   ZP_WORK      a scratch directory of this test's own
#   ZP_SRC       this directory (scripts and inputs)
# A test runs its workload twice, without and with the preload, in fresh
# directories, and the two standard outputs must be identical.  The zslab
# run uses panic_on_warn, so any zslab report (a bad free, a double free,
# corruption found) aborts the program and fails the test.  Exit 77 means
# skipped (CTest's SKIP_RETURN_CODE).
set -eu

skip() {
	echo "SKIPPED: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	exit 1
}

if [ -n "${ZP_SANITIZE:-}" ]; then
	skip "preload tests do not run in sanitizer builds (ZSLAB_SANITIZE=$ZP_SANITIZE):" \
	     "libzslab-malloc.so is then itself instrumented and its malloc would" \
	     "replace the one the sanitizer runtime intercepts and tracks;" \
	     "test_malloc_* cover the same code there under the names zsm_*"
fi
[ -f "$ZP_LIB" ] || fail "no preload library at $ZP_LIB"
ulimit -c 0
unset ZSLAB_CMDLINE LD_PRELOAD || true
rm -rf "$ZP_WORK"
mkdir -p "$ZP_WORK"

# need PROG...: skip unless every PROG is installed.
need() {
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
	done
}

# preload_active PROG [ARGS]: PROG must really run on zslab: with a bad
# option in ZSLAB_CMDLINE zslab refuses to boot at PROG's first malloc
# and stops it, so PROG must fail.
preload_active() {
	if ZSLAB_CMDLINE=zp_not_an_option LD_PRELOAD="$ZP_LIB" "$@" >/dev/null 2>&1; then
		fail "$1 ran to completion with a bad ZSLAB_CMDLINE: not on zslab's malloc"
	fi
}

# run_both FUNC: run shell function FUNC in $ZP_WORK/plain and then, with
# every process it starts on zslab, in $ZP_WORK/zslab; compare stdout.
run_both() {
	for v in plain zslab; do
		d="$ZP_WORK/$v"
		mkdir -p "$d"
		start=$(date +%s)
		# errexit holds inside the subshell: any failing step fails the run
		set +e
		(
			set -e
			cd "$d"
			if [ "$v" = zslab ]; then
				export LD_PRELOAD="$ZP_LIB" ZSLAB_CMDLINE="panic_on_warn"
			fi
			"$1"
		) >"$ZP_WORK/$v.out" 2>"$ZP_WORK/$v.err"
		status=$?
		set -e
		if [ "$status" != 0 ]; then
			echo "--- stderr of the $v run:"
			tail -n 40 "$ZP_WORK/$v.err"
			fail "$1 exited with status $status in the $v run"
		fi
		echo "$v run: $(wc -l <"$ZP_WORK/$v.out") lines of output in $(( $(date +%s) - start )) s"
	done
	if ! cmp -s "$ZP_WORK/plain.out" "$ZP_WORK/zslab.out"; then
		diff -u "$ZP_WORK/plain.out" "$ZP_WORK/zslab.out" | head -n 40
		fail "output differs with libzslab-malloc.so preloaded"
	fi
	[ -s "$ZP_WORK/plain.out" ] || fail "$1 printed nothing: nothing was compared"
	echo "PASS: identical output with and without the preload"
}
