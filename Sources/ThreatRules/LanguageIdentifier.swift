import TextNormalization

/// Which of the taxonomy's languages a report is written in, from its text alone: the script for
/// Arabic, Chinese and Russian; the function words (and a few letters) for English, French and
/// Spanish; Arabic written in Latin letters with digits (Arabizi) by its spelling.
///
/// Reports that mix languages get every language that has a real share of the text, so the
/// English words of an Arabic report, or the Spanish of a Spanglish one, keep their rules.
public enum LanguageIdentifier {
    /// What the text says of its language.
    public struct Identification: Sendable, Hashable {
        /// The languages listed, 4 bits each, the first in the lowest bits: no array per report.
        private var packed: UInt32 = 0
        /// How many languages are listed.
        public private(set) var count = 0
        /// The main language, when the text shows it (a few Latin words with no function word
        /// could be English, French or Spanish: then `nil`, and `languages` lists all three).
        public var main: String?

        fileprivate init(main: String?) { self.main = main }

        fileprivate mutating func append(_ language: Language) {
            packed |= UInt32(language.rawValue) << UInt32(4 * count)
            count += 1
        }

        /// The `k`th language listed (`k < count`), as its code.
        public func language(at k: Int) -> String {
            Language(rawValue: UInt8(truncatingIfNeeded: packed >> UInt32(4 * k)) & 0xF)!.code
        }

        /// Every language with a real share of the text, the main one first; empty when the
        /// text has no letters.
        public var languages: [String] { (0..<count).map(language(at:)) }
    }

    /// The languages of a text.
    public static func identify(_ utf8: UnsafeBufferPointer<UInt8>) -> Identification {
        var counts = ScriptCounts()
        var latin = LatinScores()
        // The word being read, as `LatinScores` keys it (its first 8 folded bytes packed), kept
        // without a buffer: an Arabizi candidate is checked on the text itself.
        var word = WordKey()
        var wordStart = 0
        var wordHasDigit = false
        var wordHasLetter = false
        func endWord(at end: Int) {
            if word.length > 0 {
                if wordHasDigit && wordHasLetter {
                    latin.add(word: word, isArabizi: isArabizi(utf8, from: wordStart, to: end))
                } else {
                    latin.add(word: word, isArabizi: false)
                }
            }
            word = WordKey()
            wordHasDigit = false
            wordHasLetter = false
        }
        var i = 0
        while i < utf8.count {
            let scalarStart = i
            let v = scalarValue(in: utf8, at: &i)
            if word.length == 0 { wordStart = scalarStart }
            switch v {
            case 0x41...0x5A, 0x61...0x7A:
                counts.latin += 1
                word.append(UInt8(v | 0x20))
                wordHasLetter = true
            case 0x30...0x39:
                word.append(UInt8(v))
                wordHasDigit = true
            case 0xC0...0x24F:
                counts.latin += 1
                latin.addAccented(v)
                word.append(accentedLetter)
                wordHasLetter = true
            case 0x0400...0x04FF: counts.cyrillic += 1; endWord(at: scalarStart)
            case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: counts.arabic += 1; endWord(at: scalarStart)
            case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: counts.han += 2; endWord(at: scalarStart)
            case 0x27, 0x2019: endWord(at: scalarStart)  // l'enfant, don't: the parts are words of their own
            default: endWord(at: scalarStart)
            }
        }
        endWord(at: utf8.count)
        return counts.languages(latin: latin)
    }

    /// An accented letter inside a word, as words are keyed.
    private static let accentedLetter: UInt8 = 0x80

