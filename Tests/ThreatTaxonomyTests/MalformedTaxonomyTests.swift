import Testing
import ThreatTaxonomy
import SafeYAML

/// One broken taxonomy and the single error it must produce.
struct Malformed: CustomTestStringConvertible, Sendable {
    var name: String
    var main: String
    var files: [String: String] = [:]
    /// The file the error points into, relative to the fixture folder.
    var file = "taxonomy.yaml"
    var line: Int
    var column: Int
    /// Words the message must contain.
    var says: String

    var testDescription: String { name }
}

/// A valid node `a` on lines 6–9 of `header(_:)`.
private let nodeA = """
      - id: a
        name: {en: A}
        definition: A.
        rules: {en: {terms: [a]}}
    """

/// Node `b` (lines 10–13 after `nodeA`) with extra lines appended.
private func nodeB(_ extra: String) -> String {
    """
      - id: b
        name: {en: B}
        definition: B.
    \(extra)
    """
}

private let ruleFileHeader = """
    version: "1.0.0"
    languages: [en]
    rule_files: [rules/en.yaml]
    nodes:
      - id: a
        name: {en: A}
        definition: A.
    """

private let cases: [Malformed] = [
    Malformed(name: "bad indentation", main: header("""
          - id: a
            name: {en: A}
            definition: A.
           rules: {en: {terms: [a]}}
        """), line: 9, column: 4, says: "indentation"),
    Malformed(name: "tab indentation", main: header("  - id: a\n\tname: {en: A}\n"), line: 7, column: 1, says: "tabs"),
    Malformed(name: "unknown key with a typo", main: header("""
          - id: a
            name: {en: A}
            defintion: A.
            rules: {en: {terms: [a]}}
        """), line: 8, column: 5, says: "unknown key 'defintion' in node 'a'; did you mean 'definition'?"),
    Malformed(name: "unknown top-level key", main: header(nodeA) + "\nlanguage: [fr]\n", line: 10, column: 1,
              says: "did you mean 'languages'?"),
    Malformed(name: "duplicate YAML key", main: header("""
          - id: a
            name: {en: A}
            name: {en: B}
            definition: A.
        """), line: 7, column: 5, says: "'name' appears more than once"),
    Malformed(name: "threshold is not a number", main: header(nodeA + "\n    threshold: high"), line: 10, column: 16,
              says: "'threshold' of node 'a' must be a number"),
    Malformed(name: "terms is not a list", main: header("""
          - id: a
            name: {en: A}
            definition: A.
            rules: {en: {terms: {a: 1}}}
        """), line: 9, column: 25, says: "'terms' of 'a' (en) must be a list, found a mapping"),
    Malformed(name: "missing version", main: "languages: [en]\nnodes:\n" + nodeA, line: 1, column: 1, says: "no 'version'"),
    Malformed(name: "version is not semantic", main: header(nodeA).replacing("\"1.0.0\"", with: "1.0"), line: 1, column: 10,
              says: "not a semantic version"),
    Malformed(name: "missing id", main: header("  - name: {en: A}\n    definition: A.\n    rules: {en: {terms: [a]}}"),
              line: 6, column: 5, says: "a node has no 'id'"),
    Malformed(name: "missing English name", main: header("  - id: a\n    name: {}\n    definition: A.\n    rules: {en: {terms: [a]}}"),
              line: 7, column: 11, says: "node 'a' has no English name"),
    Malformed(name: "missing definition", main: header("  - id: a\n    name: {en: A}\n    rules: {en: {terms: [a]}}"),
              line: 6, column: 5, says: "node 'a' has no 'definition'"),
    Malformed(name: "duplicate id", main: header(nodeA + "\n" + nodeA), line: 10, column: 9,
              says: "duplicate id 'a': it is already declared at line 6"),
    Malformed(name: "unknown parent", main: header(nodeA + "\n" + nodeB("    parent: aa\n    rules: {en: {terms: [b]}}")),
              line: 13, column: 13, says: "the parent 'aa' of 'b' is not declared; did you mean 'a'?"),
    Malformed(name: "cycle in parents", main: header("""
          - id: a
            parent: b
            name: {en: A}
            definition: A.
          - id: b
            parent: a
            name: {en: B}
            definition: B.
        """), line: 7, column: 13, says: "form a cycle (a → b → a)"),
    Malformed(name: "node is its own parent", main: header(nodeA + "\n    parent: a"), line: 10, column: 13,
              says: "form a cycle (a → a)"),
    Malformed(name: "parent declared after child", main: header(nodeB("    parent: a\n    rules: {en: {terms: [b]}}") + "\n" + nodeA),
              line: 9, column: 13, says: "the parent 'a' is declared after its child 'b' (at line 11)"),
    Malformed(name: "empty term", main: header(nodeA + "\n" + nodeB("    rules: {en: {terms: [\"  \", b]}}")),
              line: 13, column: 26, says: "a term of 'b' (en) is empty"),
    Malformed(name: "star inside a term", main: header(nodeA + "\n" + nodeB("    rules: {en: {terms: [b, gr*om]}}")),
              line: 13, column: 29, says: "has '*' inside a word ('gr*om'): '*' may only end a word"),
    Malformed(name: "star inside a word of an exclusion phrase", main: header(nodeA + "\n" + nodeB("    rules: {en: {terms: [b], exclude: [se*nd nude]}}")),
              line: 13, column: 40, says: "has '*' inside a word ('se*nd nude')"),
    Malformed(name: "empty near part", main: header(nodeA + "\n" + nodeB("    rules: {en: {near: [{all: [b, ''], within: 3}]}}")),
              line: 13, column: 35, says: "a part of a near rule of 'b' (en) is empty"),
    Malformed(name: "near with one part", main: header(nodeA + "\n" + nodeB("    rules: {en: {near: [{all: [b], within: 3}]}}")),
              line: 13, column: 31, says: "needs at least two parts"),
    Malformed(name: "near without within or sentence", main: header(nodeA + "\n" + nodeB("    rules: {en: {near: [{all: [b, c]}]}}")),
              line: 13, column: 25, says: "needs 'within: N' (at most N words apart) or 'sentence: true'"),
    Malformed(name: "threshold not above zero", main: header(nodeA + "\n    threshold: 0"), line: 10, column: 16,
              says: "must be greater than 0"),
    Malformed(name: "bad relation", main: header(nodeA + "\n    crosswalks: {eval: [{code: x, relation: broader}]}"),
              line: 10, column: 45, says: "'broader' is not a relation: use one of exact, broad, narrow, related; did you mean 'broad'?"),
    Malformed(name: "crosswalk to an undeclared scheme", main: header(nodeA + "\n    crosswalks: {evl: [{code: x, relation: exact}]}"),
              line: 10, column: 18, says: "the scheme 'evl', which 'schemes' does not declare; did you mean 'eval'?"),
    Malformed(name: "scheme without version", main: header(nodeA).replacing("{title: Eval labels, version: \"1\"}", with: "{title: Eval labels}"),
              line: 4, column: 9, says: "the scheme 'eval' has no 'version'"),
    Malformed(name: "rules in an undeclared language", main: header(nodeA + "\n    examples: {match: [{lang: fr, text: Un texte}]}"),
              line: 10, column: 31, says: "an example in 'fr', which is not one of the taxonomy's languages (en)"),
    Malformed(name: "anchor in the taxonomy", main: header(nodeA.replacing("name: {en: A}", with: "name: &n {en: A}")),
              line: 7, column: 11, says: "YAML anchors (&n) are not allowed in this file: write each value out where it is used"),
    Malformed(name: "alias in a rule file", main: ruleFileHeader,
              files: ["rules/en.yaml": "language: en\nnodes:\n  a: {terms: [a, *t]}\n"], file: "rules/en.yaml", line: 3, column: 18,
              says: "YAML aliases (*t) are not allowed in this file"),
    Malformed(name: "rule file outside the taxonomy's folder", main: ruleFileHeader.replacing("rules/en.yaml", with: "/etc/passwd"),
              line: 3, column: 14, says: "the rule file '/etc/passwd' is outside the taxonomy's folder"),
    Malformed(name: "rule file above the taxonomy's folder", main: ruleFileHeader.replacing("rules/en.yaml", with: "rules/../../x.yaml"),
              line: 3, column: 14, says: "the rule file 'rules/../../x.yaml' is outside the taxonomy's folder"),
    Malformed(name: "rule file that cannot be read", main: ruleFileHeader, line: 3, column: 14,
              says: "cannot read the rule file 'rules/en.yaml' (looked for "),
    Malformed(name: "rule file language not declared", main: ruleFileHeader,
              files: ["rules/en.yaml": "language: de\nnodes:\n  a: {terms: [a]}\n"], file: "rules/en.yaml", line: 1, column: 11,
              says: "this rule file is for the language 'de', but rules in 'de', which is not one of the taxonomy's languages"),
    Malformed(name: "rule file names an unknown node", main: ruleFileHeader,
              files: ["rules/en.yaml": "language: en\nnodes:\n  a: {terms: [a]}\n  b: {terms: [b]}\n"], file: "rules/en.yaml",
              line: 4, column: 3, says: "the node 'b' is not declared in the taxonomy file"),
    Malformed(name: "rule file with a syntax error", main: ruleFileHeader,
              files: ["rules/en.yaml": "language: en\nnodes:\n  a:\n    terms: [a\n"], file: "rules/en.yaml", line: 5, column: 1,
              says: "YAML syntax error"),
]

