from wine_common import X, y, classes, outer, full, temp, mix, L  # noqa: F401
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.ensemble import ExtraTreesClassifier
from scipy.optimize import minimize_scalar, minimize
cfgs = {"ent1000": dict(n_estimators=1000, criterion="entropy"), "ent2000": dict(n_estimators=2000, criterion="entropy")}
res = {}
for fi, (tr, te) in enumerate(outer):
    prior = np.array([(y[tr] == c).mean() for c in classes])
    for k, c in cfgs.items():
        m = ExtraTreesClassifier(n_jobs=1, random_state=0, **c)
        oof = full(cross_val_predict(m, X[tr], y[tr], cv=StratifiedKFold(5, shuffle=True, random_state=0), method="predict_proba"), m.fit(X[tr], y[tr]))
        pt = full(m.predict_proba(X[te]), m)
        L = lambda q, yy: log_loss(yy, np.clip(q, 1e-15, 1) / np.clip(q, 1e-15, 1).sum(1, keepdims=True), labels=classes)
        b = minimize_scalar(lambda b: L(temp(oof, b), y[tr]), bounds=(0.05, 20), method="bounded").x
        e = minimize_scalar(lambda e: L(mix(oof, e, prior), y[tr]), bounds=(0, 0.5), method="bounded").x
        r2 = minimize(lambda v: L(temp(mix(oof, v[1], prior), v[0]), y[tr]), [1.0, 0.05], bounds=[(0.05, 20), (0, 0.5)]).x
        for name, q in [("temp", temp(pt, b)), ("mix", mix(pt, e, prior)), ("both", temp(mix(pt, r2[1], prior), r2[0]))]:
            res.setdefault(k + "_" + name, []).append(L(q, y[te]))
    print(fi, {k: round(v[-1], 4) for k, v in res.items()}, flush=True)
print({k: round(float(np.mean(v)), 4) for k, v in res.items()})
