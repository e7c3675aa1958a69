# cmake.sh - cmake configuring and building a generated C project (a
# static library, a generated header, an executable, ctest) with cmake,
# make, the compiler and the built program all on zslab; the program's
# output and the build's file list must match the glibc run's.
. "$ZP_SRC/common.sh"
need cmake make cc
preload_active cmake --version
work() {
	mkdir -p src
	cat >src/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.13)
project(zp C)
set(N 40)
configure_file(config.h.in config.h)
file(GLOB UNITS ${CMAKE_SOURCE_DIR}/u*.c)
list(SORT UNITS)
add_library(units STATIC ${UNITS})
add_executable(app main.c)
target_include_directories(app PRIVATE ${CMAKE_BINARY_DIR})
target_link_libraries(app units)
enable_testing()
add_test(NAME runs COMMAND app)
CM
	printf '#define N @N@\n' >src/config.h.in
	{
		echo '#include <stdio.h>'
		echo '#include "config.h"'
		for i in $(seq 0 39); do echo "unsigned long u$i(unsigned long);"; done
		echo 'int main(void) { unsigned long x = 1;'
		for i in $(seq 0 39); do echo "  x = u$i(x); printf(\"u$i %lu\\\\n\", x);"; done
		echo '  printf("N %d\\n", N); return 0; }'
	} >src/main.c
	for i in $(seq 0 39); do
		printf 'unsigned long u%d(unsigned long x) { return x * %d + %d; }\n' \
			"$i" $((i * 2 + 3)) "$i" >"src/u$i.c"
	done
	cmake -S src -B build -G "Unix Makefiles" >/dev/null
	cmake --build build -j 2 >/dev/null
	./build/app
	(cd build && ctest -Q)
	(cd build && find . -name '*.o' | sed 's/.*\///' | sort)
	cmake -E sha256sum src/main.c | cut -d' ' -f1
}
run_both work
