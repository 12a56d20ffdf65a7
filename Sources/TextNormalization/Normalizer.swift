/// The output buffers of one pass: raw pointers into the arrays of a ``NormalizedText``.
/// `spans` is `nil` when the text is normalized without its map to the original (counting needs
/// none): then no span is written or read, and the bytes come out the same.
struct OutputBuffers {
    var bytes: UnsafeMutablePointer<UInt8>
    var spans: UnsafeMutablePointer<UInt64>?
    let capacity: Int

    @inline(__always)
    func put(_ byte: UInt8, at index: Int, from start: Int, to end: Int) {
        bytes[index] = byte
        spans?[index] = PackedRange.make(from: start, to: end)
    }

    /// Moves one byte and its span from `r` to `w`.
    @inline(__always)
    func move(from r: Int, to w: Int) {
        bytes[w] = bytes[r]
        if let spans { spans[w] = spans[r] }
    }

    func start(at index: Int) -> Int { spans.map { PackedRange.start($0[index]) } ?? 0 }
    func end(at index: Int) -> Int { spans.map { PackedRange.end($0[index]) } ?? 0 }

    /// Extends the span of the byte at `index` to `end`.
    func setEnd(_ end: Int, at index: Int) {
        spans?[index] = PackedRange.make(from: start(at: index), to: end)
    }
}

/// One normalization pass over UTF-8 input. Resumable: ``run(_:)`` stops when the output is
/// nearly full, the caller grows the buffers and calls it again.
struct NormalizerPass {
    /// Bytes one character may need in the output: the longest replacement plus a boundary.
    static let maxCharacterOutput = 80

    let input: UnsafeBufferPointer<UInt8>
    let table: UnsafePointer<UInt32>
    let pool: UnsafePointer<UInt8>

    /// Next input byte to read.
    private(set) var position = 0
    /// Bytes written to the output.
    private(set) var written = 0

    // Separators seen since the last word.
    private var separatorCount = 0
    private var separatorStart = 0
    private var sentenceEnded = false
    private var softStopLast = false
    private var onlyWhitespace = true

    // The current word.
    private var inWord = false
    private var wordStart = 0
    private var wordIsCJK = false
    private var wordFlags = WordFlags()
    private var wordCharacters = 0
    private var wordFirstClass: UInt32 = 0
    private var separatorsBeforeWord = 0
    private var previousKey: UInt32 = 0
    private var repeatCount = 0
    private var previousWordIsCJK = false

    // Single letters spaced apart ("s u i c i d e").
    private var spacedRun = SpacedRun()

    init(input: UnsafeBufferPointer<UInt8>, table: UnsafePointer<UInt32>, pool: UnsafePointer<UInt8>) {
        self.input = input
        self.table = table
        self.pool = pool
    }

    /// Normalizes until the input ends (returns `true`) or the output is nearly full (`false`).
    mutating func run(_ out: OutputBuffers) -> Bool {
        let limit = out.capacity - Self.maxCharacterOutput
        let count = input.count
        while position < count {
            if written >= limit { return false }
            let b = input[position]
            if b < 0x80 {
                let entry = table[Int(b)]
                let charClass = Entry.charClass(entry)
                if charClass == CharClass.latin.rawValue {
                    let lower = b | 0x20
                    appendWordCharacter(key: UInt32(lower), charClass: charClass, out: out)
                    out.put(lower, at: written, from: position, to: position + 1)
                    written += 1
                    wordFlags.insert(.latin)
                    position += 1
                    copyASCIIWords(out, limit: limit)
                    continue
                } else if charClass == CharClass.digit.rawValue {
                    appendWordCharacter(key: UInt32(b), charClass: charClass, out: out)
                    out.put(b, at: written, from: position, to: position + 1)
                    written += 1
                    if Obfuscation.isLeetDigit(b) { wordFlags.insert(.leet) }
                } else if charClass == CharClass.leetSymbol.rawValue && isLeetSymbolInWord(at: position) {
                    appendWordCharacter(key: UInt32(b), charClass: charClass, out: out)
                    out.put(b, at: written, from: position, to: position + 1)
                    written += 1
                    wordFlags.insert(.leetSymbol)
                } else {
                    handleSeparator(charClass == CharClass.leetSymbol.rawValue ? CharClass.separator.rawValue : charClass, out: out)
                }
                position += 1
                continue
            }
            let (scalar, length) = decode(at: position)
            let end = position + length
            if let scalar {
                let entry = scalar < ScalarTable.limit ? table[Int(scalar)] : ScalarTable.entryBeyondTable(scalar)
                handle(entry: entry, scalar: scalar, from: position, to: end, out: out)
                position = end
                if Self.isWordLetter(Entry.charClass(entry)) { continueWord(out, limit: limit) }
            } else {
                handleSeparator(CharClass.separator.rawValue, out: out)
                position = end
            }
        }
        finishWord(out: out)
        closeSpacedRun(out: out)
        return true
    }

