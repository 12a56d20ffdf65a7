#!/usr/bin/env python3
"""Parses `cop-threats taxonomy export --format skos` with rdflib (a real Turtle parser) and checks
it says what the taxonomy says: one concept scheme with the taxonomy's version and its top
concepts; a concept per node with a name in each of the taxonomy's languages, its definition,
its broader node (or topConceptOf) and narrower nodes; and each crosswalk code under the SKOS
mapping property of its relation.

Usage: Scripts/check-skos.py BINARY [--taxonomy PATH]   (needs rdflib: pip install rdflib)
Prints one line and exits 0 when everything holds; else prints each problem and exits 1.
"""
import csv
import io
import json
import subprocess
import sys

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS

NODE = Namespace("urn:cop-threats:node:")
SCHEME = URIRef("urn:cop-threats:taxonomy")


def run(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def main():
    binary, options = sys.argv[1], sys.argv[2:]
    graph = Graph()
    graph.parse(data=run(binary, "taxonomy", "export", "--format", "skos", *options), format="turtle")
    shown = json.loads(run(binary, "taxonomy", "show", "--format", "json", *options))
    crosswalks = list(csv.DictReader(io.StringIO(run(binary, "taxonomy", "export", "--format", "csv", *options))))
    problems = []

    def expect(condition, message):
        if not condition:
            problems.append(message)

    nodes = shown["nodes"]
    languages = [key[len("name_"):] for key in crosswalks[0] if key.startswith("name_")]
    expect(set(graph.subjects(RDF.type, SKOS.ConceptScheme)) >= {SCHEME}, "no concept scheme " + str(SCHEME))
    expect(graph.value(SCHEME, OWL.versionInfo) == Literal(shown["version"]), "the scheme's version is not " + shown["version"])
    roots = {NODE[n["id"]] for n in nodes if n["parent"] is None}
    expect(set(graph.objects(SCHEME, SKOS.hasTopConcept)) == roots, "hasTopConcept is not the top-level nodes")
    expect(len(set(graph.subjects(RDF.type, SKOS.Concept))) == len(nodes), "not one concept per node")
    for node in nodes:
        concept = NODE[node["id"]]
        labels = {label.language: str(label) for label in graph.objects(concept, SKOS.prefLabel)}
        row = next(r for r in crosswalks if r["node"] == node["id"])
        want = {lang: row["name_" + lang] for lang in languages if row["name_" + lang]}
        expect(labels == want, f"{node['id']}: prefLabels {labels} are not the names {want}")
        expect(len(want) == len(languages), f"{node['id']}: a name is missing in the taxonomy")
        expect(graph.value(concept, SKOS.definition) is not None, f"{node['id']}: no definition")
        parent = node["parent"]
        expect(set(graph.objects(concept, SKOS.broader)) == ({NODE[parent]} if parent else set()), f"{node['id']}: broader")
        expect((graph.value(concept, SKOS.topConceptOf) == SCHEME) == (parent is None), f"{node['id']}: topConceptOf")
        children = {NODE[n["id"]] for n in nodes if n["parent"] == node["id"]}
        expect(set(graph.objects(concept, SKOS.narrower)) == children, f"{node['id']}: narrower")
        found = set()
        for relation in ["exact", "broad", "narrow", "related"]:
            for code in graph.objects(concept, SKOS[relation + "Match"]):
                scheme = str(graph.value(code, SKOS.inScheme)).removeprefix("urn:cop-threats:scheme:")
                found.add((scheme, str(graph.value(code, SKOS.notation)), relation))
        want_codes = {(r["scheme"], r["code"], r["relation"]) for r in crosswalks if r["node"] == node["id"] and r["scheme"]}
        expect(found == want_codes, f"{node['id']}: mappings {sorted(found)} are not the crosswalks {sorted(want_codes)}")
    for problem in problems:
        print("check-skos: " + problem)
    if problems:
        sys.exit(1)
    print(f"check-skos: {len(graph)} triples parsed by rdflib; {len(nodes)} concepts, each with names in "
          f"{len(languages)} languages, its hierarchy and {sum(1 for r in crosswalks if r['scheme'])} crosswalk codes in all, as in the taxonomy.")


if __name__ == "__main__":
    main()
