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

/// A path through the phrase trie read on consecutive words, from the word `first` to `last`;
/// `order` numbers the paths started (in text order), `parent` is the path it extends (-1: none).
private struct PhrasePath {
    var node: Int32
    var first: Hit
    var last: Hit
    var order: Int32
    var parent: Int32
}

/// A phrase read in full.
private struct CompletedPhrase {
    var phrase: Int32
    var first: Hit
    var last: Hit
    var order: Int32
}

/// The word-boundary facts of one match, each looked up once however many uses ask.
private struct MatchPlace {
    /// Unknown (-1), false (0) or true (1).
    private var starts: Int8 = -1
    private var startsAfterClitics: Int8 = -1
    private var ends: Int8 = -1
    /// Words inside the match; -1 until the first use is recorded.
    var inside: Int32 = -1

    @inline(__always)
    mutating func startsWord(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, clitics: Bool) -> Bool {
        if clitics {
            if startsAfterClitics < 0 { startsAfterClitics = Boundary.startsWord(bytes, at: start, clitics: true) ? 1 : 0 }
            return startsAfterClitics == 1
        }
        if starts < 0 { starts = Boundary.startsWord(bytes, at: start, clitics: false) ? 1 : 0 }
        return starts == 1
    }

    @inline(__always)
    mutating func endsWord(_ bytes: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
        if ends < 0 { ends = Boundary.endsWord(bytes, at: end) ? 1 : 0 }
        return ends == 1
    }
}

/// The hits of one report, in reusable buffers. A value owned by one scanner and mutated through
/// one access per step, so the per-match work runs on plain memory (no per-append exclusivity
/// check on a class property).
struct HitCollector: ~Copyable {
    private(set) var terms = ScratchBuffer<Hit>()
    /// Exclusion hits, in the order found, chained by node (the node whose terms they cancel).
    private(set) var exclusions = ScratchBuffer<Hit>()
    private var exclusionsByNode: HitChains
    /// Near-rule part hits, by (rule, end, part), of the rules `buildParts` was asked for.
    private(set) var parts = ScratchBuffer<Hit>()
    /// Hits of part symbols (`rule` is the symbol), in the order found, chained by symbol.
    private var symbolHits = ScratchBuffer<Hit>(capacity: 256)
    private var symbolChains: HitChains
    private var touchedSymbols = ScratchBuffer<Int32>()
    /// Symbols whose chain is out of order of `end` (a phrase, completed after the text's
    /// matches, ended before a hit already chained); `buildParts` sorts them.
    private var unorderedSymbols: [Int32] = []
    private var chainScratch: [Int32] = []
    /// Near rules with a part found: which parts (bit `p`), stamped per report.
    private var ruleStamp: ScratchBuffer<UInt32>
    private var ruleFound: ScratchBuffer<UInt64>
    private var touchedRules: [Int32] = []
    /// Scratch for merging one rule's part buckets.
    private var cursors: ScratchBuffer<Int32>
    /// Matches of counter-context classes (`rule` is the context index), chained by context.
    private(set) var contexts = ScratchBuffer<Hit>()
    private var contextChains: HitChains
    /// Paths through the phrase trie: all of this report, those that stopped on the word before
    /// the current one, those that stopped on the current one (`pathWord`).
    private var paths = ScratchBuffer<PhrasePath>()
    private var previousPaths = ScratchBuffer<Int32>()
    private var currentPaths = ScratchBuffer<Int32>()
    private var pathWord: Int32 = -2
    private var pathsStarted: Int32 = 0
    private var completedPhrases: [CompletedPhrase] = []
    /// This report's stamp for `ruleStamp`.
    private var generation: UInt32 = 0
    private let phraseTrie: PhraseTrie
    private var exactText = NormalizedText()
    /// Per near rule part: how many hits of it are in the current window.
    private var partCounts: ScratchBuffer<Int32>
    /// Word counting cursor: separators seen in `bytes[..<countedTo]`.
    private var countedTo = 0
    private var words: Int32 = 0
    private var sentences: Int32 = 0
    /// Chinese has no spaces: every second Chinese character counts as a word boundary.
    private var oddChineseCharacter = false

