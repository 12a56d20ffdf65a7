/// The formats a batch input can have.
public enum InputFormat: String, CaseIterable, Sendable {
    /// JSON Lines: one JSON object per line.
    case jsonl
    /// CSV with a header row.
    case csv
    /// Plain text: the whole file is one report.
    case text
    /// A partner XML feed (IODEF or a mapped partner schema), read by the feed importer.
    case xml

    /// The format a file name says, looking through a `.gz` suffix; `nil` when it says none.
    public static func detect(path: String) -> InputFormat? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return nil }
        switch name[name.index(after: dot)...] {
        case "jsonl", "ndjson", "json": return .jsonl
        case "csv": return .csv
        case "txt", "text": return .text
        case "xml": return .xml
        default: return nil
        }
    }

    /// Whether the file name ends in `.gz`.
    public static func isGzip(path: String) -> Bool { path.lowercased().hasSuffix(".gz") }
}

/// A reader that can hand back the header row of the CSV it is reading, for the rejects file.
public protocol CSVHeaderProviding {
    /// The raw header row of the CSV input being read, if it is CSV.
    var header: [UInt8]? { get }
}
