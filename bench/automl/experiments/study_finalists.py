"""Question: which model does a study (one run spread over workers) serve, and how good is it on held-out rows?

Used to compare builds that finalise a study differently (its best 3 trials, or the candidates a one-worker run keeps).
For each outer fold of bench/automl/run.py it starts `augur serve` from a build, uploads the fold's training part,
trains a study through the API (parallelism 2 on the default workers), downloads the registered bundle and scores the
test part with `augur predict`, as run.py scores a one-worker run.

Usage: /usr/bin/python3 bench/automl/experiments/study_finalists.py --augur /tmp/augur-X/augur --dataset wine-quality-white
       --folds 0,1,2 --budget 60 [--parallelism 2] [--work DIR]
"""
import argparse
import http.cookiejar
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from datasets import DATASETS, ROOT as DATASETS_ROOT, load  # noqa: E402  (AUGUR_DATASETS, else ../shared/datasets)
from run import folds, score_predictions, write_fold  # noqa: E402

PASSWORD = "study-finalists-benchmark"


class Api:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method, path, body=None, raw=False):
        data, headers = None, {}
        if isinstance(body, dict):
            data, headers = json.dumps(body).encode(), {"content-type": "application/json"}
        elif isinstance(body, tuple):  # (file name, bytes): a multipart upload
            boundary = uuid.uuid4().hex
            data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{body[0]}\"\r\n"
                    f"Content-Type: text/csv\r\n\r\n").encode() + body[1] + f"\r\n--{boundary}--\r\n".encode()
            headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        with self.opener.open(request, timeout=600) as response:
            content = response.read()
        return content if raw else json.loads(content or b"null")


def study(augur, train_path, test_path, out_dir, target, budget, parallelism, port, with_trials=False):
    """The predictions on the test rows, the run and the registered version (and the run's trials, if asked)."""
    data = tempfile.mkdtemp(prefix="augur-study-")
    env = dict(os.environ, AUGUR_DATA=data, AUGUR_ADMIN_PASSWORD=PASSWORD)
    server = subprocess.Popen([augur, "serve", "--urls", f"http://127.0.0.1:{port}"], env=env,
                              stdout=open(os.path.join(out_dir, "server.log"), "w"), stderr=subprocess.STDOUT)
    try:
        api = Api(f"http://127.0.0.1:{port}/api/v1")
        for _ in range(120):
            try:
                api.call("POST", "/auth/login", {"userName": "admin", "password": PASSWORD})
                break
            except OSError:
                time.sleep(0.5)
        project = api.call("POST", "/projects", {"name": "study"})["id"]
        with open(train_path, "rb") as f:
            dataset = api.call("POST", f"/projects/{project}/datasets", ("train.csv", f.read()))["id"]
        run = api.call("POST", f"/projects/{project}/runs", {"datasetId": dataset, "target": target, "budgetSeconds": budget,
                                                              "parallelism": parallelism, "modelName": "study"})
        while run["status"] in ("queued", "running"):
            time.sleep(2)
            run = api.call("GET", f"/projects/{project}/runs/{run['id']}")
        if run["status"] != "succeeded":
            raise SystemExit(f"the study ended {run['status']}: {run.get('reason')}")
        bundle = os.path.join(out_dir, "model.augur")
        with open(bundle, "wb") as f:
            f.write(api.call("GET", f"/projects/{project}/models/study/versions/latest/bundle", raw=True))
        version = api.call("GET", f"/projects/{project}/models/study/versions/latest")
        trials = api.call("GET", f"/projects/{project}/runs/{run['id']}/trials?limit=1000")["items"] if with_trials else None
        predictions = os.path.join(out_dir, "predictions.csv")
        subprocess.run([augur, "predict", "--model", bundle, "--input", test_path, "--out", predictions], check=True,
                       stdout=subprocess.DEVNULL)
        return (pd.read_csv(predictions), run, version) + ((trials,) if with_trials else ())
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(data, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--augur", required=True)
    parser.add_argument("--dataset", default="wine-quality-white")
    parser.add_argument("--folds", default="0")
    parser.add_argument("--budget", type=int, default=60)
    parser.add_argument("--parallelism", type=int, default=2)
    parser.add_argument("--port", type=int, default=5097)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "augur-study-finalists"))
    args = parser.parse_args()
    _, _, target, task, metric, positive = DATASETS[args.dataset]
    frame = load(args.dataset, os.path.abspath(DATASETS_ROOT))
    if frame is None:
        raise SystemExit(f"{args.dataset} is not under {DATASETS_ROOT}")
    for k, (train_index, test_index) in enumerate(folds(frame, target, task, 10, 1)):
        if str(k) not in args.folds.split(","):
            continue
        fold_dir = os.path.join(args.work, args.dataset, f"fold{k}")
        _, test, train_path, test_path = write_fold(frame, target, train_index, test_index, fold_dir)
        predictions, run, version = study(os.path.abspath(args.augur), train_path, test_path, fold_dir, target, args.budget,
                                          args.parallelism, args.port)
        value = score_predictions(predictions, test[target].to_numpy(), frame, target, task, metric, positive)
        print(json.dumps({"dataset": args.dataset, "fold": k, "metric": metric, "test": round(value, 5),
                          "validation": run.get("metricValue"), "seconds": run.get("durationSeconds"),
                          "trials": run.get("trialsDone"), "served": version.get("servedModels")}), flush=True)


if __name__ == "__main__":
    main()
