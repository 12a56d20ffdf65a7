#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Picks the wanted top-level keys out of one JSON object held as UTF-8 bytes, without building
/// the rest: nested values and unwanted keys are only skipped over (and checked for syntax).
///
/// This is the hot path of JSONL input: one pass over the bytes, no `JSONDecoder`.
struct JSONFieldExtractor {
    /// A value found under a wanted key: its kind and its raw bytes' range in the line.
    struct Found {
        enum Kind { case string, number, bool, null, array, object }
        var kind: Kind
        var range: Range<Int>
        /// Whether a string holds escapes (always `false` for other kinds).
        var escaped = false
    }

    private let wanted: [[UInt8]]

    init(keys: [String]) { wanted = keys.map { Array($0.utf8) } }

    /// Returns, for each wanted key (in `keys` order), the value found under it, if any.
    /// The last occurrence of a repeated key wins.
    func extract(_ line: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [Found?] {
        var found: [Found?] = []
        try extract(line, into: &found)
        return found
    }

    /// As `extract(_:)`, into `found`, whose memory is kept from one line to the next.
    func extract(_ line: UnsafeBufferPointer<UInt8>, into found: inout [Found?]) throws(JSONSyntaxError) {
        found.removeAll(keepingCapacity: true)
        found.append(contentsOf: repeatElement(nil, count: wanted.count))
        var cursor = JSONCursor(bytes: line)
        cursor.skipWhitespace()
        try cursor.expect(UInt8(ascii: "{"), "a JSON object starting with '{'")
        cursor.skipWhitespace()
        if cursor.peek == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            while true {
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: "\"") else { throw cursor.unexpected("a key in double quotes") }
                let slot = try matchKey(&cursor)
                cursor.skipWhitespace()
                try cursor.expect(UInt8(ascii: ":"), "':' after the key")
                cursor.skipWhitespace()
                let valueStart = cursor.index
                let kind: Found.Kind
                var escaped = false
                if cursor.peek == UInt8(ascii: "\"") {
                    escaped = try cursor.skipString()
                    kind = .string
                } else {
                    kind = try cursor.skipValue(depth: 0)
                }
                if let slot { found[slot] = Found(kind: kind, range: valueStart..<cursor.index, escaped: escaped) }
                cursor.skipWhitespace()
                if cursor.peek == UInt8(ascii: ",") { cursor.index += 1; continue }
                try cursor.expect(UInt8(ascii: "}"), "',' or '}'")
                break
            }
        }
        cursor.skipWhitespace()
        if !cursor.atEnd { throw cursor.unexpected("the end of the line after the object") }
    }

    /// Reads a key at the cursor; returns the slot of the wanted key it names, if any.
    private func matchKey(_ cursor: inout JSONCursor) throws(JSONSyntaxError) -> Int? {
        let start = cursor.index + 1
        let hasEscapes = try cursor.skipString()
        let raw = UnsafeBufferPointer(rebasing: cursor.bytes[start..<cursor.index - 1])
        let key: [UInt8]
        if hasEscapes {
            key = try JSONStringDecoder.decodeBytes(raw, columnBase: start, in: cursor.bytes)
        } else {
            return wanted.lastIndex { $0.count == raw.count && $0.elementsEqual(raw) }
        }
        return wanted.lastIndex(of: key)
    }
}

/// The decoded value of a found field, with the reason it cannot be used in the JSONL reader's words.
extension JSONFieldExtractor.Found {
    /// A string, or a number or boolean as written; `nil` for `null`.
    func text(key: String, in line: UnsafeBufferPointer<UInt8>) throws(ReportProblem) -> String? {
        switch kind {
        case .string: return try Self.string(at: range, key: key, in: line, escaped: escaped)
        case .number, .bool: return String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
        case .null: return nil
        case .array, .object: throw ReportProblem("the '\(key)' field must be a string, not \(kind == .array ? "an array" : "an object")")
        }
    }