    /// The fast path, with the pass's state in locals: copies the ASCII letters that follow a
    /// letter of the current word, and goes on past single spaces into the next word of ASCII
    /// letters as long as the word just finished needs no further processing (no obfuscation to
    /// undo, not a single letter, no run of spaced letters to join).
    @inline(__always)
    private mutating func copyASCIIWords(_ out: OutputBuffers, limit: Int) {
        // Every byte read here writes one byte: the output index is `r + shift`, and the output
        // cannot pass `limit` before the input reaches `end`.
        let shift = written - position
        let end = min(input.count, limit - shift)
        var r = position
        var span = PackedRange.make(from: r, to: r + 1)
        var previous = UInt8(truncatingIfNeeded: previousKey), repeats = repeatCount
        var flags = wordFlags
        var wordBase = r - wordCharacters  // wordCharacters == r - wordBase
        var spaceBefore = -1
        let spans = out.spans
        while r < end {
            let b = input[r]
            let lower = b | 0x20
            if lower &- 0x61 < 26 {
                if lower == previous {
                    repeats &+= 1
                    if repeats == 2 { flags.insert(.repeats) }
                } else {
                    previous = lower
                    repeats = 0
                }
                out.bytes[r &+ shift] = lower
                spans?[r &+ shift] = span
                span &+= PackedRange.oneByte
                r &+= 1
                continue
            }
            // A single space between this word and a word of ASCII letters: finish this word
            // and start the next one as finishWord, handleSeparator and startWord would.
            guard b == 0x20, r &+ 1 < end, (input[r &+ 1] | 0x20) &- 0x61 < 26, r &- wordBase > 1,
                  !flags.needsProcessing, spaceBefore >= 0 || spacedRun.count < 3
            else { break }
            out.bytes[r &+ shift] = WordBoundary.space
            spans?[r &+ shift] = span
            span &+= PackedRange.oneByte
            spaceBefore = r
            r &+= 1
            wordBase = r
            flags = .latin
            previous = 0
        }
        if spaceBefore >= 0 {
            spacedRun = SpacedRun()
            previousWordIsCJK = false
            separatorStart = spaceBefore
            separatorsBeforeWord = 1
            wordStart = spaceBefore + 1 + shift
            wordFirstClass = CharClass.latin.rawValue
        }
        position = r
        written = r + shift
        previousKey = UInt32(previous)
        repeatCount = repeats
        wordCharacters = r - wordBase
        wordFlags = flags
    }

    /// Letters and CJK characters: what ``continueWord(_:limit:)`` handles.
    @inline(__always)
    private static func isWordLetter(_ charClass: UInt32) -> Bool {
        charClass >= CharClass.latin.rawValue && charClass <= CharClass.cjk.rawValue && charClass != CharClass.mark.rawValue
    }

    /// The class of the letter (not CJK) that starts at `r`, if one does: whether a word
    /// ``continueWord(_:limit:)`` may start there.
    @inline(__always)
    private static func spaceDelimitedLetterClass(_ input: UnsafeBufferPointer<UInt8>, at r: Int, table: UnsafePointer<UInt32>) -> UInt32? {
        let b = input[r]
        if b < 0x80 { return (b | 0x20) &- 0x61 < 26 ? CharClass.latin.rawValue : nil }
        guard case (let scalar?, _) = UTF8Decoding.scalar(input, at: r), scalar < ScalarTable.limit else { return nil }
        let charClass = Entry.charClass(table[Int(scalar)])
        return charClass >= CharClass.latin.rawValue && charClass <= CharClass.otherLetter.rawValue ? charClass : nil
    }