    init(_ compiled: CompiledRules) {
        partCounts = ScratchBuffer(repeating: 0, count: max(1, compiled.maxParts))
        cursors = ScratchBuffer(repeating: 0, count: max(1, compiled.maxParts))
        phraseTrie = compiled.phraseTrie
        symbolChains = HitChains(keys: compiled.partPlaceStart.count - 1)
        exclusionsByNode = HitChains(keys: (compiled.ruleNode.max() ?? -1) + 1)
        contextChains = HitChains(keys: compiled.contexts.count)
        ruleStamp = ScratchBuffer(repeating: 0, count: compiled.rules.count)
        ruleFound = ScratchBuffer(repeating: 0, count: compiled.rules.count)
    }

    /// Keeps the automaton's matches that are used by a rule of a language in `mask` and sit
    /// on the required word boundaries (and, for exact terms, match the unfolded original).
    mutating func collect(
        _ matches: UnsafeBufferPointer<AutomatonMatch>, in bytes: UnsafeBufferPointer<UInt8>, text: NormalizedText,
        original: UnsafeBufferPointer<UInt8>, mask: UInt64, compiled: CompiledRules
    ) {
        terms.removeAll()
        exclusions.removeAll()
        exclusionsByNode.reset()
        parts.removeAll()
        contexts.removeAll()
        contextChains.reset()
        paths.removeAll()
        previousPaths.removeAll()
        currentPaths.removeAll()
        pathWord = -2
        pathsStarted = 0
        completedPhrases.removeAll(keepingCapacity: true)
        symbolHits.removeAll()
        symbolChains.reset()
        touchedSymbols.removeAll()
        unorderedSymbols.removeAll(keepingCapacity: true)
        generation &+= 1
        if generation == 0 {  // wrapped: forget every stamp
            for r in 0..<ruleStamp.count { ruleStamp[r] = 0 }
            generation = 1
        }
        countedTo = 0
        words = 0
        sentences = 0
        oddChineseCharacter = false
        // The automaton reads a sentence boundary as a space (no literal holds one): a match
        // that spans one joins words of two sentences and is dropped (at its first use that
        // passes the other checks, when the words inside it are counted).
        let mayJoinSentences = compiled.automaton.reads(WordBoundary.sentence, as: WordBoundary.space)
        compiled.uses.withUnsafeBufferPointer { uses in
            for match in matches {
                // The automaton reports the literal's first use; the others follow it.
                var u = Int(match.literal)
                let end = uses[u].end(of: match)
                let start = end - Int(uses[u].length)
                // Computed at most once per match, for the first use that needs it.
                var place = MatchPlace()
                while true {
                    let use = uses[u]
                    u += 1
                    if mask & (1 << UInt64(use.language)) != 0,
                       !use.flags.contains(.wordStart)
                        || place.startsWord(bytes, at: start, clitics: use.flags.contains(.clitics)),
                       !use.flags.contains(.wordEnd) || place.endsWord(bytes, at: end),
                       use.exact < 0
                        || matchesExactly(compiled.exactPatterns[Int(use.exact)], text: text, original: original, start: start, end: end) {
                        if place.inside < 0 {
                            let inside = Self.words(in: bytes[start..<end])
                            if inside.joinsSentences && mayJoinSentences { break }
                            countSeparators(bytes, upTo: end)
                            place.inside = inside.words
                        }
                        record(use, start: start, end: end, word: words, sentence: sentences, firstWord: words - place.inside)
                    }
                    if use.flags.contains(.lastOfLiteral) { break }
                }
            }
        }
        if !completedPhrases.isEmpty { recordPhrases(compiled.phrases) }
    }

    private mutating func record(_ use: LiteralUse, start: Int, end: Int, word: Int32, sentence: Int32, firstWord: Int32) {
        let hit = Hit(
            rule: use.rule, node: use.node, part: use.part, prefix: use.flags.contains(.prefix), start: Int32(start),
            end: Int32(end), word: word, sentence: sentence, firstWord: firstWord, cancelledBy: -1)
        switch use.kind {
        case .term: terms.append(hit)
        case .exclusion:
            exclusions.append(hit)
            exclusionsByNode.add(key: Int(hit.node))
        case .part: addSymbolHit(hit)
        case .context:
            contexts.append(hit)
            contextChains.add(key: Int(hit.rule))
        case .phraseWord: advancePhrases(with: hit)
        }
    }

