/// What the normalizer does with one (already mapped) character. Stored in the low 4 bits of a
/// table entry.
enum CharClass: UInt32 {
    /// Punctuation, symbols, emoji, controls, invalid bytes: a word boundary.
    case separator = 0
    /// Spaces and tabs: a word boundary; completes a sentence after `.` `!` `?` `;`.
    case whitespace = 1
    /// `.` `!` `?` `;`: a sentence end, or just a separator between two characters of a word
    /// ("k.i.l.l", "3.5", "example.com").
    case softStop = 2
    /// Line breaks and CJK / Arabic sentence ends: always a sentence end.
    case stop = 3
    /// Zero-width and bidi controls, soft hyphen, harakat, tatweel: dropped, the word goes on.
    case ignorable = 4
    case latin = 5
    case cyrillic = 6
    case greek = 7
    /// Letters of other space-delimited scripts (Arabic, Hebrew, Hangul …).
    case otherLetter = 8
    /// A combining mark kept after its base (only without diacritic folding, or outside
    /// Latin, Greek, Cyrillic and Arabic).
    case mark = 9
    /// Chinese and Japanese ideographs and kana: words without spaces.
    case cjk = 10
    case digit = 11
    /// `@` and `$`: letters in leetspeak ("h@te", "$cam"), otherwise separators.
    case leetSymbol = 12
    /// Maps to several characters of different classes ("½", "ﷺ"): each is handled in turn.
    case expand = 13

    var isBoundary: Bool { rawValue <= CharClass.stop.rawValue }
    var isLetter: Bool { rawValue >= CharClass.latin.rawValue && rawValue <= CharClass.otherLetter.rawValue }
}

/// A table entry: class (4 bits), replacement length (6 bits, 0 = the character unchanged),
/// replacement offset in the pool (22 bits).
struct Entry {
    static func make(_ charClass: CharClass, offset: Int = 0, length: Int = 0) -> UInt32 {
        precondition(length < 64 && offset < 1 << 22, "replacement does not fit a table entry")
        return charClass.rawValue | UInt32(length) << 4 | UInt32(offset) << 10
    }

    static func charClass(_ entry: UInt32) -> UInt32 { entry & 15 }
    static func length(_ entry: UInt32) -> Int { Int(entry >> 4 & 63) }
    static func offset(_ entry: UInt32) -> Int { Int(entry >> 10) }
}
