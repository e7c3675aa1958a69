# workload.py - a deterministic Python workload for the preload test:
# generated records, JSON round trip, sorting, hashing, regular
# expressions, big strings and bytes (past 4 MiB: zslab's big mappings),
# dict and set churn, and threads.  Prints digests, never addresses.
import hashlib
import json
import random
import re
import threading
import zlib
from collections import Counter

rng = random.Random(20240601)
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 12)))
         for _ in range(5000)]
records = [{"id": i, "name": rng.choice(words), "score": rng.random(),
            "tags": rng.sample(words, rng.randint(0, 6)),
            "nested": {"a": list(range(i % 17)), "b": str(i) * (i % 5)}}
           for i in range(40000)]

text = json.dumps(records, sort_keys=True)
back = json.loads(text)
assert back == records
print("json bytes", len(text), "sha256", hashlib.sha256(text.encode()).hexdigest())

by_score = sorted(back, key=lambda r: (r["score"], r["id"]))
print("sorted head", [r["id"] for r in by_score[:8]])
print("sorted names", hashlib.md5("".join(sorted(words)).encode()).hexdigest())

counts = Counter(t for r in records for t in r["tags"])
print("top tags", counts.most_common(5))

big = ("".join(words) * 150).encode()
print("big", len(big), hashlib.sha1(big).hexdigest(), len(zlib.compress(big, 6)))

found = re.findall(r"\b(\w)(\w*)\1\b", " ".join(words * 3))
print("regex", len(found), sorted(set(found))[:5])

churn = {}
for i in range(200000):
    churn[i % 7919, words[i % len(words)]] = [i] * (i % 9)
    if i % 3 == 0:
        churn.pop(((i * 7) % 7919, words[(i * 13) % len(words)]), None)
print("churn", len(churn), sum(len(v) for v in churn.values()))

results = [None] * 8
def work(k):
    local = [hashlib.sha256(("%d-%s" % (k, w)).encode()).hexdigest() for w in words]
    local.sort()
    results[k] = hashlib.sha256("".join(local).encode()).hexdigest()
threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads", hashlib.sha256("".join(results).encode()).hexdigest())