    private mutating func addSymbolHit(_ hit: Hit) {
        let symbol = Int(hit.rule)
        if symbolChains.contains(symbol) {
            let last = Int(symbolChains.last(symbol))
            if hit.end < symbolHits[last].end && (unorderedSymbols.last != Int32(symbol)) { unorderedSymbols.append(Int32(symbol)) }
        } else {
            touchedSymbols.append(Int32(symbol))
        }
        symbolHits.append(hit)
        symbolChains.add(key: symbol)
    }

    /// Re-chains a symbol's hits in order of `end`, those with one `end` in the order found.
    private mutating func sortChain(of symbol: Int) {
        chainScratch.removeAll(keepingCapacity: true)
        var h = symbolChains.first(symbol)
        while h >= 0 {
            chainScratch.append(h)
            h = symbolChains.next(h)
        }
        let hits = symbolHits.elements
        chainScratch.sort { (hits[Int($0)].end, $0) < (hits[Int($1)].end, $1) }
        symbolChains.relink(symbol, in: chainScratch)
    }

    /// Fills `parts` from the part symbols' buckets: for each near rule with at least `needed`
    /// of its parts found (one part, with `all`, for explanations), its part hits in order of
    /// (end, part), merged from the buckets of its parts; rules in increasing order. A part
    /// symbol's hits are collected once however many rules combine it, and no sort is needed.
    mutating func buildParts(_ compiled: CompiledRules, all: Bool) {
        parts.removeAll()
        touchedRules.removeAll(keepingCapacity: true)
        if !unorderedSymbols.isEmpty {
            // Each symbol once, without a `Set` per report: sorted in place, repeats skipped.
            unorderedSymbols.sort()
            for (k, symbol) in unorderedSymbols.enumerated() where k == 0 || unorderedSymbols[k - 1] != symbol {
                sortChain(of: Int(symbol))
            }
        }
        // The near rules that may fire (every one with a part found, for explanations; else those
        // a found symbol watches), each with the parts found looked up once.
        func wake(_ r: Int32) {
            let rule = Int(r)
            guard ruleStamp[rule] != generation else { return }
            ruleStamp[rule] = generation
            touchedRules.append(r)
            var found: UInt64 = 0
            let first = Int(compiled.rulePartStart[rule])
            for p in 0..<Int(compiled.rulePartStart[rule + 1]) - first where symbolChains.contains(Int(compiled.ruleParts[first + p])) {
                found |= 1 << UInt64(p)
            }
            ruleFound[rule] = found
        }
        for symbol in touchedSymbols.elements {
            let s = Int(symbol)
            if all {
                for place in compiled.partPlaces[Int(compiled.partPlaceStart[s])..<Int(compiled.partPlaceStart[s + 1])] { wake(place.rule) }
            } else {
                for r in compiled.watchers[Int(compiled.watcherStart[s])..<Int(compiled.watcherStart[s + 1])] { wake(r) }
            }
        }
        // Only the rules with enough parts found are sorted: most rules touched have one part.
        var kept = 0
        for i in touchedRules.indices {
            let r = touchedRules[i]
            guard ruleFound[Int(r)].nonzeroBitCount >= (all ? 1 : compiled.ruleNeeded[Int(r)]) else { continue }
            touchedRules[kept] = r
            kept += 1
        }
        touchedRules.removeLast(touchedRules.count - kept)
        touchedRules.sort()
        for r in touchedRules {
            let rule = Int(r)
            let first = Int(compiled.rulePartStart[rule]), count = Int(compiled.rulePartStart[rule + 1]) - first
            for p in 0..<count {
                let symbol = Int(compiled.ruleParts[first + p])
                cursors[p] = symbolChains.first(symbol)
            }
            let node = Int32(compiled.ruleNode[rule])
            while true {
                var best = -1
                for p in 0..<count where cursors[p] >= 0 {
                    if best < 0 || symbolHits[Int(cursors[p])].end < symbolHits[Int(cursors[best])].end { best = p }
                }
                guard best >= 0 else { break }
                var hit = symbolHits[Int(cursors[best])]
                cursors[best] = symbolChains.next(cursors[best])
                hit.rule = r
                hit.node = node
                hit.part = Int16(best)
                parts.append(hit)
            }
        }
    }

