import TextNormalization
import ThreatTaxonomy

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

/// Classifies reports one after another with reusable buffers: after warm-up, scanning allocates
/// nothing per match. One per worker; not thread-safe. Make one with `RuleSet.makeScanner()`.
public final class ReportScanner {
    let ruleSet: RuleSet
    let compiled: CompiledRules
    private(set) var text = NormalizedText()
    private var exactText = NormalizedText()
    private(set) var termHits: [Hit] = []
    private(set) var exclusionHits: [Hit] = []
    private(set) var partHits: [Hit] = []
    /// Per rule: the generation in which it fired, and the hit (or the first hit of the window)
    /// that made it fire.
    private var firedIn: [UInt32]
    private(set) var firingHit: [Int32]
    /// Per near rule part: how many hits of it are in the current window.
    private var partCounts: [Int32]
    private var nodeScore: [Double]
    private var nodeTouched: [UInt32]
    private var touchedNodes: [Int] = []
    /// Rules that fired in the last scan, in firing order.
    private(set) var firedRules: [Int] = []
    private var generation: UInt32 = 0
    /// Word counting cursor: separators seen in `text.bytes[..<countedTo]`.
    private var countedTo = 0
    private var words: Int32 = 0
    private var sentences: Int32 = 0

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        compiled = ruleSet.compiled
        firedIn = Array(repeating: 0, count: compiled.rules.count)
        firingHit = Array(repeating: -1, count: compiled.rules.count)
        partCounts = Array(repeating: 0, count: compiled.maxParts)
        nodeScore = Array(repeating: 0, count: ruleSet.taxonomy.nodes.count)
        nodeTouched = Array(repeating: 0, count: ruleSet.taxonomy.nodes.count)
    }

    /// Labels one report given as UTF-8 bytes. `language` selects that language's rules (all
    /// languages when `nil` or when it has none); `evidence: false` skips evidence, which is
    /// faster for counting.
    public func classify(utf8: UnsafeBufferPointer<UInt8>, language: String?, evidence: Bool) -> Classification {
        scan(utf8: utf8, language: language)
        return labels(original: evidence ? utf8 : nil)
    }

    /// Labels one report text.
    public func classify(_ text: String, language: String?, evidence: Bool = true) -> Classification {
        var text = text
        return text.withUTF8 { classify(utf8: $0, language: language, evidence: evidence) }
    }

    // MARK: Scanning

    /// Normalises and scans one report, then scores it; results stay in the scanner's buffers.
    func scan(utf8: UnsafeBufferPointer<UInt8>, language: String?) {
        generation &+= 1
        if generation == 0 {  // wrapped: forget every stamp
            for i in firedIn.indices { firedIn[i] = 0 }
            for i in nodeTouched.indices { nodeTouched[i] = 0 }
            generation = 1
        }
        termHits.removeAll(keepingCapacity: true)
        exclusionHits.removeAll(keepingCapacity: true)
        partHits.removeAll(keepingCapacity: true)
        touchedNodes.removeAll(keepingCapacity: true)
        firedRules.removeAll(keepingCapacity: true)
        countedTo = 0
        words = 0
        sentences = 0
        TextNormalizer.shared.normalize(utf8, into: &text, foldDiacritics: true)
        let mask = ruleSet.languageMask(for: language)
        let lengths = compiled.literalLength
        let useStart = compiled.useStart
        let uses = compiled.uses
        text.bytes.withUnsafeBufferPointer { bytes in
            compiled.automaton.scan(bytes) { literal, end in
                let start = end - Int(lengths[Int(literal)])
                for u in Int(useStart[Int(literal)])..<Int(useStart[Int(literal) + 1]) {
                    let use = uses[u]
                    guard mask & (1 << UInt64(use.language)) != 0,
                          !use.flags.contains(.wordStart) || Boundary.startsWord(bytes, at: start, clitics: use.flags.contains(.clitics)),
                          !use.flags.contains(.wordEnd) || Boundary.endsWord(bytes, at: end),
                          use.exact < 0 || matchesExactly(use.exact, original: utf8, start: start, end: end)
                    else { continue }
                    record(use, start: start, end: end, bytes: bytes)
                }
            }
        }
        score()
    }

    private func record(_ use: LiteralUse, start: Int, end: Int, bytes: UnsafeBufferPointer<UInt8>) {
        var hit = Hit(
            rule: use.rule, node: use.node, part: use.part, start: Int32(start), end: Int32(end), word: 0, sentence: 0,
            cancelledBy: -1)
        switch use.kind {
        case .term:
            termHits.append(hit)
        case .exclusion:
            exclusionHits.append(hit)
        case .near:
            countSeparators(bytes, upTo: end)
            hit.word = words
            hit.sentence = sentences
            partHits.append(hit)
        }
    }

    /// Advances the word and sentence counters to `end` (hits arrive in increasing `end`).
    private func countSeparators(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) {
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
    private func matchesExactly(_ index: Int32, original: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        let pattern = compiled.exactPatterns[Int(index)]
        let span = text.originalRange(of: start..<end)
        TextNormalizer.shared.normalize(UnsafeBufferPointer(rebasing: original[span]), into: &exactText, foldDiacritics: false)
        let found = exactText.bytes
        return pattern.isPrefix ? found.starts(with: pattern.bytes) : found == pattern.bytes
    }

    // MARK: Scoring

    private func score() {
        for h in termHits.indices { termHits[h].cancelledBy = cancellingExclusion(of: termHits[h]) }
        for h in partHits.indices { partHits[h].cancelledBy = cancellingExclusion(of: partHits[h]) }
        for (h, hit) in termHits.enumerated() where hit.cancelledBy < 0 {
            fire(Int(hit.rule), hit: h)
        }
        partHits.sort { ($0.rule, $0.end, $0.part) < ($1.rule, $1.end, $1.part) }
        var first = 0
        while first < partHits.count {
            var last = first
            while last < partHits.count && partHits[last].rule == partHits[first].rule { last += 1 }
            if let window = satisfiedWindow(first..<last) { fire(Int(partHits[first].rule), hit: window) }
            first = last
        }
    }

    /// The first exclusion hit of the same node that overlaps `hit`, or -1.
    private func cancellingExclusion(of hit: Hit) -> Int32 {
        for (e, exclusion) in exclusionHits.enumerated()
        where exclusion.start < hit.end && hit.start < exclusion.end && exclusion.node == hit.node {
            return Int32(e)
        }
        return -1
    }

    private func fire(_ rule: Int, hit: Int) {
        guard firedIn[rule] != generation else { return }
        firedIn[rule] = generation
        firingHit[rule] = Int32(hit)
        firedRules.append(rule)
        let node = compiled.ruleNode[rule]
        if nodeTouched[node] != generation {
            nodeTouched[node] = generation
            nodeScore[node] = 0
            touchedNodes.append(node)
        }
        nodeScore[node] += compiled.ruleWeight[rule]
    }

    /// For the part hits of one near rule (sorted by end), the index of the first hit of the
    /// earliest window holding every part within the rule's distance, or nil.
    private func satisfiedWindow(_ hits: Range<Int>) -> Int? {
        let rule = compiled.rules[Int(partHits[hits.lowerBound].rule)]
        let needed = rule.patterns.count
        for p in 0..<needed { partCounts[p] = 0 }
        var distinct = 0
        var left = hits.lowerBound
        for right in hits where partHits[right].cancelledBy < 0 {
            let part = Int(partHits[right].part)
            partCounts[part] += 1
            if partCounts[part] == 1 { distinct += 1 }
            while left < right && !fits(partHits[left], partHits[right], window: rule.window) {
                distinct -= dropFromWindow(left)
                left += 1
            }
            if distinct == needed { return left }
        }
        return nil
    }

    /// Whether two hits (a before b) can be in one window.
    private func fits(_ a: Hit, _ b: Hit, window: Int?) -> Bool {
        if a.cancelledBy >= 0 { return false }
        if let window { return Int(b.word - a.word) <= window }
        return a.sentence == b.sentence
    }

    /// Removes a hit from the window's part counts; 1 when its part is no longer in the window.
    private func dropFromWindow(_ h: Int) -> Int {
        guard partHits[h].cancelledBy < 0 else { return 0 }
        let part = Int(partHits[h].part)
        partCounts[part] -= 1
        return partCounts[part] == 0 ? 1 : 0
    }

    // MARK: Results

    /// Whether a rule fired in the last scan.
    func fired(_ rule: Int) -> Bool { firedIn[rule] == generation }

    /// The score of a node in the last scan.
    func score(ofNode node: Int) -> Double { nodeTouched[node] == generation ? nodeScore[node] : 0 }

    /// Node indices whose score reached their threshold, in taxonomy order.
    func labelledNodes() -> [Int] {
        touchedNodes.filter { nodeScore[$0] >= ruleSet.thresholds[$0] }.sorted()
    }

    /// Labels for the last scan; evidence when the original bytes are given.
    private func labels(original: UnsafeBufferPointer<UInt8>?) -> Classification {
        if touchedNodes.isEmpty { return Classification(labels: []) }
        var labels: [Label] = []
        for node in labelledNodes() {
            var evidence: [Evidence] = []
            if let original {
                for r in firedRules.sorted() where compiled.ruleNode[r] == node {
                    evidence += self.evidence(ofRule: r, original: original)
                }
            }
            labels.append(Label(
                node: ruleSet.taxonomy.nodes[node].id, path: ruleSet.paths[node], score: nodeScore[node],
                evidence: evidence))
        }
        return Classification(labels: labels)
    }

    /// What made a fired rule fire: its first uncancelled term hit, or one hit per part of the
    /// near window.
    func evidence(ofRule r: Int, original: UnsafeBufferPointer<UInt8>) -> [Evidence] {
        let rule = compiled.rules[r]
        let first = Int(firingHit[r])
        if rule.kind != .near { return [evidence(of: termHits[first], rule: rule, original: original)] }
        var found = Array(repeating: false, count: rule.patterns.count)
        var result: [Evidence] = []
        for h in first..<partHits.count where partHits[h].rule == Int32(r) && partHits[h].cancelledBy < 0 {
            let part = Int(partHits[h].part)
            guard !found[part] else { continue }
            found[part] = true
            result.append(evidence(of: partHits[h], rule: rule, original: original))
            if result.count == found.count { break }
        }
        return result.sorted { $0.start < $1.start }
    }

    func evidence(of hit: Hit, rule: CompiledRule, original: UnsafeBufferPointer<UInt8>) -> Evidence {
        let span = Span(hit: wholeWords(hit, rule: rule), text: text, original: original)
        return Evidence(rule: rule.id, text: span.text, start: span.start, end: span.end)
    }

    /// A prefix match (`harass*`) widened to the end of the word it starts, for evidence.
    private func wholeWords(_ hit: Hit, rule: CompiledRule) -> Hit {
        guard rule.patterns[Int(hit.part)].hasSuffix("*") else { return hit }
        let bytes = text.bytes
        guard ScriptKind.ofLastCharacter(bytes[Int(hit.start)..<Int(hit.end)]) == .spaceDelimited else { return hit }
        var widened = hit
        while widened.end < bytes.count && !WordBoundary.isBoundary(bytes[Int(widened.end)]) { widened.end += 1 }
        return widened
    }
}
