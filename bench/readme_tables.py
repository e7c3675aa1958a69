#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""readme_tables.py - the README's benchmark tables, rendered from one
`make bench` run's JSON files, never typed in by hand.

    python3 bench/readme_tables.py [--note TEXT] BUILD/bench
        print the tables (Markdown) on stdout
    python3 bench/readme_tables.py --update README.md [--note TEXT] BUILD/bench
        replace each table's block in README.md, between the lines
        <!-- bench-tables:NAME begin --> and <!-- bench-tables:NAME end -->
    python3 bench/readme_tables.py --check README.md bench/results
        exit 1 unless README.md's blocks are exactly what these JSON files
        render (the "Note:" lines aside): the CTest bench_readme_tables,
        on the run `make bench-readme` copied to bench/results/

BUILD/bench must hold micro-results.json (zslab-bench: the times, and the
instruction counts beside them) and results.json (zslab-suite); `make
bench` writes both, `make bench-readme` runs --update on them.  Blocks:
micro (times, instructions) and suite (time and peak RSS per workload,
geomeans, issue 12's targets).  Every caption says when, how and at what
load average the run was made; --note adds a sentence (who else used the
machine, say), on a line of its own that starts "Note:".
"""
import argparse
import datetime
import json
import math
import os
import re
import sys

PEERS = ["glibc", "jemalloc", "mimalloc", "tcmalloc"]

MICRO_LABELS = {
    "pair64": "alloc+free pair, 64 B",
    "pair1k": "alloc+free pair, 1 KiB",
    "malloc64": "malloc+free pair, 64 B (zslab: libzslab-malloc.so)",
    "malloc1k": "malloc+free pair, 1 KiB (zslab: libzslab-malloc.so)",
    "shuffle10k": "alloc 10,000 × 64 B, free shuffled",
    "prodcons": "producer/consumer, all frees remote",
    "kmalloc_rand": "kmalloc/kfree of 8..8192 B",
    "bulk16": "bulk of 16, per object (vs zslab's own pair)",
    "rss1k": "RSS after 200,000 × 1 KiB, 90% freed",
    "dma32": "DMA32 cache pair (vs a plain cache)",
    "page0_1t": "page allocator, order 0, one thread",
    "page0_2t": "page allocator, order 0, per thread of two",
    "page3": "page allocator, order 3",
    "boot8g": "boot an 8 GiB map",
    "boot64g": "boot a 64 GiB map",
    "boot1t": "boot a 1 TiB map",
}


def num(v, digits=2):
    """A median as the tables print it (None: a cell that did not run)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if v >= 1000:
        return "%.0f" % v
    return "%.*f" % (digits, v)


def ratio(v):
    return "–" if v is None else "%.2f×" % v


def caption(doc, what, note):
    when = datetime.datetime.fromtimestamp(doc["time"], datetime.timezone.utc)
    load = doc.get("loadavg_before")
    text = ("%s: `%s`, %s UTC, %d CPUs, medians of %d runs, load average "
            "%s before the run" % (what, doc["command"],
                                   when.strftime("%Y-%m-%d %H:%M"),
                                   doc["nproc"], doc["runs"],
                                   "?" if load is None else "%.2f" % load))
    if load is not None and load >= 1:
        text += (" (the CPUs were shared with other jobs: times are noisy, "
                 "compare the ratios within the run)")
    text += "."
    if note:
        text += "\n\nNote: " + note
    return text


def cell_median(w, alloc):
    c = w["results"].get(alloc)
    if not c or c["status"] != "ok":
        return None
    return c["median"]


def micro_block(doc, note):
    out = [caption(doc, "Generated from `make bench` (zslab-bench)", note),
           "",
           "| workload | unit | zslab | " + " | ".join(PEERS) +
           " | zslab / best | target | result |",
           "|---|---|---|" + "---|" * len(PEERS) + "---|---|---|"]
    for w in doc["workloads"]:
        peers = []
        for p in PEERS:
            m = cell_median(w, p)
            s = num(m)
            peers.append("**%s**" % s if p == w["best_peer"] and s else s)
        z = cell_median(w, "zslab")
        zs = num(z)
        if w.get("v2"):
            v2 = w["results"]["zslab"].get("median_v2")
            zs += " (%s %s)" % (w["v2"], num(v2))
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            MICRO_LABELS.get(w["name"], w["name"]), w["unit"], zs,
            " | ".join(peers), ratio(w["ratio"]),
            w["target"].replace("<=", "≤"), w["verdict"]))
    counted = [w for w in doc["workloads"] if w.get("instructions")]
    if counted:
        cols = list(counted[0]["instructions"].keys())
        out += ["",
                "Instructions per operation beside those times (cachegrind, "
                "(I(N) − I(0)) / N, N = %d; zslab is the kmem_cache API, "
                "kmalloc for kmalloc_rand; zslab-malloc is malloc under "
                "LD_PRELOAD):" % doc.get("icount_ops", 0),
                "",
                "| workload | " + " | ".join(cols) +
                " | zslab / fewest | zslab-malloc / fewest |",
                "|---|" + "---|" * len(cols) + "---|---|"]
        for w in counted:
            ir = w["instructions"]
            fewest = min((ir[p] for p in PEERS if ir.get(p) is not None),
                         default=None)
            cells = []
            for c in cols:
                s = num(ir[c], 1)
                cells.append("**%s**" % s if c in PEERS and s and
                             ir[c] == fewest else s)
            r = [ratio(ir[c] / fewest) if fewest and ir.get(c) is not None
                 else "–" for c in ("zslab", "zslab-malloc")]
            out.append("| %s | %s | %s |" % (w["name"], " | ".join(cells),
                                             " | ".join(r)))
    return out


