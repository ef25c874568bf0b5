import sys, time
import numpy as np
import xgboost
from sklearn.metrics import roc_auc_score
from adult_common import folds, y, one_hot
# Question: do slower boosted trees than Augur's search reached (it stopped at 500 iterations, every tree saw every
# column) move adult's test AUC: a lower learning rate with more trees, each tree on a share of the columns, leaf-wise
# or depth-wise growth, other sizes, several seeds? XGBoost, ten folds (docs/benchmarks.md, "Slow trees on half the
# columns").
X = one_hot()


def depth_wise(lr, trees, depth=6, cols=0.8, rows=0.8, seed=0):
    return xgboost.XGBClassifier(n_estimators=trees, learning_rate=lr, max_depth=depth, subsample=rows, colsample_bytree=cols,
                                 tree_method="hist", n_jobs=2, random_state=seed)


def leaf_wise(lr=0.02, trees=1000, leaves=31, cols=0.5, rows=0.8, seed=0, **kw):
    return xgboost.XGBClassifier(n_estimators=trees, learning_rate=lr, max_depth=0, max_leaves=leaves, grow_policy="lossguide",
                                 subsample=rows, colsample_bytree=cols, tree_method="hist", n_jobs=2, random_state=seed, **kw)


configs = {
    "depth 6, .05, 300 (adult_common)": lambda: [depth_wise(0.05, 300)],
    "depth 6, .02, 1000, cols .5": lambda: [depth_wise(0.02, 1000, cols=0.5)],
    "depth 5, .01, 2000, cols .5": lambda: [depth_wise(0.01, 2000, depth=5, cols=0.5)],
    "31 leaves, .02, 1000, cols .5": lambda: [leaf_wise()],
    "31 leaves, cols .3": lambda: [leaf_wise(cols=0.3)],
    "31 leaves, cols .5, all rows": lambda: [leaf_wise(rows=1.0)],
    "31 leaves, .01, 2000": lambda: [leaf_wise(0.01, 2000)],
    "15 leaves, 1500": lambda: [leaf_wise(leaves=15, trees=1500)],
    "63 leaves, 700, min child weight 5": lambda: [leaf_wise(leaves=63, trees=700, min_child_weight=5)],
    "31 leaves, 3 seeds averaged": lambda: [leaf_wise(seed=s) for s in (0, 1, 2)],
}
res = {}
for foldi in [int(a) for a in sys.argv[1:]]:
    tr, te = folds[foldi]
    t = time.time()
    row = {k: roc_auc_score(y[te], np.mean([m.fit(X[tr], y[tr]).predict_proba(X[te])[:, 1] for m in make()], 0))
           for k, make in configs.items()}
    for k, v in row.items():
        res.setdefault(k, []).append(v)
    print(foldi, {k: round(v, 5) for k, v in row.items()}, f"{time.time() - t:.0f}s", flush=True)
print("mean test AUC:", {k: round(float(np.mean(v)), 5) for k, v in res.items()})