@Suite("Malformed taxonomies: one located error each")
struct MalformedTaxonomyTests {
    @Test(arguments: cases)
    func reportsOneLocatedError(_ broken: Malformed) throws {
        let fixture = try Fixture(broken.main, files: broken.files)
        let errors = fixture.check().errors
        #expect(errors.count == 1, "\(errors.map(\.description))")
        let error = try #require(errors.first)
        #expect(error.location == SourceLocation(file: fixture.path(broken.file), line: broken.line, column: broken.column),
                "\(error.description)")
        #expect(error.message.contains(broken.says), "\(error.message)")
        #expect(error.sourceLine != nil)
    }

    @Test func loadThrowsEveryErrorNotJustTheFirst() throws {
        let fixture = try Fixture(header("""
              - id: a
                name: {en: A}
                definition: A.
                threshold: -1
                rules: {en: {terms: [a*b], exclude: [""]}}
            """))
        let error = try #require(throws: DiagnosticsError.self) { try TaxonomyLoader.load(from: fixture.path) }
        #expect(error.diagnostics.map(\.location.line) == [9, 10, 10])
    }

    /// Nine levels of nine aliases used as a mapping key (9^9 nodes when expanded): refused at the
    /// first anchor, in milliseconds (it took 43 s when aliases were expanded).
    @Test func billionLaughsIsRefusedQuickly() throws {
        var lines = [#"version: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#]
        for level in 1...8 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("? *l8\n: x")
        let fixture = try Fixture(lines.joined(separator: "\n") + "\n")
        let start = ContinuousClock.now
        let result = fixture.check()
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(result.errors.map(\.message) == ["YAML anchors (&l0) are not allowed in this file: write each value out where it is used"])
        #expect(result.errors.first?.location.line == 1 && result.errors.first?.location.column == 10)
    }

    @Test func missingTaxonomyFileIsOneError() {
        let result = TaxonomyLoader.check("/nonexistent/taxonomy.yaml")
        #expect(result.taxonomy == nil)
        #expect(result.errors.map(\.message) == ["cannot read the taxonomy file '/nonexistent/taxonomy.yaml': there is no such file"])
    }
}
