import Testing
import ThreatTaxonomy

/// Concept classes in the files: declared once in `taxonomy.yaml`, filled per language in the
/// rule files, named by node indicators.
@Suite("Concept classes in the taxonomy files")
struct ClassFileTests {
    static let main = """
        version: "1.0.0"
        languages: [en, fr]
        rule_files: [rules/en.yaml, rules/fr.yaml]
        classes:
          gift: "gifts and game currency"
          secrecy: "demands for secrecy"
          pet: "animals"
        nodes:
          - id: grooming
            name: {en: Grooming, fr: Pédopiégeage}
            definition: Grooming a child.
            indicators:
              - {all: [$gift, $secrecy], within: 20, weight: 0.8, unless: [$pet]}
              - {at_least: 2, of: [$gift, $secrecy, $pet], sentence: true, weight: 0.3}
              - {any: [$secrecy], weight: 0.2, unless: [{class: $pet, within: 3}, {class: $pet, scope: report}]}
        """

    static func files(en: String = "  gift: [gift*, robux]\n  secrecy: [\"not to tell {us|anyone}\"]\n  pet: [dog]",
                      fr: String = "  gift: [cadeau*]\n  secrecy: [secret*]") -> [String: String] {
        ["rules/en.yaml": "language: en\nclasses:\n\(en)\nnodes: {}\n", "rules/fr.yaml": "language: fr\nclasses:\n\(fr)\nnodes: {}\n"]
    }

    @Test func indicatorsAndClassesLoad() throws {
        let fixture = try Fixture(Self.main, files: Self.files())
        let loaded = try TaxonomyLoader.load(from: fixture.path)
        let node = try #require(loaded.taxonomy["grooming"])
        #expect(node.indicators.map(\.parts) == [["$gift", "$secrecy"], ["$gift", "$secrecy", "$pet"], ["$secrecy"]])
        #expect(node.indicators.map(\.needed) == [2, 2, 1])
        #expect(node.indicators[0].window == 20)
        #expect(node.indicators[1].sameSentence)
        #expect(node.indicators[2].unless == [ContextCondition(classID: "pet", scope: .words(3)), ContextCondition(classID: "pet", scope: .report)])
        #expect(loaded.taxonomy.classes["en"]?["secrecy"]?.terms.map(\.pattern) == ["not to tell {us|anyone}"])
        #expect(loaded.taxonomy.classDefinitions.map(\.id) == ["gift", "secrecy", "pet"])
    }

    @Test func aClassWithoutTermsInALanguageIsNamedWithTheLanguage() throws {
        let fixture = try Fixture(Self.main, files: Self.files())
        let messages = try TaxonomyLoader.load(from: fixture.path).warnings.map(\.message)
        #expect(messages.contains { $0.hasPrefix("the class '$pet' has no terms in fr") })
        #expect(!messages.contains { $0.contains("'$gift' has no terms") })
    }

    @Test func anUnusedClassIsReported() throws {
        let main = Self.main.replacing("  pet: \"animals\"", with: "  pet: \"animals\"\n  school: \"school words\"")
        let fixture = try Fixture(main, files: Self.files())
        let warnings = try TaxonomyLoader.load(from: fixture.path).warnings
        let unused = try #require(warnings.first { $0.message.contains("'$school' is used by no indicator") })
        #expect(unused.location.line == 8)
    }

    @Test func anUndeclaredClassIsAnErrorWithASuggestion() throws {
        let fixture = try Fixture(Self.main, files: Self.files(en: "  gift: [gift*]\n  secrecy: [secret]\n  pet: [dog]\n  gifts: [present*]"))
        let errors = fixture.check().errors
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("the class 'gifts' is not declared under 'classes' in the taxonomy file; did you mean 'gift'?") == true)
        #expect(errors.first?.location.line == 6)
    }

    @Test func aReferenceToAnUndeclaredClassIsAnError() throws {
        let main = Self.main.replacing("[$gift, $secrecy], within: 20", with: "[$gift, $secrcy], within: 20")
        let errors = try Fixture(main, files: Self.files()).check().errors
        #expect(errors.map(\.message) == [
            "an indicator of 'grooming' names the class '$secrcy', which 'classes' in the taxonomy file does not declare; did you mean '$secrecy'?",
        ])
    }

    @Test func classesThatIncludeEachOtherInACycleAreAnError() throws {
        let fixture = try Fixture(Self.main, files: Self.files(en: "  gift: [$secrecy]\n  secrecy: [$gift]\n  pet: [dog]"))
        let errors = fixture.check().errors.map(\.message)
        #expect(errors.contains { $0.contains("includes itself ($gift → $secrecy → $gift)") })
    }

    @Test("malformed indicators are located errors", arguments: [
        ("{all: [$gift, $secrecy], weight: 1}", "needs 'within: N' (at most N words apart) or 'sentence: true'"),
        ("{of: [$gift, $secrecy], within: 3}", "lists 'of' without 'at_least: N'"),
        ("{at_least: 3, of: [$gift, $secrecy], within: 3}", "must be between 1 and the number of parts (2), found 3"),
        ("{all: [$gift], any: [$secrecy]}", "use only one of all, any, of"),
        ("{any: [$gift], unless: [pet]}", "must name a class as $id, found 'pet'"),
        ("{any: [$gift], unless: [{class: $pet, scope: page}]}", "must be sentence or report, found 'page'"),
        ("{any: [\"{a|b\"]}", "'{' is not closed with '}'"),
    ])
    func malformedIndicator(indicator: String, problem: String) throws {
        let main = Self.main.replacing("      - {any: [$secrecy], weight: 0.2, unless: [{class: $pet, within: 3}, {class: $pet, scope: report}]}",
                                       with: "      - \(indicator)")
        let errors = try Fixture(main, files: Self.files()).check().errors
        #expect(errors.count == 1, "\(errors.map(\.message))")
        #expect(errors.first?.message.contains(problem) == true, "\(errors.map(\.message))")
        #expect(errors.first?.location.line == 15)
    }
}
