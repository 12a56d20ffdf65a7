/// Appends JSON text to a byte buffer: the one JSON writer of the tool (classified reports,
/// imported reports, carried CSV fields, taxonomy exports, indicators).
public struct JSONOutput {
    /// The bytes written so far.
    public var bytes: [UInt8] = []

    public init() {}

    /// Appends raw bytes (punctuation, or JSON that is already valid).
    public mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends already-valid JSON text as is (a carried field, a number; a literal, which Swift
    /// passes as a `String` rather than a `StaticString`): its bytes at once, not one by one.
    public mutating func raw(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// Appends `value` as a quoted JSON string, escaping `"`, `\` and control characters;
    /// U+2028 and U+2029 are escaped too so the line is also valid JavaScript. Runs of bytes that
    /// need no escape are copied whole.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // A native string is read in place (no copy, so no retain); only a bridged one is copied.
        if value.utf8.withContiguousStorageIfAvailable({ escape($0) }) == nil {
            var copy = value
            copy.withUTF8 { escape($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `utf8` with the escapes `string(_:)` needs.
    private mutating func escape(_ utf8: UnsafeBufferPointer<UInt8>) {
        var run = 0
        var i = 0
        while i < utf8.count {
            // Sixteen bytes at a time to the next byte that may need an escape.
            if i + 16 <= utf8.count {
                guard let lane = ByteScan.firstLane(Self.mayNeedEscape(ByteScan.block(at: utf8.baseAddress! + i))) else {
                    i += 16
                    continue
                }
                i += lane
            }
            let byte = utf8[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F || byte == 0xE2 else {
                i += 1
                continue
            }
            if byte == 0xE2 && !(i + 2 < utf8.count && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9)) {
                i += 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0xE2:
                raw(utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                i += 2
            default:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            }
            i += 1
            run = i
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<utf8.count]))
    }

    /// Appends a number in its shortest form that reads back exactly (`1`, `0.5`).
    public mutating func number(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            raw(String(Int64(value)))
        } else {
            raw(value.description)
        }
    }

    /// Appends an integer.
    public mutating func number(_ value: Int) { raw(String(value)) }

    /// `value` as a quoted JSON string, escaped as `string(_:)` escapes it.
    public static func quoted(_ value: String) -> String {
        var out = JSONOutput()
        out.string(value)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends `"key":`.
    public mutating func key(_ key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// The bytes of `block` that may start an escape (`string`'s test, per block).
    @inline(__always)
    private static func mayNeedEscape(_ block: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
        // Typed in full: `SIMD16(repeating: 0x20)` alone is inferred so that the compares run lane by lane.
        let space = SIMD16<UInt8>(repeating: 0x20), quote = SIMD16<UInt8>(repeating: UInt8(ascii: "\""))
        let backslash = SIMD16<UInt8>(repeating: UInt8(ascii: "\\")), delete = SIMD16<UInt8>(repeating: 0x7F)
        let separatorLead = SIMD16<UInt8>(repeating: 0xE2)  // of U+2028 and U+2029
        return block .< space .| block .== quote .| block .== backslash .| block .== delete .| block .== separatorLead
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
