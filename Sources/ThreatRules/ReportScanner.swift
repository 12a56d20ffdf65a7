import TextNormalization
import ThreatTaxonomy

/// Classifies reports one after another with reusable buffers: after warm-up, scanning allocates
/// nothing per match. One per worker; not thread-safe. Make one with `RuleSet.makeScanner()`.
public final class ReportScanner {
    let ruleSet: RuleSet
    let compiled: CompiledRules
    private(set) var text = NormalizedText()
    private var matches = ScratchBuffer<AutomatonMatch>(capacity: 256)
    private var reading: [UInt8] = []
    private var readingMatches = ScratchBuffer<AutomatonMatch>()
    private(set) var hits: HitCollector
    /// The buffers of `labelledNodes()` and of the fired rules in rule order (for evidence).
    private var labelled: [Int] = []
    private var sortedFiredRules: [Int] = []
    private(set) var board: ScoreBoard

    /// The last scan's hits; valid until the next scan.
    var termHits: UnsafeBufferPointer<Hit> { hits.terms.elements }
    var exclusionHits: UnsafeBufferPointer<Hit> { hits.exclusions.elements }
    var partHits: UnsafeBufferPointer<Hit> { hits.parts.elements }
    var contextHits: UnsafeBufferPointer<Hit> { hits.contexts.elements }

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        compiled = ruleSet.compiled
        hits = HitCollector(compiled)
        board = ScoreBoard(rules: compiled.rules.count, groups: compiled.groupCount, nodes: ruleSet.taxonomy.nodes.count)
    }

    /// Labels one report given as UTF-8 bytes. `language` selects that language's rules (all
    /// languages when `nil` or when it has none); `evidence: false` skips evidence, which is
    /// faster for counting.
    public func classify(utf8: UnsafeBufferPointer<UInt8>, language: String?, evidence: Bool) -> Classification {
        classify(utf8: utf8, language: language, evidence: evidence, allCombinations: false)
    }

    /// `allCombinations`: keep the part hits of every near rule with a part found, not only of
    /// those with enough parts to fire (explanations show the near misses).
    func classify(utf8: UnsafeBufferPointer<UInt8>, language: String?, evidence: Bool, allCombinations: Bool) -> Classification {
        // Exact terms compare the original under a match, so they need the map too.
        let spans = evidence || allCombinations || !compiled.exactPatterns.isEmpty
        let detected = scan(utf8: utf8, language: language, allCombinations: allCombinations, spans: spans)
        var classification = labels(original: evidence ? utf8 : nil)
        classification.detectedLanguage = detected
        return classification
    }

    /// Labels one report text.
    public func classify(_ text: String, language: String?, evidence: Bool = true) -> Classification {
        var text = text
        return text.withUTF8 { classify(utf8: $0, language: language, evidence: evidence) }
    }

    // MARK: Scanning

    /// Normalises and scans one report, then scores it; results stay in the scanner's buffers.
    /// Returns the language identified from the text when it replaced a missing or wrong one.
    /// `spans`: keep the normalized text's map to the original, which evidence and exact terms need.
    @discardableResult
    func scan(utf8: UnsafeBufferPointer<UInt8>, language: String?, allCombinations: Bool = false, spans: Bool = true) -> String? {
        board.reset()
        let plan = ruleSet.languagePlan(for: language, text: utf8)
        TextNormalizer.shared.normalize(utf8, into: &text, foldDiacritics: true, spans: spans)
        text.bytes.withUnsafeBufferPointer { bytes in
            compiled.automaton.scan(bytes, trailingByte: WordBoundary.space, into: &matches)
            restoreEndOrder(of: &matches, in: bytes)
            if bytes.contains(NormalizedText.ambiguousOne) { addAmbiguousOneReadings(of: bytes) }
            hits.collect(
                matches.elements, in: bytes, text: text, original: utf8, mask: plan.mask, compiled: compiled)
        }
        hits.buildParts(compiled, all: allCombinations)
        board.score(&hits, compiled: compiled)
        return plan.detected
    }

    /// A leetspeak `1` may stand for `i` or `l`: the text is scanned again with every such `1`
    /// read as `i`, then as `l`, and the matches that cover one join the text's own, in order of
    /// their ends. Rare (only leetspeak words have one), and cheaper than compiling every term's
    /// `i`/`l` spellings.
    private func addAmbiguousOneReadings(of bytes: UnsafeBufferPointer<UInt8>) {
        let own = matches.count
        for letter in [UInt8(ascii: "i"), UInt8(ascii: "l")] {
            NormalizedText.read(ambiguousOneAs: letter, in: bytes, into: &reading)
            reading.withUnsafeBufferPointer {
                compiled.automaton.scan($0, trailingByte: WordBoundary.space, into: &readingMatches)
                restoreEndOrder(of: &readingMatches, in: $0)
            }
            for match in readingMatches.elements {
                let use = compiled.uses[Int(match.literal)]
                let end = use.end(of: match), start = end - Int(use.length)
                if bytes[start..<end].contains(NormalizedText.ambiguousOne) { matches.append(match) }
            }
        }
        if matches.count > own {
            // Stable: at one end, the text's own matches keep their order and come first.
            let uses = compiled.uses
            let merged = matches.elements.enumerated().sorted {
                (uses[Int($0.element.literal)].end(of: $0.element), $0.offset) < (uses[Int($1.element.literal)].end(of: $1.element), $1.offset)
            }
            matches.replace(with: merged.lazy.map(\.element))
        }
    }

    /// Puts `matches` of `text` in the order of their ends, and at one end the longest first
    /// (in length with the boundary before): the automaton reports a literal looked for with the
    /// boundary after it one byte late, at the boundary, after those that end where it does.
    /// Only the matches reported at a boundary and those reported just before them can be out
    /// of that order; most such runs hold one match.
    private func restoreEndOrder(of matches: inout ScratchBuffer<AutomatonMatch>, in text: UnsafeBufferPointer<UInt8>) {
        compiled.uses.withUnsafeBufferPointer { uses in
            var i = 0, previousStart = 0, previousEnd: Int32 = -1
            while i < matches.count {
                let end = matches[i].end
                var next = i + 1
                while next < matches.count && matches[next].end == end { next += 1 }
                let atBoundary = Int(end) > text.count || WordBoundary.isBoundary(text[Int(end) - 1])
                let from = previousEnd == end - 1 ? previousStart : i
                if atBoundary && next - from > 1 {
                    // Insertion sort of the run: a few matches.
                    func key(_ m: AutomatonMatch) -> (Int, Int) {
                        let use = uses[Int(m.literal)]
                        return (use.end(of: m), -use.lengthWithBoundaryBefore)
                    }
                    for k in from + 1..<next {
                        let moving = matches[k], movingKey = key(moving)
                        var j = k
                        while j > from && key(matches[j - 1]) > movingKey {
                            matches[j] = matches[j - 1]
                            j -= 1
                        }
                        matches[j] = moving
                    }
                }
                (previousStart, previousEnd) = (i, end)
                i = next
            }
        }
    }

    // MARK: Results

    /// Whether a rule fired in the last scan.
    func fired(_ rule: Int) -> Bool { board.fired(rule) }

    /// The score of a node in the last scan.
    func score(ofNode node: Int) -> Double { board.score(ofNode: node) }

    /// Node indices whose score reached their threshold, in taxonomy order; collected in a buffer
    /// kept between scans, so a scan allocates none for them.
    func labelledNodes() -> [Int] {
        labelled.removeAll(keepingCapacity: true)
        for node in board.touchedNodes where board.score(ofNode: node) >= ruleSet.thresholds[node] { labelled.append(node) }
        labelled.sort()
        return labelled
    }

    /// Labels for the last scan; evidence when the original bytes are given.
    private func labels(original: UnsafeBufferPointer<UInt8>?) -> Classification {
        if board.touchedNodes.isEmpty { return Classification(labels: []) }
        let nodes = labelledNodes()
        if nodes.isEmpty { return Classification(labels: []) }
        if original != nil {
            sortedFiredRules.removeAll(keepingCapacity: true)
            sortedFiredRules.append(contentsOf: board.firedRules)
            sortedFiredRules.sort()
        }
        var labels: [Label] = []
        labels.reserveCapacity(nodes.count)
        for node in nodes {
            var evidence: [Evidence] = []
            if let original {
                // At most one item per part of each rule: the array grows once.
                evidence.reserveCapacity(sortedFiredRules.reduce(0) { $0 + (compiled.ruleNode[$1] == node ? compiled.rulePartCount[$1] : 0) })
                for r in sortedFiredRules where compiled.ruleNode[r] == node {
                    appendEvidence(ofRule: r, original: original, to: &evidence)
                }
            }
            labels.append(Label(
                node: ruleSet.taxonomy.nodes[node].id, path: ruleSet.paths[node], score: board.score(ofNode: node),
                evidence: evidence))
        }
        return Classification(labels: labels)
    }

    /// Appends what made a fired rule fire: its first uncancelled term hit, or one hit per part
    /// of the near window, in text order.
    func appendEvidence(ofRule r: Int, original: UnsafeBufferPointer<UInt8>, to result: inout [Evidence]) {
        // The rule's fields are read in place: a copy of the rule would retain and release each
        // of its strings and arrays per evidence item.
        let id = compiled.rules[r].id
        let first = Int(board.firingHit[r])
        if compiled.rules[r].kind != .near {
            result.append(evidence(of: termHits[first], rule: id, original: original))
            return
        }
        let parts = compiled.rulePartCount[r], from = result.count
        var found: UInt64 = 0  // bit p: part p has its hit (a rule has at most 64 parts)
        // A rule's part hits are listed together (`HitCollector.buildParts`): the window's first
        // hit starts them, the next rule's end them.
        for h in first..<partHits.count {
            guard partHits[h].rule == Int32(r) else { break }
            guard !partHits[h].isCancelled else { continue }
            let part = UInt64(partHits[h].part)
            guard found & (1 << part) == 0 else { continue }
            found |= 1 << part
            result.append(evidence(of: partHits[h], rule: id, original: original))
            if found.nonzeroBitCount == parts { break }
        }
        // In place (a sort of the slice would copy it): a rule has a handful of parts.
        for i in from..<result.count {
            var j = i
            while j > from && result[j - 1].start > result[j].start {
                result.swapAt(j - 1, j)
                j -= 1
            }
        }
    }

    /// The evidence of one hit of the rule with id `rule`.
    func evidence(of hit: Hit, rule: String, original: UnsafeBufferPointer<UInt8>) -> Evidence {
        let span = TextSpan(hit: wholeWords(hit), text: text, original: original)
        return Evidence(rule: rule, text: span.text, start: span.start, end: span.end)
    }

    /// A prefix match (`harass*`) widened to the end of the word it starts, for evidence.
    private func wholeWords(_ hit: Hit) -> Hit {
        guard hit.prefix else { return hit }
        let bytes = text.bytes
        guard ScriptKind.ofLastCharacter(bytes[Int(hit.start)..<Int(hit.end)]) == .spaceDelimited else { return hit }
        var widened = hit
        while widened.end < bytes.count && !WordBoundary.isBoundary(bytes[Int(widened.end)]) { widened.end += 1 }
        return widened
    }
}