    /// Whether the word `utf8[start ..< end]` (ASCII letters, digits and accented Latin letters)
    /// is Arabic written in Latin letters: a digit standing for an Arabic letter before a letter
    /// (`3ayez`, `ya3ni`, `7abibi`), and not a number with a unit (`12yo`, `2nd`, `15ans`).
    @inline(never)  // rare (a word of digits and letters): kept out of the loop over the text
    private static func isArabizi(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var characters = 0, leadingDigits = 0
        var standsForLetter = false  // the character before: a digit that stands for an Arabic letter
        var digitBeforeLetter = false
        for i in start..<end where utf8[i] & 0xC0 != 0x80 {  // each character's first byte
            let byte = utf8[i]
            let isDigit = byte &- 0x30 < 10
            if isDigit && leadingDigits == characters { leadingDigits += 1 }
            if !isDigit && standsForLetter { digitBeforeLetter = true }
            standsForLetter = isDigit && byte != 0x30 && byte != 0x31 && byte != 0x34
            characters += 1
        }
        if leadingDigits > 0 && characters - leadingDigits <= 3 { return false }
        return digitBeforeLetter
    }

    /// The scalar that starts at `i` (U+FFFD for a byte that starts none, as `String` decoding
    /// repairs it), moving `i` past it: the decoding without a `String` per report.
    @inline(__always)
    private static func scalarValue(in utf8: UnsafeBufferPointer<UInt8>, at i: inout Int) -> UInt32 {
        let lead = utf8[i]
        if lead < 0x80 {
            i += 1
            return UInt32(lead)
        }
        let (scalar, length) = UTF8Decoding.scalar(utf8, at: i)
        i += length
        return scalar ?? 0xFFFD
    }

    /// `identify(_:)` for a `String`.
    public static func identify(_ text: String) -> Identification {
        var text = text
        return text.withUTF8 { identify($0) }
    }

    /// The script a language is written in, for the five non-Latin-or-Latin cases we know.
    static func script(of language: String) -> Script? {
        switch language {
        case "ar": .arabic
        case "zh": .han
        case "ru": .cyrillic
        case "en", "fr", "es": .latin
        default: nil
        }
    }

    enum Script { case latin, cyrillic, arabic, han }
}

/// Letters per script (Chinese characters count double: one character is about a word).
private struct ScriptCounts {
    var latin = 0
    var cyrillic = 0
    var arabic = 0
    var han = 0

    func languages(latin scores: LatinScores) -> LanguageIdentifier.Identification {
        let total = latin + cyrillic + arabic + han
        guard total > 0 else { return .init(main: nil) }
        var shares = Shares()
        if arabic > 0 { shares.append(.ar, arabic) }
        if han > 0 { shares.append(.zh, han) }
        if cyrillic > 0 { shares.append(.ru, cyrillic) }
        var uncertain = false
        if latin > 0 {
            let ranked = scores.ranked()
            if ranked.first == .ar && arabic == 0 {
                shares.append(.ar, latin)
                if let second = ranked.second { shares.append(second, latin / 4) }
            } else if latin * 10 < total * 3 && ranked.allArabizi && (arabic + han + cyrillic) > 0 {
                // Names of apps and games inside another script's report are not a second
                // language: without a function word, a small Latin share is left out.
            } else if let best = ranked.firstLatin {
                shares.append(best, latin)
                if let second = scores.secondLatin() { shares.append(second, latin / 2) }
            } else {
                uncertain = true
                for language in [Language.en, .fr, .es] { shares.append(language, latin) }
            }
        }
        shares.sortByLetters()
        // A second script counts when it is more than a stray name: a few words of it.
        let main = shares.language(0), mainLetters = shares.letters(0)
        let isLatinMain = LanguageIdentifier.script(of: main.code) == .latin
        var result = LanguageIdentifier.Identification(main: uncertain && isLatinMain ? nil : main.code)
        result.append(main)
        var listed: UInt8 = 1 << main.rawValue
        for k in 1..<shares.count where shares.letters(k) >= 8 || shares.letters(k) == mainLetters {
            let language = shares.language(k)
            guard listed & (1 << language.rawValue) == 0 else { continue }
            listed |= 1 << language.rawValue
            result.append(language)
        }
        return result
    }
}

/// The languages the identifier tells apart.
private enum Language: UInt8 {
    case en, fr, es, ar, zh, ru

