import os, sys, time, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# The datasets folder (SOURCE.md in each) is not part of the repo: AUGUR_DATASETS, else ../shared/datasets beside the checkout.
DATASETS_ROOT = os.environ.get("AUGUR_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "datasets"))
from datasets import DATASETS, load
from sklearn.model_selection import StratifiedKFold
from sklearn.metrics import roc_auc_score
import xgboost
name = "adult"
frame = load(name, DATASETS_ROOT)
_, _, target, task, metric, positive = DATASETS[name]
folds = list(StratifiedKFold(10, shuffle=True, random_state=1).split(frame, frame[target]))
y = (frame[target] == positive).astype(int).values
# Question: do boosted trees on adult do better without the columns whose permutation importance Augur reports below
# zero (fnlwgt, the census weight, and education, which education_num repeats)? XGBoost as in adult_bagging.py.
def matrix(drop):
    X = pd.get_dummies(frame.drop(columns=[target] + drop), dummy_na=True).astype(float); return X.fillna(X.median()).values
variants = {"all": [], "no fnlwgt": ["fnlwgt"], "no fnlwgt, education": ["fnlwgt", "education"]}
mats = {k: matrix(v) for k, v in variants.items()}
res = {k: [] for k in variants}
for foldi in range(10):
    tr, te = folds[foldi]
    for k, X in mats.items():
        m = xgboost.XGBClassifier(n_estimators=300, learning_rate=0.05, max_depth=6, subsample=0.8, colsample_bytree=0.8, tree_method="hist", n_jobs=2, random_state=0)
        res[k].append(roc_auc_score(y[te], m.fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]))
    print(foldi, {k: round(v[-1], 5) for k, v in res.items()}, flush=True)
print("mean", {k: round(float(np.mean(v)), 5) for k, v in res.items()})
