/// A source of at most one item: a text file's report, the rejection of an input that cannot
/// be read at all, or nothing (an input passed over).
struct SingleItemSource: ReportSource {
    private var item: ReportSourceItem?

    init(_ item: ReportSourceItem?) { self.item = item }

    /// The rejection of a whole input (a file that cannot be opened, an unknown format).
    init(rejecting name: String, line: Int = 0, reason: String) {
        self.item = .rejected(RejectedRecord(location: RecordLocation(file: name, line: line), reason: reason, raw: []))
    }

    mutating func next() -> ReportSourceItem? {
        defer { item = nil }
        return item
    }
}
