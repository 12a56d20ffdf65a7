import Testing
import ThreatTaxonomy
import SafeYAML

@Suite("Warnings: loading goes on, the gap is reported")
struct WarningTests {
    /// Loads `main` (which must have no errors) and returns its warnings.
    private func warnings(_ main: String, files: [String: String] = [:]) throws -> [Diagnostic] {
        let fixture = try Fixture(main, files: files)
        return try TaxonomyLoader.load(from: fixture.path).warnings
    }

    @Test func nameMissingInADeclaredLanguage() throws {
        let main = header("  - id: a\n    name: {en: A}\n    definition: A.\n    rules: {en: {terms: [a]}, fr: {terms: [a]}}")
            .replacing("languages: [en]", with: "languages: [en, fr]")
        let found = try warnings(main)
        #expect(found.map(\.message) == ["'a' has no name in fr"])
        #expect(found.first?.location.line == 6)
    }

    @Test func leafWithoutRulesInADeclaredLanguage() throws {
        let main = header("  - id: a\n    name: {en: A, fr: A}\n    definition: A.\n    rules: {fr: {exclude: [a]}, en: {terms: [a]}}")
            .replacing("languages: [en]", with: "languages: [en, fr]")
        #expect(try warnings(main).map(\.message)
                == ["the leaf 'a' has no rules in fr: reports in that language are never labelled with it"])
    }

    @Test func leafWithoutAnyRules() throws {
        let found = try warnings(header("  - id: a\n    name: {en: A}\n    definition: A."))
        #expect(found.map(\.message) == ["the leaf 'a' has no rules in any language: no report can be labelled with it"])
    }

    @Test func parentWithoutRulesIsFine() throws {
        let main = header("""
              - id: a
                name: {en: A}
                definition: A.
              - id: b
                parent: a
                name: {en: B}
                definition: B.
                rules: {en: {terms: [b]}}
            """)
        #expect(try warnings(main).isEmpty)
    }

    @Test func termThatCanNeverMatch() throws {
        let found = try warnings(header("  - id: a\n    name: {en: A}\n    definition: A.\n    rules: {en: {terms: [a, \"?!\"]}}"))
        #expect(found.map(\.message) == ["the term '?!' of 'a' (en) has no letter or digit, so it can never match"])
        #expect(found.first?.location.line == 9)
        #expect(found.first?.location.column == 29)
    }

    @Test func sameTermUnderTwoSiblings() throws {
        let main = header("""
              - id: a
                name: {en: A}
                definition: A.
                rules: {en: {terms: [Photos]}}
              - id: b
                name: {en: B}
                definition: B.
                rules: {en: {terms: [photos]}}
            """)
        let found = try warnings(main)
        #expect(found.map(\.message) == ["the term 'photos' (en) of 'b' is also a term of its sibling 'a' (line 9): it counts towards both"])
        #expect(found.first?.location.line == 13)
    }

    @Test func sameTermTwiceInOneNodeAcrossFiles() throws {
        let main = header("  - id: a\n    name: {en: A}\n    definition: A.\n    rules: {en: {terms: [groom*]}}")
            .replacing("nodes:", with: "rule_files: [rules/en.yaml]\nnodes:")
        let found = try warnings(main, files: ["rules/en.yaml": "language: en\nnodes:\n  a: {terms: [Groom*]}\n"])
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("the term 'Groom*' appears twice in 'a' (en), first at ") == true)
        #expect(found.first?.location.file.hasSuffix("rules/en.yaml") == true)
    }
}
