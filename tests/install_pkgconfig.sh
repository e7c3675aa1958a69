#!/bin/sh
# Install zslab into a scratch prefix and build an outside program against
# it with pkg-config, once against the shared and once against the static
# library.  Where pkg-config is missing, the .pc file is read directly so
# the check still runs.
set -eu
build="$1"
# A sanitizer build installs an instrumented library: the outside program
# must be built with the same sanitizers.
san=${2:+-fsanitize=$2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
# The slabinfo tool and its man page are installed too.
test -x "$tmp/prefix/bin/slabinfo"
test -f "$tmp/prefix/share/man/man1/slabinfo.1"
pcdir=$(dirname "$(find "$tmp/prefix" -name zslab.pc | head -n 1)")
test -f "$pcdir/zslab.pc"

pc() {
	if command -v pkg-config >/dev/null 2>&1; then
		PKG_CONFIG_PATH="$pcdir" pkg-config "$@" zslab
	else
		prefix="$tmp/prefix"
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

libdir=$(dirname "$(find "$tmp/prefix" -name 'libzslab.so' | head -n 1)")
cc $san "$tmp/prog.c" $(pc --cflags) $(pc --libs) -o "$tmp/prog_shared"
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
if [ -f "$pcdir/zslab-kernel.pc" ] && command -v pkg-config >/dev/null 2>&1; then
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
	src=$(dirname "$0")/kernel/kt_lib.c
	cc $san -Wall -Werror -DKBUILD_MODNAME='"kt_lib"' $(kpc --cflags) "$src" \
		$(kpc --libs) -o "$tmp/kt_lib"
	LD_LIBRARY_PATH="$libdir" "$tmp/kt_lib" | tail -n 3
	echo "install + pkg-config zslab-kernel: ok"
fi
echo "install + pkg-config: ok"
