import ReportIO
import TextFormats

/// What makes two imported reports the same incident: the partner that numbered it and its id
/// there: how duplicates are told apart on import, and the key of the store of reports kept
/// across runs.
public struct ReportKey: Hashable, Sendable, CustomStringConvertible {
    /// The partner, lower-cased (IODEF partners are DNS names, which ignore case); empty if unknown.
    public var partner: String
    /// The partner's own id for the incident, as written.
    public var id: String

    public init(partner: String?, id: String) {
        self.partner = partner?.lowercasedIfNeeded() ?? ""
        self.id = id
    }

    /// The key of `report`. When the feed names no partner, the feed's file stands in for it, so
    /// that two partners' feeds without names do not collide on their incident numbers.
    public init(_ report: Report) {
        self.init(partner: report.partner, id: report.id)
        if report.partner == nil { partner = "file:" + report.origin.file }
    }

    /// `partner/id`, e.g. `csirt.example.com/908711`.
    public var description: String { "\(partner)/\(id)" }
}
