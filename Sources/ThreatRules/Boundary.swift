import TextNormalization

/// Word-boundary checks on normalised bytes, where words are separated by exactly one boundary
/// byte (and a run of CJK is set apart from other scripts by one, too).
enum Boundary {
    /// Longest run of attached Arabic clitic prefixes, in bytes (و + ب + ال).
    private static let maxCliticBytes = 8

    /// Whether a match starting at `start` starts a word, or (with `clitics`) follows attached
    /// Arabic clitic prefixes that start the word.
    @inline(__always)
    static func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, clitics: Bool) -> Bool {
        if start == 0 || WordBoundary.isBoundary(bytes[start - 1]) { return true }
        return clitics && followsClitics(bytes, at: start)
    }

    /// Whether a match ending at `end` (exclusive) ends a word.
    @inline(__always)
    static func endsWord(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
        end == bytes.count || WordBoundary.isBoundary(bytes[end])
    }

    private static func followsClitics(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var wordStart = start
        while wordStart > 0 && !WordBoundary.isBoundary(bytes[wordStart - 1]) {
            wordStart -= 1
            if start - wordStart > maxCliticBytes { return false }
        }
        return ArabicClitics.isCliticPrefix(UnsafeBufferPointer(rebasing: bytes[wordStart..<start]))
    }
}
