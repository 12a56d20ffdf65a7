/// A source of at most one item: a text file's report, the rejection of an input that cannot
/// be read at all, or nothing (an input passed over).
public struct SingleItemSource: ReportSource {
    private var item: ReportSourceItem?

    public init(_ item: ReportSourceItem?) { self.item = item }

    /// The rejection of a file read as one record (a text file of a folder).
    public init(rejecting name: String, line: Int, reason: String) {
        self.item = .rejected(RejectedRecord(location: RecordLocation(file: name, line: line), reason: reason, raw: []))
    }

    /// The failure of a whole input (a file that cannot be opened, an unknown format).
    public init(failing name: String, reason: String) {
        self.item = .rejected(RejectedRecord(location: RecordLocation(file: name, line: 0), reason: reason, raw: [], kind: .wholeInput))
    }

    public mutating func next() -> ReportSourceItem? {
        defer { item = nil }
        return item
    }
}
