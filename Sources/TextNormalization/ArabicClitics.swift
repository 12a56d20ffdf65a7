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
        // Two bytes per letter, read in place (this runs for every match inside an Arabic word).
        let count = prefix.count / 2
        func letter(_ k: Int) -> UInt16 { UInt16(prefix[2 * k]) << 8 | UInt16(prefix[2 * k + 1]) }
        var next = 0
        if letter(next) == waw || letter(next) == fa { next += 1 }
        var preposition: UInt16?
        if next < count, letter(next) == ba || letter(next) == kaf || letter(next) == lam {
            preposition = letter(next)
            next += 1
        }
        let rest = count - next
        if rest == 0 { return true }
        if rest == 2 && letter(next) == alef && letter(next + 1) == lam { return preposition != lam }
        // ل + ال is written لل: the article's alef is dropped.
        return preposition == lam && rest == 1 && letter(next) == lam
    }
}
