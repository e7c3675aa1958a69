# cxx.sh - C++ programs on the preload: every operator new and delete is
# libzslab-malloc.so's (cxx_probe.cpp: binding, alignment, sized delete,
# the new_handler loop, std::bad_alloc, nothrow), built here with the
# system's C++ compiler; skipped without one.
. "$ZP_SRC/common.sh"
CXX=${CXX:-c++}
need "$CXX"
P="$ZP_WORK/cxx_probe"
"$CXX" -std=c++17 -O1 -Wall -Wextra -Werror -fno-builtin -o "$P" "$ZP_SRC/cxx_probe.cpp" -ldl ||
	fail "cannot build cxx_probe.cpp with $CXX"
if "$P" 2>/dev/null; then fail "cxx_probe passed on libstdc++'s operators: it proves nothing"; fi
out=$(LD_PRELOAD="$ZP_LIB" "$P") || fail "cxx_probe failed under the preload"
[ "$out" = "cxx ok" ] || fail "cxx_probe printed '$out'"
# and with zslab's reports fatal: none of the above may warn
out=$(ZSLAB_CMDLINE=panic_on_warn LD_PRELOAD="$ZP_LIB" "$P" 2>"$ZP_WORK/err") ||
	fail "cxx_probe under panic_on_warn: $(head -5 "$ZP_WORK/err")"
echo "operators new/delete: all 20 are zslab's; sized delete, new_handler, bad_alloc, nothrow"
echo "PASS"