    /// The fast path for words with non-ASCII letters, with the pass's state in locals: handles
    /// the letters (or, in a CJK word, the CJK characters) of 1 to 3 bytes that continue the
    /// current word, as ``handle(entry:scalar:from:to:out:expansion:)`` would, and goes on past
    /// single spaces into the next word under the conditions of ``copyASCIIWords(_:limit:)``.
    private mutating func continueWord(_ out: OutputBuffers, limit: Int) {
        guard inWord else { return }
        let input = input, table = table, pool = pool, spans = out.spans
        let count = input.count
        let isCJK = wordIsCJK, joinsSpacedRun = spacedRun.count >= 3
        var r = position, w = written
        var previous = previousKey, repeats = repeatCount, characters = wordCharacters
        var flags = wordFlags, start = wordStart, firstClass = wordFirstClass
        var spaceBefore = -1
        while r < count && w < limit {
            let b0 = input[r]
            if b0 < 0x80 {
                let lower = b0 | 0x20
                if lower &- 0x61 < 26 && !isCJK {
                    characters &+= 1
                    if UInt32(lower) == previous {
                        repeats &+= 1
                        if repeats >= 2 { flags.insert(.repeats) }
                    } else {
                        previous = UInt32(lower)
                        repeats = 0
                    }
                    out.put(lower, at: w, from: r, to: r &+ 1)
                    w &+= 1
                    r &+= 1
                    flags.insert(.latin)
                    continue
                }
                guard b0 == 0x20, !isCJK, r &+ 1 < count, characters > 1, !flags.needsProcessing,
                      spaceBefore >= 0 || !joinsSpacedRun,
                      let nextClass = Self.spaceDelimitedLetterClass(input, at: r &+ 1, table: table)
                else { break }
                out.put(WordBoundary.space, at: w, from: r, to: r &+ 1)
                spaceBefore = r
                r &+= 1
                w &+= 1
                start = w
                flags = []
                characters = 0
                previous = 0
                repeats = 0
                firstClass = nextClass
                continue
            }
            // Valid sequences of 2 or 3 bytes only; anything else goes back to the general path.
            let scalar: UInt32, length: Int
            if b0 &- 0xC2 < 0x1E {
                guard r &+ 1 < count, input[r &+ 1] & 0xC0 == 0x80 else { break }
                scalar = UInt32(b0 & 0x1F) << 6 | UInt32(input[r &+ 1] & 0x3F)
                length = 2
            } else if b0 & 0xF0 == 0xE0 {
                guard r &+ 2 < count else { break }
                let b1 = input[r &+ 1], b2 = input[r &+ 2]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80, high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
                guard b1 >= low && b1 <= high && b2 & 0xC0 == 0x80 else { break }
                scalar = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                length = 3
            } else {
                break
            }
            let entry = table[Int(scalar)]
            let charClass = Entry.charClass(entry)
            let isLetter = charClass >= CharClass.latin.rawValue && charClass <= CharClass.otherLetter.rawValue
            guard isCJK ? charClass == CharClass.cjk.rawValue : isLetter else { break }
            characters &+= 1
            if scalar == previous {
                repeats &+= 1
                if repeats >= 2 { flags.insert(.repeats) }
            } else {
                previous = scalar
                repeats = 0
            }
            let end = r &+ length
            let span = PackedRange.make(from: r, to: end)
            let replacement = Entry.length(entry)
            if replacement == 0 {
                out.bytes[w] = b0
                out.bytes[w &+ 1] = input[r &+ 1]
                if length == 3 { out.bytes[w &+ 2] = input[r &+ 2] }
                if let spans {
                    spans[w] = span
                    spans[w &+ 1] = span
                    if length == 3 { spans[w &+ 2] = span }
                }
                w &+= length
            } else {
                var k = Entry.offset(entry)
                let stop = k &+ replacement
                while k < stop {
                    out.bytes[w] = pool[k]
                    spans?[w] = span
                    w &+= 1
                    k &+= 1
                }
            }
            // .latin for Latin, .cyrillicOrGreek for Cyrillic and Greek, nothing for the others.
            flags.formUnion(WordFlags(rawValue: UInt8(truncatingIfNeeded: 0b10_10_01 as UInt32 >> ((charClass &- CharClass.latin.rawValue) &* 2)) & 3))
            r = end
        }
        if spaceBefore >= 0 {
            spacedRun = SpacedRun()
            previousWordIsCJK = false
            separatorStart = spaceBefore
            separatorsBeforeWord = 1
            wordStart = start
            wordFirstClass = firstClass
        }
        position = r
        written = w
        previousKey = previous
        repeatCount = repeats
        wordCharacters = characters
        wordFlags = flags
    }

