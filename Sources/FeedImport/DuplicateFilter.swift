import ReportIO

/// Passes on the reports of several sources once each: a report whose `ReportKey` was already
/// seen comes out as `.rejected`, naming where the first copy was, so that overlapping feeds in
/// one run are not counted twice. Other rejected records pass through unchanged.
public struct DuplicateFilter {
    private var firstSeen: [ReportKey: RecordLocation] = [:]
    /// How many duplicates were turned into rejected records.
    public private(set) var duplicates = 0

    public init() {}

    /// The item to pass on for `item`.
    public mutating func filter(_ item: ReportSourceItem) -> ReportSourceItem {
        guard case .report(let report) = item else { return item }
        let key = ReportKey(report)
        if let first = firstSeen[key] {
            duplicates += 1
            return .rejected(RejectedRecord(
                location: report.origin,
                reason: "duplicate of incident \(key), first read at \(first); skipped (use --keep-duplicates to keep both)",
                raw: []))
        }
        firstSeen[key] = report.origin
        return item
    }
}
