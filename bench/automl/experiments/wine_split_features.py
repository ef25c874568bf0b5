from wine_common import X, y, classes, outer, full, temp, mix, L  # noqa: F401
import sys
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.ensemble import ExtraTreesClassifier
from scipy.optimize import minimize
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
