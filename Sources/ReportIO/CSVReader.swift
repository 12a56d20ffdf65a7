import TextFormats

/// Reads CSV with a header row; the columns named by a `FieldMapping` make the report.
///
/// The partner-codes column holds codes separated by `;`. Carried columns go into
/// `Report.extra` as JSON strings.
public struct CSVReader<Stream: ByteStream>: ReportSource, CSVHeaderProviding {
    private var buffer: RecordBuffer<Stream>
    private let name: String
    private let fields: FieldMapping
    private var columns: [Int?] = []
    private var columnCount = 0
    private var line = 1
    private var done = false
    /// The dialect: the delimiter is given, or read from the header row.
    private var parser: CSVRecordParser
    private let delimiterGiven: Bool

    /// The header row as read, so rejected rows can be written back out under it.
    public private(set) var header: [UInt8]?

    /// Reads `stream`; `name` is the file name used in ids and messages. A row longer than
    /// `maxRecordBytes`, or with a quoted field holding more than `maxFieldLines` line breaks
    /// (both usually an unclosed quote), is one rejected record; reading goes on at the first
    /// line after it. `delimiter` `nil`: the header row's (`,`, `;` or tab).
    public init(
        stream: Stream, name: String, fields: FieldMapping = FieldMapping(), maxRecordBytes: Int = RecordLimit.defaultBytes,
        delimiter: UInt8? = nil, maxFieldLines: Int = CSVRecordParser.defaultMaxQuotedLines
    ) {
        self.buffer = RecordBuffer(stream: stream, maxRecordLength: maxRecordBytes)
        self.name = name
        self.fields = fields
        self.parser = CSVRecordParser(delimiter: delimiter ?? UInt8(ascii: ","), maxQuotedLines: maxFieldLines)
        self.delimiterGiven = delimiter != nil
    }

    public mutating func next() -> ReportSourceItem? {
        while !done {
            let start = line
            let cut: (raw: [UInt8], newlines: Int, oversized: Bool)?
            do {
                // The header is one line: its delimiter is not known before it is read.
                let boundary = header == nil ? lineBoundary : parser.boundary
                cut = try buffer.next(boundary: boundary) { bytes, oversized in
                    (Array(bytes), bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, oversized)
                }
            } catch {
                done = true
                return .rejected(RejectedRecord(
                    location: RecordLocation(file: name, line: start),
                    reason: "the rest of the file could not be read: \(error)", raw: []))
            }
            guard let cut else { done = true; return nil }
            var raw = cut.raw
            let oversized = cut.oversized
            line += cut.newlines + (oversized ? buffer.droppedNewlines : 0) + 1
            if start == 1, raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw.removeFirst(3) }
            if raw.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) && header != nil { continue }
            let location = RecordLocation(file: name, line: start)
            if oversized {
                let limit = buffer.maxRecordLength
                return .rejected(RejectedRecord(
                    location: location, reason: RecordLimit.reason("the row (an unclosed quote?)", limit: limit) + "; reading goes on at line \(line)",
                    raw: RecordLimit.kept(raw, limit: limit)))
            }
            if header == nil {
                if let problem = readHeader(raw) {
                    done = true
                    return .rejected(RejectedRecord(location: location, reason: problem, raw: raw, kind: .wholeInput))
                }
                continue
            }
            switch row(raw, location: location) {
            case .success(let report): return .report(report)
            case .failure(let problem): return .rejected(RejectedRecord(location: location, reason: problem.reason, raw: raw))
            }
        }
        return nil
    }

    /// Reads the header; returns why the file cannot be read, if it cannot.
    private mutating func readHeader(_ raw: [UInt8]) -> String? {
        let names: [String]
        if !delimiterGiven { parser.delimiter = raw.withUnsafeBufferPointer { CSVRecordParser.delimiter(ofHeader: $0) } }
        do {
            names = try raw.withUnsafeBufferPointer { bytes throws(ReportProblem) in try parser.fields(bytes) }
                .map { $0.trimmingWhitespace() }
        } catch {
            return "the header row cannot be read: \(error.reason)"
        }
        guard names.contains(fields.text) else {
            return "the header has no '\(fields.text)' column (it has: \(names.joined(separator: ", "))); name the text column with --text-field"
        }
        header = raw
        columnCount = names.count
        columns = fields.slots.map { names.firstIndex(of: $0) }
        return nil
    }

    private func row(_ raw: [UInt8], location: RecordLocation) -> Result<Report, ReportProblem> {
        let values: [String]
        do {
            values = try raw.withUnsafeBufferPointer { bytes throws(ReportProblem) in try parser.fields(bytes) }
        } catch {
            return .failure(error)
        }
        guard values.count == columnCount else {
            return .failure(ReportProblem("the row has \(values.count) field\(values.count == 1 ? "" : "s"), the header has \(columnCount)"))
        }
        var record = FieldValues()
        for (slot, column) in columns.enumerated() {
            guard let column else { continue }
            let value = values[column]
            switch slot {
            case 0..<FieldMapping.carryOffset - 1:
                record.values[slot] = value
            case FieldMapping.carryOffset - 1:
                record.partnerCodes = value.split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            default:
                var json = JSONOutput()
                json.string(value)
                record.extra[fields.slots[slot]] = String(decoding: json.bytes, as: UTF8.self)
            }
        }
        return record.report(fields: fields, origin: location)
    }
}