    /// A string or an array of strings, as a list; `[]` for `null`.
    func strings(key: String, in line: UnsafeBufferPointer<UInt8>) throws(ReportProblem) -> [String] {
        switch kind {
        case .null: return []
        case .string: return [try Self.string(at: range, key: key, in: line)]
        case .array:
            var cursor = JSONCursor(bytes: line, index: range.lowerBound + 1)
            var strings: [String] = []
            while true {
                cursor.skipWhitespace()
                guard cursor.peek == UInt8(ascii: "\"") else { break }
                let start = cursor.index
                _ = try? cursor.skipString()
                strings.append(try Self.string(at: start..<cursor.index, key: key, in: line))
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
    private static func string(at range: Range<Int>, key: String, in line: UnsafeBufferPointer<UInt8>, escaped: Bool? = nil) throws(ReportProblem) -> String {
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

/// A syntax error in a JSON line, with the 1-based character column where it was found.
struct JSONSyntaxError: Error, Equatable {
    var column: Int
    var message: String
}

/// A position in a JSON text, with the primitives to skip over values.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    static let maxDepth = 512

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard peek == byte else { throw unexpected(what) }
        index += 1
    }

    func unexpected(_ what: String) -> JSONSyntaxError {
        let message: String
        if let byte = peek {
            let shown = byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "character"
            message = "unexpected \(shown) at column \(column(of: index)), expected \(what)"
        } else {
            message = "the line ends early, expected \(what)"
        }
        return JSONSyntaxError(column: column(of: index), message: message)
    }

    /// The 1-based character column of a byte offset (counting Unicode scalars).
    func column(of offset: Int) -> Int {
        var column = 1
        for byte in bytes.prefix(offset) where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// Skips one value of any kind and returns its kind.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) -> JSONFieldExtractor.Found.Kind {
        guard depth < Self.maxDepth else { throw JSONSyntaxError(column: column(of: index), message: "values are nested too deeply at column \(column(of: index))") }
        guard let byte = peek else { throw unexpected("a value") }
        switch byte {
        case UInt8(ascii: "\""):
            _ = try skipString()
            return .string
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace()
            if peek == UInt8(ascii: "}") { index += 1; return .object }
            while true {
                skipWhitespace()
                guard peek == UInt8(ascii: "\"") else { throw unexpected("a key in double quotes") }
                _ = try skipString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':' after the key")
                skipWhitespace()
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return .object
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if peek == UInt8(ascii: "]") { index += 1; return .array }
            while true {
                skipWhitespace()
                _ = try skipValue(depth: depth + 1)
                skipWhitespace()
                if peek == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return .array
            }
        case UInt8(ascii: "t"): try skipLiteral("true"); return .bool
        case UInt8(ascii: "f"): try skipLiteral("false"); return .bool
        case UInt8(ascii: "n"): try skipLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
            return .number
        default:
            throw unexpected("a value")
        }
    }

    /// Skips a string at the cursor (which is on its opening quote); returns whether it holds
    /// escapes. Quotes and backslashes are found with `memchr`, so long texts are skipped at
    /// memory speed, and each byte is looked at once: the next quote is searched for again only
    /// when an escape (`\"`) has used it up, so a string of many escapes stays linear.
    mutating func skipString() throws(JSONSyntaxError) -> Bool {
        let open = index
        var escapes = false
        if let base = bytes.baseAddress {
            var from = index + 1
            var quote = -1
            while from < bytes.count {
                if quote < from {
                    guard let found = memchr(base + from, 0x22, bytes.count - from) else { break }
                    quote = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                }
                guard let backslash = memchr(base + from, 0x5C, quote - from) else {
                    index = quote + 1
                    return escapes
                }
                escapes = true
                from = UnsafeRawPointer(backslash) - UnsafeRawPointer(base) + 2
            }
        }
        index = bytes.count
        throw JSONSyntaxError(column: column(of: open), message: "the string starting at column \(column(of: open)) is not closed")
    }

    private mutating func skipLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let matches = index + count <= bytes.count
            && UnsafeBufferPointer(start: literal.utf8Start, count: count).elementsEqual(bytes[index..<index + count])
        guard matches else { throw unexpected("a value") }
        index += count
    }

    private mutating func skipNumber() throws(JSONSyntaxError) {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): break
            default:
                if digits == 0 { index = start; throw unexpected("a number") }
                return
            }
            index += 1
        }
        if digits == 0 { index = start; throw unexpected("a number") }
    }
}
