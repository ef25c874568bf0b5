#!/usr/bin/env python3
"""Prints a recommender run (JSON on stdin) for run.sh: `summary.py trained INGEST_SECONDS` or `summary.py batch`."""
import datetime, json, sys

r = json.load(sys.stdin)
if r["status"] != "succeeded":
    print("FAILED:", r.get("reason"))
    sys.exit(1)
if sys.argv[1] == "trained":
    def at(s):
        return datetime.datetime.fromisoformat(s.rstrip("Z")[:26])
    seconds = (at(r["finishedAt"]) - at(r["startedAt"])).total_seconds()
    print(f"== upload + ingest of both files: {float(sys.argv[2]):.1f} s")
    print(f"== trained {r['model']} v{r['version']}: {r['users']:,} customers, {r['items']:,} items, {r['interactions']:,} events in {seconds:.1f} s "
          "(validation with the baselines, then the fit on all events)")
    for m in r["reports"]:
        print(f"   {m['model']:<20} hit@10 {m['hitRate']:.3f}  nDCG@10 {m['ndcg']:.4f}  MAP {m['map']:.4f}  train {m['trainSeconds']:.1f} s")
    print(f"== nightly batch right after training: top-20 of {r['batchUsers']:,} active customers in {r['batchSeconds']:.1f} s")
else:
    print(f"== batch run again on its own: top-20 of {r['batchUsers']:,} customers in {r['batchSeconds']:.1f} s")
