# zslab_build.sh - cmake configuring and building zslab itself (its
# libraries, libzslab-malloc.so and tools; the test suite is left out to keep this short),
# with cmake, make and every compiler process on zslab.  The iommu-demo it
# builds must print exactly what the demo of this build tree prints
# (without its timings, the one part that varies from run to run).
. "$ZP_SRC/common.sh"
need cmake make cc
preload_active cmake --version
[ -x "$ZP_DEMO" ] || fail "no reference iommu-demo at $ZP_DEMO"
"$ZP_DEMO" --no-timing "$ZP_WORK/demo.svg" >"$ZP_WORK/plain.out"
start=$(date +%s)
status=0
(
	export LD_PRELOAD="$ZP_LIB" ZSLAB_CMDLINE=panic_on_warn
	cmake -S "$ZP_TOP" -B "$ZP_WORK/build" -DZSLAB_BUILD_TESTS=OFF >/dev/null
	cmake --build "$ZP_WORK/build" -j 2 >/dev/null
) >"$ZP_WORK/build.log" 2>&1 || status=$?
if [ "$status" != 0 ]; then
	tail -n 40 "$ZP_WORK/build.log"
	fail "building zslab on zslab failed (status $status)"
fi
echo "configured and built zslab on zslab in $(( $(date +%s) - start )) s"
"$ZP_WORK/build/tools/zslab-iommu-demo" --no-timing "$ZP_WORK/demo.svg" >"$ZP_WORK/zslab.out"
if ! cmp -s "$ZP_WORK/plain.out" "$ZP_WORK/zslab.out"; then
	diff -u "$ZP_WORK/plain.out" "$ZP_WORK/zslab.out" | head -n 40
	fail "the iommu-demo built on zslab prints something else"
fi
echo "PASS: the demo built on zslab prints the same $(wc -l <"$ZP_WORK/zslab.out") lines"
