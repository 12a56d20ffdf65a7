import Testing
import ThreatRules
import ThreatTaxonomy
@testable import Evaluation
import SafeYAML

@Suite struct EvaluatorTests {
    /// Two leaves under one root; `scam` maps to eval `scam`, `bully` to `cyberbullying`.
    static func rules() throws -> RuleSet {
        let here = SourceLocation(file: "test.yaml")
        func node(_ id: String, parent: String?, eval: String?, terms: [String]) -> TaxonomyNode {
            TaxonomyNode(
                id: id, parent: parent, names: ["en": id], definition: "test",
                rules: terms.isEmpty ? [:] : ["en": LanguageRules(terms: terms.map { TermRule(pattern: $0, location: here) })],
                crosswalks: eval.map { ["eval": [CrosswalkEntry(code: $0, relation: .exact)]] } ?? [:],
                location: here)
        }
        let taxonomy = Taxonomy(
            version: "9.9.9", name: "test", languages: ["en"],
            schemes: ["eval": CrosswalkScheme(key: "eval", title: "eval", version: "1")],
            nodes: [
                node("root", parent: nil, eval: nil, terms: []),
                node("scam", parent: "root", eval: "scam", terms: ["prize"]),
                node("bully", parent: "root", eval: "cyberbullying", terms: ["loser"]),
            ])
        return try RuleSet(taxonomy: taxonomy)
    }

    static func gold(_ id: String, _ text: String, _ labels: [String], source: String = "s1") -> GoldRecord {
        GoldRecord(id: id, text: text, lang: "en", labels: labels, fields: ["id": id, "source": source, "lang": "en"])
    }

    @Test func countsPrecisionRecallAndFalseAlarms() throws {
        let records = [
            Self.gold("1", "you won a prize", ["scam"]),            // TP scam
            Self.gold("2", "claim your reward now", ["scam"]),      // FN scam
            Self.gold("3", "what a loser", ["offensive"]),          // hard negative: FP cyberbullying
            Self.gold("4", "nice weather", []),                     // benign, no alarm
            Self.gold("5", "loser, nobody likes you", ["cyberbullying"]),  // TP
            Self.gold("6", "grooming case", ["grooming"]),          // not covered by the scheme
        ]
        let report = try Evaluator.evaluate(records, rules: Self.rules(), options: EvaluationOptions(scheme: "eval"))
        let scam = try #require(report.categories.first { $0.code == "scam" })
        #expect(scam.gold == 2 && scam.predicted == 1 && scam.truePositives == 1)
        #expect(scam.precision == 1 && scam.recall == 0.5)
        let bully = try #require(report.categories.first { $0.code == "cyberbullying" })
        #expect(bully.gold == 1 && bully.predicted == 2 && bully.truePositives == 1)
        #expect(report.benignLines == 2)   // lines 3 and 4; line 6 is a threat the scheme does not cover
        #expect(report.falseAlarms == 1)
        #expect(report.notCovered == ["grooming": 1])
        #expect(report.averagedOver == ["cyberbullying", "scam"])
        #expect(abs(report.macroF1 - (scam.f1 + bully.f1) / 2) < 1e-12)
        #expect(report.confusion["scam"]?["none"] == 1)
        #expect(report.confusion["benign"]?["cyberbullying"] == 1)
        #expect(report.worstFalsePositives.map(\.id) == ["3"])
        #expect(report.worstFalsePositives.first?.evidence.isEmpty == false)
        #expect(report.worstFalseNegatives.map(\.id) == ["2"])
    }

    @Test func breaksDownByField() throws {
        let records = [
            Self.gold("1", "you won a prize", ["scam"], source: "sms"),
            Self.gold("2", "nice weather", [], source: "sms"),
            Self.gold("3", "what a loser", [], source: "tweets"),
        ]
        var options = EvaluationOptions(scheme: "eval")
        options.breakdownFields = ["source"]
        let report = try Evaluator.evaluate(records, rules: Self.rules(), options: options)
        let groups = try #require(report.breakdowns.first).groups
        #expect(groups.map(\.value) == ["sms", "tweets"])
        #expect(groups[0].macroF1 == 1 && groups[0].falseAlarmRate == 0)
        #expect(groups[1].macroF1 == nil && groups[1].falseAlarmRate == 1)
    }

    @Test func nodeSchemeExpandsGoldToAncestors() throws {
        let report = try Evaluator.evaluate(
            [Self.gold("1", "you won a prize", ["scam"])], rules: Self.rules(),
            options: EvaluationOptions(scheme: CodeResolver.nodeScheme))
        #expect(report.categories.map(\.code) == ["root", "scam"])
        #expect(report.macroF1 == 1)
    }

    @Test func unknownSchemeIsAClearError() throws {
        #expect(throws: UnknownCodeScheme(scheme: "oecd", known: ["eval"])) {
            try Evaluator.evaluate([], rules: Self.rules(), options: EvaluationOptions(scheme: "oecd"))
        }
    }

    @Test func suggesterFindsDiscriminativeTerms() throws {
        var records: [GoldRecord] = []
        for i in 0..<6 { records.append(Self.gold("p\(i)", "free ringtone offer number \(i)", ["scam"])) }
        for i in 0..<6 { records.append(Self.gold("n\(i)", "the number \(i) bus was late", [])) }
        var suggester = RuleSuggester()
        suggester.minSupport = 5
        let found = suggester.suggest(from: records, taxonomy: try Self.rules().taxonomy)
        #expect(found.contains { $0.term == "free ringtone" && $0.precision == 1 && $0.support == 6 && $0.benignHits == 0 })
        #expect(!found.contains { $0.term == "number" })   // occurs as often in benign lines
    }
}
