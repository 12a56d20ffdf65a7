#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes the inside of a JSON string (between its quotes): escapes including `\uXXXX` and
/// surrogate pairs; invalid UTF-8 is reported, never replaced.
enum JSONStringDecoder {
    enum Failure: Error, Equatable {
        case syntax(JSONSyntaxError)
        case invalidUTF8
    }

    /// The string value of `raw`, the bytes between the quotes of a JSON string; `escaped` tells
    /// whether it holds backslashes (when the caller knows it already), saving a pass over it.
    static func decode(
        _ raw: UnsafeBufferPointer<UInt8>, columnBase: Int, in line: UnsafeBufferPointer<UInt8>, escaped: Bool? = nil
    ) throws(Failure) -> String {
        let bytes: [UInt8]
        if escaped ?? raw.contains(UInt8(ascii: "\\")) {
            do { bytes = try decodeBytes(raw, columnBase: columnBase, in: line) } catch { throw .syntax(error) }
            guard let string = bytes.withUnsafeBufferPointer(validString) else { throw .invalidUTF8 }
            return string
        }
        guard let string = validString(raw) else { throw .invalidUTF8 }
        return string
    }

    /// `bytes` as a string when they are valid UTF-8. (`String(validating:)` is generic and looks
    /// up type metadata on every call; decoding, which repairs, then comparing is much cheaper.)
    static func validString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var string = String(decoding: bytes, as: UTF8.self)
        let intact = string.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        return intact ? string : nil
    }

    /// The UTF-8 bytes of `raw` with its escapes resolved.
    static func decodeBytes(_ raw: UnsafeBufferPointer<UInt8>, columnBase: Int, in line: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        func failure(_ what: String) -> JSONSyntaxError {
            let column = JSONCursor(bytes: line).column(of: columnBase + i)
            return JSONSyntaxError(column: column, message: "\(what) at column \(column)")
        }
        func hex4(at offset: Int) -> UInt32? {
            guard offset + 4 <= raw.count,
                let a = hexValue(raw[offset]), let b = hexValue(raw[offset + 1]),
                let c = hexValue(raw[offset + 2]), let d = hexValue(raw[offset + 3])
            else { return nil }
            return a << 12 | b << 8 | c << 4 | d
        }
        let base = raw.baseAddress
        while i < raw.count {
            // Copy the run up to the next backslash at once.
            let run = memchr(base! + i, 0x5C, raw.count - i).map { UnsafeRawPointer($0) - UnsafeRawPointer(base!) } ?? raw.count
            if run > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: raw[i..<run]))
                i = run
                continue
            }
            guard i + 1 < raw.count else { throw failure("a backslash ends the string") }
            switch raw[i + 1] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var code = hex4(at: i + 2) else { throw failure("a \\u escape needs four hex digits") }
                var length = 6
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 7 < raw.count, raw[i + 6] == UInt8(ascii: "\\"), raw[i + 7] == UInt8(ascii: "u"),
                        let low = hex4(at: i + 8), (0xDC00...0xDFFF).contains(low)
                    else { throw failure("a \\u escape is half of a surrogate pair without the other half") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    length = 12
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw failure("a \\u escape is half of a surrogate pair without the other half")
                }
                appendUTF8(code, to: &out)
                i += length
                continue
            default:
                throw failure("unknown escape '\\\(Character(Unicode.Scalar(raw[i + 1])))'")
            }
            i += 2
        }
        return out
    }

    /// Appends the UTF-8 bytes of the scalar `code` (not a surrogate).
    private static func appendUTF8(_ code: UInt32, to out: inout [UInt8]) {
        switch code {
        case ..<0x80:
            out.append(UInt8(code))
        case ..<0x800:
            out.append(UInt8(0xC0 | code >> 6))
            out.append(UInt8(0x80 | code & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | code >> 12))
            out.append(UInt8(0x80 | code >> 6 & 0x3F))
            out.append(UInt8(0x80 | code & 0x3F))
        default:
            out.append(UInt8(0xF0 | code >> 18))
            out.append(UInt8(0x80 | code >> 12 & 0x3F))
            out.append(UInt8(0x80 | code >> 6 & 0x3F))
            out.append(UInt8(0x80 | code & 0x3F))
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
