import Testing
import ThreatTaxonomy
@testable import ThreatRules

/// The counting path (`evidence: false`, what summaries and `--no-evidence` use) and the
/// evidence path must label alike: the same nodes with the same scores, whatever the text.
@Suite("Counting path and evidence path")
struct CountingPathTests {
    typealias T = TestTaxonomy

    /// Two nodes whose rules share classes, phrases with prefix words that begin alike, an
    /// exclusion, a counter-context and ordered and unordered combinations.
    static func rules() throws -> RuleSet { try RuleSet(taxonomy: taxonomy()) }

    static func taxonomy() -> Taxonomy {
        let classes: [String: [String: [String]]] = ["en": [
            "child": ["kid*", "son", "daughter", "my boy"],
            "gift": ["robux", "gift card*", "free skin*"],
            "secret": ["dont tell", "our secret", "keep* it quiet"],
            "image": ["pic*", "photo*", "sen* me pic*"],
            "news": ["news report*"],
        ]]
        let grooming = LanguageRules(
            terms: [T.term("sen* me"), T.term("sen* me nude*", 0.5), T.term("groom*", 0.6)],
            exclusions: [T.term("groom* the dog")],
            cooccurrences: [
                T.near(["$child", "$gift"], within: 6, 0.7),
                T.near(["$gift", "$secret"], sentence: true, 0.4),
                CooccurrenceRule(
                    parts: ["$child", "$image", "$secret"], needed: 2, window: 8, sameSentence: false, weight: 0.5,
                    unless: [ContextCondition(classID: "news", scope: .sentence)], location: T.here),
            ])
        let sextortion = LanguageRules(
            terms: [T.term("leak* {your|ur} pic*")],
            cooccurrences: [CooccurrenceRule(parts: ["$image", "$gift"], window: 5, sameSentence: false, ordered: true, weight: 1, location: T.here)])
        return T.taxonomy(
            [T.node("grooming", ["en": grooming]), T.node("sextortion", threshold: 1, ["en": sextortion])], classes: classes)
    }

    static let words = [
        "kid", "kids", "son", "my", "boy", "robux", "gift", "card", "cards", "free", "skins", "dont", "tell", "our",
        "secret", "keeping", "it", "quiet", "pics", "photo", "send", "sent", "me", "nudes", "news", "reports", "groomed",
        "the", "dog", "leak", "leaking", "your", "ur", "and", "then", ".", ",",
    ]

    @Test("for random texts, labels and scores are the same with and without evidence, and in explanations")
    func samePathsSameLabels() throws {
        let rules = try Self.rules()
        let scanner = rules.makeScanner()
        var random = SeededGenerator(state: 16)
        var labelled = 0
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 1...30, using: &random)).map { _ in Self.words.randomElement(using: &random)! }
                .joined(separator: " ")
            let counted = scanner.classify(text, language: "en", evidence: false)
            let withEvidence = scanner.classify(text, language: "en", evidence: true)
            let explained = rules.explain(text, language: "en").classification
            let scores = { (c: Classification) in c.labels.map { "\($0.node)=\($0.score)" } }
            #expect(scores(counted) == scores(withEvidence), "\(text)")
            #expect(scores(counted) == scores(explained), "\(text)")
            #expect(withEvidence.labels == explained.labels, "\(text)")
            #expect(withEvidence.labels.allSatisfy { !$0.evidence.isEmpty }, "\(text)")
            if !counted.labels.isEmpty { labelled += 1 }
        }
        #expect(labelled > 40, "the texts exercise the rules")
    }

    @Test("phrases that begin alike are each found, one ending inside the other", arguments: [
        ("he sent me nudes", ["grooming/en/term:sen* me", "grooming/en/term:sen* me nude*"]),
        ("she sends me a pic", ["grooming/en/term:sen* me"]),
        ("sent nudes me", [String]()),
    ])
    func sharedPhraseStarts(text: String, rules expected: [String]) throws {
        let result = try Self.rules().classify(text, language: "en")
        let fired = result.labels.first { $0.node == "grooming" }?.evidence.map(\.rule) ?? []
        #expect(fired.filter { $0.contains("term:sen*") }.sorted() == expected)
    }
}
