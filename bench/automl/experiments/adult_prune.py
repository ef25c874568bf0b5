import numpy as np
from sklearn.metrics import roc_auc_score
from adult_common import folds, y, one_hot, model
# Question: do boosted trees on adult do better without the columns whose permutation importance Augur reports below
# zero (fnlwgt, the census weight, and education, which education_num repeats)? XGBoost as in adult_bagging.py.
variants = {"all": [], "no fnlwgt": ["fnlwgt"], "no fnlwgt, education": ["fnlwgt", "education"]}
mats = {k: one_hot(v) for k, v in variants.items()}
res = {k: [] for k in variants}
for foldi in range(10):
    tr, te = folds[foldi]
    for k, X in mats.items():
        res[k].append(roc_auc_score(y[te], model(0).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]))
    print(foldi, {k: round(v[-1], 5) for k, v in res.items()}, flush=True)
print("mean", {k: round(float(np.mean(v)), 5) for k, v in res.items()})
