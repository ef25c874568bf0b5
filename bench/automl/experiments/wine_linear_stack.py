from wine_common import X, y, classes, outer, full, temp, mix, L  # noqa: F401
import os
import sys
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier, HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from scipy.optimize import minimize
# Question: does a linear second level (multinomial logistic regression on the members' out-of-fold log-probabilities)
# beat averaging the members and calibrating the average (what Augur's ensemble does) on wine-quality-white? And would
# the choice between the two, made by cross-validation on the out-of-fold predictions alone, pick the better one?
# Members' predictions are cached in $CACHE (default /tmp/wine_stack), so the second-level variants are cheap to rerun.
members = {
    "e2": lambda: ExtraTreesClassifier(300, criterion="entropy", max_features=2, n_jobs=2, random_state=0),
    "e3": lambda: ExtraTreesClassifier(300, criterion="entropy", max_features=3, n_jobs=2, random_state=1),
    "e4": lambda: ExtraTreesClassifier(300, criterion="entropy", max_features=4, n_jobs=2, random_state=2),
    "rf": lambda: RandomForestClassifier(300, criterion="entropy", max_features=3, n_jobs=2, random_state=3),
    "hgb": lambda: HistGradientBoostingClassifier(learning_rate=0.05, max_iter=300, max_leaf_nodes=31, random_state=0),
}
cache = os.environ.get("CACHE", "/tmp/wine_stack")
os.makedirs(cache, exist_ok=True)
inner = StratifiedKFold(5, shuffle=True, random_state=0)


def predictions(fi, tr, te):
    path = os.path.join(cache, f"fold{fi}.npz")
    if os.path.exists(path):
        z = np.load(path)
        return {n: z["oof_" + n] for n in members}, {n: z["test_" + n] for n in members}
    oof, test = {}, {}
    for name, make in members.items():
        m = make()
        oof[name] = full(cross_val_predict(m, X[tr], y[tr], cv=inner, method="predict_proba"), m.fit(X[tr], y[tr]))
        test[name] = full(m.predict_proba(X[te]), m)
    np.savez(path, **{"oof_" + n: v for n, v in oof.items()}, **{"test_" + n: v for n, v in test.items()})
    return oof, test


def fit_calibration(o, yy, prior):
    return minimize(lambda v: L(temp(mix(o, v[1], prior), v[0]), yy), [1.0, 0.05], bounds=[(0.05, 20), (0, 0.5)]).x


def calibrated(o, t, yy, prior):
    v = fit_calibration(o, yy, prior)
    return temp(mix(t, v[1], prior), v[0])


def features(ps, prior):
    return np.hstack([np.log(np.clip(mix(p, 0.01, prior), 1e-6, 1)) for p in ps])


def stacked(o_list, t_list, yy, prior, C):
    lr = LogisticRegression(C=C, max_iter=3000)
    lr.fit(features(o_list, prior), yy)
    return full(lr.predict_proba(features(t_list, prior)), lr)


def inner_cv(o_list, yy, prior, method):
    """The method's log loss on the out-of-fold rows, by 5-fold cross-validation over those rows alone."""
    out = np.zeros((len(yy), len(classes)))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=7).split(o_list[0], yy):
        out[b] = method([o[a] for o in o_list], [o[b] for o in o_list], yy[a])
    return L(out, yy)


res = {}
for fi in [int(a) for a in sys.argv[1:]]:
    tr, te = outer[fi]
    prior = np.array([(y[tr] == c).mean() for c in classes])
    oof, test = predictions(fi, tr, te)
    row = {}
    for label, names in {"e2+e3+e4": ["e2", "e3", "e4"], "all": list(members)}.items():
        o_list, t_list = [oof[n] for n in names], [test[n] for n in names]
        avg = lambda os_, ts_, yy: calibrated(np.mean(os_, 0), np.mean(ts_, 0), yy, prior)
        row[f"{label} avg"] = L(avg(o_list, t_list, y[tr]), y[te])
        # Matrix scaling: the second level sees only the average.
        row[f"{label} avg+LR"] = L(stacked([np.mean(o_list, 0)], [np.mean(t_list, 0)], y[tr], prior, 0.1), y[te])
        cv = {C: inner_cv(o_list, y[tr], prior, lambda a, b, yy, C=C: stacked(a, b, yy, prior, C)) for C in (0.01, 0.03, 0.1, 0.3)}
        best_c = min(cv, key=cv.get)
        row[f"{label} LR C by cv"] = L(stacked(o_list, t_list, y[tr], prior, best_c), y[te])
        avg_cv = inner_cv(o_list, y[tr], prior, avg)
        row[f"{label} chosen by cv"] = row[f"{label} LR C by cv"] if cv[best_c] < avg_cv else row[f"{label} avg"]
    for k, v in row.items():
        res.setdefault(k, []).append(v)
    print(fi, {k: round(v, 4) for k, v in row.items()}, flush=True)
print("mean test log loss:", {k: round(float(np.mean(r)), 4) for k, r in res.items()})
