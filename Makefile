# zslab - the front door.  CMake does the work; these targets are the
# commands the README promises.
BUILD   ?= build
PREFIX  ?= /usr/local
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all configure test demo bench bench-suite bench-deps install clean asan tsan debug

all: configure
	cmake --build $(BUILD) -j $(JOBS)

configure:
	@test -f $(BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

demo: all
	$(BUILD)/tools/iommu-demo $(BUILD)/iommu-demo.svg

# make bench: the micro-benchmarks (BENCH_FLAGS), the level-2 table
# comparison, then the allocator suite
# (SUITE_FLAGS, e.g. "--scale 4 --runs 9" for longer, steadier runs).  It
# installs nothing: make bench-deps installs the peers and redis.
bench: all
	$(BUILD)/bench/zslab-bench --json $(BUILD)/bench/micro-results.json $(BENCH_FLAGS)
	$(BUILD)/bench/zslab-l2cmp
	$(BUILD)/bench/zslab-suite $(SUITE_FLAGS)

bench-suite: all
	$(BUILD)/bench/zslab-suite $(SUITE_FLAGS)

bench-deps:
	sh bench/install-deps.sh

install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

# The same suite under sanitizers, in build trees of their own.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DZSLAB_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug"

tsan:
	$(MAKE) test BUILD=build-tsan CMAKE_FLAGS="-DZSLAB_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo" CTEST_FLAGS="-L threads"

# The whole suite with the lock-rank checker and the invariant assertions
# on (ZSLAB_DEBUG): an out-of-order lock or a broken invariant aborts.
debug:
	$(MAKE) test BUILD=build-debug CMAKE_FLAGS="-DZSLAB_DEBUG=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo"

clean:
	rm -rf build build-asan build-tsan build-debug
