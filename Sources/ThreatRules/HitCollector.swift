import TextNormalization

/// One match of a literal that passed its boundary, language and exactness checks.
struct Hit: Sendable {
    var rule: Int32
    var node: Int32
    var part: Int16
    /// Whether the last word is a `*` prefix (evidence widens it to the whole word).
    var prefix: Bool
    /// Byte range in the normalised text.
    var start: Int32
    var end: Int32
    /// Word and sentence counts before `end`, and the word count before `start`.
    var word: Int32
    var sentence: Int32
    var firstWord: Int32
    /// What cancels this hit: -1 nothing; `e ≥ 0` the exclusion hit `e`; `-2 - c` the context hit `c`.
    var cancelledBy: Int32

    var isCancelled: Bool { cancelledBy != -1 }
}

/// The hits of one report, in reusable buffers. A value owned by one scanner and mutated through
/// one access per step, so the per-match work runs on plain memory (no per-append exclusivity
/// check on a class property).
struct HitCollector {
    private(set) var terms: [Hit] = []
    private(set) var exclusions: [Hit] = []
    /// Near-rule part hits; sorted by (rule, end, part) by `cancelAndSortParts`.
    private(set) var parts: [Hit] = []
    /// Matches of counter-context classes (`rule` is the context index).
    private(set) var contexts: [Hit] = []
    /// Words of phrases with prefix words inside (`rule` is the phrase index).
    private var phraseWords: [Hit] = []
    private var exactText = NormalizedText()
    /// Per near rule part: how many hits of it are in the current window.
    private var partCounts: [Int32]
    /// Word counting cursor: separators seen in `bytes[..<countedTo]`.
    private var countedTo = 0
    private var words: Int32 = 0
    private var sentences: Int32 = 0
    /// Chinese has no spaces: every second Chinese character counts as a word boundary.
    private var oddChineseCharacter = false

    init(maxParts: Int) {
        partCounts = Array(repeating: 0, count: max(1, maxParts))
    }

    /// Keeps the automaton's matches that are used by a rule of a language in `mask` and sit
    /// on the required word boundaries (and, for exact terms, match the unfolded original).
    mutating func collect(
        _ matches: [AutomatonMatch], in bytes: UnsafeBufferPointer<UInt8>, text: NormalizedText,
        original: UnsafeBufferPointer<UInt8>, mask: UInt64, compiled: CompiledRules
    ) {
        terms.removeAll(keepingCapacity: true)
        exclusions.removeAll(keepingCapacity: true)
        parts.removeAll(keepingCapacity: true)
        contexts.removeAll(keepingCapacity: true)
        phraseWords.removeAll(keepingCapacity: true)
        countedTo = 0
        words = 0
        sentences = 0
        oddChineseCharacter = false
        compiled.literalLength.withUnsafeBufferPointer { lengths in
            compiled.useStart.withUnsafeBufferPointer { useStart in
                compiled.uses.withUnsafeBufferPointer { uses in
                    for match in matches {
                        let literal = Int(match.literal)
                        let end = Int(match.end)
                        let start = end - Int(lengths[literal])
                        for u in Int(useStart[literal])..<Int(useStart[literal + 1]) {
                            let use = uses[u]
                            guard mask & (1 << UInt64(use.language)) != 0,
                                  !use.flags.contains(.wordStart)
                                    || Boundary.startsWord(bytes, at: start, clitics: use.flags.contains(.clitics)),
                                  !use.flags.contains(.wordEnd) || Boundary.endsWord(bytes, at: end),
                                  use.exact < 0
                                    || matchesExactly(compiled.exactPatterns[Int(use.exact)], text: text, original: original, start: start, end: end)
                            else { continue }
                            countSeparators(bytes, upTo: end)
                            let inside = Self.words(in: bytes[start..<end])
                            record(use, start: start, end: end, word: words, sentence: sentences, firstWord: words - inside)
                        }
                    }
                }
            }
        }
        if !phraseWords.isEmpty { resolvePhrases(compiled.phrases) }
    }

    private mutating func record(_ use: LiteralUse, start: Int, end: Int, word: Int32, sentence: Int32, firstWord: Int32) {
        let hit = Hit(
            rule: use.rule, node: use.node, part: use.part, prefix: use.flags.contains(.prefix), start: Int32(start),
            end: Int32(end), word: word, sentence: sentence, firstWord: firstWord, cancelledBy: -1)
        switch use.kind {
        case .term: terms.append(hit)
        case .exclusion: exclusions.append(hit)
        case .part: parts.append(hit)
        case .context: contexts.append(hit)
        case .phraseWord: phraseWords.append(hit)
        }
    }

    /// Turns runs of phrase words on consecutive words into matches of the phrases' uses.
    private mutating func resolvePhrases(_ phrases: [Phrase]) {
        phraseWords.sort { ($0.rule, $0.word, $0.part) < ($1.rule, $1.word, $1.part) }
        let found = phraseWords
        var first = 0
        while first < found.count {
            var last = first
            while last < found.count && found[last].rule == found[first].rule { last += 1 }
            let phrase = phrases[Int(found[first].rule)]
            for h in first..<last where found[h].part == 0 {
                if let end = completion(of: found[h], in: found[first..<last], words: phrase.words) {
                    for use in phrase.uses {
                        record(use, start: Int(found[h].start), end: Int(end.end), word: end.word, sentence: end.sentence,
                               firstWord: found[h].firstWord)
                    }
                }
            }
            first = last
        }
    }

    /// The hit of the last word when the phrase's words follow `start` on consecutive words.
    private func completion(of start: Hit, in group: ArraySlice<Hit>, words: Int) -> Hit? {
        var current = start
        for w in 1..<words {
            guard let next = group.first(where: {
                Int($0.part) == w && $0.word == current.word + 1 && $0.start >= current.end
            }) else { return nil }
            current = next
        }
        return current
    }

