import os
import sys, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# The datasets folder (SOURCE.md in each) is not part of the repo: AUGUR_DATASETS, else ../shared/datasets beside the checkout.
DATASETS_ROOT = os.environ.get("AUGUR_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "datasets"))
from datasets import load
from sklearn.model_selection import StratifiedKFold, cross_val_predict
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
oofr, testr = {}, {}
for fi in [int(a) for a in sys.argv[1:]]:
    tr, te = outer[fi]
    prior = np.array([(y[tr] == c).mean() for c in classes])
    for mf in [2, 3, 4]:
        m = ExtraTreesClassifier(500, criterion="entropy", max_features=mf, n_jobs=1, random_state=0)
        oof = full(cross_val_predict(m, X[tr], y[tr], cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba"), m.fit(X[tr], y[tr]))
        r2 = minimize(lambda v: L(temp(mix(oof, v[1], prior), v[0]), y[tr]), [1.0, 0.05], bounds=[(0.05, 20), (0, 0.5)]).x
        oofr.setdefault(mf, []).append(L(temp(mix(oof, r2[1], prior), r2[0]), y[tr]))
        testr.setdefault(mf, []).append(L(temp(mix(full(m.predict_proba(X[te]), m), r2[1], prior), r2[0]), y[te]))
    print(fi, {mf: (round(oofr[mf][-1], 4), round(testr[mf][-1], 4)) for mf in oofr}, flush=True)
print({mf: (round(float(np.mean(oofr[mf])), 4), round(float(np.mean(testr[mf])), 4)) for mf in oofr})
