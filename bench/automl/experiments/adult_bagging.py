import os
import sys, time, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# The datasets folder (SOURCE.md in each) is not part of the repo: AUGUR_DATASETS, else ../shared/datasets beside the checkout.
DATASETS_ROOT = os.environ.get("AUGUR_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "datasets"))
from datasets import DATASETS, load
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score
import xgboost
# Question: for boosted trees on adult, is one refit on all rows (what Augur serves) worse than AutoGluon's bagging, the
# average of k models each fitted on (k-1)/k of the rows, or than several refits on all rows with other seeds (row and
# feature subsampling)? XGBoost (Debian's scikit-learn has no feature subsampling for its boosted trees) with fixed
# settings close to Augur's best on adult: learning rate 0.05, depth 6, 300 trees, 80 % of rows and columns per tree.
name = "adult"
frame = load(name, DATASETS_ROOT)
_, _, target, task, metric, positive = DATASETS[name]
folds = list(StratifiedKFold(10, shuffle=True, random_state=1).split(frame, frame[target]))
y = (frame[target] == positive).astype(int).values
X = pd.get_dummies(frame.drop(columns=[target]), dummy_na=True).astype(float); X = X.fillna(X.median()).values


def model(seed):
    return xgboost.XGBClassifier(n_estimators=300, learning_rate=0.05, max_depth=6, subsample=0.8, colsample_bytree=0.8,
                                 tree_method="hist", n_jobs=2, random_state=seed)


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