    /// Handles one non-ASCII character (or one character of an expansion) given its entry.
    /// `expansion` is the character's own bytes in the pool when it comes from an expansion.
    private mutating func handle(entry: UInt32, scalar: UInt32, from start: Int, to end: Int, out: OutputBuffers, expansion: Range<Int>? = nil) {
        let charClass = Entry.charClass(entry)
        switch charClass {
        case CharClass.ignorable.rawValue:
            // A dropped mark or invisible character inside a word belongs to its evidence.
            if inWord && written > wordStart { out.setEnd(end, at: written - 1) }
        case CharClass.expand.rawValue where expansion == nil:
            var k = Entry.offset(entry)
            let stop = k + Entry.length(entry)
            while k < stop {
                let length = UTF8Decoding.sequenceLength(pool[k])
                var value = length == 1 ? UInt32(pool[k]) : UInt32(pool[k]) & (0x7F >> UInt32(length))
                for j in 1..<length { value = value << 6 | UInt32(pool[k + j] & 0x3F) }
                let inner = value < ScalarTable.limit ? table[Int(value)] : ScalarTable.entryBeyondTable(value)
                handle(entry: inner, scalar: value, from: start, to: end, out: out, expansion: k..<k + length)
                k += length
            }
        case CharClass.latin.rawValue, CharClass.cyrillic.rawValue, CharClass.greek.rawValue,
             CharClass.otherLetter.rawValue, CharClass.mark.rawValue, CharClass.cjk.rawValue,
             CharClass.digit.rawValue:
            appendWordCharacter(key: scalar, charClass: charClass, out: out)
            let length = Entry.length(entry)
            if length == 0 {
                if let expansion {
                    for k in expansion {
                        out.put(pool[k], at: written, from: start, to: end)
                        written += 1
                    }
                } else {
                    for k in start..<end {
                        out.put(input[k], at: written, from: start, to: end)
                        written += 1
                    }
                }
            } else {
                let offset = Entry.offset(entry)
                for k in offset..<offset + length {
                    out.put(pool[k], at: written, from: start, to: end)
                    written += 1
                }
            }
            switch charClass {
            case CharClass.latin.rawValue: wordFlags.insert(.latin)
            case CharClass.cyrillic.rawValue, CharClass.greek.rawValue: wordFlags.insert(.cyrillicOrGreek)
            case CharClass.digit.rawValue where scalar < 0x80 && Obfuscation.isLeetDigit(UInt8(scalar)): wordFlags.insert(.leet)
            default: break
            }
        case CharClass.leetSymbol.rawValue:
            // Only reached through an expansion (e.g. full-width ＄): a separator there.
            handleSeparator(CharClass.separator.rawValue, out: out)
        default:
            handleSeparator(charClass, out: out)
        }
    }

