#!/usr/bin/python3
"""Writes a messy marketing CSV of about SIZE megabytes: semicolons, decimal commas, dd.MM.yyyy dates,
missing tokens, quoted fields holding the delimiter, a few ragged rows. Seeded, so every run gets the same file.

usage: generate.py OUT.csv SIZE_MB
"""
import random
import sys

out, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1_000_000
rng = random.Random(42)
channels = ["email", "search", "social", "display", "affiliate", "direct"]
cities = ["Москва", "Berlin", "São Paulo", "Lyon", "Kraków", "Madrid", "Oslo", "Roma"]
missing = ["", "NA", "N/A", "null", "-", "?"]
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write("order_id;customer;channel;city;ordered;quantity;revenue;discount;note\n")
    written = 0
    i = 0
    lines = []
    while written < target:
        i += 1
        day = 1 + (i % 28)
        month = 1 + (i // 28) % 12
        revenue = f"{rng.randint(1, 99999)},{rng.randint(0, 99):02d}"
        discount = rng.choice(missing) if rng.random() < 0.1 else f"{rng.random():.3f}".replace(".", ",")
        note = '"said ""hi""; call back"' if rng.random() < 0.05 else ("" if rng.random() < 0.5 else "repeat buyer")
        row = f"A{i:09d};C{rng.randint(1, 200000):06d};{rng.choice(channels)};{rng.choice(cities)};{day:02d}.{month:02d}.2024;{rng.randint(1, 20)};{revenue};{discount};{note}\n"
        if rng.random() < 0.0005:
            row = f"A{i:09d};broken row\n"
        lines.append(row)
        if len(lines) == 10000:
            chunk = "".join(lines)
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            lines = []
    if lines:
        f.write("".join(lines))
