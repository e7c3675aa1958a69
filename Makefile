# zslab - the front door.  CMake does the work; these targets are the
# commands the README promises.
BUILD   ?= build
PREFIX  ?= /usr/local
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all configure test demo bench bench-readme bench-suite bench-deps install uninstall clean asan tsan debug fuzz soak

all: configure
	cmake --build $(BUILD) -j $(JOBS)

configure:
	@test -f $(BUILD)/CMakeCache.txt || \
	  cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_FLAGS)

# The demo builds only what it needs: libzslab's objects and the demo.
demo: configure
	cmake --build $(BUILD) --target zslab-iommu-demo -j $(JOBS)
	$(BUILD)/tools/zslab-iommu-demo $(BUILD)/iommu-demo.svg

# make bench: the micro-benchmarks with their instruction counts beside
# the times (BENCH_FLAGS), the level-2 table comparison, then the
# allocator suite (SUITE_FLAGS, e.g. "--scale 4 --runs 9" for longer,
# steadier runs), and last the README's benchmark tables rendered from
# the two JSON files (make bench-readme puts them into README.md).  It
# installs nothing: make bench-deps installs the peers and redis.
bench: all
	$(BUILD)/bench/zslab-bench --json $(BUILD)/bench/micro-results.json $(BENCH_FLAGS)
	$(BUILD)/bench/zslab-l2cmp
	$(BUILD)/bench/zslab-suite --json $(BUILD)/bench/results.json $(SUITE_FLAGS)
	@if command -v python3 >/dev/null; then \
	  python3 bench/readme_tables.py $(BUILD)/bench > $(BUILD)/bench/README-tables.md && \
	  echo "README tables: $(BUILD)/bench/README-tables.md (make bench-readme puts them into README.md)"; \
	else echo "python3 not found: README tables not rendered"; fi

# README_NOTE="..." adds a sentence to the tables' captions (who else
# was using the machine, say).  The run's JSON files go to bench/results/,
# against which the CTest bench_readme_tables checks the README.
bench-readme:
	python3 bench/readme_tables.py --update README.md --note "$(README_NOTE)" $(BUILD)/bench
	mkdir -p bench/results
	cp $(BUILD)/bench/micro-results.json $(BUILD)/bench/results.json bench/results/

bench-suite: all
	$(BUILD)/bench/zslab-suite $(SUITE_FLAGS)

bench-deps:
	sh bench/install-deps.sh

install: all
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix $(PREFIX)

# Removes what `make install` put into this PREFIX (and DESTDIR) from this
# build tree, and the directories it created once they are empty.
uninstall:
	DESTDIR="$(DESTDIR)" cmake -DRECORD_DIR=$(BUILD)/install-record -DPREFIX=$(PREFIX) \
	  -P cmake/uninstall.cmake

# The same suite under sanitizers, in build trees of their own.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DZSLAB_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug"

tsan:
	$(MAKE) test BUILD=build-tsan CMAKE_FLAGS="-DZSLAB_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo" CTEST_FLAGS="-L threads"

# The whole suite with the lock-rank checker and the invariant assertions
# on (ZSLAB_DEBUG): an out-of-order lock or a broken invariant aborts.
debug:
	$(MAKE) test BUILD=build-debug CMAKE_FLAGS="-DZSLAB_DEBUG=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo"

# make soak: 8 threads for 10 minutes (SOAK_SECONDS, SOAK_THREADS) of mixed
# load through every fault-injection setting; see tests/soak/soak.c.
SOAK_SECONDS ?= 600
SOAK_THREADS ?= 8
soak: all
	$(BUILD)/tests/soak/zslab-soak --seconds $(SOAK_SECONDS) --threads $(SOAK_THREADS)

# make fuzz: the libFuzzer harnesses (fuzz/), built with clang in a tree of
# their own, each run for FUZZ_SECONDS on its seed corpus; a finding fails.
FUZZ_SECONDS ?= 20
FUZZ_BUILD ?= build-fuzz
fuzz:
	@test -f $(FUZZ_BUILD)/CMakeCache.txt || \
	  CC=clang cmake -S . -B $(FUZZ_BUILD) -DZSLAB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target zslab-fuzzers
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-tsan build-debug build-fuzz