    /// `@` and `$` belong to a word when an ASCII letter or digit follows, and `$` may start one.
    private func isLeetSymbolInWord(at index: Int) -> Bool {
        guard index + 1 < input.count else { return false }
        let next = input[index + 1]
        let nextIsAlphanumeric = (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
        guard nextIsAlphanumeric else { return false }
        return inWord && !wordIsCJK || input[index] == 0x24 && next > 0x39
    }

    private mutating func handleSeparator(_ charClass: UInt32, out: OutputBuffers) {
        if inWord { finishWord(out: out) }
        if separatorCount == 0 { separatorStart = position }
        separatorCount += 1
        switch charClass {
        case CharClass.stop.rawValue:
            sentenceEnded = true
        case CharClass.softStop.rawValue:
            if softStopLast { sentenceEnded = true }
            softStopLast = true
            onlyWhitespace = false
            return
        case CharClass.whitespace.rawValue:
            break
        default:
            onlyWhitespace = false
        }
        if softStopLast { sentenceEnded = true }
        softStopLast = false
    }

    /// Starts a word if needed (writing the boundary before it) and tracks repeated letters.
    @inline(__always)
    private mutating func appendWordCharacter(key: UInt32, charClass: UInt32, out: OutputBuffers) {
        let isCJK = charClass == CharClass.cjk.rawValue
        if inWord && isCJK != wordIsCJK {
            finishWord(out: out)
        }
        if !inWord {
            startWord(isCJK: isCJK, charClass: charClass, out: out)
        }
        if charClass == CharClass.mark.rawValue { return }
        wordCharacters += 1
        if key == previousKey && charClass != CharClass.digit.rawValue {
            repeatCount += 1
            if repeatCount >= 2 { wordFlags.insert(.repeats) }
        } else {
            previousKey = key
            repeatCount = 0
        }
    }

    private mutating func startWord(isCJK: Bool, charClass: UInt32, out: OutputBuffers) {
        if softStopLast && isCJK { sentenceEnded = true }
        if written > 0 {
            let joinsCJK = isCJK && previousWordIsCJK && onlyWhitespace && !sentenceEnded
            if !joinsCJK {
                let boundary = sentenceEnded ? WordBoundary.sentence : WordBoundary.space
                let start = separatorCount > 0 ? separatorStart : position
                out.put(boundary, at: written, from: start, to: position)
                written += 1
            }
        }
        separatorsBeforeWord = sentenceEnded ? 0 : separatorCount
        separatorCount = 0
        sentenceEnded = false
        softStopLast = false
        onlyWhitespace = true
        inWord = true
        wordIsCJK = isCJK
        wordStart = written
        wordFlags = []
        wordCharacters = 0
        wordFirstClass = charClass
        previousKey = 0
        repeatCount = 0
    }

    private mutating func finishWord(out: OutputBuffers) {
        guard inWord else { return }
        inWord = false
        previousWordIsCJK = wordIsCJK
        if wordIsCJK {
            closeSpacedRun(out: out)
            return
        }
        if wordFlags.needsProcessing {
            written = Obfuscation.process(out, from: wordStart, to: written, flags: wordFlags)
        }
        let isSingleLetter = wordCharacters == 1 && CharClass(rawValue: wordFirstClass)?.isLetter == true
        if isSingleLetter && spacedRun.count > 0 && separatorsBeforeWord == 1 && spacedRun.end + 1 == wordStart {
            spacedRun.count += 1
            spacedRun.end = written
            return
        }
        let wordEnd = written
        closeSpacedRun(out: out)
        if isSingleLetter {
            spacedRun = SpacedRun(start: written - (wordEnd - wordStart), end: written, count: 1)
        }
    }

    /// Joins a run of 3 or more spaced single letters into one word.
    private mutating func closeSpacedRun(out: OutputBuffers) {
        defer { spacedRun = SpacedRun() }
        guard spacedRun.count >= 3 else { return }
        written = Obfuscation.joinSpacedLetters(out, from: spacedRun.start, to: spacedRun.end, written: written)
    }

    /// Decodes one UTF-8 sequence; `nil` for an invalid byte (length 1, so decoding resumes).
    @inline(__always)
    private func decode(at i: Int) -> (UInt32?, Int) {
        UTF8Decoding.scalar(input, at: i)
    }
}

/// What the pass noticed in the current word, so that only words that need it are rewritten.
struct WordFlags: OptionSet {
    let rawValue: UInt8
    static let latin = WordFlags(rawValue: 1)
    static let cyrillicOrGreek = WordFlags(rawValue: 2)
    static let leet = WordFlags(rawValue: 4)
    static let repeats = WordFlags(rawValue: 8)
    static let leetSymbol = WordFlags(rawValue: 16)

    var needsProcessing: Bool {
        contains(.repeats) || contains(.leetSymbol) || contains([.latin, .leet]) || contains([.latin, .cyrillicOrGreek])
    }
}

/// Output range of consecutive single-letter words separated by one separator each.
struct SpacedRun {
    var start = 0
    var end = 0
    var count = 0
}
