import TextFormats

/// Metadata for reports that carry none (`--set country=FR`): a folder of case notes has no
/// fields, yet its reports should count under their country and partner. A report's own value
/// always wins.
public struct MetadataDefaults: Sendable, Hashable {
    public var lang: String?
    public var country: String?
    public var partner: String?
    public var date: String?

    public init() {}

    /// The fields `--set` can fill.
    public static let fields = ["lang", "country", "partner", "date"]

    /// Reads `field=value`; throws a sentence naming what is wrong.
    public mutating func set(_ assignment: String) throws(MetadataDefaultError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw MetadataDefaultError("'\(assignment)' is not field=value (for example country=FR)")
        }
        let field = String(assignment[..<equals]).trimmingWhitespace(), value = String(assignment[assignment.index(after: equals)...]).trimmingWhitespace()
        guard !value.isEmpty else { throw MetadataDefaultError("'\(assignment)' gives '\(field)' no value") }
        switch field {
        case "lang": lang = LanguageTag.primary(value)
        case "country": country = value.uppercased()
        case "partner": partner = value
        case "date": date = value
        default:
            throw MetadataDefaultError("'\(field)' is not a field --set can fill; use \(Self.fields.joined(separator: ", "))")
        }
    }

    /// Fills the report's missing fields.
    public func apply(to report: inout Report) {
        if report.lang == nil { report.lang = lang }
        if report.country == nil { report.country = country }
        if report.partner == nil { report.partner = partner }
        if report.date == nil { report.date = date }
    }

    public var isEmpty: Bool { self == MetadataDefaults() }
}

/// Why a `--set` value cannot be used.
public struct MetadataDefaultError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
