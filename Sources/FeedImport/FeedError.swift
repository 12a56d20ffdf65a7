import ReportIO

/// Why a feed, or a part of it, could not be imported: where, and what to do about it.
public struct FeedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, line and column of the problem (line 0 when the file could not be read at all).
    public var location: RecordLocation
    /// A sentence an analyst can act on.
    public var message: String

    public init(location: RecordLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:col: error: message`, the form of compiler and grep messages.
    public var description: String { "\(location): error: \(message)" }
}
