/// RFC 4180 records: fields separated by commas, optionally in double quotes, with `""` for a
/// quote inside a quoted field; quoted fields may span lines; `\r\n` or `\n` ends a record.
enum CSVRecordParser {
    /// Record boundaries: the first newline outside quotes.
    static func boundary(_ bytes: UnsafeBufferPointer<UInt8>) -> (length: Int, terminator: Int)? {
        var quoted = false
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == 0x0A && !quoted {
                return (i, 1)
            }
        }
        return nil
    }

    /// The fields of one record (without its final newline).
    static func fields(_ record: UnsafeBufferPointer<UInt8>) throws(ReportProblem) -> [String] {
        var bytes = record
        var fields: [String] = []
        var i = 0
        var current: [UInt8] = []
        func finish() throws(ReportProblem) {
            guard let field = String(validating: current, as: UTF8.self) else {
                throw ReportProblem("field \(fields.count + 1) is not valid UTF-8")
            }
            fields.append(field)
            current.removeAll(keepingCapacity: true)
        }
        if bytes.last == 0x0D, !endsInsideQuotes(bytes) { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
        while true {
            if i < bytes.count && bytes[i] == UInt8(ascii: "\"") {
                let open = i
                i += 1
                while true {
                    guard i < bytes.count else {
                        throw ReportProblem("the quoted field \(fields.count + 1) is not closed (a '\"' is missing)")
                    }
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                            current.append(UInt8(ascii: "\""))
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    current.append(bytes[i])
                    i += 1
                }
                if i < bytes.count && bytes[i] != UInt8(ascii: ",") {
                    throw ReportProblem("field \(fields.count + 1) has text after its closing quote (the quote opened at byte \(open + 1) of the row)")
                }
            } else {
                while i < bytes.count && bytes[i] != UInt8(ascii: ",") {
                    current.append(bytes[i])
                    i += 1
                }
            }
            try finish()
            if i >= bytes.count { return fields }
            i += 1  // the comma
        }
    }

    private static func endsInsideQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.reduce(false) { quoted, byte in byte == UInt8(ascii: "\"") ? !quoted : quoted }
    }
}
