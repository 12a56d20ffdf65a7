extension Summary {
    /// Checks the invariants every summary written by `classify` holds, so that a summary edited
    /// or damaged since is refused rather than added up: no negative count; records in =
    /// classified + rejected; the total's reports = classified; no node, code or no-threat count
    /// above its reports; a parent at least as large as each child; only the taxonomy's node
    /// ids; one breakdown per `--by` field, whose values' reports add up to the total.
    public func validate() throws(SummaryInvariantError) {
        func fail(_ reason: String) -> SummaryInvariantError { SummaryInvariantError(reason: reason) }
        for (name, count) in [("records_in", recordsIn), ("classified", classified), ("rejected", rejected)] where count < 0 {
            throw fail("'\(name)' is negative (\(count))")
        }
        guard recordsIn == classified &+ rejected else {
            throw fail("'records_in' is \(recordsIn), but classified + rejected is \(classified) + \(rejected)")
        }
        guard total.reports == classified else {
            throw fail("'total.reports' is \(total.reports), but 'classified' is \(classified)")
        }
        try validate(total, at: "total")
        let dimensions = Set(by.map(\.rawValue))
        if let extra = breakdowns.keys.sorted().first(where: { !dimensions.contains($0) }) {
            throw fail("it has a breakdown by '\(extra)', which 'by' does not list")
        }
        for dimension in by.map(\.rawValue) {
            guard let values = breakdowns[dimension] else { throw fail("it has no breakdown by '\(dimension)', which 'by' lists") }
            var reports = 0
            for (value, counts) in values.sorted(by: { $0.key < $1.key }) {
                try validate(counts, at: "breakdowns.\(dimension).\(value)")
                reports = reports &+ counts.reports
            }
            guard reports == total.reports else {
                throw fail("the reports of the breakdown by '\(dimension)' add up to \(reports), but 'total.reports' is \(total.reports)")
            }
        }
    }

    /// The invariants of one set of counts; `path` names it as in the JSON.
    private func validate(_ counts: SummaryCounts, at path: String) throws(SummaryInvariantError) {
        func fail(_ reason: String) -> SummaryInvariantError { SummaryInvariantError(reason: reason) }
        let reports = counts.reports
        guard reports >= 0 else { throw fail("'\(path).reports' is negative (\(reports))") }
        guard (0...reports).contains(counts.noThreat) else {
            throw fail("'\(path).no_threat' is \(counts.noThreat), outside 0...\(reports) (its reports)")
        }
        let known = Dictionary(taxonomy.nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (node, count) in counts.nodes.sorted(by: { $0.key < $1.key }) {
            guard let info = known[node] else { throw fail("'\(path).nodes' counts '\(node)', which is not a node of its taxonomy") }
            guard (0...reports).contains(count) else {
                throw fail("'\(path).nodes.\(node)' is \(count), outside 0...\(reports) (its reports)")
            }
            if let parent = info.parent, count > counts.nodes[parent] ?? 0 {
                throw fail("'\(path).nodes.\(node)' is \(count), more than its parent '\(parent)' (\(counts.nodes[parent] ?? 0)), which counts every report of its children")
            }
        }
        for (code, count) in (counts.codes ?? [:]).sorted(by: { $0.key < $1.key }) where !(0...reports).contains(count) {
            throw fail("'\(path).codes.\(code)' is \(count), outside 0...\(reports) (its reports)")
        }
    }
}

/// Why a summary does not hold together, as a phrase naming the field.
public struct SummaryInvariantError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
