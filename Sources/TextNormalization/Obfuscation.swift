/// Undoes the spellings used to slip past word filters, on one word of normalized output at a
/// time, in place (a word only ever shrinks):
/// - Cyrillic and Greek look-alike letters in a word that also has Latin letters become Latin
///   ("pаypal" with a Cyrillic а), when every Cyrillic/Greek letter of the word has a look-alike;
/// - leetspeak digits and symbols in a Latin word that starts with a letter (or `$`):
///   0→o 1→``NormalizedText/ambiguousOne`` 3→e 4→a 5→s 7→t @→a $→s ("k1ll", "h4te", "$cam");
///   numbers ("12", "2024") and words starting with a digit ("12yo") stay as they are;
/// - a run of 3 or more of the same letter becomes one letter ("sooo" → "so", "kiiill" → "kill");
/// - 3 or more single letters each separated by one separator are joined ("s u i c i d e",
///   "k.i.l.l", "k-i-l-l", "у б и т ь").
enum Obfuscation {
    static func isLeetDigit(_ byte: UInt8) -> Bool {
        leetLetter(byte) != nil && byte < 0x40
    }

    /// Rewrites the word in `out[start..<end]`; returns its new end.
    static func process(_ out: OutputBuffers, from start: Int, to end: Int, flags: WordFlags) -> Int {
        var end = end
        if flags.contains([.latin, .cyrillicOrGreek]) { end = replaceLookalikes(out, from: start, to: end) }
        if flags.contains(.leet) || flags.contains(.leetSymbol) { replaceLeet(out, from: start, to: end) }
        return collapseRepeats(out, from: start, to: end)
    }

    /// Joins the single letters in `out[start..<end]` (dropping the boundaries between them)
    /// and moves the bytes `out[end..<written]` that follow; returns the new `written`.
    static func joinSpacedLetters(_ out: OutputBuffers, from start: Int, to end: Int, written: Int) -> Int {
        var w = start
        for r in start..<end where out.bytes[r] != WordBoundary.space {
            out.move(from: r, to: w)
            w += 1
        }
        w = process(out, from: start, to: w, flags: [.latin, .cyrillicOrGreek, .repeats])
        for r in end..<written {
            out.move(from: r, to: w)
            w += 1
        }
        return w
    }

    // MARK: Look-alike letters

    private static func replaceLookalikes(_ out: OutputBuffers, from start: Int, to end: Int) -> Int {
        var latin = 0, lookalikes = 0
        var r = start
        while r < end {
            let length = UTF8Decoding.sequenceLength(out.bytes[r])
            if length == 1 {
                if out.bytes[r] | 0x20 >= 0x61 && out.bytes[r] | 0x20 <= 0x7A { latin += 1 }
            } else if length == 2, let scalar = twoByteScalar(out, at: r), (0x370...0x52F).contains(scalar) {
                guard latinLookalike(scalar) != nil else { return end }
                lookalikes += 1
            }
            r += length
        }
        guard latin > 0 && lookalikes > 0 else { return end }
        var w = start
        r = start
        while r < end {
            let length = UTF8Decoding.sequenceLength(out.bytes[r])
            if length == 2, let scalar = twoByteScalar(out, at: r), let letter = latinLookalike(scalar) {
                out.put(letter, at: w, from: out.start(at: r), to: out.end(at: r + 1))
                w += 1
            } else {
                for k in r..<min(r + length, end) {
                    out.move(from: k, to: w)
                    w += 1
                }
            }
            r += length
        }
        return w
    }

    private static func twoByteScalar(_ out: OutputBuffers, at r: Int) -> UInt32? {
        guard out.bytes[r] & 0xE0 == 0xC0 else { return nil }
        return UInt32(out.bytes[r] & 0x1F) << 6 | UInt32(out.bytes[r + 1] & 0x3F)
    }

    /// The Latin letter a lowercase Cyrillic or Greek letter looks like.
    private static func latinLookalike(_ scalar: UInt32) -> UInt8? {
        let letter: Character
        switch scalar {
        case 0x0430, 0x03B1: letter = "a"
        case 0x0432, 0x03B2: letter = "b"
        case 0x0441: letter = "c"
        case 0x0501: letter = "d"
        case 0x0435, 0x03B5: letter = "e"
        case 0x043D, 0x04BB: letter = "h"
        case 0x0456, 0x03B9: letter = "i"
        case 0x0458: letter = "j"
        case 0x043A, 0x03BA: letter = "k"
        case 0x04CF: letter = "l"
        case 0x043C: letter = "m"
        case 0x03B7: letter = "n"
        case 0x043E, 0x03BF: letter = "o"
        case 0x0440, 0x03C1: letter = "p"
        case 0x051B: letter = "q"
        case 0x0455: letter = "s"
        case 0x0442, 0x03C4: letter = "t"
        case 0x03C5: letter = "u"
        case 0x03BD: letter = "v"
        case 0x051D, 0x03C9: letter = "w"
        case 0x0445, 0x03C7: letter = "x"
        case 0x0443, 0x03B3: letter = "y"
        default: return nil
        }
        return letter.asciiValue
    }

    // MARK: Leetspeak

    private static func leetLetter(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30: return 0x6F  // 0 → o
        case 0x31: return NormalizedText.ambiguousOne  // 1 → i or l
        case 0x33: return 0x65  // 3 → e
        case 0x34: return 0x61  // 4 → a
        case 0x35: return 0x73  // 5 → s
        case 0x37: return 0x74  // 7 → t
        case 0x40: return 0x61  // @ → a
        case 0x24: return 0x73  // $ → s
        default: return nil
        }
    }

    private static func replaceLeet(_ out: OutputBuffers, from start: Int, to end: Int) {
        let first = out.bytes[start]
        let startsLikeWord = first == 0x24 || (first >= 0x61 && first <= 0x7A)
        let isLeetWord = startsLikeWord && (start..<end).contains { out.bytes[$0] >= 0x61 && out.bytes[$0] <= 0x7A }
        for k in start..<end {
            let byte = out.bytes[k]
            if isLeetWord, let letter = leetLetter(byte) {
                out.bytes[k] = letter
            } else if byte == 0x40 || byte == 0x24 {
                out.bytes[k] = WordBoundary.space
            }
        }
    }

    // MARK: Repeated letters

    private static func collapseRepeats(_ out: OutputBuffers, from start: Int, to end: Int) -> Int {
        var w = start
        var r = start
        while r < end {
            let length = UTF8Decoding.sequenceLength(out.bytes[r])
            var runEnd = r + length
            var count = 1
            while runEnd + length <= end && isLetter(out, at: r, length: length)
                && (0..<length).allSatisfy({ out.bytes[runEnd + $0] == out.bytes[r + $0] }) {
                runEnd += length
                count += 1
            }
            let copies = count >= 3 ? 1 : count
            for copy in 0..<copies {
                for k in 0..<length {
                    out.move(from: r + copy * length + k, to: w + k)
                    if count >= 3 { out.setEnd(out.end(at: runEnd - 1), at: w + k) }
                }
                w += length
            }
            r = runEnd
        }
        return w
    }

    /// Whether the character at `r` can collapse: not a digit, not a boundary.
    private static func isLetter(_ out: OutputBuffers, at r: Int, length: Int) -> Bool {
        length > 1 || (out.bytes[r] >= 0x61 && out.bytes[r] <= 0x7A) || out.bytes[r] == NormalizedText.ambiguousOne
    }
}