    var code: String {
        switch self {
        case .en: "en"
        case .fr: "fr"
        case .es: "es"
        case .ar: "ar"
        case .zh: "zh"
        case .ru: "ru"
        }
    }
}

/// Up to eight (language, letters) shares in registers, not in an array: identification runs
/// once per report and allocates nothing.
private struct Shares {
    private var languages = SIMD8<UInt8>(repeating: 0)
    private var counts = SIMD8<Int32>(repeating: 0)
    private(set) var count = 0

    mutating func append(_ language: Language, _ letters: Int) {
        languages[count] = language.rawValue
        counts[count] = Int32(clamping: letters)
        count += 1
    }

    func language(_ k: Int) -> Language { Language(rawValue: languages[k])! }
    func letters(_ k: Int) -> Int32 { counts[k] }

    /// Most letters first; equal shares keep the order they were added in (insertion sort).
    mutating func sortByLetters() {
        for i in 1..<max(1, count) {
            var j = i
            while j > 0 && counts[j - 1] < counts[j] {
                (counts[j - 1], counts[j]) = (counts[j], counts[j - 1])
                (languages[j - 1], languages[j]) = (languages[j], languages[j - 1])
                j -= 1
            }
        }
    }
}

/// The languages with function-word evidence, strongest first (ties in the order en, fr, es, ar).
private struct Ranking {
    var shares: Shares
    var first: Language? { shares.count > 0 ? shares.language(0) : nil }
    var second: Language? { shares.count > 1 ? shares.language(1) : nil }
    /// Whether every language with evidence is Arabizi (also when none has any).
    var allArabizi: Bool { (0..<shares.count).allSatisfy { shares.language($0) == .ar } }
    /// The strongest of English, French and Spanish, if one has evidence.
    var firstLatin: Language? { (0..<shares.count).lazy.map(shares.language).first { $0 != .ar } }
}

/// Function-word evidence for the Latin-script languages and for Arabizi.
private struct LatinScores {
    private(set) var english = 0
    private(set) var french = 0
    private(set) var spanish = 0
    private(set) var arabizi = 0

    private static let englishWords: Set<String> = [
        "the", "and", "is", "my", "he", "she", "his", "her", "was", "with", "for", "that", "this", "they", "you", "to",
        "of", "it", "on", "have", "has", "him", "said", "told", "from", "at", "not", "are", "i", "im", "me", "we", "our",
        "what", "who", "been", "keeps", "wants", "asked", "dont", "don", "doesnt", "because", "but", "if", "will", "would",
        "your", "us", "them", "just", "about", "like", "know", "get", "got", "an", "there", "when", "can",
    ]
    private static let frenchWords: Set<String> = [
        "le", "les", "des", "et", "est", "une", "il", "elle", "mon", "ma", "mes", "pour", "dans", "sur", "pas", "qui",
        "au", "aux", "avec", "ne", "ce", "ses", "lui", "nous", "vous", "je", "j", "qu", "c", "d", "l", "ai", "fait",
        "mais", "ou", "sont", "leur", "cette", "tout", "plus", "moi", "toi", "fils", "fille", "veut", "demande", "dit",
    ]
    private static let spanishWords: Set<String> = [
        "el", "los", "las", "del", "y", "es", "una", "mi", "mis", "por", "para", "con", "pero", "muy", "al", "lo", "su",
        "sus", "hija", "hijo", "le", "les", "dice", "que", "una", "como", "cuando", "esta", "este", "porque", "nos", "yo",
        "pide", "quiere", "le", "ella", "ellos", "hay", "tiene", "tambien", "ya", "fue", "dijo",
    ]
    private static let arabiziWords: Set<String> = [
        "ana", "enta", "inta", "enti", "inti", "mesh", "msh", "mish", "bas", "3shan", "ya3ni", "keda", "kda", "leh",
        "eih", "eh", "ezay", "wallah", "yalla", "habibi", "habibti", "kaman", "ma3", "fi", "men", "min", "lazem", "3ala",
        "howa", "heya", "hiya", "ba3d", "ma", "wa", "ya", "el", "bel", "7abibi", "shway", "khalas", "barsha", "chwiya",
    ]

