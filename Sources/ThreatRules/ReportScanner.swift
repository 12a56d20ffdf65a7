import TextNormalization
import ThreatTaxonomy

/// Classifies reports one after another with reusable buffers: after warm-up, scanning allocates
/// nothing per match. One per worker; not thread-safe. Make one with `RuleSet.makeScanner()`.
public final class ReportScanner {
    let ruleSet: RuleSet
    let compiled: CompiledRules
    private(set) var text = NormalizedText()
    private var matches: [AutomatonMatch] = []
    private(set) var hits: HitCollector
    /// Per rule: the generation in which it fired, and the hit (or the first hit of the window)
    /// that made it fire.
    private var firedIn: [UInt32]
    private(set) var firingHit: [Int32]
    private var nodeScore: [Double]
    private var nodeTouched: [UInt32]
    private var touchedNodes: [Int] = []
    /// Rules that fired in the last scan, in firing order.
    private(set) var firedRules: [Int] = []
    private var generation: UInt32 = 0

    var termHits: [Hit] { hits.terms }
    var exclusionHits: [Hit] { hits.exclusions }
    var partHits: [Hit] { hits.parts }

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        compiled = ruleSet.compiled
        firedIn = Array(repeating: 0, count: compiled.rules.count)
        firingHit = Array(repeating: -1, count: compiled.rules.count)
        hits = HitCollector(maxParts: compiled.maxParts)
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
        touchedNodes.removeAll(keepingCapacity: true)
        firedRules.removeAll(keepingCapacity: true)
        TextNormalizer.shared.normalize(utf8, into: &text, foldDiacritics: true)
        text.bytes.withUnsafeBufferPointer { bytes in
            compiled.automaton.scan(bytes, into: &matches)
            hits.collect(
                matches, in: bytes, text: text, original: utf8, mask: ruleSet.languageMask(for: language),
                compiled: compiled)
        }
        score()
    }

    // MARK: Scoring

    private func score() {
        hits.cancelAndSortParts()
        for (h, hit) in hits.terms.enumerated() where hit.cancelledBy < 0 {
            fire(Int(hit.rule), hit: h)
        }
        let parts = hits.parts
        var first = 0
        while first < parts.count {
            let rule = Int(parts[first].rule)
            var last = first
            while last < parts.count && parts[last].rule == parts[first].rule { last += 1 }
            let window = compiled.ruleWindow[rule]
            if let firing = hits.satisfiedWindow(
                first..<last, needed: compiled.rulePartCount[rule], window: window < 0 ? nil : window) {
                fire(rule, hit: firing)
            }
            first = last
        }
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
