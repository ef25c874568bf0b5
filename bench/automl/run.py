#!/usr/bin/python3
"""Augur vs a scikit-learn/XGBoost random search on the same stratified outer folds and budget.

Usage: /usr/bin/python3 bench/automl/run.py [--budget 60] [--folds 3] [--datasets a,b] [--augur PATH] [--skip-peer]
       [--trials N] [--only-folds 0,2] [--work DIR]
(--trials with a generous --budget and --skip-peer gives deterministic comparisons of Augur builds on a shared machine.)
Run from the repository root after `dotnet build src/Augur -c Release`. Writes fold files, models and predictions
under bench/automl/work/ and one JSON line per dataset and fold to bench/automl/work/results.jsonl.
"""
import argparse
import json
import os

# One thread each, before numpy/scikit-learn load OpenMP: on a loaded 2-core machine OpenMP's spin-waiting made a
# HistGradientBoosting fit on 700 rows take minutes. Augur's LightGBM is single-threaded too (TrainerCatalog).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datasets import DATASETS, ROOT, load  # noqa: E402
import peer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def folds(frame, target, task, k, seed):
    if task == "regression":
        bins = pd.qcut(frame[target], 10, labels=False, duplicates="drop")
        return list(StratifiedKFold(k, shuffle=True, random_state=seed).split(frame, bins))
    return list(StratifiedKFold(k, shuffle=True, random_state=seed).split(frame, frame[target]))


def score(metric, y, predicted, classes=None):
    if metric == "auc":
        return roc_auc_score(y, predicted)
    if metric == "logLoss":
        return log_loss(y, predicted, labels=classes)
    return float(np.sqrt(mean_squared_error(y, predicted)))


def write_fold(frame, target, train_index, test_index, fold_dir):
    """The fold's train.csv (with the target) and test.csv (without it), as Augur reads them; returns both parts and paths."""
    os.makedirs(fold_dir, exist_ok=True)
    train, test = frame.iloc[train_index], frame.iloc[test_index]
    train_path, test_path = os.path.join(fold_dir, "train.csv"), os.path.join(fold_dir, "test.csv")
    train.to_csv(train_path, index=False)
    # A unique row id keeps duplicate test rows apart: ingestion drops duplicate rows, and every row must be scored.
    test.drop(columns=[target]).assign(benchRowId=[f"r{i}" for i in test_index]).to_csv(test_path, index=False)
    return train, test, train_path, test_path


def score_predictions(predictions, y, frame, target, task, metric, positive):
    """The metric of `augur predict`'s output against the true values y."""
    if task == "binary":
        # Augur reads yes/no targets as booleans, so the positive label may come back as "true".
        column = f"probability_{positive}"
        if column not in predictions.columns:
            column = "probability_true"
        return score(metric, (y.astype(str) == str(positive)).astype(int), predictions[column].to_numpy())
    if task == "multiclass":
        classes = sorted(frame[target].unique())
        return score(metric, y, predictions[[f"probability_{c}" for c in classes]].to_numpy(), classes)
    return score(metric, y, predictions["prediction"].to_numpy())


