#!/usr/bin/env python3
# Usage: Scripts/single-report-terms.py LANG (from the project folder, after make build).
# Flags class/rule terms that look copied from one incident-dev report: a literal of 3+ words
# (or 6+ CJK chars) that occurs in exactly one dev report of its language and in no train line.
import json, subprocess, sys, re, unicodedata
lang = sys.argv[1]
terms = subprocess.run(['.build/release/cop-threats','taxonomy','terms','--lang',lang],capture_output=True,text=True,cwd='.').stdout.split('\n')
def norm(t):
    t = unicodedata.normalize('NFKD', t.lower())
    t = ''.join(c for c in t if not unicodedata.combining(c))
    return re.sub(r'[\W_]+', ' ', t).strip()
dev = [norm(json.loads(l)['text']) for l in open('../shared/eval/incidents-dev.jsonl') if json.loads(l)['lang']==lang]
train = [norm(json.loads(l)['text']) for l in open('../shared/eval/train.jsonl') if json.loads(l)['lang']==lang]
sus=[]
for t in terms:
    n = norm(t)
    if not n: continue
    long = len(n.split())>=3 if lang!='zh' else len(n.replace(' ',''))>=6
    if not long: continue
    hits = sum(1 for d in dev if f' {n}' in f' {d}')
    if hits==1 and not any(n in x for x in train):
        sus.append(t)
print(lang, len(terms), 'terms;', len(sus), 'long terms found in exactly one dev report and nowhere in train')
for t in sus[:60]: print('  ', t)
