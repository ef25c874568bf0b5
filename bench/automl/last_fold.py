#!/usr/bin/python3
"""Scores what a run made with --no-refit would have served before cross-validation bagging: each member's last fold.

Usage: /usr/bin/python3 bench/automl/last_fold.py WORK [--augur PATH]
For every WORK/<dataset>/fold<k>/augur/model.augur (from `run.py --no-refit`), writes model-last-fold.augur with only the
last fold's model of each member served by its fold models (weights renormalised by the bundle), scores the fold's
test.csv with it and prints the metric beside the bagged one from WORK/results.jsonl. Same trials, same folds: the
difference is only the averaging.
"""
import argparse
import json
import os
import subprocess
import sys
import zipfile

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datasets import DATASETS, load  # noqa: E402
from run import folds, score  # noqa: E402


def model_entry(index):
    return "model.zip" if index == 0 else f"model-{index}.zip"


def last_fold_bundle(source, destination):
    with zipfile.ZipFile(source) as zin:
        info = json.loads(zin.read("bundle.json"))
        members = info.get("ensemble") or []
        last = max((m["fold"] for m in members if m.get("fold") is not None), default=None)
        keep = [i for i, m in enumerate(members) if m.get("fold") is None or m["fold"] == last] if members else [0]
        info["ensemble"] = [members[i] for i in keep] if members else []
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as zout:
            zout.writestr("bundle.json", json.dumps(info))
            zout.writestr("features.json", zin.read("features.json"))
            for new, old in enumerate(keep):
                zout.writestr(model_entry(new), zin.read(model_entry(old)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("work")
    parser.add_argument("--augur", default="src/Augur/bin/Release/net10.0/augur")
    parser.add_argument("--data-root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "datasets"))
    args = parser.parse_args()
    with open(os.path.join(args.work, "results.jsonl"), encoding="utf-8") as f:
        results = [json.loads(line) for line in f]
    for r in results:
        name, k = r["dataset"], r["fold"]
        _, _, target, task, metric, positive = DATASETS[name]
        if task == "regression":
            raise SystemExit("only classification datasets are handled here")
        frame = load(name, os.path.abspath(args.data_root))
        _, test_index = folds(frame, target, task, 3, 1)[k]  # run.py's defaults: 3 outer folds, seed 1
        fold_dir = os.path.join(args.work, name, f"fold{k}")
        bundle = os.path.join(fold_dir, "augur", "model-last-fold.augur")
        last_fold_bundle(os.path.join(fold_dir, "augur", "model.augur"), bundle)
        out = os.path.join(fold_dir, "augur", "predictions-last-fold.csv")
        subprocess.run([os.path.abspath(args.augur), "predict", "--model", bundle, "--input", os.path.join(fold_dir, "test.csv"),
                        "--out", out], check=True, stdout=subprocess.DEVNULL)
        predictions = pd.read_csv(out)
        y = frame.iloc[test_index][target].to_numpy()
        if task == "binary":
            # As run.py: yes/no targets come back as booleans.
            column = f"probability_{positive}" if f"probability_{positive}" in predictions.columns else "probability_true"
            last = score(metric, (y.astype(str) == str(positive)).astype(int), predictions[column].to_numpy())
        else:
            classes = sorted(frame[target].unique())
            last = score(metric, y, predictions[[f"probability_{c}" for c in classes]].to_numpy(), classes)
        print(json.dumps({"dataset": name, "fold": k, "served": r["augur"], "lastFold": last, "servedModels": r.get("augurServed")}), flush=True)


if __name__ == "__main__":
    main()
