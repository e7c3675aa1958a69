# probe.sh - libzslab-malloc.so itself, preloaded into a plain program
# (probe.c): it serves the program's and the loader's allocations, it
# exports nothing but the malloc API, ZSLAB_CMDLINE reaches zslab, bad
# frees are reported and survived (or abort under panic_on_warn), and
# threads plus fork work.
. "$ZP_SRC/common.sh"
P="$ZP_PROBE"
pre() { LD_PRELOAD="$ZP_LIB" "$@"; }

# the probe can tell: without the preload its api checks fail
if "$P" api 2>/dev/null; then fail "probe api passed on glibc's malloc: it proves nothing"; fi
pre "$P" api || fail "probe api failed under the preload"
echo "api: blocks, alignment, constructor and dlopen allocations are zslab's"

exports=$(nm -D --defined-only "$ZP_LIB" 2>/dev/null | awk '{print $3}' | sort | tr '\n' ' ')
want=$(printf '%s\n' aligned_alloc calloc execl execle execlp execv execve execveat \
	execvp execvpe fexecve free mallinfo mallinfo2 malloc malloc_stats \
	malloc_trim malloc_usable_size memalign posix_memalign pvalloc realloc reallocarray \
	valloc _Znwm _Znam _ZnwmRKSt9nothrow_t _ZnamRKSt9nothrow_t \
	_ZnwmSt11align_val_t _ZnamSt11align_val_t \
	_ZnwmSt11align_val_tRKSt9nothrow_t _ZnamSt11align_val_tRKSt9nothrow_t \
	_ZdlPv _ZdaPv _ZdlPvRKSt9nothrow_t _ZdaPvRKSt9nothrow_t _ZdlPvm _ZdaPvm \
	_ZdlPvSt11align_val_t _ZdaPvSt11align_val_t \
	_ZdlPvSt11align_val_tRKSt9nothrow_t _ZdaPvSt11align_val_tRKSt9nothrow_t \
	_ZdlPvmSt11align_val_t _ZdaPvmSt11align_val_t | sort | tr '\n' ' ')
if command -v nm >/dev/null 2>&1; then
	[ "$exports" = "$want" ] || fail "exports are '$exports', want '$want'"
	echo "exports: only the malloc API, glibc's introspection calls, C++'s operators, the exec family"
fi
if command -v ldd >/dev/null 2>&1 && ldd "$ZP_LIB" | grep -q 'libzslab\.so'; then
	fail "libzslab-malloc.so depends on libzslab.so"
fi

out=$(pre "$P" badfree 2>/dev/null) || fail "badfree: the process died"
[ "$out" = alive ] || fail "badfree printed '$out'"
status=0
out=$(ZSLAB_CMDLINE=panic_on_warn pre "$P" badfree 2>/dev/null) || status=$?
[ "$status" = 134 ] && [ -z "$out" ] ||
	fail "badfree with panic_on_warn: status $status, output '$out' (want SIGABRT, nothing)"
echo "badfree: reported and ignored; aborts under panic_on_warn"

status=0
pre env ZSLAB_CMDLINE=no_such_option "$P" count >/dev/null 2>&1 || status=$?
[ "$status" != 0 ] || fail "a bad ZSLAB_CMDLINE was accepted"
[ "$(pre "$P" count)" = "got 1000, ENOMEM 0" ] || fail "count without faults: $(pre "$P" count)"
out=$(ZSLAB_CMDLINE="fail_page_alloc=1,100,0,-1" pre "$P" count 2>/dev/null)
case "$out" in
"got 1000, ENOMEM 0") fail "fail_page_alloc in ZSLAB_CMDLINE had no effect" ;;
"got "*", ENOMEM "*) got=${out#got }; got=${got%%,*}; nomem=${out##* }
	[ $((got + nomem)) = 1000 ] || fail "count: '$out' (every failure must be ENOMEM)" ;;
*) fail "count printed '$out'" ;;
esac
echo "options: ZSLAB_CMDLINE reaches zslab (fail_page_alloc: $out)"

# glibc's introspection calls answer for zslab's heap: 4096 kmalloc-1k
# objects are 4 MiB in use; malloc_stats is zslab's report; trim gives back
out=$(pre "$P" info 2>"$ZP_WORK/info.err") || fail "info: status $?"
case "$out" in
"arena +"*" uordblks +"*) used=${out#*uordblks +}; used=${used%%
*}
	[ "$used" -ge 4194304 ] || fail "info: mallinfo2 uordblks grew by $used, want >= 4 MiB" ;;
*) fail "info printed '$out'" ;;
esac
grep -q '^Slabcache Totals$' "$ZP_WORK/info.err" &&
	grep -q '^malloc (libzslab-malloc.so)$' "$ZP_WORK/info.err" ||
	fail "malloc_stats did not print zslab's report: $(head -3 "$ZP_WORK/info.err")"
case "$out" in *"trim 1") ;; *) fail "malloc_trim after freeing 4 MiB: '$out'" ;; esac
# stats=exit: the report at exit, with the heap's requested bytes
ZSLAB_CMDLINE=stats=exit pre "$P" count >/dev/null 2>"$ZP_WORK/exit.err" ||
	fail "count with stats=exit: status $?"
grep -q '^zslab statistics (stats=exit), pid [0-9]* (zslab-preload-pr' "$ZP_WORK/exit.err" &&
	grep -q '^Requested  : .* in [0-9]* calls' "$ZP_WORK/exit.err" ||
	fail "stats=exit printed: $(head -5 "$ZP_WORK/exit.err")"
# stats=exit from a program that closes its standard error at exit, as
# every coreutils program does (gnulib's close_stdout)
printf 'b\na\n' >"$ZP_WORK/sort.in"
ZSLAB_CMDLINE=stats=exit pre sort "$ZP_WORK/sort.in" >/dev/null 2>"$ZP_WORK/sort.err" ||
	fail "sort with stats=exit: status $?"
grep -q '^zslab statistics (stats=exit), pid [0-9]* (sort)' "$ZP_WORK/sort.err" ||
	fail "stats=exit after sort closed stderr printed: $(head -3 "$ZP_WORK/sort.err")"
echo "introspection: mallinfo2 and trim ($(echo $out)), malloc_stats, stats=exit"

out=$(ZSLAB_CMDLINE=panic_on_warn pre "$P" threads) || fail "threads: status $?"
[ "$out" = "threads ok" ] || fail "threads printed '$out'"
echo "threads and fork: ok"
echo "PASS"
