"""The benchmark datasets: where they live under ../shared/datasets and how each becomes one CSV table."""
import os

import pandas as pd

# The datasets folder (SOURCE.md in each) is not part of the repo: AUGUR_DATASETS, else ../shared/datasets beside the checkout.
ROOT = os.environ.get("AUGUR_DATASETS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "datasets"))

ADULT_COLUMNS = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation",
                 "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country",
                 "income"]


def _adult(root):
    parts = []
    for name in ("adult-train.csv", "adult-test.csv"):
        path = os.path.join(root, "adult", name)
        part = pd.read_csv(path, header=None, names=ADULT_COLUMNS, skipinitialspace=True, comment="|", na_values="?")
        parts.append(part.dropna(subset=["income"]))
    frame = pd.concat(parts, ignore_index=True)
    frame["income"] = frame["income"].str.rstrip(".")
    return frame


def _csv(relative, sep=","):
    return lambda root: pd.read_csv(os.path.join(root, relative), sep=sep)


def _german(root):
    frame = pd.read_csv(os.path.join(root, "german-credit", "credit.csv"))
    frame["default"] = frame["default"].map({1: "no", 2: "yes"})
    return frame


def _wine(root):
    frame = pd.read_csv(os.path.join(root, "wine-quality", "whitewines.csv"))
    frame.columns = [c.replace(" ", "_") for c in frame.columns]
    return frame


# name: (loader, files that must exist, target, task, metric, positive label)
DATASETS = {
    "german-credit": (_german, ["german-credit/credit.csv"], "default", "binary", "auc", "yes"),
    "telco-churn": (_csv("telco-churn/Telco-Customer-Churn.csv"), ["telco-churn/Telco-Customer-Churn.csv"], "Churn", "binary", "auc", "Yes"),
    "wine-quality-white": (_wine, ["wine-quality/whitewines.csv"], "quality", "multiclass", "logLoss", None),
    "california-housing": (_csv("california-housing/housing.csv"), ["california-housing/housing.csv"], "median_house_value", "regression", "rmse", None),
    "adult": (_adult, ["adult/adult-train.csv", "adult/adult-test.csv"], "income", "binary", "auc", ">50K"),
    "bank-marketing": (_csv("bank-marketing/bank-full.csv"), ["bank-marketing/bank-full.csv"], "y", "binary", "auc", "yes"),
}


def load(name, root):
    """The table, or None (with a message) when its files are absent."""
    loader, files, *_ = DATASETS[name]
    missing = [f for f in files if not os.path.exists(os.path.join(root, f))]
    if missing:
        print(f"[skip] {name}: {', '.join(missing)} not found under {root}")
        return None
    return loader(root)