def suite_cell(res, key_med, key_ratio, best, fmt):
    if res["status"] != "ok":
        return res["status"]
    s = "%s (%s)" % (fmt % res[key_med], ratio(res[key_ratio]))
    return "**%s**" % s if best else s


def suite_measure(doc, title, key_med, key_ratio, best_key, geo_key, fmt):
    allocs = [a["name"] for a in doc["allocators"]]
    out = ["", title, "",
           "| workload | thr | " + " | ".join(allocs) + " |",
           "|---|---|" + "---|" * len(allocs)]
    for w in doc["workloads"]:
        if w["skipped"]:
            out.append("| %s | %d | skipped: %s |" % (w["name"], w["threads"],
                                                      w["skipped"]))
            continue
        cells = [suite_cell(w["results"][a], key_med, key_ratio,
                            a == w[best_key], fmt) for a in allocs]
        out.append("| %s%s | %d | %s |" % (w["name"],
                                           " (public)" if w["public"] else "",
                                           w["threads"], " | ".join(cells)))
    for key, label in (("geomean", "geomean"),
                       ("public_geomean", "public geomean")):
        out.append("| **%s** | | %s |" % (label, " | ".join(
            ratio(doc[key][a][geo_key]) for a in allocs)))
    return out


TARGET_TEXT = [
    ("time_geomean", "time geomean, every workload", "≤"),
    ("worst_workload", "no workload above", "≤"),
    ("rss_geomean", "peak-RSS geomean", "≤"),
    ("public_time_geomean", "time geomean, public workloads", "≤"),
    ("public_worst_workload", "no public workload above", "≤"),
    ("worst_vs_glibc", "worst workload time / glibc (issue 7)", "≤"),
    ("redis_rps", "redis requests/s / best peer (issue 7)", "≥"),
]


