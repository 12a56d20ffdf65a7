#!/usr/bin/env python3
"""Writes a JSONL corpus of report-like texts in the six UN languages, of about SIZE_MB
megabytes (10^6 bytes), to OUT.

    Benchmarks/gen-corpus.py SIZE_MB OUT

One JSON object per line with id, lang, country, partner, date and text, as `classify` reads.
A text is either one of the project's own reports (Corpus/*.jsonl) followed by a few generated
sentences, or 1-6 sentences generated from the templates and word lists of
Benchmarks/wordlists.py. Deterministic: the same arguments and the same Corpus/ give the same
file, and a smaller corpus is a prefix of a larger one. Prints the number of reports on stdout.
"""
import glob
import json
import os
import random
import string
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordlists import COUNTRIES, LANGUAGES, PARTNERS, SLOTS, TEMPLATES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEPARATOR = {"zh": ""}  # Chinese sentences are joined without spaces


def project_reports() -> dict[str, list[str]]:
    """The texts of Corpus/*.jsonl by language (only the `text` and `lang` fields are used)."""
    texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for path in sorted(glob.glob(os.path.join(ROOT, "Corpus", "*.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    texts.setdefault(record.get("lang", ""), []).append(record["text"])
    return texts


class SentenceMaker:
    """Fills templates with slot words; each template's fields are parsed once."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.templates = {
            lang: [(t, [f for _, f, _, _ in string.Formatter().parse(t) if f]) for t in TEMPLATES[lang]]
            for lang in LANGUAGES
        }

    def sentence(self, lang: str) -> str:
        template, fields = self.rng.choice(self.templates[lang])
        values = {}
        for field in fields:
            if field == "age":
                values[field] = self.rng.randint(8, 17)
            elif field == "number":
                values[field] = self.rng.randint(20, 900)
            else:
                values[field] = self.rng.choice(SLOTS[lang][field])
        return template.format(**values)


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: gen-corpus.py SIZE_MB OUT")
    target = float(sys.argv[1]) * 1_000_000
    rng = random.Random(20240806)
    maker = SentenceMaker(rng)
    reports = project_reports()
    written = 0
    count = 0
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        while written < target:
            lang = LANGUAGES[count % len(LANGUAGES)]
            parts = []
            if reports.get(lang) and rng.random() < 0.3:
                parts.append(rng.choice(reports[lang]))
                parts += [maker.sentence(lang) for _ in range(rng.randint(0, 2))]
            else:
                parts += [maker.sentence(lang) for _ in range(rng.randint(1, 6))]
            record = {
                "id": f"bench-{count:08d}",
                "lang": lang,
                "country": rng.choice(COUNTRIES[lang]),
                "partner": rng.choice(PARTNERS[lang]),
                "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "text": SEPARATOR.get(lang, " ").join(parts),
            }
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode())
            count += 1
    print(count)


if __name__ == "__main__":
    main()
