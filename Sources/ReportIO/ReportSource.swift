/// A stream of records from one input (a JSONL, CSV or text batch, a partner feed).
///
/// Sources never throw: a record that cannot be read, or a file that cannot be opened, comes
/// out as `.rejected` with its location and reason (the latter of kind `.wholeInput`), so that
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
    /// What could not be used: a record, or the whole input.
    public var kind: Kind

    /// What a rejected record stands for, which decides how it is counted.
    public enum Kind: Sendable, Hashable {
        /// A record that could not be read: counted as rejected.
        case record
        /// A copy of an incident already read in this run (same partner and id): rejected, and
        /// told apart in messages because it is a warning, not a fault of the record.
        case duplicate
        /// The whole input could not be read (a missing file, a CSV without the text column):
        /// counted as an input that failed, not as a record.
        case wholeInput
    }

    public init(location: RecordLocation, reason: String, raw: [UInt8], kind: Kind = .record) {
        self.location = location
        self.reason = reason
        self.raw = raw
        self.kind = kind
    }

    /// Whether the whole input could not be read (`kind == .wholeInput`).
    public var isWholeInput: Bool { kind == .wholeInput }

    /// `file:line: reason`, the form of every per-record message on stderr.
    public var message: String { "\(location): \(reason)" }
}
