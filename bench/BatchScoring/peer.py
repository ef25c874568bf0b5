"""The peer: pandas reads the scoring CSV and a scikit-learn gradient-boosted model of the same kind (histogram
GBDT, like LightGBM) predicts every row, written as CSV with the id, the prediction and both probabilities.
Training on the small training file happens first and is timed separately, as Augur's model is trained beforehand.
usage: peer.py TRAIN_CSV SCORE_CSV OUT_CSV"""
import sys
import time

import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import OrdinalEncoder

train = pd.read_csv(sys.argv[1])
features = [c for c in train.columns if c not in ("customer_id", "churned")]
categorical = [c for c in features if c.startswith("cat_")]
encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
x = train[features].copy()
x[categorical] = encoder.fit_transform(x[categorical])
model = HistGradientBoostingClassifier(max_iter=100, categorical_features=[features.index(c) for c in categorical], random_state=42)
model.fit(x, train["churned"])

start = time.perf_counter()
cpu_start = time.process_time()  # CPU seconds of every thread: fair on a machine shared with other work
score = pd.read_csv(sys.argv[2])
read = time.perf_counter()
x = score[features].copy()
x[categorical] = encoder.transform(x[categorical])
p = model.predict_proba(x)
predicted = time.perf_counter()
out = pd.DataFrame({"customer_id": score["customer_id"], "prediction": model.classes_[p.argmax(axis=1)],
                    f"probability_{model.classes_[0]}": p[:, 0], f"probability_{model.classes_[1]}": p[:, 1]})
out.to_csv(sys.argv[3], index=False, float_format="%.6g")
done = time.perf_counter()
print(f"peer: {len(score):,} rows in {done - start:.1f} s = {len(score) / (done - start):,.0f} rows/s "
      f"(read {read - start:.1f} s, predict {predicted - read:.1f} s, write {done - predicted:.1f} s; "
      f"{time.process_time() - cpu_start:.1f} CPU s)")
