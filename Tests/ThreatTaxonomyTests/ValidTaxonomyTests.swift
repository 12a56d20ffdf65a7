import Testing
@testable import ThreatTaxonomy
import SafeYAML

@Suite("Loading a valid taxonomy")
struct ValidTaxonomyTests {
    let fixture: Fixture
    let taxonomy: Taxonomy
    let warnings: [Diagnostic]

    init() throws {
        fixture = try ValidFixture.fixture()
        let loaded = try TaxonomyLoader.load(from: fixture.path)
        taxonomy = loaded.taxonomy
        warnings = loaded.warnings
    }

    @Test func headerIsRead() {
        #expect(taxonomy.version == "1.2.0")
        #expect(taxonomy.name == "Test tree")
        #expect(taxonomy.languages == ["en", "fr"])
        #expect(taxonomy.schemes["dsa"] == CrosswalkScheme(key: "dsa", title: "DSA categories", version: "2", url: "https://example.org/dsa"))
        #expect(taxonomy.schemes["eval"]?.url == nil)
        #expect(warnings.isEmpty)
    }

    @Test func treeAndPaths() {
        #expect(taxonomy.nodes.map(\.id) == ["abuse", "grooming", "bullying"])
        #expect(taxonomy.roots.map(\.id) == ["abuse"])
        #expect(taxonomy.leaves.map(\.id) == ["grooming", "bullying"])
        #expect(taxonomy.path(to: "bullying") == ["abuse", "bullying"])
        #expect(taxonomy["grooming"]?.names == ["en": "Grooming", "fr": "Pédopiégeage"])
        #expect(taxonomy["grooming"]?.threshold == 1.5)
        #expect(taxonomy["abuse"]?.threshold == 1)
        #expect(taxonomy["grooming"]?.location == SourceLocation(file: fixture.path, line: 14, column: 5))
    }

    @Test func termsWithWeightsAndFlags() throws {
        let english = try #require(taxonomy["grooming"]?.rules["en"])
        #expect(english.terms.map(\.pattern) == ["groom*", "asked for photos", "café"])
        #expect(english.terms.map(\.weight) == [1, 0.5, 1])
        #expect(english.terms.map(\.exact) == [false, false, true])
        #expect(english.terms[0].location == SourceLocation(file: fixture.path, line: 23, column: 17))
        #expect(english.exclusions.map(\.pattern) == ["groomer*"])
        let near = try #require(english.cooccurrences.first)
        #expect(near.parts == ["send*", "photo*"])
        #expect(near.window == 6 && !near.sameSentence && near.weight == 1)
    }

    @Test func ruleFileRulesMergeWithMainFileRules() throws {
        #expect(taxonomy["grooming"]?.rules["fr"]?.terms.map(\.pattern) == ["pédopiégeage"])
        #expect(taxonomy["grooming"]?.rules["fr"]?.terms.first?.location.file == fixture.path("rules/fr.yaml"))
        let bullying = try #require(taxonomy["bullying"])
        #expect(bullying.rules["en"]?.terms.map(\.pattern) == ["bully*"])
        #expect(bullying.rules["fr"]?.terms.map(\.pattern) == ["harcel*"])
        #expect(bullying.rules["fr"]?.cooccurrences.first?.sameSentence == true)
        #expect(bullying.rules["fr"]?.cooccurrences.first?.window == nil)
    }

    @Test func crosswalksAndExamples() throws {
        #expect(taxonomy.codes(of: "grooming", scheme: "eval") == [CrosswalkEntry(code: "grooming", relation: .exact)])
        #expect(taxonomy.codes(of: "abuse", scheme: "dsa") == [CrosswalkEntry(code: "PROTECTION_OF_MINORS", relation: .broad)])
        let examples = try #require(taxonomy["grooming"]?.examples)
        #expect(examples.map(\.text) == ["He keeps grooming her.", "The dog groomer."])
        #expect(examples.map(\.shouldMatch) == [true, false])
        #expect(examples.map(\.language) == ["en", "en"])
        #expect(examples[0].location.line == 29)
    }

    @Test func twoRuleFilesOfOneLanguageAppend() throws {
        let main = ValidFixture.main.replacing("rule_files: [rules/fr.yaml]", with: "rule_files: [rules/fr.yaml, rules/fr-extra.yaml]")
        let extra = "language: fr\nnodes:\n  bullying: {terms: [intimid*]}\n"
        let fixture = try Fixture(main, files: ["rules/fr.yaml": ValidFixture.french, "rules/fr-extra.yaml": extra])
        let taxonomy = try TaxonomyLoader.load(from: fixture.path).taxonomy
        #expect(taxonomy["bullying"]?.rules["fr"]?.terms.map(\.pattern) == ["harcel*", "intimid*"])
    }
}

/// Inner words of a phrase may end in `*`; the engine matches such phrases word by word.
@Suite struct WordPrefixPhraseTests {
    @Test func phraseWithPrefixedInnerWordsIsATerm() throws {
        let fixture = try Fixture(header("""
              - id: a
                name: {en: A}
                definition: A node.
                rules: {en: {terms: [plain, send nude*, {term: send* nude*, weight: 0.5}]}}
            """))
        let rules = try #require(TaxonomyLoader.load(from: fixture.path).taxonomy["a"]?.rules["en"])
        #expect(rules.terms.map(\.pattern) == ["plain", "send nude*", "send* nude*"])
        #expect(rules.terms.map(\.weight) == [1, 1, 0.5])
        #expect(rules.cooccurrences.isEmpty)
    }

    @Test func nearPartWithPrefixedWordsStaysOnePhrase() throws {
        let fixture = try Fixture(header("""
              - id: a
                name: {en: A}
                definition: A node.
                rules: {en: {near: [{all: [new* account*, block*], within: 5}]}}
            """))
        let near = try #require(TaxonomyLoader.load(from: fixture.path).taxonomy["a"]?.rules["en"]?.cooccurrences.first)
        #expect(near.parts == ["new* account*", "block*"])
        #expect(near.window == 5)
    }
}
