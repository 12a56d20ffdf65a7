/// Counts of a classified batch: mergeable across shards, and deterministic as JSON (sorted keys).
///
/// A node counts a report once when the report is labelled with the node or any node under it.
public struct Summary: Codable, Sendable, Hashable {
    /// The taxonomy the counts are about; summaries of different versions do not add up.
    public var taxonomy: TaxonomyInfo
    /// The breakdowns asked for (`--by`), in the order asked, each once.
    public var by: [SummaryDimension]
    /// The crosswalk scheme whose codes are counted (`--codes`), if any.
    public var codeScheme: String?
    /// Records read: classified + rejected.
    public var recordsIn: Int
    public var classified: Int
    public var rejected: Int
    /// Inputs that could not be read at all (a missing file, a CSV without the text column);
    /// absent when every input was read.
    public var inputsFailed: Int?
    /// Counts over all classified reports.
    public var total: SummaryCounts
    /// Counts per value of each dimension in `by` ("unknown" when a report has no value).
    public var breakdowns: [String: [String: SummaryCounts]]
    /// Metadata the counts could not use as given; absent when there was none.
    public var metadata: MetadataNotes?

    public init(taxonomy: TaxonomyInfo, by: [SummaryDimension], codeScheme: String?) {
        self.taxonomy = taxonomy
        self.by = by.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        self.codeScheme = codeScheme
        self.recordsIn = 0
        self.classified = 0
        self.rejected = 0
        self.total = SummaryCounts(countingCodes: codeScheme != nil)
        self.breakdowns = Dictionary(uniqueKeysWithValues: self.by.map { ($0.rawValue, [:]) })
    }

    enum CodingKeys: String, CodingKey {
        case taxonomy, by, total, breakdowns, classified, rejected, metadata
        case codeScheme = "code_scheme"
        case recordsIn = "records_in"
        case inputsFailed = "inputs_failed"
    }
}

/// Report metadata a summary could not use as given, counted so that it is never silently lost:
/// dates without an ISO 8601 year and month (they count under month "unknown") and language tags
/// that name none of the taxonomy's languages (their texts were classified by the languages
/// identified in them).
public struct MetadataNotes: Codable, Sendable, Hashable {
    /// Reports whose date does not start `YYYY-MM`.
    public var datesNotISO = 0
    /// The first such date seen, as given, for the warning.
    public var dateExample: String?
    /// Reports per language tag the taxonomy has no rules for.
    public var otherLanguages: [String: Int] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case datesNotISO = "dates_not_iso"
        case dateExample = "date_example"
        case otherLanguages = "other_languages"
    }

    /// Adds another shard's notes to these.
    mutating func add(_ other: MetadataNotes) throws(CountOverflow) {
        datesNotISO = try CountOverflow.sum(datesNotISO, other.datesNotISO, "metadata.dates_not_iso")
        dateExample = dateExample ?? other.dateExample
        for (tag, count) in other.otherLanguages {
            otherLanguages[tag] = try CountOverflow.sum(otherLanguages[tag] ?? 0, count, "metadata.other_languages.\(tag)")
        }
    }

    /// One sentence per kind of note, for an analyst.
    public var warnings: [String] {
        var result: [String] = []
        if datesNotISO > 0 {
            result.append(
                "\(datesNotISO) report\(datesNotISO == 1 ? " has a date" : "s have dates") that \(datesNotISO == 1 ? "is" : "are") not ISO 8601 "
                    + "(YYYY-MM-DD)\(dateExample.map { ", such as '\($0)'" } ?? ""): \(datesNotISO == 1 ? "it counts" : "they count") under month 'unknown'; "
                    + "export dates as 2025-01-17 to have them counted by month.")
        }
        if !otherLanguages.isEmpty {
            let total = otherLanguages.values.reduce(0, +)
            let tags = otherLanguages.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5)
                .map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            result.append(
                "\(total) report\(total == 1 ? " has a language tag" : "s have language tags") the taxonomy has no rules for "
                    + "(\(tags)\(otherLanguages.count > 5 ? ", ..." : "")): \(total == 1 ? "its text was" : "their texts were") "
                    + "classified with the rules of the languages identified in \(total == 1 ? "it" : "them").")
        }
        return result
    }
}

/// The counts of a set of reports.
public struct SummaryCounts: Codable, Sendable, Hashable {
    /// Classified reports.
    public var reports = 0
    /// Reports with no label at all.
    public var noThreat = 0
    /// Reports per node id (each report once per node, parents included); nodes with none are left out.
    public var nodes: [String: Int] = [:]
    /// Reports per crosswalk code, when a scheme is counted.
    public var codes: [String: Int]?

    public init(countingCodes: Bool) { codes = countingCodes ? [:] : nil }

    enum CodingKeys: String, CodingKey {
        case reports, nodes, codes
        case noThreat = "no_threat"
    }

    /// Counts one report labelled with `nodes` (parents included, each once) and standing for `codes`.
    mutating func count(nodes: [String], codes reportCodes: [String]?) {
        reports += 1
        if nodes.isEmpty { noThreat += 1 }
        for node in nodes { self.nodes[node, default: 0] += 1 }
        if let reportCodes {
            if codes == nil { codes = [:] }
            for code in reportCodes { codes![code, default: 0] += 1 }
        }
    }

