# debug.sh - slub_debug for any program under the preload (issue 13,
# defect 4), on debug_probe.c: under Z a malloc block's red zone begins
# at the requested size (malloc, calloc, a realloc kept in place,
# memalign), so one byte past it is reported with the F checks at free;
# malloc_usable_size() bytes are the program's; a double free says
# "Object already free", and with U the report names the program's
# allocating and freeing functions.  Each case is reported and survived.
. "$ZP_SRC/common.sh"
P="$ZP_DEBUGPROBE"

# run CMDLINE MODE [N]: stdout to $out, stderr to $err
run() {
	cmd=$1
	shift
	out=$(ZSLAB_CMDLINE="$cmd" LD_PRELOAD="$ZP_LIB" "$P" "$@" 2>"$ZP_WORK/err") ||
		fail "$* under $cmd: status $?: $(head -5 "$ZP_WORK/err")"
	err=$(cat "$ZP_WORK/err")
}

expect() {   # expect TEXT WHAT
	case "$err" in
	*"$1"*) ;;
	*) echo "$err" | head -30; fail "$2: no '$1' in the report" ;;
	esac
}

clean() {    # clean WHAT
	[ -z "$err" ] || { echo "$err" | head -20; fail "$1: reported"; }
}

for cmd in slub_debug=FZP slub_debug=FZPU "slub_debug=FZ,kmalloc-32,kmalloc-128"; do
	run "$cmd" overflow 24
	clean "malloc(24), 24 bytes written ($cmd)"
	run "$cmd" overflow 25
	expect "BUG kmalloc-32 (Not tainted): kmalloc Redzone overwritten" "malloc(24) + 1 byte ($cmd)"
	[ "$out" = survived ] || fail "overflow: printed '$out'"
	run "$cmd" overflow 40
	expect "BUG kmalloc-32 (Not tainted): " "malloc(24) + 16 bytes ($cmd)"
	expect "Redzone overwritten" "malloc(24) + 16 bytes ($cmd)"
done
echo "malloc: the red zone begins at the requested size"

run slub_debug=FZP calloc 24
clean "calloc(3, 8), 24 bytes"
run slub_debug=FZP calloc 25
expect "kmalloc Redzone overwritten" "calloc(3, 8) + 1 byte"
run slub_debug=FZP realloc 70
[ "$out" = survived ] || fail "realloc moved the block: '$out'"
clean "realloc(p, 70), 70 bytes"
run slub_debug=FZP realloc 71
expect "BUG kmalloc-128 (Not tainted): kmalloc Redzone overwritten" "realloc(p, 70) + 1 byte"
run slub_debug=FZP memalign 40
[ "$out" = survived ] || fail "memalign: '$out'"
clean "memalign(64, 40), 40 bytes"
run slub_debug=FZP memalign 41
expect "kmalloc Redzone overwritten" "memalign(64, 40) + 1 byte"
run slub_debug=FZP usable
[ "$out" = "usable 32
survived" ] || fail "usable: printed '$out'"
clean "malloc_usable_size() bytes written"
echo "calloc, realloc in place, memalign: the same; malloc_usable_size() is writable"

run slub_debug=F doublefree
expect "Object already free" "double free (F)"
run slub_debug=FZPU doublefree
expect "BUG kmalloc-128 (Not tainted): Object already free" "double free (FZPU)"
expect "INFO: Allocated in probe_alloc_site+0x" "double free: the alloc track"
expect "INFO: Freed in probe_free_site+0x" "double free: the free track"
[ "$out" = survived ] || fail "doublefree: printed '$out'"
echo "double free: \"Object already free\", tracks name the program's functions"

# init_on_free sets the one "not plain" switch: free()'s class map path
# (class_map.h) must still end in the hooked free, which zeroes the block
for n in 48 100 3000; do
	run init_on_free=1 freed $n
	[ "$out" = "left 0
survived" ] || fail "free(malloc($n)) under init_on_free: printed '$out'"
	clean "free(malloc($n)) under init_on_free"
	run "" freed $n
	case "$out" in
	"left 0"*) fail "free(malloc($n)) without init_on_free: the probe saw no bytes left" ;;
	esac
done
echo "init_on_free: free() zeroes malloc blocks"

status=0
ZSLAB_CMDLINE="slub_debug=FZP panic_on_warn" LD_PRELOAD="$ZP_LIB" "$P" overflow 25 \
	>/dev/null 2>&1 || status=$?
[ "$status" = 134 ] || fail "overflow under panic_on_warn: status $status, want SIGABRT"
echo "PASS"
