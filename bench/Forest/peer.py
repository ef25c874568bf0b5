#!/usr/bin/python3
"""scikit-learn's ExtraTreesClassifier on the rows Program.cs uses (every tenth row held out), one thread, three runs.
Usage: /usr/bin/python3 bench/Forest/peer.py DATA.csv [TREES]"""
import sys, time
import numpy as np
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.metrics import log_loss

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
trees = int(sys.argv[2]) if len(sys.argv) > 2 else 500
test = np.arange(len(data)) % 10 == 0
x, y = data[:, :-1].astype(np.float32), data[:, -1]
print(f"sklearn ExtraTreesClassifier: {(~test).sum()} training rows x {x.shape[1]}, {len(np.unique(y))} classes, {trees} trees, n_jobs=1")
for run in range(3):
    model = ExtraTreesClassifier(n_estimators=trees, n_jobs=1, random_state=run)
    start = time.perf_counter()
    model.fit(x[~test], y[~test])
    fit = time.perf_counter() - start
    start = time.perf_counter()
    p = model.predict_proba(x[test])
    score = time.perf_counter() - start
    print(f"run {run + 1}: fit {fit:.2f} s, score {test.sum()} rows {score:.2f} s, held-out log loss {log_loss(y[test], p, labels=model.classes_):.3f}")
