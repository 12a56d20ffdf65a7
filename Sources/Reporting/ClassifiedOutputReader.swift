import Foundation
import ReportIO

/// Reads the JSON lines written by `classify` back into summary records, so counts can be
/// re-cut without classifying again.
public struct ClassifiedOutputReader<Stream: ByteStream> {
    private var lines: LineReader<Stream>
    private let name: String

    /// One record, or why a line could not be read.
    public enum Item {
        case record(SummaryRecord)
        case invalid(RecordLocation, String)
    }

    public init(stream: Stream, name: String) {
        self.lines = LineReader(stream: stream)
        self.name = name
    }

    /// The next record; `nil` at the end. Throws when the file cannot be read further.
    public mutating func next() throws -> Item? {
        while let (number, bytes) = try lines.next() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let location = RecordLocation(file: name, line: number)
            guard let line = try? JSONDecoder().decode(ClassifiedLine.self, from: Data(bytes)) else {
                return .invalid(location, "the line is not a classified report (a JSON object with a 'labels' array of objects with a 'path')")
            }
            return .record(SummaryRecord(
                lang: line.lang, country: line.country, partner: line.partner, date: line.date,
                paths: line.labels.map(\.path)))
        }
        return nil
    }

    private struct ClassifiedLine: Decodable {
        var lang: String?
        var country: String?
        var partner: String?
        var date: String?
        var labels: [LabelPath]
    }

    private struct LabelPath: Decodable {
        var path: [String]
    }
}
