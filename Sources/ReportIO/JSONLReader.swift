/// Reads JSON Lines: one JSON object per line, fields picked by a `FieldMapping`.
///
/// A record without an id gets `file:line` as its id. Blank lines are not records.
public struct JSONLReader<Stream: ByteStream>: ReportSource {
    private var buffer: RecordBuffer<Stream>
    private let parser: JSONLRecordParser
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
        while !done {
            let item: ReportSourceItem??
            let number = line + 1
            do {
                item = try buffer.next(boundary: lineBoundary) { bytes, oversized in
                    parser.record(bytes, line: number, oversized: oversized)
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

    /// The item for one line; `nil` for a blank line.
    func record(_ raw: UnsafeBufferPointer<UInt8>, line: Int, oversized: Bool) -> ReportSourceItem? {
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
        let found: [JSONFieldExtractor.Found?]
        do { found = try extractor.extract(bytes) } catch { return reject("the line is not valid JSON (\(error.message))") }
        var record = FieldValues(slotCount: found.count)
        do {
            for (slot, value) in found.enumerated() {
                guard let value else { continue }
                let key = slots[slot]
                switch slot {
                case 0..<FieldMapping.carryOffset - 1:
                    record.values[slot] = try scalar(value, key: key, in: bytes)
                case FieldMapping.carryOffset - 1:
                    record.partnerCodes = try stringArray(value, key: key, in: bytes)
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

    /// A string, or a number or boolean as written; `nil` for `null`.
    private func scalar(_ value: JSONFieldExtractor.Found, key: String, in line: UnsafeBufferPointer<UInt8>) throws(ReportProblem) -> String? {
        switch value.kind {
        case .string: return try string(at: value.range, key: key, in: line, escaped: value.escaped)
        case .number, .bool: return String(decoding: UnsafeBufferPointer(rebasing: line[value.range]), as: UTF8.self)
        case .null: return nil
        case .array, .object: throw ReportProblem("the '\(key)' field must be a string, not \(value.kind == .array ? "an array" : "an object")")
        }
    }

    private func stringArray(_ value: JSONFieldExtractor.Found, key: String, in line: UnsafeBufferPointer<UInt8>) throws(ReportProblem) -> [String] {
        switch value.kind {
        case .null: return []
        case .string: return [try string(at: value.range, key: key, in: line)]
        case .array:
            var cursor = JSONCursor(bytes: line, index: value.range.lowerBound + 1)
            var strings: [String] = []
            while true {
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: "\"") else { break }
                let start = cursor.index
                _ = try? cursor.skipString()
                strings.append(try string(at: start..<cursor.index, key: key, in: line))
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: ",") else { break }
                cursor.index += 1
            }
            guard cursor.peek == UInt8(ascii: "]") else { throw ReportProblem("the '\(key)' field must be an array of strings") }
            return strings
        default:
            throw ReportProblem("the '\(key)' field must be an array of strings")
        }
    }

    /// The decoded value of the string at `range` (quotes included).
    private func string(at range: Range<Int>, key: String, in line: UnsafeBufferPointer<UInt8>, escaped: Bool? = nil) throws(ReportProblem) -> String {
        let inner = UnsafeBufferPointer(rebasing: line[range.lowerBound + 1..<range.upperBound - 1])
        do {
            return try JSONStringDecoder.decode(inner, columnBase: range.lowerBound + 1, in: line, escaped: escaped)
        } catch {
            switch error {
            case .invalidUTF8: throw ReportProblem("the '\(key)' field is not valid UTF-8 (a file saved as Windows-1252 or Latin-1 reads with --encoding windows-1252)")
            case .syntax(let error): throw ReportProblem("the line is not valid JSON (\(error.message))")
            }
        }
    }
}