def run_augur(augur, train_path, test_path, out_dir, target, task, budget, seed, halving, trials=None, folds=None, no_refit=False,
              extra=()):
    started = time.time()
    command = [augur, "train", "--data", train_path, "--target", target, "--out", out_dir, "--task", task,
               "--budget", f"{budget}s", "--seed", str(seed), "--halving", halving]
    if trials:
        command += ["--trials", str(trials)]
    if folds:
        command += ["--folds", str(folds)]
    if no_refit:
        command += ["--no-refit"]
    command += list(extra)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    train_seconds = time.time() - started
    predictions = os.path.join(out_dir, "predictions.csv")
    subprocess.run([augur, "predict", "--model", os.path.join(out_dir, "model.augur"), "--input", test_path,
                    "--out", predictions], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out_dir, "leaderboard.json"), encoding="utf-8") as f:
        board = json.load(f)
    return pd.read_csv(predictions), train_seconds, board


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=int, default=60, help="seconds per fold, for Augur and the peer alike")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--data-root", default=ROOT)
    parser.add_argument("--augur", default="src/Augur/bin/Release/net10.0/augur")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--halving", choices=["auto", "on", "off"], default="auto",
                        help="Augur's successive halving on data size (auto: on from 20,000 rows)")
    parser.add_argument("--augur-folds", type=int, default=None,
                        help="Augur's cross-validation folds (default: Augur chooses 5, or 3 when the budget is short for the data)")
    parser.add_argument("--trials", type=int, default=None,
                        help="Augur stops after this many trials (deterministic comparisons on a shared machine: give a generous"
                             " --budget so that the trial count, not the clock, ends the search; usually with --skip-peer)")
    parser.add_argument("--no-refit", action="store_true",
                        help="Augur never refits on all rows: each member serves the average of its cross-validation models"
                             " (what a short budget gives; with --trials, compares the two on the same trials)")
    parser.add_argument("--augur-args", default="", help="more arguments for augur train, e.g. --no-location-features (A/B runs)")
    parser.add_argument("--work", default=os.path.join(HERE, "work"), help="where fold files, models and results.jsonl go")
    parser.add_argument("--only-folds", default=None, help="run only these outer folds, e.g. 0 or 0,2 (quicker experiments)")
    args = parser.parse_args()

    work = args.work
    os.makedirs(work, exist_ok=True)
    results_path = os.path.join(work, "results.jsonl")
    for name in args.datasets.split(","):
        _, _, target, task, metric, positive = DATASETS[name]
        frame = load(name, os.path.abspath(args.data_root))
        if frame is None:
            continue
        for k, (train_index, test_index) in enumerate(folds(frame, target, task, args.folds, args.seed)):
            if args.only_folds is not None and str(k) not in args.only_folds.split(","):
                continue
            fold_dir = os.path.join(work, name, f"fold{k}")
            train, test, train_path, test_path = write_fold(frame, target, train_index, test_index, fold_dir)
            y = test[target].to_numpy()
            row = {"dataset": name, "fold": k, "metric": metric, "budget": args.budget, "rows": len(frame), "halving": args.halving}
            if args.trials:
                row["trials"] = args.trials
            if args.no_refit:
                row["noRefit"] = True
            if args.augur_args:
                row["augurArgs"] = args.augur_args

            predictions, seconds, board = run_augur(os.path.abspath(args.augur), train_path, test_path,
                                                    os.path.join(fold_dir, "augur"), target, task, args.budget, args.seed, args.halving,
                                                    args.trials, args.augur_folds, args.no_refit, args.augur_args.split())
            if len(predictions) != len(test):
                raise SystemExit(f"{name} fold {k}: {len(predictions)} predictions for {len(test)} test rows")
            row["augur"] = score_predictions(predictions, y, frame, target, task, metric, positive)
            row["augurSeconds"] = round(seconds, 1)
            row["augurTrials"] = len(board["trials"])
            row["augurBest"] = board["best"]["trainer"]
            row["augurValidation"] = board.get("validation")
            row["augurHalving"] = board.get("halving")
            # With halving, only trials on all rows compete; the others screened configurations on a share of the rows.
            first_rung = min(t.get("dataFraction", 1) for t in board["trials"])
            row["augurConfigurations"] = sum(1 for t in board["trials"] if t.get("dataFraction", 1) == first_rung)
            # How the served model was made: refitted on all rows, or (not refitted) its cross-validation models.
            with open(os.path.join(fold_dir, "augur", "report.json"), encoding="utf-8") as f:
                report = json.load(f)
            row["augurRefitted"] = report.get("refittedOnAllData")
            if report.get("servedModels"):
                row["augurServed"] = report["servedModels"]

            if not args.skip_peer:
                row.update(peer.run(train, test, target, task, metric, positive, args.budget, args.seed))
            print(json.dumps(row), flush=True)
            with open(results_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
