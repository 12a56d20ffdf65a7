import Testing
import ThreatTaxonomy
import SafeYAML

@Suite("Diagnostics, tree, JSON, terms and examples")
struct RenderingTests {
    @Test func diagnosticShowsTheLineAndACaretUnderTheColumn() {
        let diagnostic = Diagnostic(
            severity: .error, location: SourceLocation(file: "t.yaml", line: 3, column: 5),
            message: "unknown key 'defintion' in node 'a'", sourceLine: "    defintion: x")
        #expect(diagnostic.rendered() == "t.yaml:3:5: error: unknown key 'defintion' in node 'a'\n    defintion: x\n    ^")
    }

    @Test func caretCountsWideCharactersAndKeepsTabs() {
        let diagnostic = Diagnostic(
            severity: .warning, location: SourceLocation(file: "zh.yaml", line: 1, column: 4),
            message: "m", sourceLine: "\t裸照x")
        #expect(diagnostic.rendered().hasSuffix("\t裸照x\n\t    ^"))
    }

    @Test func renderedErrorsFromTheLoaderQuoteTheirLine() throws {
        let fixture = try Fixture(header("  - id: a\n    name: {en: A}\n    defintion: A."))
        let error = try #require(fixture.check().errors.first)
        #expect(error.rendered().hasSuffix(":8:5: error: " + error.message + "\n    defintion: A.\n    ^"))
    }

    @Test func summaryLineCountsNodesLeavesRulesAndLanguages() throws {
        let taxonomy = try TaxonomyLoader.load(from: ValidFixture.fixture().path).taxonomy
        #expect(taxonomy.summaryLine(errors: 0, warnings: 1)
                == "Taxonomy 1.2.0: 3 nodes, 2 leaves, 9 rules in 2 languages; 0 errors, 1 warning")
    }

    @Test func treeShowsIdsNamesAndRuleCountsPerLanguage() throws {
        let taxonomy = try TaxonomyLoader.load(from: ValidFixture.fixture().path).taxonomy
        #expect(taxonomy.treeText() == """
            Test tree 1.2.0: 3 nodes, 2 leaves; rules per language
            id           name      en  fr
            abuse        Abuse      0   0
            ├─ grooming  Grooming   5   1
            └─ bullying  Bullying   1   2
            """)
    }

    @Test func jsonHasPathsLeavesCrosswalksAndRulesForEveryLanguage() throws {
        let taxonomy = try TaxonomyLoader.load(from: ValidFixture.fixture().path).taxonomy
        let json = taxonomy.jsonText()
        #expect(json.hasPrefix("{\n  \"version\": \"1.2.0\",\n  \"nodes\": [\n"))
        #expect(json.contains("""
                  "id": "grooming",
                  "parent": "abuse",
                  "path": ["abuse", "grooming"],
                  "name": {
                    "en": "Grooming",
                    "fr": "Pédopiégeage"
                  },
                  "leaf": true,
                  "crosswalks": {
                    "eval": [
                      {
                        "code": "grooming",
                        "relation": "exact"
                      }
                    ]
                  },
                  "rules": {
                    "en": 5,
                    "fr": 1
                  }
            """))
        #expect(json.contains("\"parent\": null"))
        #expect(json.contains("\"rules\": {\n        \"en\": 0,\n        \"fr\": 0\n      }"))
    }

    @Test func termsAreLowercasedLiteralsWithoutExclusions() throws {
        let taxonomy = try TaxonomyLoader.load(from: ValidFixture.fixture().path).taxonomy
        #expect(taxonomy.termLiterals(language: "en") == ["asked for photos", "bully", "café", "groom", "photo", "send"])
        #expect(taxonomy.termLiterals(language: "fr") == ["harcel", "moque", "pédopiégeage", "école"])
        #expect(taxonomy.termLiterals().count == 10)
    }

    @Test func failingExamplesAreReportedWithTheirLocation() throws {
        let taxonomy = try TaxonomyLoader.load(from: ValidFixture.fixture().path).taxonomy
        #expect(taxonomy.exampleCount == 2)
        let perfect = taxonomy.failingExamples { text, _ in text.contains("grooming") ? ["abuse", "grooming"] : [] }
        #expect(perfect.isEmpty)
        let failures = taxonomy.failingExamples { _, _ in ["abuse", "grooming"] }
        #expect(failures.map(\.description) == [#"\#(taxonomy["grooming"]!.examples[1].location): grooming: expected no match: "The dog groomer.""#])
        var languages: [String?] = []
        _ = taxonomy.failingExamples { _, language in languages.append(language); return [] }
        #expect(languages == ["en", "en"])
    }
}