    /// Advances the word and sentence counters to `end` (hits arrive in increasing `end`). Two
    /// Chinese characters count as one word, so `within: N` means about as much text in Chinese
    /// as in the languages that separate words.
    private mutating func countSeparators(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) {
        while countedTo < end {
            switch bytes[countedTo] {
            case WordBoundary.space: words += 1
            case WordBoundary.sentence: words += 1; sentences += 1
            case Self.chineseLeadBytes:
                if oddChineseCharacter { words += 1 }
                oddChineseCharacter.toggle()
            default: break
            }
            countedTo += 1
        }
    }

    /// First bytes of the UTF-8 form of U+4000–U+9FFF, the common Chinese characters.
    private static let chineseLeadBytes: ClosedRange<UInt8> = 0xE4...0xE9

    /// Words inside a match, counted as `countSeparators` counts them.
    private static func words(in span: Slice<UnsafeBufferPointer<UInt8>>) -> Int32 {
        var separators: Int32 = 0
        var chinese: Int32 = 0
        for byte in span {
            if byte == WordBoundary.space || byte == WordBoundary.sentence { separators += 1 }
            if chineseLeadBytes.contains(byte) { chinese += 1 }
        }
        return separators + chinese / 2
    }

    /// Whether the original text under a folded match, normalised without folding diacritics,
    /// is the exact pattern.
    private mutating func matchesExactly(
        _ pattern: ExactPattern, text: NormalizedText, original: UnsafeBufferPointer<UInt8>, start: Int, end: Int
    ) -> Bool {
        let span = text.originalRange(of: start..<end)
        TextNormalizer.shared.normalize(UnsafeBufferPointer(rebasing: original[span]), into: &exactText, foldDiacritics: false)
        let found = exactText.bytes
        return pattern.isPrefix ? found.starts(with: pattern.bytes) : found == pattern.bytes
    }

    // MARK: Scoring support

    /// Marks every term and part hit overlapped by an exclusion of the same node, or near a
    /// counter-context of its rule, then sorts the part hits by (rule, end, part).
    mutating func cancelAndSortParts(_ compiled: CompiledRules) {
        if !exclusions.isEmpty || !contexts.isEmpty {
            for h in terms.indices { terms[h].cancelledBy = cancellation(of: terms[h], compiled) }
            for h in parts.indices { parts[h].cancelledBy = cancellation(of: parts[h], compiled) }
        }
        parts.sort { ($0.rule, $0.end, $0.part) < ($1.rule, $1.end, $1.part) }
    }

    private func cancellation(of hit: Hit, _ compiled: CompiledRules) -> Int32 {
        for (e, exclusion) in exclusions.enumerated()
        where exclusion.start < hit.end && hit.start < exclusion.end && exclusion.node == hit.node {
            return Int32(e)
        }
        for condition in compiled.rules[Int(hit.rule)].unless {
            for (c, context) in contexts.enumerated() where context.rule == condition.context {
                let near: Bool
                switch condition.scope {
                case .sentence: near = context.sentence == hit.sentence
                case .words(let n):
                    // Negation-like contexts: at most n words before the hit, in its sentence.
                    near = context.end <= hit.start && context.sentence == hit.sentence && Int(hit.firstWord - context.word) <= n
                case .report: near = true
                }
                if near { return -2 - Int32(c) }
            }
        }
        return -1
    }

    /// For the sorted part hits `hits` of one near rule with `count` parts of which `needed`
    /// must be found, the index of the first hit of the earliest window holding them within
    /// `window` words (same sentence when `window` is nil), or nil.
    mutating func satisfiedWindow(_ hits: Range<Int>, count: Int, needed: Int, window: Int?) -> Int? {
        for p in 0..<count { partCounts[p] = 0 }
        var distinct = 0
        var left = hits.lowerBound
        for right in hits where !parts[right].isCancelled {
            let part = Int(parts[right].part)
            partCounts[part] += 1
            if partCounts[part] == 1 { distinct += 1 }
            while left < right && !Self.fits(parts[left], parts[right], window: window) {
                distinct -= dropFromWindow(left)
                left += 1
            }
            if distinct >= needed { return left }
        }
        return nil
    }

    /// As `satisfiedWindow`, for parts that must appear in the order written: the first hit of
    /// the earliest run part 0, part 1, ... each after the previous one, all within the window.
    func orderedWindow(_ hits: Range<Int>, count: Int, window: Int?) -> Int? {
        for first in hits where !parts[first].isCancelled && parts[first].part == 0 {
            var previous = parts[first]
            var complete = true
            for p in 1..<count {
                guard let next = hits.first(where: {
                    !parts[$0].isCancelled && Int(parts[$0].part) == p && parts[$0].start >= previous.end
                        && Self.fits(parts[first], parts[$0], window: window)
                }) else { complete = false; break }
                previous = parts[next]
            }
            if complete { return first }
        }
        return nil
    }

    /// Whether two hits (a before b) can be in one window.
    private static func fits(_ a: Hit, _ b: Hit, window: Int?) -> Bool {
        if a.isCancelled { return false }
        if let window { return Int(b.word - a.word) <= window }
        return a.sentence == b.sentence
    }

    /// Removes a hit from the window's part counts; 1 when its part is no longer in the window.
    private mutating func dropFromWindow(_ h: Int) -> Int {
        guard !parts[h].isCancelled else { return 0 }
        let part = Int(parts[h].part)
        partCounts[part] -= 1
        return partCounts[part] == 0 ? 1 : 0
    }
}