    /// Follows the phrases through the text as their words arrive (in increasing `end`): a word
    /// moves each path that stopped on the word before one step down the trie (the first such
    /// hit only: greedy, no backtracking), and starts a path when a phrase begins with it. A path
    /// that misses a word is dropped. `hit.rule` is the word symbol.
    private mutating func advancePhrases(with hit: Hit) {
        if hit.word != pathWord {
            swap(&previousPaths, &currentPaths)
            if hit.word != pathWord + 1 { previousPaths.removeAll() }
            currentPaths.removeAll()
            pathWord = hit.word
        }
        for p in 0..<previousPaths.count {
            let parent = previousPaths[p]
            let path = paths[Int(parent)]
            guard hit.start >= path.last.end, let node = phraseTrie.next(path.node, hit.rule),
                  !currentPaths.elements.contains(where: { paths[Int($0)].parent == parent && paths[Int($0)].node == node })
            else { continue }
            addPath(PhrasePath(node: node, first: path.first, last: hit, order: path.order, parent: parent))
        }
        if let node = phraseTrie.next(PhraseTrie.root, hit.rule) {
            addPath(PhrasePath(node: node, first: hit, last: hit, order: pathsStarted, parent: -1))
            pathsStarted += 1
        }
    }

    private mutating func addPath(_ path: PhrasePath) {
        currentPaths.append(Int32(paths.count))
        paths.append(path)
        for i in phraseTrie.phrasesEnding(at: path.node) {
            completedPhrases.append(CompletedPhrase(phrase: phraseTrie.endPhrase(at: i), first: path.first, last: path.last, order: path.order))
        }
    }

    /// Records each completed phrase as a match of its uses, by phrase, then in text order.
    private mutating func recordPhrases(_ phrases: [Phrase]) {
        completedPhrases.sort { ($0.phrase, $0.order) < ($1.phrase, $1.order) }
        for phrase in completedPhrases {
            for use in phrases[Int(phrase.phrase)].uses {
                record(use, start: Int(phrase.first.start), end: Int(phrase.last.end), word: phrase.last.word,
                       sentence: phrase.last.sentence, firstWord: phrase.first.firstWord)
            }
        }
    }

    /// Advances the word and sentence counters to `end` (hits arrive in increasing `end`). Two
    /// Chinese characters count as one word, so `within: N` means about as much text in Chinese
    /// as in the languages that separate words.
    private mutating func countSeparators(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) {
        guard countedTo < end else { return }
        let found = Self.separators(in: UnsafeBufferPointer(rebasing: bytes[countedTo..<end]), oddChinese: &oddChineseCharacter)
        words &+= found.words
        sentences &+= found.sentences
        countedTo = end
    }

