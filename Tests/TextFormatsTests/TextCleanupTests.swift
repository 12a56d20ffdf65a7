import Testing
import TextFormats

@Suite("Text clean-up")
struct TextCleanupTests {
    /// Characters that trimming and escaping must tell apart: every White_Space character beyond
    /// ASCII, characters that share their lead bytes (C2, E1, E2, E3: "¿", "ᚠ", "—", "…", "。"),
    /// letters of the six languages' scripts, and ASCII blanks, controls and JSON's specials.
    static let alphabet: [Unicode.Scalar] = [
        " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2007}", "\u{200A}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
        "¿", "ᚠ", "—", "…", "\u{2060}", "。", "、", "a", "Z", ".", "\"", "\\", "/", "\u{01}", "\u{1F}", "\u{7F}",
        "é", "ж", "ع", "中", "😀",
    ]

    /// Deterministic strings over `alphabet`, of every length up to 40 characters (past two of the
    /// sixteen-byte blocks that `ByteScan` looks at).
    static func samples(count: Int) -> [String] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        return (0..<count).map { i in
            var text = String.UnicodeScalarView()
            for _ in 0..<(i % 41) { text.append(alphabet[next() % alphabet.count]) }
            return String(text)
        }
    }

    @Test("trimming removes exactly the leading and trailing White_Space characters")
    func trimming() {
        for text in Self.samples(count: 4000) {
            let scalars = Array(text.unicodeScalars)
            let first = scalars.firstIndex { !$0.properties.isWhitespace }
            let last = scalars.lastIndex { !$0.properties.isWhitespace }
            var expected = String.UnicodeScalarView()
            if let first, let last { expected.append(contentsOf: scalars[first...last]) }
            #expect(text.trimmingWhitespace() == String(expected), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("a string is escaped for JSON the same, however its escapes fall on sixteen-byte blocks")
    func escaping() {
        for text in Self.samples(count: 4000) {
            var expected = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": expected += "\\\""
                case "\\": expected += "\\\\"
                case "\n": expected += "\\n"
                case "\r": expected += "\\r"
                case "\t": expected += "\\t"
                case "\u{08}": expected += "\\b"
                case "\u{0C}": expected += "\\f"
                case "\u{2028}": expected += "\\u2028"
                case "\u{2029}": expected += "\\u2029"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    expected += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: expected.unicodeScalars.append(scalar)
                }
            }
            expected += "\""
            #expect(JSONOutput.quoted(text) == expected)
        }
    }

    @Test("ByteScan finds the first of one or three bytes where a byte-by-byte search does, from every start")
    func byteScan() {
        var state: UInt64 = 42
        // Bytes from a small set, so that hits are close together and far apart.
        let bytes: [UInt8] = (0..<300).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let pick = Int(state >> 33) % 40
            return pick < 3 ? [UInt8(ascii: "<"), UInt8(ascii: "\""), 0xE2][pick] : UInt8(ascii: "a") + UInt8(pick % 26)
        }
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            for start in 0..<bytes.count {
                for end in [start, min(start + 5, bytes.count), min(start + 17, bytes.count), bytes.count] {
                    let one = bytes[start..<end].firstIndex(of: UInt8(ascii: "<")) ?? end
                    let three = bytes[start..<end].firstIndex { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "\"") || $0 == 0xE2 } ?? end
                    #expect(ByteScan.firstIndex(of: UInt8(ascii: "<"), in: base, from: start, to: end) == one)
                    #expect(ByteScan.firstIndex(of: UInt8(ascii: "<"), UInt8(ascii: "\""), 0xE2, in: base, from: start, to: end) == three)
                }
            }
        }
    }
}
