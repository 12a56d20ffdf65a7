#!/usr/bin/env python3
"""Measures the reporter facet against the `voice` field of ../shared/eval/incidents-dev.jsonl.

Usage: Scripts/measure-reporter.py STORE.sqlite [INCIDENTS.jsonl]
  (first: cop-threats store ingest ../shared/eval/incidents-dev.jsonl --db STORE.sqlite)

The set's voices map to reporters: parent -> parent; teen, child -> child; teacher,
safeguarding_lead, youth_worker, helpline_note, hotline_analyst, cert_analyst, police ->
professional; news and other -> none. Prints, per language and overall, precision (of the
reports given a reporter, how many got the right one) and recall (of the reports whose voice is
a reporter, how many got the right one), and the confusion of gold against found.
"""
import collections
import json
import sqlite3
import sys

VOICE = {
    "parent": "parent", "teen": "child", "child": "child",
    "teacher": "professional", "safeguarding_lead": "professional", "youth_worker": "professional",
    "helpline_note": "professional", "hotline_analyst": "professional", "cert_analyst": "professional",
    "police": "professional", "news": None, "other": None,
}

store = sys.argv[1]
incidents = sys.argv[2] if len(sys.argv) > 2 else "../shared/eval/incidents-dev.jsonl"
found = dict(sqlite3.connect(store).execute("SELECT id, value FROM facet WHERE kind = 'reporter'").fetchall())
rows = [json.loads(line) for line in open(incidents, encoding="utf-8")]
stats = collections.defaultdict(collections.Counter)
confusion = collections.Counter()
for row in rows:
    gold, got = VOICE[row["voice"]], found.get(row["id"])
    for key in (row["lang"], "all"):
        s = stats[key]
        s["reports"] += 1
        s["gold"] += gold is not None
        s["given"] += got is not None
        s["right"] += got is not None and got == gold
    confusion[(gold or "-", got or "-")] += 1

print(f"{'lang':5} {'reports':>7} {'stated':>6} {'given':>5} {'right':>5} {'precision':>9} {'recall':>6}")
for key in sorted(stats, key=lambda k: (k == "all", k)):
    s = stats[key]
    precision = s["right"] / s["given"] if s["given"] else 0
    recall = s["right"] / s["gold"] if s["gold"] else 0
    print(f"{key:5} {s['reports']:7} {s['gold']:6} {s['given']:5} {s['right']:5} {precision:9.3f} {recall:6.3f}")
print("\ngold -> found: reports")
for (gold, got), n in sorted(confusion.items()):
    print(f"  {gold:12} -> {got:12} {n}")
