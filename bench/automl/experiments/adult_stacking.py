import os
import sys, time, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from datasets import ROOT as DATASETS_ROOT  # noqa: E402  (AUGUR_DATASETS, else ../shared/datasets)
from datasets import DATASETS, load
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score
from sklearn.ensemble import HistGradientBoostingClassifier, ExtraTreesClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
name = "adult"; foldi = int(sys.argv[1])
frame = load(name, DATASETS_ROOT)
_, _, target, task, metric, positive = DATASETS[name]
fold = list(StratifiedKFold(10, shuffle=True, random_state=1).split(frame, frame[target]))[foldi]
y = (frame[target] == positive).astype(int).values
X = pd.get_dummies(frame.drop(columns=[target]), dummy_na=True).astype(float); X = X.fillna(X.median()).values
tr, te = fold
def hgb(): return HistGradientBoostingClassifier(learning_rate=0.05, max_leaf_nodes=31, max_iter=2000, early_stopping=True, validation_fraction=0.1, n_iter_no_change=50, random_state=0)
L1 = {"hgb": hgb, "et": lambda: ExtraTreesClassifier(300, min_samples_leaf=5, max_features="sqrt", n_jobs=1, random_state=0),
      "lr": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))}
inner = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X[tr], y[tr]))
O = {k: np.zeros(len(tr)) for k in L1}; T = {}
for k, mk in L1.items():
    t = time.time()
    for a, b in inner:
        O[k][b] = mk().fit(X[tr][a], y[tr][a]).predict_proba(X[tr][b])[:, 1]
    T[k] = mk().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    print(k, "oof", round(roc_auc_score(y[tr], O[k]), 5), "test", round(roc_auc_score(y[te], T[k]), 5), f"{time.time()-t:.0f}s", flush=True)
S = np.column_stack([X[tr]] + [O[k] for k in L1]); St = np.column_stack([X[te]] + [T[k] for k in L1])
m = hgb().fit(S, y[tr]); p2 = m.predict_proba(St)[:, 1]
print("L2 hgb on features+oof: test", round(roc_auc_score(y[te], p2), 5))
print("avg(L1 hgb, L2):", round(roc_auc_score(y[te], (p2 + T["hgb"]) / 2), 5), flush=True)
