#!/bin/sh
# layer_includes.sh TOP - check every #include line of src/, include/,
# malloc/, kernel/, tools/ and bench/ against the layer order (TEAM.md,
# docs/design.md):
#
#   host < config < common < mm < slab < lib < dma < iommu < init
#   then kernel/, malloc/ (may include any src/ layer), tools/ and bench/
#   (public headers only, plus tools/common/ helpers)
#
# A src/ file may include headers of its own layer and of layers below;
# include/zslab/ headers include only public headers; kernel/include/ and
# kernel/mm/ (installed) include only public and kernel/ headers.  Quoted
# includes are resolved as the compiler would (the file's directory
# first, then the area's include directories); an include that resolves
# nowhere is an error, and so is a src/ folder that is not in the list
# (add it here and to docs/design.md).  Folders that do not exist yet
# (src/dma, kernel/) are simply not there to check.
#
# layer_includes.sh --self-test TOP - the checker must find the violations
# of a small tree built for the purpose, and pass a clean one.
set -eu

LAYERS="host config common mm slab lib dma iommu init"

# rank LAYER - its position in LAYERS (0 = host), or nothing.
rank() {
	r=0
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $r; return; }
		r=$((r + 1))
	done
}

# area PATH - where a repository path lives: src:LAYER, public, malloc,
# kernel-installed, kernel, tools, bench, or other.
area() {
	case $1 in
	src/*/*) l=${1#src/}; echo "src:${l%%/*}" ;;
	include/*) echo public ;;
	malloc/*) echo malloc ;;
	kernel/include/* | kernel/mm/*) echo kernel-installed ;;
	kernel/*) echo kernel ;;
	tools/*) echo tools ;;
	bench/*) echo bench ;;
	*) echo other ;;
	esac
}

# normalize PATH - drop ./ and dir/../ components.
normalize() {
	echo "$1" | awk -F/ '{
		n = 0
		for (i = 1; i <= NF; i++) {
			if ($i == "." || $i == "") continue
			if ($i == ".." && n > 0) { n--; continue }
			p[++n] = $i
		}
		s = p[1]; for (i = 2; i <= n; i++) s = s "/" p[i]; print s
	}'
}

# search_dirs AREA - the include directories after the file's own one.
search_dirs() {
	case $1 in
	src:* | malloc) echo "src include" ;;
	public) echo "include" ;;
	kernel-installed) echo "kernel/include kernel/mm include" ;;
	kernel) echo "kernel/include kernel/mm kernel src include" ;;
	tools) echo "tools include" ;;
	bench) echo "bench tools include" ;;
	*) echo "src include" ;;
	esac
}

# allowed FROM TO - may a file of area FROM include a header of area TO?
allowed() {
	from=$1 to=$2
	[ "$to" = public ] && return 0
	case $from in
	src:*)
		case $to in
		src:*) [ "$(rank "${to#src:}")" -le "$(rank "${from#src:}")" ] ;;
		*) return 1 ;;
		esac ;;
	public) return 1 ;;
	malloc) case $to in src:* | malloc) return 0 ;; *) return 1 ;; esac ;;
	kernel-installed) [ "$to" = kernel-installed ] ;;
	kernel) case $to in src:* | kernel | kernel-installed) return 0 ;; *) return 1 ;; esac ;;
	tools) [ "$to" = tools ] ;;
	bench) case $to in bench | tools) return 0 ;; *) return 1 ;; esac ;;
	*) return 0 ;;
	esac
}

# check TOP - print every violation; exit status 1 when there is one.
check() {
	top=$1 bad=0
	cd "$top"
	for d in src; do
		[ -d $d ] || continue
		for l in $(cd $d && ls -d */ 2>/dev/null | tr -d /); do
			if [ -z "$(rank "$l")" ]; then
				echo "src/$l/: not a layer of the order ($LAYERS)"
				bad=1
			fi
		done
	done
	files=$(for d in src include malloc kernel tools bench; do
		[ -d $d ] && find $d -name '*.[ch]' -type f; done | sort)
	for f in $files; do
		from=$(area "$f")
		case $from in src:*) [ -n "$(rank "${from#src:}")" ] || continue ;; esac
		dir=$(dirname "$f")
		# "LINE KIND NAME": KIND q for "quoted", a for <angle>
		lines=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p;
			s/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/<\1/p' "$f")
		for inc in $lines; do
			case $inc in
			"<zslab/"*) continue ;;
			"<"*) name=${inc#<}; dirs="src include"; own= ;;
			# the area's directories, then src/ and include/ so that an
			# include the compiler would refuse is still named
			*) name=$inc; dirs="$(search_dirs "$from") src include"; own=$dir ;;
			esac
			target=
			for sd in $own $dirs; do
				p=$(normalize "$sd/$name")
				[ -f "$p" ] && { target=$p; break; }
			done
			if [ -z "$target" ]; then
				case $inc in "<"*) continue ;; esac  # a system header
				echo "$f: #include \"$name\" resolves to no file"
				bad=1
				continue
			fi
			to=$(area "$target")
			if ! allowed "$from" "$to"; then
				echo "$f: includes $target ($to) from $from: against the layer order"
				bad=1
			fi
		done
	done
	return $bad
}

# self_test - a tree with known violations, then the same tree repaired.
self_test() {
	t=$(mktemp -d)
	trap 'rm -rf "$t"' EXIT
	mkdir -p "$t/src/mm" "$t/src/slab" "$t/src/common" "$t/include/zslab" "$t/tools" "$t/src/extra"
	echo '#include "slab/slab.h"' > "$t/src/mm/a.c"          # mm includes slab
	echo '#include "common/list.h"' > "$t/src/mm/b.c"        # fine
	echo '#include "mm/page.h"' > "$t/tools/t.c"             # tools include mm
	echo '#include "nowhere.h"' > "$t/src/slab/c.c"          # unresolved
	echo '#include <zslab/x.h>' > "$t/src/common/d.c"        # fine
	: > "$t/src/slab/slab.h"; : > "$t/src/common/list.h"; : > "$t/src/mm/page.h"
	: > "$t/include/zslab/x.h"
	out=$(check "$t" || true)
	n=$(echo "$out" | grep -c . || true)
	if [ "$n" -ne 4 ] || ! echo "$out" | grep -q "src/mm/a.c" ||
	   ! echo "$out" | grep -q "tools/t.c" || ! echo "$out" | grep -q "src/extra/"; then
		echo "self-test: expected 4 violations, got:"; echo "$out"; exit 1
	fi
	rm -rf "$t/src/extra" "$t/src/mm/a.c" "$t/tools/t.c" "$t/src/slab/c.c"
	if ! out=$(check "$t"); then
		echo "self-test: a clean tree was refused:"; echo "$out"; exit 1
	fi
	echo "self-test: ok"
}

if [ "${1:-}" = --self-test ]; then
	self_test
	exit 0
fi
top=${1:?usage: layer_includes.sh TOP}
if check "$top"; then
	echo "layer_includes: every include follows the layer order"
else
	exit 1
fi
