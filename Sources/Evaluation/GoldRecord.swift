import Foundation
import ReportIO

/// One labelled line of a gold file: a text and the category words a person gave it.
public struct GoldRecord: Sendable, Hashable {
    public var id: String
    public var text: String
    public var lang: String?
    /// Category words (`eval` scheme) or node ids (`node` scheme); empty means benign.
    public var labels: [String]
    /// Other string fields, for breakdowns (`source`, `lang`, `country`, ...).
    public var fields: [String: String]

    public init(id: String, text: String, lang: String?, labels: [String], fields: [String: String]) {
        self.id = id
        self.text = text
        self.lang = lang
        self.labels = labels
        self.fields = fields
    }
}

/// Reads gold JSONL files (`id`, `text`, `labels`, optional `lang` and the fields scores are
/// broken down by), with the JSONL reader's parser; a line that is not a gold record is reported
/// with its location and skipped, never silently dropped.
public enum GoldFile {
    /// The records of `path` (a file, or a folder whose `.jsonl` files are read in name order),
    /// each with `id`, `lang` and the `fields` asked for, and the lines that could not be used.
    public static func read(_ path: String, fields: [String] = ["source"]) throws -> (records: [GoldRecord], rejected: [RejectedRecord]) {
        let reader = JSONLineFields(keys: ["text", "labels", "id", "lang"] + fields.filter { !["text", "labels", "id", "lang"].contains($0) })
        var records: [GoldRecord] = []
        var rejected: [RejectedRecord] = []
        for file in try files(at: path) {
            guard let data = FileManager.default.contents(atPath: file) else {
                rejected.append(RejectedRecord(location: RecordLocation(file: file, line: 0), reason: "the file cannot be read", raw: []))
                continue
            }
            var lineNumber = 0
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                let location = RecordLocation(file: file, line: lineNumber)
                switch record(Array(line), reader) {
                case .success(let record): records.append(record)
                case .failure(let problem): rejected.append(RejectedRecord(location: location, reason: problem.reason, raw: Array(line)))
                }
            }
        }
        return (records, rejected)
    }

    private static func record(_ line: [UInt8], _ reader: JSONLineFields) -> Result<GoldRecord, JSONLineFields.LineProblem> {
        let values: [JSONLineFields.Value?]
        do { values = try reader.values(of: line) } catch { return .failure(error) }
        guard case .text(let text)? = values[0], !text.isEmpty else {
            return .failure(JSONLineFields.LineProblem(reason: "the text field is missing or empty"))
        }
        guard case .list(let labels)? = values[1] else {
            return .failure(JSONLineFields.LineProblem(reason: "the labels field is missing or not a list of category words"))
        }
        var fields: [String: String] = [:]
        for (key, value) in zip(reader.keys.dropFirst(2), values.dropFirst(2)) {
            if case .text(let text)? = value { fields[key] = text }
        }
        return .success(GoldRecord(id: fields["id"] ?? "", text: text, lang: fields["lang"], labels: labels, fields: fields))
    }

    private static func files(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EvaluationError.missingInput(path)
        }
        guard isDirectory.boolValue else { return [path] }
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}

/// Problems that stop an evaluation.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    case missingInput(String)

    public var description: String {
        switch self {
        case .missingInput(let path):
            return "There is no gold file or folder at \(path)."
        }
    }
}