    /// Adds another set's counts to these; throws, changing nothing, when a sum would not fit
    /// in 64 bits (a damaged summary).
    mutating func add(_ other: SummaryCounts) throws(CountOverflow) {
        var sum = self
        sum.reports = try CountOverflow.sum(reports, other.reports, "reports")
        sum.noThreat = try CountOverflow.sum(noThreat, other.noThreat, "no_threat")
        for (node, count) in other.nodes { sum.nodes[node] = try CountOverflow.sum(nodes[node] ?? 0, count, "nodes.\(node)") }
        if let theirs = other.codes {
            var codes = self.codes ?? [:]
            for (code, count) in theirs { codes[code] = try CountOverflow.sum(codes[code] ?? 0, count, "codes.\(code)") }
            sum.codes = codes
        }
        self = sum
    }
}

/// A count whose sum does not fit in 64 bits; `field` names it as in the summary's JSON.
struct CountOverflow: Error {
    var field: String

    /// `a + b`, or this error naming `field`.
    static func sum(_ a: Int, _ b: Int, _ field: String) throws(CountOverflow) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw CountOverflow(field: field) }
        return sum
    }
}

/// What a summary needs to know of its taxonomy: its identity and its tree, for display.
public struct TaxonomyInfo: Codable, Sendable, Hashable {
    public var version: String
    public var name: String
    /// The hash of the taxonomy and rule files (`cop-threats --version` prints it): an edited
    /// rule file under an unchanged version counts differently. Absent in older summaries.
    public var rules: String?
    /// Every node, parents before children, in display order.
    public var nodes: [Node]

    public struct Node: Codable, Sendable, Hashable {
        public var id: String
        public var parent: String?
        public var name: String
    }
}

/// What a summary can be broken down by: one field (`country`), or several joined by `+`
/// (`country+month`), whose values are then the fields' values joined by `+` (`FR+2025-01`).
public struct SummaryDimension: Codable, Hashable, Sendable, RawRepresentable {
    /// A report field to count by.
    public enum Field: Hashable, Sendable {
        case lang, country, partner
        /// `YYYY-MM` from the ISO 8601 date.
        case month
        /// `YYYY-Qn` from the ISO 8601 date.
        case quarter
        /// A field of the input carried into the output (`--carry region`), by its name.
        case carried(String)

        /// The fields every report has, by name.
        public static let reportFields: [String: Field] = [
            "lang": .lang, "country": .country, "partner": .partner, "month": .month, "quarter": .quarter,
        ]

        /// A report field by its name; any other name is a carried field.
        public init(name: String) { self = Self.reportFields[name] ?? .carried(name) }

        public var name: String {
            switch self {
            case .lang: "lang"
            case .country: "country"
            case .partner: "partner"
            case .month: "month"
            case .quarter: "quarter"
            case .carried(let name): name
            }
        }
    }

    /// The fields, in the order written.
    public let fields: [Field]

    public static let lang = SummaryDimension(.lang), country = SummaryDimension(.country)
    public static let partner = SummaryDimension(.partner), month = SummaryDimension(.month)
    public static let quarter = SummaryDimension(.quarter)

    /// The value used when a report has none.
    public static let unknown = "unknown"

    public init(_ fields: Field...) { self.fields = fields }

    /// `country`, `country+month`, `region` (a carried field); `nil` for an empty name, a field
    /// named twice, or nothing.
    public init?(rawValue: String) {
        var fields: [Field] = []
        for name in rawValue.split(separator: "+", omittingEmptySubsequences: false) {
            let field = Field(name: String(name))
            guard !name.isEmpty, !fields.contains(field) else { return nil }
            fields.append(field)
        }
        guard !fields.isEmpty else { return nil }
        self.fields = fields
    }

    public var rawValue: String { fields.map(\.name).joined(separator: "+") }

    /// Whether its values read best in their own order (dates) rather than by falling count.
    var isChronological: Bool { fields.contains(.month) || fields.contains(.quarter) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let dimension = SummaryDimension(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a breakdown"))
        }
        self = dimension
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The value of this dimension for a report's metadata.
    func value(of record: SummaryRecord) -> String {
        if fields.count == 1 { return Self.value(of: fields[0], record) }
        return fields.map { Self.value(of: $0, record) }.joined(separator: "+")
    }

    private static func value(of field: Field, _ record: SummaryRecord) -> String {
        let value: String?
        switch field {
        case .lang: value = record.lang
        case .country: value = record.country
        case .partner: value = record.partner
        case .month: value = record.date.flatMap(yearMonth)
        case .quarter: value = record.date.flatMap(yearMonth).map(quarter)
        case .carried(let name): value = record.carried[name]
        }
        guard let value, !value.isEmpty else { return unknown }
        return value
    }

    /// `2025-Q1` of `2025-03`.
    private static func quarter(_ month: String) -> String {
        let number = Int(month.suffix(2))!
        return "\(month.prefix(4))-Q\((number - 1) / 3 + 1)"
    }

    /// `YYYY-MM` when the date starts that way (no copy of the date to tell).
    static func yearMonth(of date: String) -> String? {
        let bytes = date.utf8
        guard bytes.count >= 7 else { return nil }
        var digits = 0, month = 0
        for (i, byte) in bytes.prefix(7).enumerated() {
            if i == 4 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            digits += 1
            if i >= 5 { month = month * 10 + Int(byte - UInt8(ascii: "0")) }
        }
        guard digits == 6, (1...12).contains(month) else { return nil }
        return bytes.count == 7 ? date : String(date.utf8.prefix(7))!
    }
}
