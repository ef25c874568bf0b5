#!/usr/bin/python3
"""Prints bench/automl/work/results.jsonl as a Markdown table: per dataset, the mean over folds of Augur and the peer."""
import json
import os
import sys
from collections import defaultdict

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "results.jsonl")
rows = defaultdict(list)
with open(path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        rows[(r["dataset"], r["metric"])].append(r)
print("| dataset | metric | folds | Augur | peer | Augur trials/fold | peer trials/fold |")
print("|---|---|---|---|---|---|---|")
for (dataset, metric), rs in rows.items():
    mean = lambda k: sum(r[k] for r in rs) / len(rs)  # noqa: E731
    fmt = "{:.0f}" if metric == "rmse" else "{:.4f}"
    print(f"| {dataset} | {metric} | {len(rs)} | {fmt.format(mean('augur'))} | {fmt.format(mean('peer'))} | "
          f"{mean('augurTrials'):.1f} | {mean('peerTrials'):.1f} |")
