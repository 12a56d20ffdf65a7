/// A stream of records from one input (a JSONL, CSV or text batch, a partner feed).
///
/// Sources never throw: a record that cannot be read, or a file that cannot be opened, comes
/// out as `.rejected` with its location and reason (the latter marked `isWholeInput`), so that
/// records in = classified + rejected, and no input is lost without a word.
public protocol ReportSource {
    /// The next report or rejected record; `nil` at the end of the input.
    mutating func next() -> ReportSourceItem?
}

/// One item of a `ReportSource`.
public enum ReportSourceItem: Sendable {
    case report(Report)
    case rejected(RejectedRecord)
}

/// A record that could not be turned into a report, kept so it can be fixed and re-run.
public struct RejectedRecord: Sendable, Hashable {
    /// Where the record starts.
    public var location: RecordLocation
    /// A sentence an analyst can act on ("the text field is empty").
    public var reason: String
    /// The record's raw bytes as read (may be empty when nothing could be read).
    public var raw: [UInt8]
    /// Whether the whole input could not be read (a missing file, a CSV without the text column):
    /// counted as an input that failed, not as a record.
    public var isWholeInput: Bool

    public init(location: RecordLocation, reason: String, raw: [UInt8], isWholeInput: Bool = false) {
        self.location = location
        self.reason = reason
        self.raw = raw
        self.isWholeInput = isWholeInput
    }

    /// `file:line: reason`, the form of every per-record message on stderr.
    public var message: String { "\(location): \(reason)" }
}
