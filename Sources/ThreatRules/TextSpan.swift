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

    /// Unicode scalars in `bytes[..<end]`: the bytes that are not UTF-8 continuation bytes.
    private static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) -> Int {
        var count = 0
        for i in 0..<end where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
