/// A report's text folded once for every facet: lower-case, typographic apostrophes as `'`,
/// Arabic-Indic and Persian digits as ASCII, Arabic hamza forms, alef maqsura and taa marbuta as
/// their plain letters (ا ي ه), Arabic diacritics and tatweel dropped.
public struct FoldedText: Sendable {
    public let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.lowercased().unicodeScalars {
            if let folded = Self.fold(scalar) { scalars.append(folded) }
        }
        self.scalars = scalars
    }

    private static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x2019, 0x2018, 0x02BC: "'"
        case 0x0660...0x0669: Unicode.Scalar(scalar.value - 0x0660 + 0x30)
        case 0x06F0...0x06F9: Unicode.Scalar(scalar.value - 0x06F0 + 0x30)
        case 0x0622, 0x0623, 0x0625, 0x0671: "\u{0627}"   // آ أ إ ٱ → ا
        case 0x0649: "\u{064A}"                           // ى → ي
        case 0x0629: "\u{0647}"                           // ة → ه
        case 0x064B...0x065F, 0x0670, 0x0640: nil          // harakat, dagger alef, tatweel
        default: scalar
        }
    }
}

/// A written cue of a facet: words matched as whole words in Latin and Cyrillic script, after
/// attached prefixes (و ف ب ل ك ال) in Arabic, anywhere in Chinese. In a cue, `#` stands for a
/// child's age in digits (0 to 17) and a final `*` for any ending of the last word
/// ("звонивш*": звонившая, звонивший).
public struct FacetCue: Sendable, Hashable {
    /// The cue as written.
    public let written: String
    private let pieces: [[Unicode.Scalar]]
    private let openEnded: Bool
    private let script: Script

    private enum Script { case wordsWithSpaces, arabic, chinese }

    public init(_ written: String) {
        self.written = written
        var body = FoldedText(written).scalars
        openEnded = body.last == "*"
        if openEnded { body.removeLast() }
        pieces = body.split(separator: "#", omittingEmptySubsequences: false).map(Array.init)
        let first = body.first { $0 != "#" }?.value ?? 0
        script = (0x0600...0x06FF).contains(first) ? .arabic
            : body.contains { (0x3400...0x9FFF).contains($0.value) } ? .chinese : .wordsWithSpaces
    }

    /// The scalar every match begins with; `nil` for a cue that begins with an age (`#岁`).
    var head: Unicode.Scalar? { pieces.first?.first }

    /// Where the cue first occurs in `text` (a scalar offset), or `nil`.
    public func firstOffset(in text: FoldedText) -> Int? {
        let text = text.scalars
        guard let head else { return digitsFirstOffset(in: text) }
        return text.indices.first { text[$0] == head && matches(text, at: $0) }
    }

    /// Whether the cue matches at `start` (whose scalar is its head), within word boundaries.
    func matches(_ text: [Unicode.Scalar], at start: Int) -> Bool {
        guard let end = matchEnd(in: text, from: start) else { return false }
        return boundaries(text, start, end)
    }

    /// A cue that begins with `#` ("#岁"): tried where each number begins.
    private func digitsFirstOffset(in text: [Unicode.Scalar]) -> Int? {
        for start in text.indices where Self.isDigit(text[start]) && (start == 0 || !Self.isDigit(text[start - 1])) {
            if matches(text, at: start) { return start }
        }
        return nil
    }

    /// The end of a match of every piece, with an age between them, starting at `start`.
    private func matchEnd(in text: [Unicode.Scalar], from start: Int) -> Int? {
        var position = start
        for (index, piece) in pieces.enumerated() {
            if index > 0 {
                var value = 0, digits = 0
                while position < text.count, Self.isDigit(text[position]), digits < 3 {
                    value = value * 10 + Int(text[position].value - 0x30)
                    position += 1
                    digits += 1
                }
                guard digits > 0, value <= 17, position == text.count || !Self.isDigit(text[position]) else { return nil }
            }
            guard position + piece.count <= text.count, text[position..<position + piece.count].elementsEqual(piece) else { return nil }
            position += piece.count
        }
        return position
    }

    private func boundaries(_ text: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        let after: Unicode.Scalar = end < text.count ? text[end] : " "
        switch script {
        case .chinese:
            return true
        case .arabic:
            guard openEnded || !after.properties.isAlphabetic else { return false }
            // Up to four attached prefix letters (وبال), after a space or the start.
            var before = start
            while before > 0, start - before < 4, Self.arabicPrefixes.contains(text[before - 1]) { before -= 1 }
            return (0...start - before).contains { before + $0 == 0 || !text[before + $0 - 1].properties.isAlphabetic }
        case .wordsWithSpaces:
            let before: Unicode.Scalar = start > 0 ? text[start - 1] : " "
            return !Self.isWordScalar(before) && (openEnded || !Self.isWordScalar(after))
        }
    }

    /// و ف ب ل ك ا: the letters of attached conjunctions, prepositions and the article.
    private static let arabicPrefixes: Set<Unicode.Scalar> = ["\u{0648}", "\u{0641}", "\u{0628}", "\u{0644}", "\u{0643}", "\u{0627}"]

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// A letter or digit of a Latin or Cyrillic word (a Chinese character next to `IG` is a boundary).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || (scalar.properties.isAlphabetic && scalar.value < 0x0530)
    }
}

/// Cues with what each shows, grouped by their first scalar, so that a text is walked once for
/// all of them rather than once per cue.
public struct FacetCueSet<Value: Sendable>: Sendable {
    private let byHead: [Unicode.Scalar: [(cue: FacetCue, value: Value)]]
    /// Cues that begin with an age, found by their own search.
    private let headless: [(cue: FacetCue, value: Value)]

    /// The cues in the order given; at one place, earlier cues come first.
    public init(_ cues: [(FacetCue, Value)]) {
        var byHead: [Unicode.Scalar: [(cue: FacetCue, value: Value)]] = [:]
        var headless: [(cue: FacetCue, value: Value)] = []
        for (cue, value) in cues {
            if let head = cue.head { byHead[head, default: []].append((cue, value)) } else { headless.append((cue, value)) }
        }
        self.byHead = byHead
        self.headless = headless
    }

    /// Every place a cue matches, in text order (cues that begin with an age: their first place,
    /// after the others), as (offset, cue, value).
    public func matches(in text: FoldedText) -> [(offset: Int, cue: FacetCue, value: Value)] {
        let scalars = text.scalars
        var found: [(offset: Int, cue: FacetCue, value: Value)] = []
        for (offset, scalar) in scalars.enumerated() {
            guard let candidates = byHead[scalar] else { continue }
            for (cue, value) in candidates where cue.matches(scalars, at: offset) { found.append((offset, cue, value)) }
        }
        for (cue, value) in headless {
            if let offset = cue.firstOffset(in: text) { found.append((offset, cue, value)) }
        }
        return found
    }
}
