"""Question: does successive halving help a study (one run spread over workers), or a one-worker `augur train`, on data
large enough for `auto` to turn it on?

No dataset under ../shared/datasets has 100,000 rows, where `auto` turns halving on, so this one is made up:
scikit-learn's make_classification (informative, redundant and noise columns, 8 % of labels flipped) plus two
categorical columns binned from informative ones. It trains a study through the API of a build (as
study_finalists.py does), once with Training:Halving=On and once with Off, on the same rows and budget, and scores
the held-out rows with `augur predict`. With `--single`, it runs `augur train --halving on|off` instead (one worker).
With `--peer`, it also fits scikit-learn's HistGradientBoostingClassifier (defaults, early stopping) on the same rows.

Usage: /usr/bin/python3 bench/automl/experiments/study_halving.py --augur /tmp/augur-X/augur [--rows 200000]
       [--budget 180] [--parallelism 2] [--seeds 0,1] [--single] [--work DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.metrics import roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from study_finalists import study  # noqa: E402


def make_data(rows, seed):
    x, y = make_classification(n_samples=rows, n_features=24, n_informative=10, n_redundant=6, flip_y=0.08,
                               class_sep=0.7, weights=[0.75], random_state=seed)
    frame = pd.DataFrame(x.round(5), columns=[f"x{i}" for i in range(x.shape[1])])
    frame["region"] = pd.cut(frame["x0"], 12, labels=[f"r{i}" for i in range(12)]).astype(str)
    frame["plan"] = pd.cut(frame["x1"] + frame["x2"], 5, labels=["a", "b", "c", "d", "e"]).astype(str)
    frame = frame.drop(columns=["x0"])
    frame["y"] = np.where(y == 1, "yes", "no")
    return frame


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--augur", required=True)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--budget", type=int, default=180)
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--modes", default="On,Off")
    parser.add_argument("--port", type=int, default=5098)
    parser.add_argument("--single", action="store_true", help="augur train on one worker instead of a study")
    parser.add_argument("--peer", action="store_true", help="also score scikit-learn's HistGradientBoosting")
    parser.add_argument("--work", default="/tmp/augur-study-halving")
    args = parser.parse_args()
    for seed in (int(s) for s in args.seeds.split(",")):
        frame = make_data(args.rows + args.rows // 10, seed)
        train, test = frame.iloc[:args.rows], frame.iloc[args.rows:]
        folder = os.path.join(args.work, f"seed{seed}")
        os.makedirs(folder, exist_ok=True)
        train_path, test_path = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
        train.to_csv(train_path, index=False)
        test.drop(columns=["y"]).to_csv(test_path, index=False)
        if args.peer:
            print(json.dumps(peer(train, test, seed)), flush=True)
        for mode in filter(None, args.modes.split(",")):
            out = os.path.join(folder, ("single-" if args.single else "") + mode.lower())
            os.makedirs(out, exist_ok=True)
            if args.single:
                print(json.dumps(single(args, train_path, test_path, test, out, seed, mode)), flush=True)
                continue
            os.environ["Training__Halving"] = mode
            predictions, run, version, trials = study(os.path.abspath(args.augur), train_path, test_path, out, "y",
                                                      args.budget, args.parallelism, args.port, with_trials=True)
            shares = {}
            for trial in trials:
                share = f"{trial.get('dataFraction', 1):.3f}"
                shares[share] = shares.get(share, 0) + 1
            column = "probability_yes" if "probability_yes" in predictions.columns else "probability_true"
            auc = roc_auc_score((test["y"] == "yes").astype(int), predictions[column])
            print(json.dumps({"seed": seed, "halving": mode, "rows": args.rows, "test_auc": round(auc, 5),
                              "validation": run.get("metricValue"), "seconds": run.get("durationSeconds"),
                              "trials": run.get("trialsDone"), "by_share": shares, "served": version.get("servedModels")}), flush=True)


def peer(train, test, seed):
    """scikit-learn's HistGradientBoostingClassifier with its defaults (early stopping on a 10 % holdout)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    categories = {c: sorted(train[c].unique()) for c in ("region", "plan")}

    def features(frame):
        # Debian's scikit-learn 1.2 takes categories as small integer codes, marked by a mask.
        x = frame.drop(columns=["y"]).copy()
        for column, values in categories.items():
            x[column] = pd.Categorical(x[column], categories=values).codes
        return x

    started = time.time()
    mask = [c in categories for c in features(train.head(1)).columns]
    model = HistGradientBoostingClassifier(categorical_features=mask, early_stopping=True, random_state=seed)
    model.fit(features(train), train["y"] == "yes")
    auc = roc_auc_score(test["y"] == "yes", model.predict_proba(features(test))[:, 1])
    return {"seed": seed, "peer": "HistGradientBoostingClassifier", "test_auc": round(auc, 5), "seconds": round(time.time() - started, 1)}


def single(args, train_path, test_path, test, out, seed, mode):
    """`augur train --halving on|off` on one worker, scored as the study is."""
    started = time.time()
    subprocess.run([os.path.abspath(args.augur), "train", "--data", train_path, "--target", "y", "--out", out,
                    "--budget", f"{args.budget}s", "--halving", mode.lower(), "--json"], check=True,
                   stdout=open(os.path.join(out, "train.json"), "w"))
    seconds = time.time() - started
    predictions = os.path.join(out, "predictions.csv")
    subprocess.run([os.path.abspath(args.augur), "predict", "--model", os.path.join(out, "model.augur"), "--input",
                    test_path, "--out", predictions], check=True, stdout=subprocess.DEVNULL)
    frame = pd.read_csv(predictions)
    column = "probability_yes" if "probability_yes" in frame.columns else "probability_true"
    with open(os.path.join(out, "leaderboard.json")) as f:
        board = json.load(f)
    shares = {}
    for trial in board["trials"]:
        share = f"{trial.get('dataFraction', 1):.3f}"
        shares[share] = shares.get(share, 0) + 1
    return {"seed": seed, "halving": mode, "single": True, "rows": args.rows,
            "test_auc": round(roc_auc_score((test["y"] == "yes").astype(int), frame[column]), 5),
            "seconds": round(seconds, 1), "trials": len(board["trials"]), "by_share": shares}


if __name__ == "__main__":
    main()
