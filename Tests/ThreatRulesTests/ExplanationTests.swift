import Testing
@testable import ThreatRules
import ThreatTaxonomy

@Suite("Explanations")
struct ExplanationTests {
    typealias T = TestTaxonomy

    static let rules: RuleSet = {
        let taxonomy = T.taxonomy([
            T.node("violence", ["en": LanguageRules(terms: [T.term("kill"), T.term("hurt", 0.5)], exclusions: [T.term("kill time")])]),
            T.node("grooming", threshold: 1.5, ["en": LanguageRules(
                terms: [T.term("groom*")],
                cooccurrences: [T.near(["send*", "photo*"], within: 4), T.near(["meet", "secret"], sentence: true, 0.5)])]),
        ])
        return try! RuleSet(taxonomy: taxonomy)
    }()

    @Test("lists counted, repeated and cancelled matches with the cancelling exclusion")
    func matches() throws {
        let explanation = Self.rules.explain("Kill time, then kill. Kill!", language: "en")
        let outcomes = explanation.matches.map(\.outcome)
        #expect(outcomes == [
            .cancelled(byRule: "violence/en/exclude:kill time", text: "Kill time"), .exclusion, .counted, .alreadyCounted,
        ])
        #expect(explanation.matches.map(\.evidence.start) == [0, 0, 16, 22])
        #expect(explanation.classification.nodes == ["violence"])
    }

    @Test("lists combinations with the parts found and missing, and scores against thresholds")
    func combinations() throws {
        let explanation = Self.rules.explain("He is grooming her. Send me a photo. Meet me", language: "en")
        #expect(explanation.combinations.map(\.counted) == [true, false])
        #expect(explanation.combinations[0].parts.map { $0.found.map(\.text) } == [["Send"], ["photo"]])
        #expect(explanation.combinations[1].parts.map(\.found.isEmpty) == [false, true])
        #expect(explanation.scores == [
            Explanation.NodeScore(node: "grooming", name: "Grooming", score: 2, threshold: 1.5, labelled: true)
        ])
        #expect(explanation.rulesUsed == ["en"])
    }

    @Test("renders every part of the explanation as plain, aligned text")
    func rendered() throws {
        let text = Self.rules.explain("kill time. Send me a photo, I will hurt you", language: nil).rendered()
        #expect(text.contains("Language: not given, identified from the text as en (rules used: en)"))
        #expect(text.contains("cancelled by exclusion \"kill time\" (\"kill time\")"))
        #expect(text.contains("send* + photo* (within 4 words) — counted, +1.0"))
        #expect(text.contains("category  rule                   found in the text   weight  outcome"))
        #expect(text.contains("violence    0.5     1.0  not labelled"))
        #expect(text.hasSuffix("Result: no label.\n"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test("says so when nothing matched")
    func nothing() {
        let text = Self.rules.explain("hello there", language: "en").rendered()
        #expect(text.contains("No rule matched this text."))
        #expect(text.hasSuffix("Result: no label.\n"))
    }
}
