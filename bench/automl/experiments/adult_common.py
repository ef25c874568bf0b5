"""What the adult experiments share: the data, the ten outer folds of bench/automl/run.py, the 0/1 target, one-hot
columns, and the XGBoost settings close to Augur's best on adult (learning rate 0.05, depth 6, 300 trees, 80 % of rows
and columns per tree; Debian's scikit-learn has no feature subsampling for its boosted trees)."""
import os
import sys
import warnings

import pandas as pd
import xgboost
from sklearn.model_selection import StratifiedKFold

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from datasets import DATASETS, load  # noqa: E402

from datasets import ROOT as DATASETS_ROOT  # noqa: E402  (AUGUR_DATASETS, else ../shared/datasets)

frame = load("adult", DATASETS_ROOT)
_, _, target, _, _, positive = DATASETS["adult"]
folds = list(StratifiedKFold(10, shuffle=True, random_state=1).split(frame, frame[target]))
y = (frame[target] == positive).astype(int).values


def one_hot(drop=()):
    """The input columns (less `drop`) one-hot encoded, missing numbers filled with the median, as a float matrix."""
    X = pd.get_dummies(frame.drop(columns=[target, *drop]), dummy_na=True).astype(float)
    return X.fillna(X.median()).values


def model(seed=0):
    return xgboost.XGBClassifier(n_estimators=300, learning_rate=0.05, max_depth=6, subsample=0.8, colsample_bytree=0.8,
                                 tree_method="hist", n_jobs=2, random_state=seed)
