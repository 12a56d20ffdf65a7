#!/usr/bin/env python3
"""Writes a synthetic taxonomy with N rule terms to OUT_DIR, in the real file format
(Taxonomy/README.md): OUT_DIR/taxonomy.yaml and OUT_DIR/rules/<lang>.yaml for the six languages.

    Benchmarks/gen-taxonomy.py N OUT_DIR

Two domains of four leaves each; the N terms are spread evenly over the languages and the leaves.
Most terms are pronounceable made-up words in each language's script (Chinese: two or three
common characters); up to one in six (at most 80 per language) is a real word of the benchmark
corpus, so that some terms hit it. A fifth are two-word phrases, a third of the Latin, Cyrillic and Arabic ones end in `*`,
and weights alternate between 1.0 (enough alone) and 0.5. Deterministic: the same N and the same
Corpus/ give the same files.
"""
import glob
import json
import os
import random
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordlists import LANGUAGES, SLOTS, TEMPLATES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEAVES = {
    "synthetic-a": ["synthetic-a1", "synthetic-a2", "synthetic-a3", "synthetic-a4"],
    "synthetic-b": ["synthetic-b1", "synthetic-b2", "synthetic-b3", "synthetic-b4"],
}
SCRIPTS = {  # consonants, vowels
    "latin": ("bcdfgklmnprstvz", "aeiou"),
    "ru": ("бвгджзклмнпрстфхчш", "аеиоуы"),
    # No letter that Arabic folding unifies with another, and no clitic letter first (see pronounceable).
    "ar": ("تثجحخدذرزسشصضطظعغقمنه", "اوي"),
}
CHINESE = "安全网络学生孩子家长老师学校照片视频游戏账号消息平台朋友同学陌生人父母手机电脑密码链接群聊直播礼物钱包银行信息隐私威胁骗局挑战"
CLITIC_FIRST = "وفبلك"
REAL_WORDS_PER_LANGUAGE = 80  # so that even 10,000 terms leave most corpus words unmatched


def pronounceable(lang: str, rng: random.Random) -> str:
    """A made-up word: two or three consonant-vowel(-consonant) syllables in the language's script."""
    if lang == "zh":
        return "".join(rng.choice(CHINESE) for _ in range(rng.randint(2, 3)))
    consonants, vowels = SCRIPTS.get(lang, SCRIPTS["latin"])
    word = ""
    for _ in range(rng.randint(2, 3)):
        word += rng.choice(consonants) + rng.choice(vowels)
        if rng.random() < 0.4:
            word += rng.choice(consonants)
    return word


def real_words(lang: str) -> list[str]:
    """Words of four letters or more from the corpus templates, slot words and Corpus/ reports."""
    texts = TEMPLATES[lang] + [w for words in SLOTS[lang].values() for w in words]
    for path in sorted(glob.glob(os.path.join(ROOT, "Corpus", "*.jsonl"))):
        with open(path, encoding="utf-8") as lines:
            texts += [r["text"] for r in map(json.loads, filter(str.strip, lines)) if r.get("lang") == lang]
    if lang == "zh":
        runs = [run for text in texts for run in re.findall(r"[\u4e00-\u9fff]+", text)]
        words = {run[i:i + 2] for run in runs for i in range(len(run) - 1)}
    else:
        words = {w.lower() for text in texts for w in re.findall(r"[^\W\d_]{4,}", text)}
        if lang == "ar":  # clitic prefixes make such words variants of shorter ones
            words = {w for w in words if w[0] not in CLITIC_FIRST}
    return sorted(words)


def folded(term: str) -> str:
    """A rough match key, to keep terms that the loader would fold together from both being written."""
    decomposed = unicodedata.normalize("NFKD", term.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip("*")


def terms_for(lang: str, count: int, rng: random.Random, seen: set[str]) -> list[str]:
    real = real_words(lang)
    rng.shuffle(real)
    del real[REAL_WORDS_PER_LANGUAGE:]
    terms: list[str] = []
    while len(terms) < count:
        word = real.pop() if real and rng.random() < 1 / 6 else pronounceable(lang, rng)
        if lang != "zh" and rng.random() < 0.2:
            word = f"{pronounceable(lang, rng)} {word}"
        elif lang != "zh" and rng.random() < 1 / 3:
            word += "*"
        if folded(word) not in seen:
            seen.add(folded(word))
            terms.append(word)
    return terms


def taxonomy_yaml(count: int) -> str:
    lines = [
        f"# Synthetic benchmark taxonomy with {count} terms, written by Benchmarks/gen-taxonomy.py.",
        'version: "1.0.0"',
        f"name: Synthetic benchmark taxonomy ({count} terms)",
        f"languages: [{', '.join(LANGUAGES)}]",
        "rule_files:",
        *[f"  - rules/{lang}.yaml" for lang in LANGUAGES],
        "nodes:",
    ]
    for domain, leaves in LEAVES.items():
        for node in [domain, *leaves]:
            names = ", ".join(f"{lang}: {node}" for lang in LANGUAGES)
            lines.append(f"  - id: {node}")
            if node != domain:
                lines.append(f"    parent: {domain}")
            lines.append(f"    name: {{{names}}}")
            lines.append(f"    definition: A node of the synthetic benchmark taxonomy; its terms are made up.")
    return "\n".join(lines) + "\n"


def rules_yaml(lang: str, terms: list[str]) -> str:
    leaves = [leaf for leaves in LEAVES.values() for leaf in leaves]
    lines = [f"language: {lang}", "nodes:"]
    for index, leaf in enumerate(leaves):
        lines += [f"  {leaf}:", "    terms:"]
        for number, term in enumerate(terms[index::len(leaves)]):
            weight = "1.0" if number % 2 == 0 else "0.5"
            lines.append(f"      - {{term: {json.dumps(term, ensure_ascii=False)}, weight: {weight}}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: gen-taxonomy.py N OUT_DIR")
    count, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(count)
    seen: set[str] = set()
    os.makedirs(os.path.join(out, "rules"), exist_ok=True)
    with open(os.path.join(out, "taxonomy.yaml"), "w", encoding="utf-8") as file:
        file.write(taxonomy_yaml(count))
    for index, lang in enumerate(LANGUAGES):
        share = count // len(LANGUAGES) + (1 if index < count % len(LANGUAGES) else 0)
        with open(os.path.join(out, "rules", f"{lang}.yaml"), "w", encoding="utf-8") as file:
            file.write(rules_yaml(lang, terms_for(lang, share, rng, seen)))


if __name__ == "__main__":
    main()
