import sys, os, time, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from datasets import ROOT as DATASETS_ROOT  # noqa: E402  (AUGUR_DATASETS, else ../shared/datasets)
from datasets import DATASETS, load
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.metrics import roc_auc_score, log_loss
from sklearn.ensemble import HistGradientBoostingClassifier, ExtraTreesClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler, QuantileTransformer
name = sys.argv[1]; foldi = int(sys.argv[2]) if len(sys.argv) > 2 else 0
frame = load(name, DATASETS_ROOT)
_, _, target, task, metric, positive = DATASETS[name]
fold = list(StratifiedKFold(10, shuffle=True, random_state=1).split(frame, frame[target]))[foldi]
y = frame[target]
if task == "binary": y = (y == positive).astype(int)
else: y = y.astype(int)
classes = np.unique(y)
X = pd.get_dummies(frame.drop(columns=[target]), dummy_na=True).astype(float)
X = X.fillna(X.median())
Xtr, Xte, ytr, yte = X.iloc[fold[0]], X.iloc[fold[1]], y.iloc[fold[0]].values, y.iloc[fold[1]].values
Xa, Xh, ya, yh = train_test_split(Xtr, ytr, test_size=0.2, random_state=0, stratify=ytr)
def full(p, m):
    out = np.zeros((len(p), len(classes))); out[:, np.searchsorted(classes, m.classes_)] = p; return out
def pred(m, X_): return m.predict_proba(X_)[:, 1] if task == "binary" else full(m.predict_proba(X_), m)
def lossf(y_, p):
    if task == "binary": return -roc_auc_score(y_, p)
    q = np.clip(p, 1e-15, 1); q = q / q.sum(1, keepdims=True); return log_loss(y_, q, labels=classes)
models = {}
if task == "binary":
    models["hgb"] = HistGradientBoostingClassifier(learning_rate=0.05, max_leaf_nodes=31, max_iter=2000, early_stopping=True, validation_fraction=0.1, n_iter_no_change=50, random_state=0)
else:
    models["et"] = ExtraTreesClassifier(500, criterion="entropy", n_jobs=2, random_state=0)
for hid in [(256, 128)]:
    models[f"mlp{hid}"] = ("mlp", hid)
H, T = {}, {}
for k, m in models.items():
    t = time.time()
    if isinstance(m, tuple):
        def mk(): return MLPClassifier(m[1], alpha=1e-4, batch_size=256, learning_rate_init=1e-3, early_stopping=True, n_iter_no_change=10, max_iter=200, random_state=0)
        qa = QuantileTransformer(output_distribution="normal", random_state=0).fit(Xa)
        m2 = mk().fit(qa.transform(Xa), ya); H[k] = pred(m2, qa.transform(Xh))
        qt = QuantileTransformer(output_distribution="normal", random_state=0).fit(Xtr)
        m3 = mk().fit(qt.transform(Xtr), ytr); T[k] = pred(m3, qt.transform(Xte))
    else:
        m.fit(Xa, ya); H[k] = pred(m, Xh); m.fit(Xtr, ytr); T[k] = pred(m, Xte)
    print(f"{k}: holdout {lossf(yh, H[k]):.5f} test {lossf(yte, T[k]):.5f} ({time.time()-t:.0f}s)", flush=True)
keys = list(models)
def greedy(pool):
    best = min(pool, key=lambda k: lossf(yh, H[k])); counts = {k: 0 for k in pool}; counts[best] = 1
    s = H[best].copy(); n = 1; bl = lossf(yh, s); bc = dict(counts)
    for r in range(25):
        c = min(pool, key=lambda k: lossf(yh, (s + H[k]) / (n + 1)))
        s += H[c]; n += 1; counts[c] += 1
        l = lossf(yh, s / n)
        if l < bl: bl, bc = l, dict(counts)
    tot = sum(bc.values()); w = {k: v / tot for k, v in bc.items() if v}
    return w, bl
for pool in [keys[:1], keys]:
    w, bl = greedy(pool)
    te = sum(w[k] * T[k] for k in w)
    print("ensemble", {k: round(v, 2) for k, v in w.items()}, f"holdout {bl:.5f} test {lossf(yte, te):.5f}", flush=True)
