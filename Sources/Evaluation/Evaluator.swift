import ReportIO
import Pipeline
import ThreatRules
import ThreatTaxonomy

/// Gold lines as the reports the batch classifier reads: id, text and language.
private struct GoldReports: ReportSource {
    var records: IndexingIterator<[GoldRecord]>

    mutating func next() -> ReportSourceItem? {
        records.next().map { .report(Report(id: $0.id, text: $0.text, lang: $0.lang, origin: RecordLocation(file: "gold", line: 0))) }
    }
}

/// What to measure and how.
public struct EvaluationOptions: Sendable {
    /// Crosswalk scheme the gold words belong to (`eval`), or `node` for node ids.
    public var scheme: String
    /// Gold words that are hard negatives: the line counts as benign.
    public var hardNegatives: Set<String> = ["offensive"]
    /// Codes to average over; `nil`: every covered code with gold lines.
    public var categories: [String]?
    /// Gold-record fields to break the scores down by (`source`, `lang`).
    public var breakdownFields: [String] = []
    /// How many false positives and false negatives to show per code.
    public var examplesPerCode: Int = 3

    public init(scheme: String) { self.scheme = scheme }
}

/// Classifies gold lines and scores the predictions against the gold labels.
public enum Evaluator {
    /// Scores `records` with `rules`; `rejectedLines` is carried into the report.
    public static func evaluate(
        _ records: [GoldRecord], rules: RuleSet, options: EvaluationOptions, rejectedLines: Int = 0
    ) throws -> EvaluationReport {
        // Gold labels are matched through every relation the crosswalk records for them.
        let codes = try CodeResolver(taxonomy: rules.taxonomy, scheme: options.scheme, relations: Set(CrosswalkRelation.allCases))
        let covered = codes.allCodes
        let classifications = try classify(records, rules: rules)
        var scored: [ScoredLine] = []
        var notCovered: [String: Int] = [:]
        for (record, classification) in zip(records, classifications) {
            var gold = Set<String>()
            for word in record.labels where !options.hardNegatives.contains(word) {
                if options.scheme == CodeResolver.nodeScheme, case let path = codes.codes(of: [word]), !path.isEmpty {
                    gold.formUnion(path)
                } else if covered.contains(word) {
                    gold.insert(word)
                } else {
                    notCovered[word, default: 0] += 1
                }
            }
            scored.append(ScoredLine(
                record: record, gold: gold, predicted: Set(codes.codes(of: classification.labels.map(\.node))), classification: classification,
                isBenign: record.labels.allSatisfy(options.hardNegatives.contains)))
        }
        let goldCodes = Set(scored.flatMap(\.gold))
        let averaged = options.categories ?? goldCodes.sorted()
        let all = scored.reduce(into: Tally()) { $0.add($1) }
        let macro = averaged.map { all.score($0).f1 }
        var micro = CategoryScore(code: "micro")
        for code in averaged {
            let s = all.score(code)
            micro.gold += s.gold
            micro.predicted += s.predicted
            micro.truePositives += s.truePositives
        }
        return EvaluationReport(
            scheme: options.scheme, taxonomyVersion: rules.taxonomy.version, lines: records.count,
            rejectedLines: rejectedLines, hardNegatives: options.hardNegatives.sorted(), notCovered: notCovered,
            categories: all.codes.sorted().map { all.score($0) }, averagedOver: averaged,
            macroF1: macro.isEmpty ? 0 : macro.reduce(0, +) / Double(macro.count), microF1: micro.f1,
            benignLines: all.benignLines, falseAlarms: all.falseAlarms,
            breakdowns: options.breakdownFields.map { breakdown(scored, field: $0, averaged: averaged) },
            confusion: confusion(scored),
            worstFalsePositives: examples(scored, perCode: options.examplesPerCode, falsePositives: true),
            worstFalseNegatives: examples(scored, perCode: options.examplesPerCode, falsePositives: false))
    }

    /// The gold lines classified with evidence, in their order, by the batch classifier.
    private static func classify(_ records: [GoldRecord], rules: RuleSet) throws -> [Classification] {
        var classifications: [Classification] = []
        classifications.reserveCapacity(records.count)
        var source = GoldReports(records: records.makeIterator())
        _ = try BatchClassifier(factory: ClassifierFactory(ruleSet: rules)).run(&source) { item in
            if case .classified(_, let classification) = item { classifications.append(classification) }
        }
        return classifications
    }