    /// The function words of all four: bit 0 English, 1 French, 2 Spanish, 3 Arabizi.
    private static let functionWords: FunctionWordTable = {
        var table = FunctionWordTable()
        for (bit, words) in [englishWords, frenchWords, spanishWords, arabiziWords].enumerated() {
            for word in words {
                var key = WordKey()
                for byte in word.utf8 { key.append(byte) }
                table.insert(key.packed, languages: 1 << bit)
            }
        }
        return table
    }()

    /// Counts one word: a function word, or Arabizi (`isArabizi`, see `LanguageIdentifier.isArabizi`).
    @inline(never)  // inlined at each word end of `identify`, it slows its loop over the text
    mutating func add(word: WordKey, isArabizi: Bool) {
        if isArabizi {
            self.arabizi += 2
            return
        }
        // No function word is longer than 8 bytes.
        guard word.length <= 8 else { return }
        let languages = Self.functionWords.languages(of: word.packed)
        if languages & 1 != 0 { english += 1 }
        if languages & 2 != 0 { french += 1 }
        if languages & 4 != 0 { spanish += 1 }
        if languages & 8 != 0 { self.arabizi += 1 }
    }

    /// Letters only one of the languages uses.
    mutating func addAccented(_ scalar: UInt32) {
        switch scalar {
        case 0xF1, 0xD1, 0xE1, 0xED, 0xF3, 0xFA: spanish += 1  // ñ á í ó ú
        case 0xE7, 0xE8, 0xEA, 0xE0, 0xE2, 0xEE, 0xF4, 0xFB, 0x153, 0xEB, 0xEF: french += 1  // ç è ê à â î ô û œ ë ï
        default: break
        }
    }

    /// Languages with evidence, strongest first; none when no function word was seen.
    func ranked() -> Ranking {
        var shares = Shares()
        for (language, score) in [(Language.en, english), (.fr, french), (.es, spanish), (.ar, arabizi > english + french + spanish ? arabizi : 0)]
        where score > 0 {
            shares.append(language, score)
        }
        shares.sortByLetters()
        return Ranking(shares: shares)
    }

    /// A second Latin language with a real share of the function words (Spanglish, franglais).
    func secondLatin() -> Language? {
        var scored = Shares()
        for (language, score) in [(Language.en, english), (.fr, french), (.es, spanish)] { scored.append(language, score) }
        scored.sortByLetters()
        guard scored.letters(1) >= 3, Double(scored.letters(1)) >= 0.5 * Double(scored.letters(0)) else { return nil }
        return scored.language(1)
    }
}

/// A word's first 8 folded bytes packed into one integer, and its length in bytes.
struct WordKey {
    private(set) var packed: UInt64 = 0
    private(set) var length = 0

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if length < 8 { packed = packed << 8 | UInt64(byte) }
        length += 1
    }
}

/// The function words' languages by packed key, in an open-addressing table: a lookup per word
/// costs a multiply and a probe or two, not a `Hasher` run.
private struct FunctionWordTable {
    private static let slotBits = 10
    private var keys = [UInt64](repeating: 0, count: 1 << slotBits)
    private var values = [UInt8](repeating: 0, count: 1 << slotBits)

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits)) }

    /// Adds `languages` to `key`'s (a non-zero key).
    mutating func insert(_ key: UInt64, languages: UInt8) {
        var i = Self.slot(key)
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & (keys.count - 1) }
        keys[i] = key
        values[i] |= languages
    }

    /// The languages whose function word `key` is (0 for none).
    @inline(__always)
    func languages(of key: UInt64) -> UInt8 {
        var i = Self.slot(key)
        while true {
            let stored = keys[i]
            if stored == key { return values[i] }
            if stored == 0 { return 0 }
            i = (i + 1) & (keys.count - 1)
        }
    }
}
