/// Reads JSON Lines: one JSON object per line, fields picked by a `FieldMapping`.
///
/// A record without an id gets `file:line` as its id. Blank lines are not records.
public struct JSONLReader<Stream: ByteStream>: ReportSource {
    private var buffer: RecordBuffer<Stream>
    private let parser: JSONLRecordParser
    /// The parser's memory, kept from one line to the next.
    private var scratch = JSONLRecordParser.Scratch()
    private var line = 0
    private var done = false

    /// Reads `stream`; `name` is the file name used in ids and messages. A line longer than
    /// `maxRecordBytes` is one rejected record.
    public init(stream: Stream, name: String, fields: FieldMapping = FieldMapping(), maxRecordBytes: Int = RecordLimit.defaultBytes) {
        self.buffer = RecordBuffer(stream: stream, maxRecordLength: maxRecordBytes)
        self.parser = JSONLRecordParser(
            name: name, fields: fields, slots: fields.slots, extractor: JSONFieldExtractor(keys: fields.slots),
            maxLineLength: buffer.maxRecordLength)
    }

    public mutating func next() -> ReportSourceItem? {
        let parser = self.parser
        var scratch = JSONLRecordParser.Scratch()
        swap(&scratch, &self.scratch)  // owned here alone, so filling it allocates nothing
        defer { swap(&scratch, &self.scratch) }
        while !done {
            let item: ReportSourceItem??
            let number = line + 1
            do {
                item = try buffer.next(boundary: lineBoundary) { bytes, oversized in
                    parser.record(bytes, line: number, oversized: oversized, scratch: &scratch)
                }
            } catch {
                done = true
                return .rejected(RejectedRecord(
                    location: RecordLocation(file: parser.name, line: number),
                    reason: "the rest of the file could not be read: \(error)", raw: []))
            }
            guard let item else { done = true; return nil }
            line = number
            if let item { return item }
        }
        return nil
    }
}

/// Turns one JSON line into a report or a rejected record.
struct JSONLRecordParser {
    let name: String
    let fields: FieldMapping
    /// `fields.slots`, built once (the property makes a new array each time).
    let slots: [String]
    let extractor: JSONFieldExtractor
    let maxLineLength: Int

    /// What the parser keeps from one line to the next: the fields found in a line, and the
    /// metadata values met so far.
    struct Scratch {
        var found: [JSONFieldExtractor.Found?] = []
        var repeated = RepeatedStrings()
    }

    /// The item for one line; `nil` for a blank line.
    func record(_ raw: UnsafeBufferPointer<UInt8>, line: Int, oversized: Bool, scratch: inout Scratch) -> ReportSourceItem? {
        var bytes = raw
        if bytes.last == 0x0D { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
        if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeBufferPointer(rebasing: bytes.dropFirst(3)) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        let location = RecordLocation(file: name, line: line)
        func reject(_ reason: String) -> ReportSourceItem {
            .rejected(RejectedRecord(location: location, reason: reason, raw: Array(bytes)))
        }
        if oversized {
            return .rejected(RejectedRecord(
                location: location, reason: RecordLimit.reason("the line", limit: maxLineLength), raw: RecordLimit.kept(bytes, limit: maxLineLength)))
        }
        do { try extractor.extract(bytes, into: &scratch.found) } catch { return reject("the line is not valid JSON (\(error.message))") }
        var record = FieldValues()
        do {
            for (slot, value) in scratch.found.enumerated() {
                guard let value else { continue }
                let key = slots[slot]
                switch slot {
                case 2..<FieldMapping.carryOffset - 1 where value.kind == .string:
                    // Metadata (not the id or the text) repeats from record to record.
                    record.values[slot] = try scratch.repeated.string(UnsafeBufferPointer(rebasing: bytes[value.range])) { _ throws(ReportProblem) in
                        try value.text(key: key, in: bytes) ?? ""
                    }
                case 0..<FieldMapping.carryOffset - 1:
                    record.values[slot] = try value.text(key: key, in: bytes)
                case FieldMapping.carryOffset - 1:
                    record.partnerCodes = try value.strings(key: key, in: bytes)
                default:
                    record.extra[key] = String(decoding: UnsafeBufferPointer(rebasing: bytes[value.range]), as: UTF8.self)
                }
            }
        } catch {
            return reject(error.reason)
        }
        switch record.report(fields: fields, origin: location) {
        case .success(let report): return .report(report)
        case .failure(let problem): return reject(problem.reason)
        }
    }
}
