#!/bin/sh
# install.sh BUILD SANITIZERS - what a user gets from `make install`:
#  - the files: libraries, headers, zslab.pc, the CMake package, the
#    tools under their zslab- names and the man pages;
#  - an outside program built with pkg-config (shared, with an rpath and
#    with LD_LIBRARY_PATH, and static) that runs;
#  - kernel code built with pkg-config zslab-kernel (where the compat tree
#    is built), and run under zslab-kunit;
#  - the same programs built by a tiny CMake project through
#    find_package(zslab CONFIG REQUIRED) and each imported target
#    (zslab::kernel too), and a version that must not be found;
#  - the shared library's exports and dependencies (libc only);
#  - uninstall: a fresh prefix ends empty; in a prefix that held files of
#    its own, exactly those stay.
# Where pkg-config is missing, the .pc file is read directly.
set -eu
build="$1"
src=$(cd "$(dirname "$0")/.." && pwd)
# A sanitizer build installs an instrumented library: the outside program
# must be built with the same sanitizers.
san=${2:+-fsanitize=$2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
mkdir "$prefix"

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/slabinfo bin/zslab-iommu-demo; do
	test -e "$prefix/$f" || { echo "not installed: $f" >&2; exit 1; }
done
# every man page of the build (tests/man_pages.sh checks their text)
for page in "$build"/man/*.[0-9]; do
	name=$(basename "$page")
	test -f "$prefix/share/man/man${name##*.}/$name" ||
		{ echo "man page not installed: $name" >&2; exit 1; }
done
if [ -e "$prefix/bin/iommu-demo" ]; then
	echo "the demo is installed under its old generic name" >&2
	exit 1
fi
pcdir=$(dirname "$(find "$prefix" -name zslab.pc | head -n 1)")
test -f "$pcdir/zslab.pc"
cmakedir=$(dirname "$(find "$prefix" -name zslabConfig.cmake | head -n 1)")
test -f "$cmakedir/zslabConfigVersion.cmake"

pc() {
	if command -v pkg-config >/dev/null 2>&1; then
		PKG_CONFIG_PATH="$pcdir" pkg-config "$@" zslab
	else
		libdir="$pcdir/.."
		case "$1" in
		--cflags) echo "-I$prefix/include" ;;
		--libs) echo "-L$libdir -lzslab" ;;
		esac
	fi
}

cat > "$tmp/prog.c" <<'PROG'
#include <stdio.h>
#include <zslab/zslab.h>

int main(void)
{
	if (zslab_init("memmap=4G@0x40000000"))
		return 1;
	struct kmem_cache *l2 = kmem_cache_create("io-pgtable_armv7s_l2", 1024, 1024,
						  SLAB_CACHE_DMA32, NULL);
	void *t = kmem_cache_zalloc(l2, GFP_KERNEL);
	unsigned long long phys = (unsigned long long)virt_to_phys(t);
	kmem_cache_free(l2, t);
	kmem_cache_destroy(l2);
	zslab_exit();
	printf("phys %#llx\n", phys);
	return phys < (1ULL << 32) ? 0 : 2;
}
PROG

libdir=$(dirname "$(find "$prefix" -name 'libzslab.so' | head -n 1)")
cc $san "$tmp/prog.c" $(pc --cflags) $(pc --libs) -Wl,-rpath,"$libdir" -o "$tmp/prog_rpath"
"$tmp/prog_rpath"
cc $san "$tmp/prog.c" $(pc --cflags) $(pc --libs) -o "$tmp/prog_shared"
# without the rpath the loader cannot find a prefix's library (unless
# one is installed where it looks): why the README shows that step
if ! ldconfig -p 2>/dev/null | grep -q 'libzslab\.so\.0 '; then
	if "$tmp/prog_shared" >/dev/null 2>"$tmp/err"; then
		echo "a program linked without an rpath found libzslab.so.0" >&2
		exit 1
	fi
	grep -q "libzslab.so.0: cannot open shared object file" "$tmp/err"
fi
LD_LIBRARY_PATH="$libdir" "$tmp/prog_shared"
# the static library's own dependencies, as the .pc file lists them
static_libs="-lpthread -ldl"
if command -v pkg-config >/dev/null 2>&1; then
	static_libs=$(PKG_CONFIG_PATH="$pcdir" pkg-config --static --libs-only-l --libs-only-other zslab | sed 's/-lzslab//')
fi
cc $san "$tmp/prog.c" $(pc --cflags) "$libdir/libzslab.a" $static_libs -o "$tmp/prog_static"
"$tmp/prog_static"
# The shared library exports the API and nothing internal.
if nm -D --defined-only "$libdir/libzslab.so" | awk '{print $3}' | grep -q '^zs_'; then
	echo "libzslab.so exports internal zs_ symbols" >&2
	exit 1
fi
# The library needs only libc (pthreads are in it) and the loader:
# libfuse3 is opened at run time, never linked (a sanitizer build also
# needs its runtime).
needed=$(objdump -p "$libdir/libzslab.so" | awk '$1 == "NEEDED" {print $2}')
for lib in $needed; do
	case "$lib" in
	libc.so.6 | ld-linux*.so.*) ;;
	libasan.so.* | libubsan.so.* | libtsan.so.*) test -n "$san" || bad=1 ;;
	*) bad=1 ;;
	esac
	if [ -n "${bad:-}" ]; then
		echo "libzslab.so needs $lib; only libc and the loader are allowed:" $needed >&2
		exit 1
	fi
done
if ldd "$libdir/libzslab.so" | grep -i fuse >&2; then
	echo "libzslab.so pulls in libfuse at load time" >&2
	exit 1
fi
if nm -D "$libdir/libzslab.so" | grep -i fuse >&2; then
	echo "libzslab.so exports or imports fuse symbols" >&2
	exit 1
fi
# zslab-kernel (built where liburcu-bp is): kernel code compiles against
# the installed tree with `pkg-config --cflags --libs zslab-kernel`, mm's
# relative includes resolve, the C library's own headers still compile
# under -Wall -Werror, and a kernel-style test runs under zslab-kunit.
kernel_pc=$(find "$prefix" -name zslab-kernel.pc | head -n 1)
if [ -n "$kernel_pc" ] && command -v pkg-config >/dev/null 2>&1; then
	kpc() { PKG_CONFIG_PATH="$pcdir" pkg-config "$@" zslab-kernel; }
	mkdir -p "$tmp/k/lib" "$tmp/k/mm"
	cat > "$tmp/k/lib/rel.c" <<'KPROG'
#include <errno.h>
#include <limits.h>
#include <sys/param.h>
#include <sys/sysinfo.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include "../mm/slab.h"
int rel_offset(struct kmem_cache *s);
int rel_offset(struct kmem_cache *s) { return (int)s->offset + SLUB_RED_ACTIVE + EPROBE_DEFER + HZ; }
KPROG
	cat > "$tmp/k/mm/rel.c" <<'KPROG'
#include <linux/mm.h>
#include "slab.h"
int mm_size(struct kmem_cache *s);
int mm_size(struct kmem_cache *s) { return (int)s->size + (int)validate_slab_cache(s); }
KPROG
	(cd "$tmp/k/lib" && cc $san -Wall -Werror $(kpc --cflags) -c rel.c -o rel.o)
	(cd "$tmp/k/mm" && cc $san -Wall -Werror $(kpc --cflags) -c rel.c -o rel.o)
	cc $san -Wall -Werror -DKBUILD_MODNAME='"kt_lib"' $(kpc --cflags) \
		"$src/tests/kernel/kt_lib.c" $(kpc --libs) -o "$tmp/kt_lib"
	LD_LIBRARY_PATH="$libdir" "$tmp/kt_lib" | tail -n 3
	echo "install + pkg-config zslab-kernel: ok"
fi

# find_package(zslab CONFIG REQUIRED) and the imported targets.  The
# malloc target (zslab's malloc linked in) cannot run beside a sanitizer's
# own malloc, so sanitizer builds leave it out.
mkdir "$tmp/cm"
cp "$tmp/prog.c" "$tmp/cm/prog.c"
cat > "$tmp/cm/heap.c" <<'PROG'
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

/* zslab's malloc hands out its own classes: 100 bytes are a malloc-112 object */
int main(void)
{
	void *p = malloc(100);
	size_t n = malloc_usable_size(p);

	printf("malloc(100): %zu usable bytes\n", n);
	free(p);
	return n == 112 ? 0 : 3;
}
PROG
cat > "$tmp/cm/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.16)
project(zslab_user C)
find_package(zslab 0.1 CONFIG REQUIRED)
foreach(t zslab::zslab zslab::static zslab::malloc)
  if(NOT TARGET ${t})
    message(FATAL_ERROR "find_package(zslab) gave no ${t}")
  endif()
endforeach()
add_executable(prog_shared prog.c)
target_link_libraries(prog_shared PRIVATE zslab::zslab)
add_executable(prog_static prog.c)
target_link_libraries(prog_static PRIVATE zslab::static)
# the kernel-compat part, where this zslab was built with it: the same
# kernel-style test as with pkg-config, through zslab::kernel alone
if(WITH_KERNEL)
  if(NOT TARGET zslab::kernel)
    message(FATAL_ERROR "zslab was built with kernel/ but gives no zslab::kernel")
  endif()
  add_executable(kt_lib ${KT_LIB})
  zslab_kernel_modname(${KT_LIB})
  target_link_libraries(kt_lib PRIVATE zslab::kernel)
endif()
if(NOT WITH_SANITIZER)
  add_executable(heap heap.c)
  target_link_libraries(heap PRIVATE zslab::malloc)
endif()
message(STATUS "zslab ${zslab_VERSION} from ${zslab_DIR}")
find_package(zslab 99.0 CONFIG QUIET)
if(zslab_FOUND)
  message(FATAL_ERROR "zslab 99.0 was found: the version file accepts anything")
endif()
CM
cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_FLAGS="$san" -DWITH_SANITIZER="${2:+1}" \
	-DWITH_KERNEL="${kernel_pc:+1}" -DKT_LIB="$src/tests/kernel/kt_lib.c" >"$tmp/cm.log" 2>&1 ||
	{ cat "$tmp/cm.log"; exit 1; }
grep -q "zslab 0.1.0 from $cmakedir" "$tmp/cm.log" || { cat "$tmp/cm.log"; exit 1; }
cmake --build "$tmp/cm/build" >"$tmp/cm.log" 2>&1 || { cat "$tmp/cm.log"; exit 1; }
"$tmp/cm/build/prog_shared"     # the imported target carries its rpath
"$tmp/cm/build/prog_static"
if [ -z "$san" ]; then
	"$tmp/cm/build/heap"
fi
if [ -n "$kernel_pc" ]; then
	"$tmp/cm/build/kt_lib" | tail -n 3
	echo "find_package zslab::kernel: ok"
fi
rm -rf "$tmp/cm/build"

# uninstall: everything goes, the prefix is left empty
cmake -DRECORD_DIR="$build/install-record" -DPREFIX="$prefix" \
	-P "$src/cmake/uninstall.cmake" >"$tmp/un.log"
left=$(find "$prefix" -mindepth 1)
if [ -n "$left" ]; then
	echo "uninstall left behind:" $left >&2
	exit 1
fi
# a prefix with files of its own: those stay, and nothing else does
mkdir -p "$prefix/share/man/man1" "$prefix/bin"
echo mine >"$prefix/share/man/man1/mine.1"
(cd "$prefix" && find . | sort) >"$tmp/before"
cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -DRECORD_DIR="$build/install-record" -DPREFIX="$prefix" \
	-P "$src/cmake/uninstall.cmake" >"$tmp/un.log"
(cd "$prefix" && find . | sort) >"$tmp/after"
if ! cmp -s "$tmp/before" "$tmp/after"; then
	echo "uninstall did not restore the prefix:" >&2
	diff "$tmp/before" "$tmp/after" >&2 || true
	exit 1
fi
# nothing recorded any more: a second uninstall says so and fails
if cmake -DRECORD_DIR="$build/install-record" -DPREFIX="$prefix" \
	-P "$src/cmake/uninstall.cmake" >"$tmp/un.log" 2>&1; then
	echo "a second uninstall succeeded" >&2
	exit 1
fi
grep -q "nothing was installed into $prefix" "$tmp/un.log"
echo "install, pkg-config, find_package, uninstall: ok"