    private static func breakdown(_ lines: [ScoredLine], field: String, averaged: [String]) -> Breakdown {
        let groups = Dictionary(grouping: lines) { $0.record.fields[field] ?? "unknown" }
        return Breakdown(field: field, groups: groups.keys.sorted().map { value in
            let tally = groups[value, default: []].reduce(into: Tally()) { $0.add($1) }
            let withGold = averaged.filter { tally.score($0).gold > 0 }
            let f1s = withGold.map { tally.score($0).f1 }
            return GroupScore(
                value: value, lines: groups[value, default: []].count, benignLines: tally.benignLines,
                falseAlarms: tally.falseAlarms, macroF1: f1s.isEmpty ? nil : f1s.reduce(0, +) / Double(f1s.count),
                categories: tally.codes.sorted().map { tally.score($0) })
        })
    }

    private static func confusion(_ lines: [ScoredLine]) -> [String: [String: Int]] {
        var matrix: [String: [String: Int]] = [:]
        for line in lines {
            let wrong = line.predicted.subtracting(line.gold)
            let rows = line.isBenign ? ["benign"] : line.gold.subtracting(line.predicted).sorted()
            for row in rows {
                if wrong.isEmpty, row != "benign" { matrix[row, default: [:]]["none", default: 0] += 1 }
                for code in wrong { matrix[row, default: [:]][code, default: 0] += 1 }
            }
        }
        return matrix
    }

    /// False positives ranked by the score that caused them; false negatives in file order.
    private static func examples(_ lines: [ScoredLine], perCode: Int, falsePositives: Bool) -> [ErrorExample] {
        var byCode: [String: [(rank: Double, example: ErrorExample)]] = [:]
        for line in lines {
            let codes = falsePositives ? line.predicted.subtracting(line.gold) : line.gold.subtracting(line.predicted)
            for code in codes {
                let rank = falsePositives ? line.classification.labels.map(\.score).max() ?? 0 : 0
                byCode[code, default: []].append((rank, ErrorExample(
                    id: line.record.id, code: code, gold: line.record.labels, predicted: line.predicted.sorted(),
                    excerpt: excerpt(line.record.text),
                    evidence: line.classification.labels.flatMap { label in
                        label.evidence.map { "\($0.rule): \"\($0.text)\"" }
                    },
                    fields: line.record.fields.filter { $0.key == "source" || $0.key == "lang" })))
            }
        }
        return byCode.keys.sorted().flatMap { code in
            byCode[code, default: []].enumerated()
                .sorted { ($0.element.rank, -$0.offset) > ($1.element.rank, -$1.offset) }
                .prefix(perCode).map(\.element.example)
        }
    }

    private static func excerpt(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 160 ? flat : String(flat.prefix(157)) + "..."
    }
}

/// A gold line with its gold and predicted codes.
struct ScoredLine {
    var record: GoldRecord
    var gold: Set<String>
    var predicted: Set<String>
    var classification: Classification
    /// Gold labels empty or only hard negatives (a line with only uncovered words is not benign).
    var isBenign: Bool
}

/// Running counts per code.
struct Tally {
    private var gold: [String: Int] = [:]
    private var predicted: [String: Int] = [:]
    private var hits: [String: Int] = [:]
    private(set) var benignLines = 0
    private(set) var falseAlarms = 0

    mutating func add(_ line: ScoredLine) {
        for code in line.gold { gold[code, default: 0] += 1 }
        for code in line.predicted { predicted[code, default: 0] += 1 }
        for code in line.gold.intersection(line.predicted) { hits[code, default: 0] += 1 }
        if line.isBenign {
            benignLines += 1
            if !line.predicted.isEmpty { falseAlarms += 1 }
        }
    }

    var codes: Set<String> { Set(gold.keys).union(predicted.keys) }

    func score(_ code: String) -> CategoryScore {
        CategoryScore(code: code, gold: gold[code] ?? 0, predicted: predicted[code] ?? 0, truePositives: hits[code] ?? 0)
    }
}
