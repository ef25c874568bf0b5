import sys, time
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from adult_common import folds, y, one_hot, model
# Question: for boosted trees on adult, is one refit on all rows (what Augur serves) worse than AutoGluon's bagging, the
# average of k models each fitted on (k-1)/k of the rows, or than several refits on all rows with other seeds (row and
# feature subsampling)? XGBoost with the settings of adult_common.model.
X = one_hot()
res = {}
for foldi in [int(a) for a in sys.argv[1:]]:
    tr, te = folds[foldi]
    t = time.time()
    refit = model(0).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    bags = [model(0).fit(X[tr][a], y[tr][a]).predict_proba(X[te])[:, 1]
            for a, _ in StratifiedKFold(5, shuffle=True, random_state=0).split(X[tr], y[tr])]
    seeds = [refit] + [model(s).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1] for s in (1, 2, 3, 4)]
    row = {"refit": roc_auc_score(y[te], refit), "5 fold models": roc_auc_score(y[te], np.mean(bags, 0)),
           "5 seeds on all rows": roc_auc_score(y[te], np.mean(seeds, 0)),
           "refit + fold models": roc_auc_score(y[te], (refit + np.mean(bags, 0)) / 2)}
    for k, v in row.items():
        res.setdefault(k, []).append(v)
    print(foldi, {k: round(v, 5) for k, v in row.items()}, f"{time.time() - t:.0f}s", flush=True)
print("mean test AUC:", {k: round(float(np.mean(v)), 5) for k, v in res.items()})
