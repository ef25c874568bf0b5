#!/usr/bin/env python3
"""The peer: a Flask + scikit-learn scoring server for the same table (HistGradientBoostingClassifier, sklearn's
LightGBM-style trees, behind a one-hot ColumnTransformer), trained at start-up.

POST /predict {"rows": [{...}]} -> {"predictions": [...]}. Run under gunicorn (Debian's python3-gunicorn):
  gunicorn -w 2 -b 127.0.0.1:PORT --chdir bench/Serving 'peer:create("data.csv")'
"""
import pandas as pd
from flask import Flask, jsonify, request
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder


def create(csv_path):
    data = pd.read_csv(csv_path)
    y = data.pop("target")
    categorical = [c for c in data.columns if c.startswith("cat_") or c.startswith("flag_")]
    data[categorical] = data[categorical].astype(str)
    model = Pipeline([
        ("encode", ColumnTransformer([("onehot", OneHotEncoder(handle_unknown="ignore"), categorical)], remainder="passthrough")),
        ("trees", HistGradientBoostingClassifier(max_iter=100, random_state=42)),
    ]).fit(data, y)
    columns = list(data.columns)
    app = Flask(__name__)

    @app.post("/predict")
    def predict():
        frame = pd.DataFrame(request.get_json()["rows"], columns=columns)
        frame[categorical] = frame[categorical].astype(str).apply(lambda s: s.str.lower())
        return jsonify(predictions=model.predict(frame).tolist())

    return app
