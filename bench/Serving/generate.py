#!/usr/bin/env python3
"""Writes a synthetic customer table with 30 mixed features (16 numbers, 10 categories, 4 flags) and a binary target.

Usage: generate.py OUT.csv [ROWS]   (default 5,000 rows, seed 42). Also writes OUT.row.json: one row without the
target, the body every benchmark request sends.
"""
import csv
import json
import math
import random
import sys

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
rng = random.Random(42)
numbers = [f"num_{i:02d}" for i in range(16)]
categories = {f"cat_{i:02d}": [f"c{i}_{j}" for j in range(3 + i)] for i in range(10)}
flags = [f"flag_{i}" for i in range(4)]
header = numbers + list(categories) + flags + ["target"]
body = None
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for _ in range(rows):
        x = [round(rng.gauss(0, 1) * (i + 1), 3) for i in range(16)]
        c = [rng.choice(v) for v in categories.values()]
        b = [rng.random() < 0.3 + 0.1 * i for i in range(4)]
        score = 0.8 * x[0] - 0.5 * x[1] / 2 + 0.3 * math.sin(x[2]) + (0.7 if c[0].endswith("_1") else 0) - (0.4 if b[0] else 0) + 0.2 * c[3].count("2")
        y = "yes" if rng.random() < 1 / (1 + math.exp(-score)) else "no"
        row = x + c + [str(v).lower() for v in b] + [y]
        w.writerow(row)
        if body is None:
            body = dict(zip(header[:-1], x + c + b))
with open(out.rsplit(".", 1)[0] + ".row.json", "w") as f:
    json.dump(body, f)