def suite_block(doc, note):
    out = [caption(doc, "Generated from `make bench` (zslab-suite, %d "
                   "threads, scale %g)" % (doc["threads"], doc["scale"]),
                   note)]
    out += suite_measure(doc, "Time: seconds (ratio to the best peer, "
                         "**bold** the best peer):", "median_secs",
                         "time_ratio", "best_time_peer", "time_ratio", "%.3f")
    out += suite_measure(doc, "Peak RSS: MiB (ratio to the best peer):",
                         "median_rss_mib", "rss_ratio", "best_rss_peer",
                         "rss_ratio", "%.1f")
    out += ["", "Issue 12's targets (zslab / best peer) and issue 7's:", "",
            "| target | zslab | goal | result |", "|---|---|---|---|"]
    for key, text, op in TARGET_TEXT:
        t = doc["targets"].get(key)
        if not t:
            continue
        z = ratio(t["zslab"])
        if t.get("workload"):
            z += " (%s)" % t["workload"]
        out.append("| %s | %s | %s %.2f× | %s |" % (text, z, op, t["target"],
                                                     t["verdict"]))
    return out


def replace_block(text, name, lines):
    begin = "<!-- bench-tables:%s begin -->" % name
    end = "<!-- bench-tables:%s end -->" % name
    pat = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pat.search(text):
        sys.exit("readme_tables.py: no %s ... %s block in the README" %
                 (begin, end))
    body = begin + "\n" + "\n".join(lines) + "\n" + end
    return pat.sub(lambda _m: body, text, count=1)


def strip_notes(lines):
    """@lines without the Note: lines and the blank line before each."""
    out = []
    for i, l in enumerate(lines):
        if l.startswith("Note: "):
            continue
        if l == "" and i + 1 < len(lines) and \
                lines[i + 1].startswith("Note: "):
            continue
        out.append(l)
    return out


def block_of(text, name):
    """The lines of block @name in @text, without the Note: lines."""
    begin = "<!-- bench-tables:%s begin -->" % name
    end = "<!-- bench-tables:%s end -->" % name
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        return None
    return strip_notes(text[i + len(begin):j].strip("\n").split("\n"))


def check(readme, blocks):
    """0 when every block of @readme is what @blocks render, else 1."""
    with open(readme) as f:
        text = f.read()
    bad = 0
    for name, lines in blocks.items():
        want = strip_notes("\n".join(lines).split("\n"))
        have = block_of(text, name)
        if have is None:
            print("%s: no %s block" % (readme, name))
            bad = 1
            continue
        for n, (h, w) in enumerate(zip(have, want)):
            if h != w:
                print("%s: block %s, line %d differs from the JSON's:\n"
                      "  README: %s\n  JSON:   %s" % (readme, name, n + 1,
                                                     h, w))
                bad = 1
                break
        else:
            if len(have) != len(want):
                print("%s: block %s has %d lines, the JSON renders %d" %
                      (readme, name, len(have), len(want)))
                bad = 1
    if not bad:
        print("%s: the benchmark tables are the JSON files' (%s)" %
              (readme, ", ".join(blocks)))
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", help="the build's bench directory")
    ap.add_argument("--update", metavar="README", help="rewrite its blocks")
    ap.add_argument("--check", metavar="README",
                    help="check its blocks against the JSON files")
    ap.add_argument("--note", default="", help="a sentence for the captions")
    a = ap.parse_args()
    docs = {}
    for name, file in (("micro", "micro-results.json"),
                       ("suite", "results.json")):
        path = os.path.join(a.dir, file)
        try:
            with open(path) as f:
                docs[name] = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit("readme_tables.py: %s: %s (run make bench first)" %
                     (path, e))
    blocks = {"micro": micro_block(docs["micro"], a.note),
              "suite": suite_block(docs["suite"], a.note)}
    if a.check:
        sys.exit(check(a.check, blocks))
    if not a.update:
        for name, lines in blocks.items():
            print("<!-- bench-tables:%s -->\n%s\n" % (name, "\n".join(lines)))
        return
    with open(a.update) as f:
        text = f.read()
    for name, lines in blocks.items():
        text = replace_block(text, name, lines)
    with open(a.update, "w") as f:
        f.write(text)
    print("%s: benchmark tables updated from %s" % (a.update, a.dir))


if __name__ == "__main__":
    main()
