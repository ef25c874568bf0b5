"""Writes a training CSV and a scoring CSV of the same shape: an id, 15 numeric and 15 categorical features and
(training only) a binary target that depends on a few of them. usage: generate.py TRAIN_CSV TRAIN_ROWS SCORE_CSV SCORE_ROWS"""
import sys

import numpy as np
import pandas as pd


def frame(rows, seed, with_target):
    rng = np.random.default_rng(seed)
    data = {"customer_id": [f"C{seed}-{i:08d}" for i in range(rows)]}
    for j in range(15):
        data[f"num_{j}"] = np.round(rng.normal(50 + j, 10 + j, rows), 2)
    levels = [f"level_{k}" for k in range(8)]
    for j in range(15):
        data[f"cat_{j}"] = rng.choice(levels[: 3 + j % 6], rows)
    df = pd.DataFrame(data)
    if with_target:
        score = 0.08 * (df["num_0"] - 50) - 0.05 * (df["num_3"] - 53) + (df["cat_0"] == "level_1") * 1.2 - (df["cat_4"] == "level_2") * 0.8
        df["churned"] = np.where(rng.random(rows) < 1 / (1 + np.exp(-score)), "yes", "no")
    return df


if __name__ == "__main__":
    frame(int(sys.argv[2]), 1, True).to_csv(sys.argv[1], index=False)
    frame(int(sys.argv[4]), 2, False).to_csv(sys.argv[3], index=False)
