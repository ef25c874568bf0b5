"""What the wine-quality-white experiments share: the data, the ten outer folds of bench/automl/run.py, and the pieces of Augur's
calibration (a mix with the class frequencies, then a temperature; docs/automl.md, "Calibration")."""
import os
import sys
import warnings

import numpy as np
from sklearn.metrics import log_loss
from sklearn.model_selection import StratifiedKFold

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from datasets import load  # noqa: E402  (bench/automl/datasets.py)

from datasets import ROOT as DATASETS_ROOT  # noqa: E402  (AUGUR_DATASETS, else ../shared/datasets)
frame = load("wine-quality-white", DATASETS_ROOT)
y = frame["quality"].values
X = frame.drop(columns=["quality"]).values
classes = np.unique(y)
outer = list(StratifiedKFold(10, shuffle=True, random_state=1).split(X, y))


def full(p, m):
    """A model's probabilities with a column for every class (a fold may lack one)."""
    out = np.zeros((len(p), len(classes)))
    out[:, np.searchsorted(classes, m.classes_)] = p
    return out


def temp(p, beta):
    l = beta * np.log(np.clip(p, 1e-15, 1))
    l -= l.max(1, keepdims=True)
    e = np.exp(l)
    return e / e.sum(1, keepdims=True)


def mix(p, eps, prior):
    return (1 - eps) * p + eps * prior


def L(q, yy):
    return log_loss(yy, np.clip(q, 1e-15, 1) / np.clip(q, 1e-15, 1).sum(1, keepdims=True), labels=classes)

