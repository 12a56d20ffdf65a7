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

    @Test("shows what counted and the near misses; --all shows every combination and score")
    func nearMisses() throws {
        let taxonomy = T.taxonomy([
            T.node("scam", ["en": LanguageRules(terms: [T.term("scam")], cooccurrences: [
                T.near(["prize", "fee"], within: 5), T.near(["prize", "link", "urgent"], within: 5)])]),
            T.node("phishing", ["en": LanguageRules(terms: [T.term("login", 0.3)], cooccurrences: [
                T.near(["password", "link", "urgent"], within: 5), T.near(["bank", "verify"], within: 3)])]),
        ])
        let explanation = try RuleSet(taxonomy: taxonomy).explain("A scam: your prize, bank login password here", language: "en")
        let brief = explanation.rendered()
        // scam is labelled: its uncounted combinations are noise. phishing scored without being
        // labelled: one part short of `bank + verify` is a near miss, one part of three is not.
        #expect(!brief.contains("prize + fee") && !brief.contains("prize + link + urgent"))
        #expect(brief.contains("phishing: bank + verify (within 3 words) — not counted: missing verify"))
        #expect(!brief.contains("password + link + urgent"))
        #expect(brief.contains("(3 more had a part found but were far from counting; --all lists them.)"))
        #expect(brief.contains("phishing    0.3     1.0  not labelled"))
        let full = explanation.rendered(all: true)
        #expect(full.contains("scam: prize + fee") && full.contains("phishing: password + link + urgent"))
        #expect(!full.contains("more had a part found"))
    }

    @Test("says so when nothing matched")
    func nothing() {
        let text = Self.rules.explain("hello there", language: "en").rendered()
        #expect(text.contains("No rule matched this text."))
        #expect(text.hasSuffix("Result: no label.\n"))
    }
}
