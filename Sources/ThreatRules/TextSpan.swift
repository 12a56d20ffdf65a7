import TextNormalization

/// A match located in the original text: scalar offsets and the text as written.
struct TextSpan {
    var start: Int
    var end: Int
    var text: String

    /// Maps a hit's normalised byte range back to the original report.
    init(hit: Hit, text normalized: NormalizedText, original: UnsafeBufferPointer<UInt8>) {
        let bytes = normalized.originalRange(of: Int(hit.start)..<Int(hit.end))
        start = Self.scalarCount(original, upTo: bytes.lowerBound)
        end = start + Self.scalarCount(UnsafeBufferPointer(rebasing: original[bytes]), upTo: bytes.count)
        text = String(decoding: UnsafeBufferPointer(rebasing: original[bytes]), as: UTF8.self)
    }

    /// Unicode scalars in `bytes[..<end]`: the bytes that are not UTF-8 continuation bytes,
    /// counted sixteen at a time (an evidence item counts the whole text before it).
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let high = SIMD16<UInt8>(repeating: 0xC0), continuation = SIMD16<UInt8>(repeating: 0x80)
        var count = 0, i = 0
        while i + 16 <= end {
            let block = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            count &+= (block & high .!= continuation).trueCount
            i += 16
        }
        while i < end {
            if base[i] & 0xC0 != 0x80 { count &+= 1 }
            i += 1
        }
        return count
    }
}
