#!/bin/sh
# demo_chart.sh DEMO - the demo's chart is a valid SVG that renders: the
# demo writes it, rsvg-convert (Debian: librsvg2-bin, which .ci/run
# installs) turns it into a PNG of the chart's size, and the chart has
# what it promises: the phases marked, the working sources in the main
# panel's legend, the failing source in a panel of its own below.
# Skipped (77) without rsvg-convert.
demo=$1
command -v rsvg-convert >/dev/null 2>&1 ||
	{ echo "rsvg-convert is not installed (Debian: librsvg2-bin): skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$demo" --no-timing "$tmp/chart.svg" >"$tmp/out" || fail "the demo failed"
grep -q "chart: $tmp/chart.svg" "$tmp/out" || fail "the demo wrote no chart"
rsvg-convert -o "$tmp/chart.png" "$tmp/chart.svg" 2>"$tmp/err" ||
	fail "rsvg-convert refused the chart: $(cat "$tmp/err")"
# the PNG's IHDR: width and height as the SVG declares them
size=$(od -An -tu1 -j16 -N8 "$tmp/chart.png" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
svgsize=$(sed -n 's/.*<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1 \2/p' "$tmp/chart.svg" | head -n 1)
[ "$size" = "$svgsize" ] || fail "PNG is $size, the SVG says $svgsize"
[ "$(wc -c <"$tmp/chart.png")" -gt 20000 ] || fail "the PNG is nearly empty"
for text in ">peak: 1500<" ">trough: 300<" ">none<" ">DMA32 slab cache<" \
	    ">plain slab (bug)<" "failed maps make its run longer"; do
	grep -qF "$text" "$tmp/chart.svg" || fail "the chart lacks $text"
done
marks=$(grep -c 'stroke="#888"[^>]*stroke-dasharray' "$tmp/chart.svg")
[ "$marks" -ge 4 ] || fail "the chart has $marks phase marks, want 4"
echo "chart: $svgsize pixels, rendered by rsvg-convert, phases marked"
