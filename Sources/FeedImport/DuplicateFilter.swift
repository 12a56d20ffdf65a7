import ReportIO

/// Passes on the reports of several sources once each: a report whose `ReportKey` was already
/// seen comes out as `.rejected`, naming where the first copy was, so that overlapping feeds in
/// one run are not counted twice. Other rejected records pass through unchanged.
public struct DuplicateFilter {
    private var firstSeen: [Seen: RecordLocation] = [:]
    /// How many duplicates were turned into rejected records.
    public private(set) var duplicates = 0

    public init() {}

    /// The item to pass on for `item`.
    public mutating func filter(_ item: consuming ReportSourceItem) -> ReportSourceItem {
        // Consumed, so that the report is moved through, not copied (a copy retains every field).
        let report: Report
        switch consume item {
        case .report(let read): report = read
        case let other: return other
        }
        let key = ReportKey(report)
        let seen = Seen(key)
        // One hash lookup for the usual new key; a duplicate puts the first copy's place back.
        guard let first = firstSeen.updateValue(report.origin, forKey: seen) else { return .report(report) }
        firstSeen[seen] = first
        duplicates += 1
        return .rejected(RejectedRecord(
            location: report.origin,
            reason: "duplicate of incident \(key), first read at \(first); skipped (use --keep-duplicates to keep both)",
            raw: [], kind: .duplicate))
    }

    /// A key with its hash, worked out once: the table rehashes every key each time it grows.
    private struct Seen: Hashable {
        let key: ReportKey
        let hash: Int

        init(_ key: ReportKey) {
            self.key = key
            hash = key.hashValue
        }

        static func == (a: Seen, b: Seen) -> Bool { a.hash == b.hash && a.key == b.key }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }
}

/// Reads another source through a duplicate filter that several sources share, so that
/// overlapping feeds given in one run (`classify a.xml b.xml`) are counted once.
public struct DeduplicatingSource: ReportSource {
    /// The filter shared by every feed of one run.
    public final class Shared {
        var filter = DuplicateFilter()
        public init() {}
    }

    private var base: any ReportSource
    private let shared: Shared

    public init(_ base: any ReportSource, sharing shared: Shared) {
        self.base = base
        self.shared = shared
    }

    public mutating func next() -> ReportSourceItem? {
        base.next().map { shared.filter.filter($0) }
    }
}
