"""The Python peer: a seeded random search over HistGradientBoosting and XGBoost within a time budget.

Each configuration is scored on a stratified 80/20 split of the training part; the best is refitted on all of it.
"""
import time

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score
from sklearn.model_selection import train_test_split


def _encode(train, test, target):
    x_train, x_test = train.drop(columns=[target]).copy(), test.drop(columns=[target]).copy()
    for column in x_train.columns:
        if x_train[column].dtype == object:
            as_number = pd.to_numeric(x_train[column], errors="coerce")
            if as_number.notna().mean() > 0.95:
                x_train[column], x_test[column] = as_number, pd.to_numeric(x_test[column], errors="coerce")
                continue
            categories = pd.Categorical(x_train[column]).categories
            x_train[column] = pd.Categorical(x_train[column], categories=categories).codes
            x_test[column] = pd.Categorical(x_test[column], categories=categories).codes
            x_train[column] = x_train[column].where(x_train[column] >= 0, np.nan)
            x_test[column] = x_test[column].where(x_test[column] >= 0, np.nan)
    return x_train.astype(float), x_test.astype(float)


def _config(rng):
    if rng.random() < 0.5:
        return ("hgb", {"learning_rate": float(np.exp(rng.uniform(np.log(0.01), np.log(0.3)))),
                        "max_leaf_nodes": int(rng.integers(8, 128)),
                        "min_samples_leaf": int(rng.integers(5, 100)),
                        "l2_regularization": float(np.exp(rng.uniform(np.log(1e-4), np.log(10)))),
                        "max_iter": int(rng.integers(50, 500))})
    return ("xgb", {"learning_rate": float(np.exp(rng.uniform(np.log(0.01), np.log(0.3)))),
                    "max_depth": int(rng.integers(3, 10)),
                    "n_estimators": int(rng.integers(50, 500)),
                    "subsample": float(rng.uniform(0.6, 1.0)),
                    "colsample_bytree": float(rng.uniform(0.5, 1.0)),
                    "min_child_weight": float(np.exp(rng.uniform(0, np.log(20)))),
                    "reg_lambda": float(np.exp(rng.uniform(np.log(1e-3), np.log(10))))})


def _model(kind, params, task, classes, seed):
    if kind == "hgb":
        cls = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
        return cls(random_state=seed, **params)
    common = dict(random_state=seed, n_jobs=1, tree_method="hist", **params)
    if task == "regression":
        return xgb.XGBRegressor(**common)
    if task == "multiclass":
        return xgb.XGBClassifier(objective="multi:softprob", num_class=len(classes), **common)
    return xgb.XGBClassifier(**common)


def _predict(model, x, task):
    return model.predict(x) if task == "regression" else model.predict_proba(x)


def _score(task, metric, y, p, classes):
    if metric == "auc":
        return -roc_auc_score(y, p[:, 1])
    if metric == "logLoss":
        return log_loss(y, p, labels=list(range(len(classes))))
    return float(np.sqrt(mean_squared_error(y, p)))


def run(train, test, target, task, metric, positive, budget, seed):
    started = time.time()
    x_train, x_test = _encode(train, test, target)
    if task == "regression":
        y_train, classes = train[target].to_numpy(dtype=float), None
    else:
        classes = sorted(train[target].astype(str).unique()) if task == "multiclass" else ["neg", str(positive)]
        if task == "binary":
            y_train = (train[target].astype(str) == str(positive)).astype(int).to_numpy()
        else:
            y_train = train[target].astype(str).map({c: i for i, c in enumerate(classes)}).to_numpy()
    stratify = None if task == "regression" else y_train
    x_fit, x_val, y_fit, y_val = train_test_split(x_train, y_train, test_size=0.2, random_state=seed, stratify=stratify)
    rng = np.random.default_rng(seed)
    best, trials = None, 0
    refit_share = 0.25
    while trials == 0 or time.time() - started < budget * (1 - refit_share):
        kind, params = _config(rng) if trials > 0 else ("hgb", {})
        model = _model(kind, params, task, classes, seed).fit(x_fit, y_fit)
        loss = _score(task, metric, y_val, _predict(model, x_val, task), classes)
        trials += 1
        if best is None or loss < best[0]:
            best = (loss, kind, params)
    model = _model(best[1], best[2], task, classes, seed).fit(x_train, y_train)
    p = _predict(model, x_test, task)
    y = test[target]
    if metric == "auc":
        value = roc_auc_score((y.astype(str) == str(positive)).astype(int), p[:, 1])
    elif metric == "logLoss":
        # Map test labels onto the training classes; a class unseen in training cannot be scored and is clipped.
        index = {c: i for i, c in enumerate(classes)}
        keep = y.astype(str).map(index).notna().to_numpy()
        value = log_loss(y.astype(str).map(index)[keep].astype(int), p[keep], labels=list(range(len(classes))))
    else:
        value = float(np.sqrt(mean_squared_error(y.to_numpy(dtype=float), p)))
    return {"peer": value, "peerSeconds": round(time.time() - started, 1), "peerTrials": trials, "peerBest": best[1]}
