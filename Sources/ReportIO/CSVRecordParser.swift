/// CSV records as spreadsheets and Python's `csv` read them: fields separated by a delimiter
/// (`,`, `;` or tab), a field that starts with `"` is quoted (`""` inside it is one quote, and it
/// may span lines), a `"` anywhere else is a plain character (`a 10" tablet`); `\r\n` or `\n`
/// ends a record.
public struct CSVRecordParser: Sendable {
    /// The field separator.
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// How many line breaks a quoted field may hold. A quote that never closes would otherwise
    /// swallow the rest of the file: past this many, the row ends at its first line break
    /// (and is rejected as unclosed), and reading goes on at the next line.
    var maxQuotedLines = CSVRecordParser.defaultMaxQuotedLines

    /// The default of `maxQuotedLines` (`--max-field-lines`).
    public static let defaultMaxQuotedLines = 100

    private static let quote = UInt8(ascii: "\"")

    /// The delimiter of a header row: whichever of `,`, `;` and tab it holds most often (`,` on
    /// a tie or when there is none).
    static func delimiter(ofHeader header: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
        let counts = candidates.map { candidate in header.reduce(0) { $0 + ($1 == candidate ? 1 : 0) } }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? candidates[best] : candidates[0]
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    /// The state after `byte` (a line break is a plain character here: where it ends a record
    /// is `boundary`'s business).
    private func next(_ state: State, _ byte: UInt8) -> State {
        switch state {
        case .fieldStart: byte == Self.quote ? .quoted : (byte == delimiter ? .fieldStart : .unquoted)
        case .unquoted: byte == delimiter ? .fieldStart : .unquoted
        case .quoted: byte == Self.quote ? .afterQuote : .quoted
        case .afterQuote: byte == Self.quote ? .quoted : (byte == delimiter ? .fieldStart : .unquoted)  // "" inside quotes
        }
    }

    /// The end of the record at the start of `bytes`: the first line break outside a quoted
    /// field, or, for a quoted field that does not close (it runs past `maxQuotedLines` or to
    /// the end of the input, or its closing quote is followed by text on a later line), the
    /// first line break inside it.
    func boundary(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> (length: Int, terminator: Int)? {
        var state = State.fieldStart
        var quotedLines = 0
        var firstQuotedBreak: Int?
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0A {
                guard state == .quoted else { return (i, 1) }
                firstQuotedBreak = firstQuotedBreak ?? i
                quotedLines += 1
                if quotedLines > maxQuotedLines { return (firstQuotedBreak!, 1) }
                continue
            }
            let after = next(state, byte)
            if state == .afterQuote, after == .unquoted, let firstQuotedBreak {
                // Text right after the quote that ended a field across lines: that quote
                // opened the next row's field, so this field never closed.
                return (firstQuotedBreak, 1)
            }
            if state == .fieldStart, after == .quoted { (quotedLines, firstQuotedBreak) = (0, nil) }
            state = after
        }
        if atEnd, state == .quoted, let firstQuotedBreak { return (firstQuotedBreak, 1) }
        return nil
    }

    /// The fields of one record (without its final newline).
    func fields(_ record: UnsafeBufferPointer<UInt8>) throws(ReportProblem) -> [String] {
        var bytes = record
        var fields: [String] = []
        var i = 0
        var current: [UInt8] = []
        func finish() throws(ReportProblem) {
            guard let field = String(validating: current, as: UTF8.self) else {
                throw ReportProblem("field \(fields.count + 1) is not valid UTF-8 (a file saved as Windows-1252 or Latin-1 reads with --encoding windows-1252)")
            }
            fields.append(field)
            current.removeAll(keepingCapacity: true)
        }
        if bytes.last == 0x0D, !endsInsideQuotes(bytes) { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
        while true {
            if i < bytes.count && bytes[i] == Self.quote {
                let open = i
                i += 1
                while true {
                    guard i < bytes.count else {
                        throw ReportProblem("the quoted field \(fields.count + 1) is not closed (a '\"' is missing)")
                    }
                    if bytes[i] == Self.quote {
                        if i + 1 < bytes.count && bytes[i + 1] == Self.quote {
                            current.append(Self.quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    current.append(bytes[i])
                    i += 1
                }
                if i < bytes.count && bytes[i] != delimiter {
                    throw ReportProblem("field \(fields.count + 1) has text after its closing quote (the quote opened at byte \(open + 1) of the row)")
                }
            } else {
                while i < bytes.count && bytes[i] != delimiter {
                    current.append(bytes[i])
                    i += 1
                }
            }
            try finish()
            if i >= bytes.count { return fields }
            i += 1  // the delimiter
        }
    }

    /// Whether the record ends inside a quoted field (its last `\r` is then part of the field).
    private func endsInsideQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.reduce(State.fieldStart, next) == .quoted
    }
}
