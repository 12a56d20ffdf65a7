import Testing
import TextNormalization

/// The normalized form of `text`, as a string (boundaries shown as " " and "\n").
private func normalized(_ text: String, foldDiacritics: Bool = true) -> String {
    String(decoding: TextNormalizer.shared.normalize(text, foldDiacritics: foldDiacritics).bytes, as: UTF8.self)
}

/// The original text behind the first occurrence of `needle` in the normalized form of `text`.
private func original(of needle: String, in text: String) -> String? {
    let result = TextNormalizer.shared.normalize(text)
    let needleBytes = Array(needle.utf8)
    guard let at = (0...(result.bytes.count - needleBytes.count)).first(where: {
        Array(result.bytes[$0..<$0 + needleBytes.count]) == needleBytes
    }) else { return nil }
    let range = result.originalRange(of: at..<at + needleBytes.count)
    return String(decoding: Array(text.utf8)[range], as: UTF8.self)
}

@Suite("Word and sentence boundaries")
struct BoundaryTests {
    @Test(arguments: [
        ("Hello, World! How are you?", "hello world\nhow are you"),
        ("anti-bullying", "anti bullying"),
        ("l'enfant don't", "l enfant don t"),
        ("  many   spaces , and ... dots  ", "many spaces and\ndots"),
        ("line one\r\nline two", "line one\nline two"),
        ("see example.com or 3.5", "see example com or 3 5"),
        ("我们scam了", "我们 scam 了"),
        ("你好！我们。", "你好\n我们"),
        ("我 们 好", "我们好"),
        ("hi 😀 there ❤️!", "hi there"),
        ("Arabic؟ نعم", "arabic\nنعم"),
    ])
    func boundaries(text: String, expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test func emptyAndSeparatorsOnly() {
        #expect(normalized("").isEmpty)
        #expect(normalized(" .,!? \n ").isEmpty)
    }
}

@Suite("Unicode folding")
struct FoldingTests {
    @Test(arguments: [
        ("ＦＵＬＬ ｗｉｄｔｈ １２３", "full width 123"),
        ("ﬁne ﬂow", "fine flow"),
        ("x² H₂O", "x2 h2o"),
        ("Straße", "strasse"),
        ("ΟΔΥΣΣΕΥΣ ὀδυσσεύς", "οδυσσευσ οδυσσευσ"),
        ("\u{212A}elvin", "kelvin"),
        ("café naïve Ñandú", "cafe naive nandu"),
        ("cafe\u{301}", "cafe"),
        ("Ёлка йод", "елка иод"),
        ("zero\u{200B}width soft\u{00AD}hyphen bi\u{202E}di\u{2066}x\u{FEFF}", "zerowidth softhyphen bidix"),
    ])
    func folds(text: String, expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test func exactModeKeepsAccentsAndAgreesOnForms() {
        let precomposed = normalized("Café", foldDiacritics: false)
        #expect(precomposed == normalized("cafe\u{301}", foldDiacritics: false))
        #expect(precomposed != normalized("cafe", foldDiacritics: false))
        #expect(normalized("ÉCOLE", foldDiacritics: false) == normalized("école", foldDiacritics: false))
    }
}

@Suite("Arabic")
struct ArabicTests {
    @Test(arguments: [
        ("أَحْمَد", "احمد"),
        ("إسلام آمن ٱلله", "اسلام امن الله"),
        ("مـــرحـبـا", "مرحبا"),
        ("مستشفى مدرسة", "مستشفي مدرسه"),
        ("کتاب یک", "كتاب يك"),
        ("عمري ١٢ سنة ۱۳", "عمري 12 سنه 13"),
        ("ﻣﺮﺣﺒﺎ", "مرحبا"),
    ])
    func folds(text: String, expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test(arguments: ["و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "فل", "لل", "وب", "فبال", "وك"])
    func validPrefixes(prefix: String) {
        let bytes = Array(normalized(prefix).utf8)
        #expect(bytes.withUnsafeBufferPointer { ArabicClitics.isCliticPrefix($0) })
    }

    @Test(arguments: ["", "م", "الو", "بب", "لال", "اب", "abc"])
    func invalidPrefixes(prefix: String) {
        let bytes = Array(prefix.utf8)
        #expect(!bytes.withUnsafeBufferPointer { ArabicClitics.isCliticPrefix($0) })
    }

    @Test func cliticPrefixOfNormalizedText() {
        let word = Array(normalized("وَالْكِتَابُ").utf8)
        let term = Array(normalized("كتاب").utf8)
        #expect(word.suffix(term.count).elementsEqual(term))
        let prefix = Array(word.prefix(word.count - term.count))
        #expect(prefix.withUnsafeBufferPointer { ArabicClitics.isCliticPrefix($0) })
    }
}

@Suite("Chinese")
struct ChineseTests {
    @Test func traditionalFoldsToSimplified() {
        #expect(normalized("這是網絡欺凌") == normalized("这是网络欺凌"))
        #expect(normalized("騙錢") == "骗钱")
    }

    @Test func fullWidthPunctuationSeparates() {
        #expect(normalized("裸照，勒索") == "裸照 勒索")
    }

    @Test func scriptKinds() {
        #expect(ScriptKind.ofFirstCharacter(Array(normalized("自杀").utf8)) == .cjk)
        #expect(ScriptKind.ofLastCharacter(Array(normalized("QQ群").utf8)) == .cjk)
        #expect(ScriptKind.ofFirstCharacter(Array(normalized("QQ群").utf8)) == .spaceDelimited)
        #expect(ScriptKind.ofFirstCharacter(Array(normalized("カメラ").utf8)) == .cjk)
        #expect(ScriptKind.ofFirstCharacter(Array(normalized("suicide").utf8)) == .spaceDelimited)
        #expect(ScriptKind.ofFirstCharacter(Array(normalized("قتل").utf8)) == .spaceDelimited)
    }
}

@Suite("Obfuscation")
struct ObfuscationTests {
    @Test(arguments: [
        ("s u i c i d e", "suicide"),
        ("k.i.l.l him", "kill him"),
        ("k-i-l-l", "kill"),
        ("у б и т ь", "убить"),
        ("a b", "a b"),
        ("a, b, c", "a b c"),
        ("h4te $cam n00b", "hate scam noob"),
        ("12-year-old 2024 12yo", "12 year old 2024 12yo"),
        ("sooo kiiill", "so kill"),
        ("ДААААА", "да"),
        ("pаypal", "paypal"),
        ("ѕех", "ѕех"),
        ("price $5 @john a@b", "price 5 john aab"),
    ])
    func undoes(text: String, expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test func leetOneIsAmbiguous() {
        let one = Character(Unicode.Scalar(NormalizedText.ambiguousOne))
        #expect(normalized("k1ll") == "k\(one)ll")
        let text = Array("k\(one)ll \(one)ove".utf8)
        var reading: [UInt8] = []
        text.withUnsafeBufferPointer { NormalizedText.read(ambiguousOneAs: UInt8(ascii: "i"), in: $0, into: &reading) }
        #expect(String(decoding: reading, as: UTF8.self) == "kill iove")
        text.withUnsafeBufferPointer { NormalizedText.read(ambiguousOneAs: UInt8(ascii: "l"), in: $0, into: &reading) }
        #expect(String(decoding: reading, as: UTF8.self) == "klll love")
    }
}

@Suite("Offsets back to the original")
struct OffsetTests {
    @Test(arguments: [
        ("I will kiiill you", "kill", "kiiill"),
        ("he said s u i c i d e twice", "suicide", "s u i c i d e"),
        ("a café\u{301} here", "cafe", "café\u{301}"),
        ("😀😀 send nudes 😀", "send nudes", "send nudes"),
        ("zero\u{200B}width", "zerowidth", "zero\u{200B}width"),
        ("قال وَالْكِتَابُ هنا", "والكتاب", "وَالْكِتَابُ"),
        ("這是網絡欺凌吗", "网络", "網絡"),
        ("ＦＵＬＬ stop", "full", "ＦＵＬＬ"),
        ("pаypal login", "paypal", "pаypal"),
        ("he is a n00b", "noob", "n00b"),
    ])
    func mapsBack(text: String, needle: String, expected: String) {
        #expect(original(of: needle, in: text) == expected)
    }

    @Test func emptyRanges() {
        let result = TextNormalizer.shared.normalize("ab cd")
        #expect(result.originalRange(of: 0..<0) == 0..<0)
        #expect(result.originalRange(of: result.bytes.count..<result.bytes.count) == 5..<5)
        #expect(NormalizedText().originalRange(of: 0..<0) == 0..<0)
    }

    @Test func reusesOutputAcrossTexts() {
        var output = NormalizedText()
        for text in ["A much longer first text, with words", "short"] {
            Array(text.utf8).withUnsafeBufferPointer { TextNormalizer.shared.normalize($0, into: &output) }
        }
        #expect(String(decoding: output.bytes, as: UTF8.self) == "short")
        #expect(output.originalRange(of: 0..<5) == 0..<5)
    }
}

@Suite("Invalid UTF-8")
struct InvalidUTF8Tests {
    @Test(arguments: [
        [0x61, 0xFF, 0x62] as [UInt8],
        [0x61, 0xC3, 0x62],
        [0x61, 0xE2, 0x82, 0x62],
        [0x61, 0xED, 0xA0, 0x80, 0x62],
        [0x61, 0xC0, 0xAF, 0x62],
        [0x61, 0xF4, 0x90, 0x80, 0x80, 0x62],
        [0x61, 0x80, 0x80, 0x62],
    ])
    func invalidBytesSeparate(bytes: [UInt8]) {
        var output = NormalizedText()
        bytes.withUnsafeBufferPointer { TextNormalizer.shared.normalize($0, into: &output) }
        #expect(output.bytes == Array("a b".utf8))
        #expect(output.originalRange(of: 2..<3) == (bytes.count - 1)..<bytes.count)
    }

    @Test func truncatedSequenceAtEnd() {
        var output = NormalizedText()
        [0x6F, 0x6B, 0xE6, 0x88].withUnsafeBufferPointer { TextNormalizer.shared.normalize($0, into: &output) }
        #expect(output.bytes == Array("ok".utf8))
    }

    @Test func longExpandingInputGrowsTheOutput() {
        let text = String(repeating: "\u{FDFA}", count: 500)
        let result = TextNormalizer.shared.normalize(text)
        #expect(result.bytes.count > text.utf8.count * 2)
        #expect(result.originalRange(of: 0..<result.bytes.count) == 0..<text.utf8.count)
    }
}

/// The fast paths (runs of plain words separated by single spaces) must agree with the general
/// path at every point where they hand over.
@Suite("Fast paths")
struct FastPathTests {
    @Test(arguments: [
        ("a b c dog ran", "abc dog ran"),
        ("the cat s u i c i d e now", "the cat suicide now"),
        ("go sooo far", "go so far"),
        ("we k1ll it", "we k\u{49}ll it"),
        ("big pаypal scam", "big paypal scam"),
        ("Élève très café", "eleve tres cafe"),
        ("hello мир Привет", "hello мир привет"),
        ("ДААААА нет", "да нет"),
        ("x y", "x y"),
        ("這是 網絡 欺凌 ok", "这是网络欺凌 ok"),
        ("مرحبا بالعالم يا", "مرحبا بالعالم يا"),
        ("word  two", "word two"),
        ("end. Next word", "end\nnext word"),
    ])
    func agreesWithGeneralPath(text: String, expected: String) {
        #expect(normalized(text) == expected)
    }

    @Test func plainWordsMapByteForByte() {
        let text = String(repeating: "Plain words here and there ", count: 40)
        let result = TextNormalizer.shared.normalize(text)
        #expect(result.bytes.count == text.utf8.count - 1)
        #expect(result.bytes.indices.allSatisfy { result.originalRange(of: $0..<$0 + 1) == $0..<$0 + 1 })
    }

    @Test func twoByteLettersMapToTheirCharacter() {
        let result = TextNormalizer.shared.normalize("да нет")
        #expect(result.originalRange(of: 0..<4) == 0..<4)
        #expect(result.originalRange(of: 4..<5) == 4..<5)
        #expect(result.originalRange(of: 5..<7) == 5..<7)
    }
}

@Suite("Normalizing without the offset map")
struct WithoutSpansTests {
    @Test("the bytes are the same with the map to the original and without it, and only the first has the map", arguments: [
        "s u i c i d e", "k.i.l.l him, sooo kiiill!!", "h4te $cam n00b 12yo", "ابني عنده تسع سنين وبالأمس",
        "我女儿在Roblox上认识了一个陌生人。", "Сын играет в Roblox и ДААААА", "un café, UN CAFÉ; l’enfant",
        "pаypal ѕех \u{200B}zero\u{00AD}width", String(repeating: "word ", count: 500),
    ])
    func sameBytes(text: String) {
        var withSpans = NormalizedText(), without = NormalizedText()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { input in
            TextNormalizer.shared.normalize(input, into: &withSpans)
            TextNormalizer.shared.normalize(input, into: &without, spans: false)
        }
        #expect(without.bytes == withSpans.bytes && !without.bytes.isEmpty)
        #expect(withSpans.hasSpans && !without.hasSpans)
    }
}
