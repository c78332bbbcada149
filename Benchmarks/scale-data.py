#!/usr/bin/env python3
"""The generated history behind `make bench-scale` (Benchmarks/scale.sh), with a fixed seed.

  scale-data.py commits N            a linear history of N commits for `git fast-import`
                                     on standard output, one small change of file.txt each
  scale-data.py results SHAS SERIES DIR PER_FILE
                                     for every commit in the file SHAS (oldest first) and
                                     every series model-00 …: one result with 4 metrics, as
                                     `bench import` reads them, in DIR/part-NNNN.json files of
                                     PER_FILE results each, oldest commits first
"""
import json
import random
import sys
import time

EPOCH = 1700000000  # the first commit's time; one commit a minute after it


def commits(count):
    out = sys.stdout
    for i in range(count):
        message = "commit %d" % i
        out.write("commit refs/heads/main\nmark :%d\n" % (i + 1))
        out.write("committer bench <bench@localhost> %d +0000\n" % (EPOCH + i * 60))
        out.write("data %d\n%s\n" % (len(message), message))
        if i:
            out.write("from :%d\n" % i)
        content = "%d\n" % i
        out.write("M 100644 inline file.txt\ndata %d\n%s\n" % (len(content), content))


def results(shas_file, series, directory, per_file):
    shas = open(shas_file).read().split()
    rng = random.Random(7)
    # Every fifth series gets slower (and its f1 lower) at 60% of the history: a change
    # point for `bench changes` to find; the others are noise around a steady level.
    step_at = len(shas) * 6 // 10
    rows, part = [], 0

    def flush():
        nonlocal rows, part
        with open("%s/part-%04d.json" % (directory, part), "w") as f:
            json.dump(rows, f, separators=(",", ":"))
        rows, part = [], part + 1

    for i, sha in enumerate(shas):
        seconds = EPOCH + i * 60
        created = "%04d-%02d-%02dT%02d:%02d:%02dZ" % time.gmtime(seconds)[:6]
        for s in range(series):
            stepped = s % 5 == 0 and i >= step_at
            precision = 0.86 + rng.gauss(0, 0.004) - (0.02 if stepped else 0)
            recall = 0.84 + rng.gauss(0, 0.004)
            rows.append({
                "model_version": "model-%02d" % s,
                "commit_sha": sha,
                "branch_name": "main",
                "created_at": created,
                "metrics": {
                    "precision": round(precision, 4),
                    "recall": round(recall, 4),
                    "f1": round(2 * precision * recall / (precision + recall), 4),
                    "latency_ms": round(400 + rng.gauss(0, 4) + (40 if stepped else 0), 1),
                },
            })
            if len(rows) == per_file:
                flush()
    if rows:
        flush()


if __name__ == "__main__":
    if sys.argv[1:2] == ["commits"] and len(sys.argv) == 3:
        commits(int(sys.argv[2]))
    elif sys.argv[1:2] == ["results"] and len(sys.argv) == 6:
        results(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
