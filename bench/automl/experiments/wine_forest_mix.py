from wine_common import X, y, classes, outer, full, temp, mix, L  # noqa: F401
import sys
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.ensemble import ExtraTreesClassifier
from scipy.optimize import minimize
# Question: does averaging extra-trees forests of *different* settings beat the best single forest (and the same
# forest with more trees)? On wine-quality-white, Augur's 2-minute runs ended in ensembles of 4 differently-set forests,
# its 10-minute runs in 1-3 near-identical ones, and the 10-minute runs were worse on held-out rows.
configs = {"e3": ("entropy", 3, 1, 0), "e3s": ("entropy", 3, 1, 7), "e2": ("entropy", 2, 1, 0), "e4": ("entropy", 4, 1, 0),
           "g3": ("gini", 3, 1, 0), "e3l2": ("entropy", 3, 2, 0)}
mixes = {"e3": ["e3"], "e3+e3s (more trees)": ["e3", "e3s"], "e2+e3+e4": ["e2", "e3", "e4"], "e3+g3": ["e3", "g3"],
         "e3+e3l2": ["e3", "e3l2"], "all six": list(configs)}
res = {}
for fi in [int(a) for a in sys.argv[1:]]:
    tr, te = outer[fi]
    prior = np.array([(y[tr] == c).mean() for c in classes])
    oof, test = {}, {}
    for name, (crit, mf, leaf, seed) in configs.items():
        m = ExtraTreesClassifier(300, criterion=crit, max_features=mf, min_samples_leaf=leaf, n_jobs=2, random_state=seed)
        oof[name] = full(cross_val_predict(m, X[tr], y[tr], cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba"), m.fit(X[tr], y[tr]))
        test[name] = full(m.predict_proba(X[te]), m)
    for label, names in mixes.items():
        o = np.mean([oof[n] for n in names], 0); t = np.mean([test[n] for n in names], 0)
        v = minimize(lambda v: L(temp(mix(o, v[1], prior), v[0]), y[tr]), [1.0, 0.05], bounds=[(0.05, 20), (0, 0.5)]).x
        res.setdefault(label, []).append((L(temp(mix(o, v[1], prior), v[0]), y[tr]), L(temp(mix(t, v[1], prior), v[0]), y[te])))
    print(fi, {k: tuple(round(x, 4) for x in r[-1]) for k, r in res.items()}, flush=True)
print("mean (out of fold, test):", {k: (round(float(np.mean([a for a, _ in r])), 4), round(float(np.mean([b for _, b in r])), 4)) for k, r in res.items()})
