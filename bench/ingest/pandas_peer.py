#!/usr/bin/python3
"""The peer: pandas reads the same CSV (semicolons, decimal commas) and writes JSON lines.

usage: pandas_peer.py IN.csv OUT.jsonl
"""
import sys

import pandas as pd

frame = pd.read_csv(sys.argv[1], sep=";", decimal=",", on_bad_lines="skip")
frame.to_json(sys.argv[2], orient="records", lines=True, force_ascii=False)
