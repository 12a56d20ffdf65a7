import Foundation
import ReportIO
import ThreatTaxonomy

/// Reads the JSON lines written by `classify` back into summary records, so counts can be
/// re-cut without classifying again. Each label's path must be its node's path in the taxonomy
/// counted against: a line labelled with another taxonomy, or edited, is invalid, not counted.
public struct ClassifiedOutputReader<Stream: ByteStream> {
    private var lines: LineReader<Stream>
    private let name: String
    private let taxonomy: Taxonomy

    /// One record, or why a line could not be read.
    public enum Item {
        case record(SummaryRecord)
        case invalid(RecordLocation, String)
    }

    public init(stream: Stream, name: String, taxonomy: Taxonomy) {
        self.lines = LineReader(stream: stream)
        self.name = name
        self.taxonomy = taxonomy
    }

    /// The next record; `nil` at the end. Throws when the file cannot be read further.
    public mutating func next() throws -> Item? {
        while let (number, bytes) = try lines.next() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let location = RecordLocation(file: name, line: number)
            guard let line = try? JSONDecoder().decode(ClassifiedLine.self, from: Data(bytes)) else {
                return .invalid(location, "the line is not a classified report (a JSON object with a 'labels' array of objects with a 'path')")
            }
            let paths = line.labels.map(\.path)
            if let problem = paths.lazy.compactMap(problem).first { return .invalid(location, problem) }
            return .record(SummaryRecord(
                lang: line.lang, country: line.country, partner: line.partner, date: line.date, paths: paths,
                carried: line.extra?.mapValues(\.text) ?? [:]))
        }
        return nil
    }

    /// Why a label path is not its node's path in the taxonomy, if it is not.
    private func problem(_ path: [String]) -> String? {
        let shown = path.joined(separator: " › ")
        guard let node = path.last, taxonomy[node] != nil else {
            return "the label path [\(shown)] names no node of the taxonomy \(taxonomy.version); count the output with the taxonomy it was classified with"
        }
        let expected = taxonomy.path(to: node)
        guard expected == path else {
            return "the label path [\(shown)] is not where the taxonomy \(taxonomy.version) has '\(node)' ([\(expected.joined(separator: " › "))]); count the output with the taxonomy it was classified with"
        }
        return nil
    }

    private struct ClassifiedLine: Decodable {
        var lang: String?
        var country: String?
        var partner: String?
        var date: String?
        var extra: [String: CarriedValue]?
        var labels: [LabelPath]
    }

    /// A value of the output's `extra` object, as text, read as `Report.carriedText` reads it.
    private struct CarriedValue: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let string = try? value.decode(String.self) { text = string }
            else if let bool = try? value.decode(Bool.self) { text = bool ? "true" : "false" }
            else if let number = try? value.decode(Double.self) { text = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number) }
            else { text = "" }
        }
    }

    private struct LabelPath: Decodable {
        var path: [String]
    }
}
