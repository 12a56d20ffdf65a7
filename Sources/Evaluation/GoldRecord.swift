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

/// Reads gold JSONL files (`id`, `text`, `labels`, optional `lang`, `source` and other fields).
///
/// Gold files are small (thousands of lines), so this uses Foundation's JSON parser; a line that
/// is not a gold record is reported with its location and skipped, never silently dropped.
public enum GoldFile {
    /// The records of `path` (a file, or a folder whose `.jsonl` files are read in name order),
    /// and the lines that could not be used.
    public static func read(_ path: String) throws -> (records: [GoldRecord], rejected: [RejectedRecord]) {
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
                switch parse(Data(line)) {
                case .success(let record): records.append(record)
                case .failure(let reason): rejected.append(RejectedRecord(location: location, reason: reason.message, raw: Array(line)))
                }
            }
        }
        return (records, rejected)
    }

    private struct Problem: Error { var message: String }

    private static func parse(_ line: Data) -> Result<GoldRecord, Problem> {
        guard let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else {
            return .failure(Problem(message: "the line is not a JSON object"))
        }
        guard let text = object["text"] as? String, !text.isEmpty else {
            return .failure(Problem(message: "the text field is missing or empty"))
        }
        guard let labels = object["labels"] as? [String] else {
            return .failure(Problem(message: "the labels field is missing or not a list of category words"))
        }
        var fields: [String: String] = [:]
        for (key, value) in object where key != "text" && key != "labels" {
            if let string = value as? String { fields[key] = string }
            else if let number = value as? NSNumber { fields[key] = number.stringValue }
        }
        let id = fields["id"] ?? ""
        return .success(GoldRecord(id: id, text: text, lang: fields["lang"], labels: labels, fields: fields))
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