    /// The word and sentence separators in `bytes`, as `countSeparators` counts them;
    /// `oddChinese`: whether a Chinese character is pending (before and after).
    static func separators(in bytes: UnsafeBufferPointer<UInt8>, oddChinese: inout Bool) -> (words: Int32, sentences: Int32) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        // Sixteen bytes at a time: the counts do not depend on the order of the bytes within a
        // block, only on how many of each kind it holds (of `k` Chinese characters, every
        // second one counts, starting with the first when one is pending).
        var (at, words, sentences, odd): (Int, Int32, Int32, Bool) = (0, 0, 0, oddChinese)
        let space = SIMD16<UInt8>(repeating: WordBoundary.space), sentence = SIMD16<UInt8>(repeating: WordBoundary.sentence)
        let chineseFirst = SIMD16<UInt8>(repeating: chineseLeadBytes.lowerBound)
        let chineseSpan = SIMD16<UInt8>(repeating: chineseLeadBytes.upperBound - chineseLeadBytes.lowerBound)
        while at + 16 <= bytes.count {
            let block = UnsafeRawPointer(base + at).loadUnaligned(as: SIMD16<UInt8>.self)
            let spaces = Int32(truncatingIfNeeded: (block .== space).trueCount)
            let breaks = Int32(truncatingIfNeeded: (block .== sentence).trueCount)
            let chinese = Int32(truncatingIfNeeded: (block &- chineseFirst .<= chineseSpan).trueCount)
            words &+= spaces &+ breaks &+ (odd ? (chinese &+ 1) >> 1 : chinese >> 1)
            sentences &+= breaks
            if chinese & 1 != 0 { odd.toggle() }
            at += 16
        }
        while at < bytes.count {
            switch base[at] {
            case WordBoundary.space: words &+= 1
            case WordBoundary.sentence: words &+= 1; sentences &+= 1
            case chineseLeadBytes:
                if odd { words &+= 1 }
                odd.toggle()
            default: break
            }
            at += 1
        }
        oddChinese = odd
        return (words, sentences)
    }

    /// First bytes of the UTF-8 form of U+4000–U+9FFF, the common Chinese characters.
    private static let chineseLeadBytes: ClosedRange<UInt8> = 0xE4...0xE9

    /// Words inside a match, counted as `countSeparators` counts them, and whether it holds a
    /// sentence boundary.
    private static func words(in span: Slice<UnsafeBufferPointer<UInt8>>) -> (words: Int32, joinsSentences: Bool) {
        var separators: Int32 = 0
        var chinese: Int32 = 0
        var joinsSentences = false
        for byte in span {
            if byte == WordBoundary.space { separators += 1 }
            if byte == WordBoundary.sentence { separators += 1; joinsSentences = true }
            if chineseLeadBytes.contains(byte) { chinese += 1 }
        }
        return (separators + chinese / 2, joinsSentences)
    }

    /// Whether the original text under a folded match, normalised without folding diacritics,
    /// is the exact pattern.
    private mutating func matchesExactly(
        _ pattern: ExactPattern, text: NormalizedText, original: UnsafeBufferPointer<UInt8>, start: Int, end: Int
    ) -> Bool {
        let span = text.originalRange(of: start..<end)
        TextNormalizer.shared.normalize(UnsafeBufferPointer(rebasing: original[span]), into: &exactText, foldDiacritics: false, spans: false)
        let found = exactText.bytes
        return pattern.isPrefix ? found.starts(with: pattern.bytes) : found == pattern.bytes
    }

    // MARK: Scoring support

    /// Marks every term and part hit overlapped by an exclusion of the same node, or near a
    /// counter-context of its rule.
    mutating func cancel(_ compiled: CompiledRules) {
        guard !exclusions.isEmpty || !contexts.isEmpty else { return }
        for h in 0..<terms.count { terms[h].cancelledBy = cancellation(of: terms[h], compiled) }
        for h in 0..<parts.count { parts[h].cancelledBy = cancellation(of: parts[h], compiled) }
    }

    private func cancellation(of hit: Hit, _ compiled: CompiledRules) -> Int32 {
        var e = exclusionsByNode.first(Int(hit.node))
        while e >= 0 {
            let exclusion = exclusions[Int(e)]
            if exclusion.start < hit.end && hit.start < exclusion.end { return e }
            e = exclusionsByNode.next(e)
        }
        for condition in compiled.rules[Int(hit.rule)].unless {
            var c = contextChains.first(Int(condition.context))
            while c >= 0 {
                let index = c, context = contexts[Int(c)]
                c = contextChains.next(c)
                let near: Bool
                switch condition.scope {
                case .sentence: near = context.sentence == hit.sentence
                case .words(let n):
                    // Negation-like contexts: at most n words before the hit, in its sentence.
                    near = context.end <= hit.start && context.sentence == hit.sentence && Int(hit.firstWord - context.word) <= n
                case .report: near = true
                }
                if near { return -2 - index }
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
