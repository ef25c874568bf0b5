import os
import sys, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# The datasets folder (SOURCE.md in each) is not part of the repo: AUGUR_DATASETS, else ../shared/datasets beside the checkout.
DATASETS_ROOT = os.environ.get("AUGUR_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "datasets"))
from datasets import load
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import log_loss
from sklearn.ensemble import ExtraTreesClassifier
from scipy.optimize import minimize
frame = load("wine-quality-white", DATASETS_ROOT)
y = frame["quality"].values; X = frame.drop(columns=["quality"]).values
classes = np.unique(y)
outer = list(StratifiedKFold(10, shuffle=True, random_state=1).split(X, y))
def full(p, m):
    out = np.zeros((len(p), len(classes))); out[:, np.searchsorted(classes, m.classes_)] = p; return out
def temp(p, beta):
    l = beta * np.log(np.clip(p, 1e-15, 1)); l -= l.max(1, keepdims=True); e = np.exp(l); return e / e.sum(1, keepdims=True)
def mix(p, eps, prior): return (1 - eps) * p + eps * prior
L = lambda q, yy: log_loss(yy, np.clip(q, 1e-15, 1) / np.clip(q, 1e-15, 1).sum(1, keepdims=True), labels=classes)
res = {}
K = int(sys.argv[1]) if len(sys.argv) > 1 else 5
for fi, (tr, te) in enumerate(outer):
    prior = np.array([(y[tr] == c).mean() for c in classes])
    oof = np.zeros((len(tr), len(classes))); bag = np.zeros((len(te), len(classes)))
    for a, b in StratifiedKFold(K, shuffle=True, random_state=0).split(X[tr], y[tr]):
        m = ExtraTreesClassifier(500, criterion="entropy", n_jobs=1, random_state=fi).fit(X[tr][a], y[tr][a])
        oof[b] = full(m.predict_proba(X[tr][b]), m); bag += full(m.predict_proba(X[te]), m) / K
    m = ExtraTreesClassifier(500, criterion="entropy", n_jobs=1, random_state=fi).fit(X[tr], y[tr])
    refit = full(m.predict_proba(X[te]), m)
    r2 = minimize(lambda v: L(temp(mix(oof, v[1], prior), v[0]), y[tr]), [1.0, 0.05], bounds=[(0.05, 20), (0, 0.5)]).x
    for name, q in [("refit", refit), ("bag", bag), ("half", (refit + bag) / 2)]:
        res.setdefault(name, []).append(L(temp(mix(q, r2[1], prior), r2[0]), y[te]))
    print(fi, {k: round(v[-1], 4) for k, v in res.items()}, flush=True)
print({k: round(float(np.mean(v)), 4) for k, v in res.items()})
