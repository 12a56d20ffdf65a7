import Pipeline
import ReportIO
import ThreatRules

/// Classifies a batch and keeps it in a store, one transaction per `batchSize` reports.
public struct StoreIngester {
    /// What an ingest run did: records in = `stored.total + rejected`; inputs that could not be
    /// read at all are counted apart, as `classify` counts them.
    public struct Outcome: Sendable, Hashable {
        public var stored = IngestCounts()
        /// Records that could not be read (reported through `handle`, never stored).
        public var rejected = 0
        /// Inputs that could not be opened or read as reports at all (a missing file, a CSV
        /// without the text column); not records.
        public var inputsFailed = 0
        public var recordsIn: Int { stored.added + stored.unchanged + stored.replaced + stored.relabelled + rejected }
    }

    public var store: ReportStore
    public var ruleSet: RuleSet
    /// `RuleFingerprint` of the taxonomy the rule set was compiled from.
    public var rulesHash: String
    /// Keep each report's text (needed by `reclassify`); off by default, since many partners
    /// share counts but not narratives.
    public var keepText: Bool
    /// Reports per transaction.
    public var batchSize: Int
    /// Classifying threads (default: one per core).
    public var workers: Int?

    public init(store: ReportStore, ruleSet: RuleSet, rulesHash: String, keepText: Bool = false, batchSize: Int = 1000, workers: Int? = nil) {
        self.store = store
        self.ruleSet = ruleSet
        self.rulesHash = rulesHash
        self.keepText = keepText
        self.batchSize = max(1, batchSize)
        self.workers = workers
    }

    /// Classifies and stores every report of `batch`. Each event (a report once it is classified,
    /// a rejected record, progress) goes to `handle` as it comes; `stored` hears the running outcome after each transaction.
    public func run(
        _ batch: BatchRun, handle: (BatchRun.Event<Classification>) throws -> Void = { _ in },
        stored progress: (Outcome) -> Void = { _ in }
    ) throws -> Outcome {
        var outcome = Outcome()
        var pending: [StoredReport] = []
        pending.reserveCapacity(batchSize)
        let version = ruleSet.taxonomy.version
        _ = try batch.run(ClassifierFactory(ruleSet: ruleSet, evidence: false), workers: workers) { event in
            switch event {
            case .classified(let report, let classification):
                pending.append(StoredReport(report, classification, taxonomyVersion: version, rulesHash: rulesHash, keepText: keepText))
                if pending.count >= batchSize {
                    outcome.stored += try store.ingest(pending)
                    pending.removeAll(keepingCapacity: true)
                    progress(outcome)
                }
            case .rejected(let record, _):
                if record.isWholeInput { outcome.inputsFailed += 1 } else { outcome.rejected += 1 }
            case .progress:
                break
            }
            try handle(event)
        }
        if !pending.isEmpty { outcome.stored += try store.ingest(pending) }
        return outcome
    }
}
