/// Arabic clitic prefixes written attached to the next word: a conjunction (و ف), then a
/// preposition (ب ك ل), then the article (ال); ل followed by ال is written لل.
public enum ArabicClitics {
    private static let waw: UInt16 = 0xD988, fa: UInt16 = 0xD981
    private static let ba: UInt16 = 0xD8A8, kaf: UInt16 = 0xD983, lam: UInt16 = 0xD984
    private static let alef: UInt16 = 0xD8A7

    /// Whether normalized bytes `prefix` (the start of a word up to a match) are a valid
    /// combination of attached clitic prefixes (و ف ب ل ك ال, e.g. وال، بال، فل، لل، وب).
    /// An empty prefix is not a clitic combination.
    public static func isCliticPrefix(_ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !prefix.isEmpty, prefix.count % 2 == 0, prefix.count <= 8 else { return false }
        var letters: [UInt16] = []
        for i in stride(from: 0, to: prefix.count, by: 2) {
            letters.append(UInt16(prefix[i]) << 8 | UInt16(prefix[i + 1]))
        }
        var rest = letters[...]
        if let first = rest.first, first == waw || first == fa { rest = rest.dropFirst() }
        var preposition: UInt16?
        if let first = rest.first, first == ba || first == kaf || first == lam {
            preposition = first
            rest = rest.dropFirst()
        }
        if rest.isEmpty { return true }
        if rest.elementsEqual([alef, lam]) { return preposition != lam }
        // ل + ال is written لل: the article's alef is dropped.
        return preposition == lam && rest.elementsEqual([lam])
    }
}
