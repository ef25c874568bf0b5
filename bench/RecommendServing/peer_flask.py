#!/usr/bin/env python3
"""The peer: a Flask endpoint serving precomputed top-10 lists from a Python dict, the simplest thing a shop
could run instead of Augur. The lists are each customer's favourite category's best sellers they have not bought
(computed once at start-up); what is measured is the serving cost (lookup + JSON), not their quality.

Usage: peer_flask.py EVENTS_CSV CATALOGUE_CSV PORT
"""
import collections, csv, sys
from flask import Flask, jsonify

events, catalogue, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(catalogue, newline="") as f:
    category_of = {row["id"]: row["category"] for row in csv.DictReader(f)}
counts, bought, favourite = collections.Counter(), collections.defaultdict(set), collections.defaultdict(collections.Counter)
with open(events, newline="") as f:
    for row in csv.DictReader(f):
        item, user = row["ecom.nm"], row["user_id"]
        counts[item] += 1
        favourite[user][category_of[item]] += 1
        if row["event_type"] == "purchase":
            bought[user].add(item)
best = collections.defaultdict(list)
for item, _ in counts.most_common():
    best[category_of[item]].append(item)
top = {u: [i for i in best[c.most_common(1)[0][0]] if i not in bought[u]][:10] for u, c in favourite.items()}
popular = [i for i, _ in counts.most_common(10)]
app = Flask(__name__)


@app.get("/recommendations/<user>")
def recommend(user):
    return jsonify(customerId=user, items=[{"itemId": i} for i in top.get(user, popular)])


print(f"peer ready: {len(top)} customers", flush=True)
app.run(host="127.0.0.1", port=port, threaded=True)
