import TextNormalization

/// One match of a literal that passed its boundary, language and exactness checks.
struct Hit: Sendable {
    var rule: Int32
    var node: Int32
    var part: Int16
    /// Byte range in the normalised text.
    var start: Int32
    var end: Int32
    /// Word and sentence counts before `end` (near rules only).
    var word: Int32
    var sentence: Int32
    /// Index of the exclusion hit that cancels this one, or -1.
    var cancelledBy: Int32
}

/// The hits of one report, in reusable buffers. A value owned by one scanner and mutated through
/// one access per step, so the per-match work runs on plain memory (no per-append exclusivity
/// check on a class property).
struct HitCollector {
    private(set) var terms: [Hit] = []
    private(set) var exclusions: [Hit] = []
    /// Near-rule part hits; sorted by (rule, end, part) by `cancelAndSortParts`.
    private(set) var parts: [Hit] = []
    private var exactText = NormalizedText()
    /// Per near rule part: how many hits of it are in the current window.
    private var partCounts: [Int32]
    /// Word counting cursor: separators seen in `bytes[..<countedTo]`.
    private var countedTo = 0
    private var words: Int32 = 0
    private var sentences: Int32 = 0

    init(maxParts: Int) {
        partCounts = Array(repeating: 0, count: maxParts)
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
        countedTo = 0
        words = 0
        sentences = 0
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
                            record(use, start: start, end: end, bytes: bytes)
                        }
                    }
                }
            }
        }
    }

    private mutating func record(_ use: LiteralUse, start: Int, end: Int, bytes: UnsafeBufferPointer<UInt8>) {
        var hit = Hit(
            rule: use.rule, node: use.node, part: use.part, start: Int32(start), end: Int32(end), word: 0, sentence: 0,
            cancelledBy: -1)
        switch use.kind {
        case .term:
            terms.append(hit)
        case .exclusion:
            exclusions.append(hit)
        case .near:
            countSeparators(bytes, upTo: end)
            hit.word = words
            hit.sentence = sentences
            parts.append(hit)
        }
    }

    /// Advances the word and sentence counters to `end` (hits arrive in increasing `end`).
    private mutating func countSeparators(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) {
        while countedTo < end {
            switch bytes[countedTo] {
            case WordBoundary.space: words += 1
            case WordBoundary.sentence: words += 1; sentences += 1
            default: break
            }
            countedTo += 1
        }
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

    /// Marks every term and part hit overlapped by an exclusion of the same node, then sorts
    /// the part hits by (rule, end, part).
    mutating func cancelAndSortParts() {
        if !exclusions.isEmpty {
            for h in terms.indices { terms[h].cancelledBy = cancellingExclusion(of: terms[h]) }
            for h in parts.indices { parts[h].cancelledBy = cancellingExclusion(of: parts[h]) }
        }
        parts.sort { ($0.rule, $0.end, $0.part) < ($1.rule, $1.end, $1.part) }
    }

    /// The first exclusion hit of the same node that overlaps `hit`, or -1.
    private func cancellingExclusion(of hit: Hit) -> Int32 {
        for (e, exclusion) in exclusions.enumerated()
        where exclusion.start < hit.end && hit.start < exclusion.end && exclusion.node == hit.node {
            return Int32(e)
        }
        return -1
    }

    /// For the sorted part hits `hits` of one near rule with `needed` parts, the index of the
    /// first hit of the earliest window holding every part within `window` words (same sentence
    /// when `window` is nil), or nil.
    mutating func satisfiedWindow(_ hits: Range<Int>, needed: Int, window: Int?) -> Int? {
        for p in 0..<needed { partCounts[p] = 0 }
        var distinct = 0
        var left = hits.lowerBound
        for right in hits where parts[right].cancelledBy < 0 {
            let part = Int(parts[right].part)
            partCounts[part] += 1
            if partCounts[part] == 1 { distinct += 1 }
            while left < right && !Self.fits(parts[left], parts[right], window: window) {
                distinct -= dropFromWindow(left)
                left += 1
            }
            if distinct == needed { return left }
        }
        return nil
    }

    /// Whether two hits (a before b) can be in one window.
    private static func fits(_ a: Hit, _ b: Hit, window: Int?) -> Bool {
        if a.cancelledBy >= 0 { return false }
        if let window { return Int(b.word - a.word) <= window }
        return a.sentence == b.sentence
    }

    /// Removes a hit from the window's part counts; 1 when its part is no longer in the window.
    private mutating func dropFromWindow(_ h: Int) -> Int {
        guard parts[h].cancelledBy < 0 else { return 0 }
        let part = Int(parts[h].part)
        partCounts[part] -= 1
        return partCounts[part] == 0 ? 1 : 0
    }
}
