import Pipeline
import ThreatRules

/// Re-labels every stored report that has its text with a (new) rule set, page by page, one
/// transaction per page, and counts what moved per node.
public struct StoreReclassifier {
    public struct Outcome: Sendable {
        /// Per node, reports labelled before and after (parents count a report once), and the
        /// reports whose labels changed; over the reclassified reports only.
        public var impact: RuleChangeImpact
        /// Reports stored without their text, which keep the labels they had.
        public var withoutText = 0
        public var reclassified: Int { impact.reports }
    }

    public var store: ReportStore
    public var ruleSet: RuleSet
    public var rulesHash: String
    public var pageSize: Int
    public var workers: Int

    public init(store: ReportStore, ruleSet: RuleSet, rulesHash: String, pageSize: Int = 1000, workers: Int? = nil) {
        self.store = store
        self.ruleSet = ruleSet
        self.rulesHash = rulesHash
        self.pageSize = max(1, pageSize)
        self.workers = max(1, workers ?? 1)
    }

    public func run(exampleLimit: Int = 20) throws -> Outcome {
        var outcome = Outcome(impact: RuleChangeImpact(exampleLimit: exampleLimit))
        let version = ruleSet.taxonomy.version
        var page = try store.reports(after: nil, limit: pageSize)
        while let last = page.last {
            let withText = page.filter { $0.text != nil }
            outcome.withoutText += page.count - withText.count
            let results = ruleSet.classifyAll(withText.map { ($0.text!, $0.lang) }, workers: workers, evidence: false)
            var relabelled: [StoredReport] = []
            for (report, classification) in zip(withText, results) {
                var new = report
                new.labels = StoredLabel.labels(of: classification)
                new.taxonomyVersion = version
                new.rulesHash = rulesHash
                outcome.impact.add(id: report.key.description, before: Self.classification(of: report), after: classification)
                if new != report { relabelled.append(new) }
            }
            try store.relabel(relabelled)
            page = try store.reports(after: last.key, limit: pageSize)
        }
        return outcome
    }

    private static func classification(of report: StoredReport) -> Classification {
        Classification(labels: report.labels.map { Label(node: $0.node, path: $0.path, score: $0.score, evidence: []) })
    }
}
