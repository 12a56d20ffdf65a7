/// One incident report, as read from a batch file or imported from a partner feed.
public struct Report: Sendable, Hashable {
    /// The report's id in its source (a JSON field, a CSV column, a file's relative path,
    /// an IODEF IncidentID).
    public var id: String
    /// The free text to classify.
    public var text: String
    /// ISO 639-1 language code, when known (`en`, `ar`, `zh`, ...).
    public var lang: String?
    /// ISO 3166-1 country code, when known.
    public var country: String?
    /// The partner organisation that sent the report, when known.
    public var partner: String?
    /// ISO 8601 date or date-time, when known.
    public var date: String?
    /// The partner's own category codes (IODEF `IncidentCategory`, `Impact@type`, `ext-*`).
    public var partnerCodes: [String]
    /// Other fields carried through for breakdowns (e.g. `source` in labelled data),
    /// as raw JSON values.
    public var extra: [String: String]
    /// Where the record came from, for messages.
    public var origin: RecordLocation

    public init(
        id: String, text: String, lang: String? = nil, country: String? = nil,
        partner: String? = nil, date: String? = nil, partnerCodes: [String] = [],
        extra: [String: String] = [:], origin: RecordLocation
    ) {
        self.id = id
        self.text = text
        self.lang = lang
        self.country = country
        self.partner = partner
        self.date = date
        self.partnerCodes = partnerCodes
        self.extra = extra
        self.origin = origin
    }
}

/// Where one record sits in its input: a file and a line (or a record number).
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the record's first line; 0 when the input has no lines.
    public var line: Int
    /// 1-based column, for XML feeds; 0 when unknown.
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line` (or `file:line:col`), as in compiler and grep messages.
    public var description: String {
        column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}

extension Report {
    /// A carried field's raw JSON value as text: a string's characters, `null` as nothing, any
    /// other value as written.
    public static func carriedText(_ json: String) -> String {
        if json == "null" { return "" }
        guard json.utf8.count >= 2, json.hasPrefix("\""), json.hasSuffix("\"") else { return json }
        var json = json
        return json.withUTF8 { line in
            let inner = UnsafeBufferPointer(rebasing: line[1..<line.count - 1])
            return (try? JSONStringDecoder.decode(inner, columnBase: 1, in: line)) ?? String(decoding: inner, as: UTF8.self)
        }
    }
}
