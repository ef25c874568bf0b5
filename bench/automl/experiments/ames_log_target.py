import os
import sys, numpy as np, pandas as pd, warnings
warnings.filterwarnings("ignore")
from sklearn.model_selection import KFold
from sklearn.ensemble import HistGradientBoostingRegressor
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from datasets import ROOT as DATASETS_ROOT  # noqa: E402  (AUGUR_DATASETS, else ../shared/datasets)
f = pd.read_csv(os.path.join(DATASETS_ROOT, "ames-housing", "AmesHousing.csv"))
y = f["SalePrice"].values.astype(float); X = f.drop(columns=["SalePrice", "Order", "PID"])
X = pd.get_dummies(X, dummy_na=True).astype(float)
res = {"raw": [], "log": [], "sqrt": []}
for tr, te in KFold(5, shuffle=True, random_state=0).split(X):
    for k, fw, bw in [("raw", lambda v: v, lambda v: v), ("log", np.log, np.exp), ("sqrt", np.sqrt, np.square)]:
        m = HistGradientBoostingRegressor(learning_rate=0.05, max_iter=1000, random_state=0).fit(X.iloc[tr], fw(y[tr]))
        p = bw(m.predict(X.iloc[te])); res[k].append(np.sqrt(np.mean((p - y[te]) ** 2)))
    print({k: round(v[-1]) for k, v in res.items()}, flush=True)
print({k: round(np.mean(v)) for k, v in res.items()})
