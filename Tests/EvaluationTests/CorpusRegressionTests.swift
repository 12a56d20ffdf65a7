import Foundation
import Testing
import ThreatRules
import ThreatTaxonomy
@testable import Evaluation

/// The regression gate: the shipped rules on the shipped Corpus/ must not fall below the
/// figures recorded in Corpus/baseline.json (update that file when the rules get better).
@Suite struct CorpusRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Baseline: Decodable {
        var macroF1: Double
        var falseAlarmRate: Double
        var lines: Int
    }

    @Test func corpusScoresAtLeastTheRecordedFigures() throws {
        let taxonomy = try TaxonomyLoader.load(from: Self.root.appendingPathComponent("Taxonomy/taxonomy.yaml").path).taxonomy
        let rules = try RuleSet(taxonomy: taxonomy)
        let (records, rejected) = try GoldFile.read(Self.root.appendingPathComponent("Corpus").path)
        #expect(rejected.isEmpty, "Corpus lines that cannot be read: \(rejected.map(\.message))")
        let report = try Evaluator.evaluate(records, rules: rules, options: EvaluationOptions(scheme: CodeResolver.nodeScheme))
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Corpus/baseline.json"))
        let baseline = try JSONDecoder().decode(Baseline.self, from: data)
        #expect(report.lines >= baseline.lines, "Corpus lost lines: \(report.lines) < \(baseline.lines)")
        #expect(report.macroF1 >= baseline.macroF1 - 1e-9, "Corpus macro-F1 fell to \(report.macroF1) from \(baseline.macroF1)")
        #expect(report.falseAlarmRate <= baseline.falseAlarmRate + 1e-9, "Corpus false alarms rose to \(report.falseAlarmRate) from \(baseline.falseAlarmRate)")
    }

    @Test func corpusCoversEveryLeafInEveryLanguage() throws {
        let taxonomy = try TaxonomyLoader.load(from: Self.root.appendingPathComponent("Taxonomy/taxonomy.yaml").path).taxonomy
        let (records, _) = try GoldFile.read(Self.root.appendingPathComponent("Corpus").path)
        for lang in taxonomy.languages {
            let labels = Set(records.filter { $0.lang == lang }.flatMap(\.labels))
            let missing = taxonomy.leaves.map(\.id).filter { !labels.contains($0) }
            #expect(missing.isEmpty, "Corpus has no \(lang) report for: \(missing.joined(separator: ", "))")
            #expect(records.contains { $0.lang == lang && $0.labels.isEmpty }, "Corpus has no \(lang) hard negative")
        }
    }
}
