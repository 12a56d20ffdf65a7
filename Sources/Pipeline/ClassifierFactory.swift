import ReportIO
import ThreatRules

/// Makes one classify function per worker: each worker owns its function (and any buffers it
/// holds) for the whole batch, so nothing is shared but the immutable rule set.
public struct ClassifierFactory<Result>: Sendable {
    /// Returns a fresh classify function for one worker.
    public let makeWorker: @Sendable () -> (Report) -> Result

    public init(makeWorker: @escaping @Sendable () -> (Report) -> Result) {
        self.makeWorker = makeWorker
    }
}

extension ClassifierFactory where Result == Classification {
    /// One `ReportScanner` per worker, matching each report with its language's rules.
    /// `evidence: false` is faster when only labels are needed.
    public init(ruleSet: RuleSet, evidence: Bool = true) {
        self.makeWorker = {
            let scanner = ruleSet.makeScanner()
            return { scanner.classify($0.text, language: $0.lang, evidence: evidence) }
        }
    }
}
