/// Normalized UTF-8 bytes of one text, with a map from every normalized byte back to the
/// original bytes that produced it.
///
/// Words are separated by one ``WordBoundary/space``, sentences by one
/// ``WordBoundary/sentence``; there is no boundary byte at the start or the end.
/// A digit `1` inside a Latin word written in leetspeak ("k1ll") becomes
/// ``NormalizedText/ambiguousOne`` (it may stand for `i` or `l`); see
/// ``NormalizedText/read(ambiguousOneAs:in:into:)``.
public struct NormalizedText: Sendable {
    /// The normalized UTF-8.
    public var bytes: [UInt8]
    /// For each normalized byte, its ``PackedRange`` in the original: where its source character starts
    /// (low 32 bits) and the offset just past its source character(s) (high 32 bits). Only when
    /// `hasSpans`.
    var spans: [UInt64]
    /// Whether the text was normalized with its map to the original (`normalize(_:into:spans:)`):
    /// evidence needs it, counting does not.
    public internal(set) var hasSpans = true
    /// Where the normalizer writes before copying to `bytes`; like `spans`, it keeps its size.
    var scratch: [UInt8]

    /// The byte emitted for a leetspeak `1` inside a Latin word: an uppercase `I`, a byte that
    /// never occurs otherwise in normalized text. A matcher reads it as `i` and as `l`.
    public static let ambiguousOne: UInt8 = 0x49

    public init() {
        bytes = []
        spans = []
        scratch = []
    }

    /// The original byte range that produced normalized bytes `range`, covering every source
    /// character involved (all of "kiiill", all of "s u i c i d e"). An empty range maps to an
    /// empty range at the original position of the byte it precedes.
    public func originalRange(of range: Range<Int>) -> Range<Int> {
        precondition(hasSpans, "a text normalized without spans has no map to the original")
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the normalized text")
        if range.isEmpty {
            let at: Int
            if range.lowerBound < bytes.count { at = PackedRange.start(spans[range.lowerBound]) }
            else { at = bytes.isEmpty ? 0 : PackedRange.end(spans[bytes.count - 1]) }
            return at..<at
        }
        return PackedRange.start(spans[range.lowerBound])..<PackedRange.end(spans[range.upperBound - 1])
    }
}
