/// How a normalized term is matched.
public enum ScriptKind: Sendable, Hashable {
    /// Words separated by spaces: match whole words only.
    case spaceDelimited
    /// Chinese or Japanese (ideographs, kana): match as a plain substring.
    case cjk

    /// The kind of the scalar `value`.
    @inlinable
    public static func of(scalar value: UInt32) -> ScriptKind {
        isCJK(value) ? .cjk : .spaceDelimited
    }

    /// The kind of the first character of normalized bytes: whether a match needs a word
    /// boundary before it. Inlinable, as the next two, so that a caller's collection type is
    /// known where it is read (generic code reads through accessors that allocate).
    @inlinable
    public static func ofFirstCharacter(_ bytes: some Collection<UInt8>) -> ScriptKind {
        guard let scalar = UTF8Decoding.first(bytes) else { return .spaceDelimited }
        return of(scalar: scalar)
    }

    /// The kind of the last character of normalized bytes: whether a match needs a word
    /// boundary after it.
    @inlinable
    public static func ofLastCharacter(_ bytes: some BidirectionalCollection<UInt8>) -> ScriptKind {
        guard let scalar = UTF8Decoding.last(bytes) else { return .spaceDelimited }
        return of(scalar: scalar)
    }

    @usableFromInline
    static func isCJK(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3031...0x3035, 0x3038...0x303C,
             0x3041...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}

/// Decoding of UTF-8: one sequence of any input, checked; the first or last scalar of valid
/// UTF-8 (normalized bytes are always valid).
public enum UTF8Decoding {
    /// Decodes the multi-byte sequence at `i` of well-formed UTF-8 rules (no overlong forms, no
    /// surrogates): the scalar and its length, or `nil` and 1 for a byte that starts none (an
    /// ASCII byte too: callers handle ASCII before calling).
    @inlinable @inline(__always)
    public static func scalar(_ input: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32?, Int) {
        let b0 = input[i]
        let n = input.count
        switch b0 {
        case 0xC2...0xDF:
            guard i + 1 < n, input[i + 1] & 0xC0 == 0x80 else { return (nil, 1) }
            return (UInt32(b0 & 0x1F) << 6 | UInt32(input[i + 1] & 0x3F), 2)
        case 0xE0...0xEF:
            guard i + 2 < n else { return (nil, 1) }
            let b1 = input[i + 1], b2 = input[i + 2]
            let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80, high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard b1 >= low && b1 <= high && b2 & 0xC0 == 0x80 else { return (nil, 1) }
            return (UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F), 3)
        case 0xF0...0xF4:
            guard i + 3 < n else { return (nil, 1) }
            let b1 = input[i + 1], b2 = input[i + 2], b3 = input[i + 3]
            let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80, high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard b1 >= low && b1 <= high && b2 & 0xC0 == 0x80 && b3 & 0xC0 == 0x80 else { return (nil, 1) }
            return (UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6 | UInt32(b3 & 0x3F), 4)
        default:
            return (nil, 1)
        }
    }

    @inlinable
    static func first(_ bytes: some Collection<UInt8>) -> UInt32? {
        var it = bytes.makeIterator()
        guard let lead = it.next() else { return nil }
        let length = sequenceLength(lead)
        var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0x7F >> UInt32(length))
        for _ in 1..<max(length, 1) {
            guard let b = it.next() else { return nil }
            value = value << 6 | UInt32(b & 0x3F)
        }
        return value
    }

    @inlinable
    static func last(_ bytes: some BidirectionalCollection<UInt8>) -> UInt32? {
        var start = bytes.endIndex
        while start != bytes.startIndex {
            start = bytes.index(before: start)
            if bytes[start] & 0xC0 != 0x80 { break }
        }
        return first(bytes[start...])
    }

    /// Length of the sequence a lead byte starts (1 for ASCII and for stray bytes).
    @inlinable
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF7: return 4
        default: return 1
        }
    }
}
