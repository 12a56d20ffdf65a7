extension RuleSet {
    /// Classifies one text and says why: every rule that matched or was cancelled, the
    /// combinations and their parts, each category's score against its threshold.
    public func explain(_ text: String, language: String?) -> Explanation {
        var bytes = text
        return bytes.withUTF8 { makeScanner().explain(utf8: $0, text: text, language: language) }
    }
}

extension ReportScanner {
    func explain(utf8: UnsafeBufferPointer<UInt8>, text: String, language: String?) -> Explanation {
        let classification = classify(utf8: utf8, language: language, evidence: true, allCombinations: true)
        let compiled = ruleSet.compiled
        let taxonomy = ruleSet.taxonomy
        var matches: [Explanation.Match] = []
        var nodesSeen = Set<Int>()
        func match(_ hit: Hit, outcome: Explanation.Match.Outcome) -> Explanation.Match {
            let rule = compiled.rules[Int(hit.rule)]
            nodesSeen.insert(rule.node)
            return Explanation.Match(
                rule: rule.id, pattern: rule.patterns[Int(hit.part)], node: taxonomy.nodes[rule.node].id, weight: rule.weight,
                evidence: evidence(of: hit, rule: rule.id, original: utf8), outcome: outcome)
        }
        for (h, hit) in termHits.enumerated() {
            let outcome: Explanation.Match.Outcome
            if hit.cancelledBy >= 0 {
                let exclusion = exclusionHits[Int(hit.cancelledBy)]
                let rule = compiled.rules[Int(exclusion.rule)]
                outcome = .cancelled(byRule: rule.id, text: evidence(of: exclusion, rule: rule.id, original: utf8).text)
            } else if hit.isCancelled {
                outcome = contextOutcome(hit, original: utf8)
            } else {
                outcome = board.firingHit[Int(hit.rule)] == Int32(h) ? .counted : .alreadyCounted
            }
            matches.append(match(hit, outcome: outcome))
        }
        for hit in exclusionHits { matches.append(match(hit, outcome: .exclusion)) }
        matches.sort { ($0.evidence.start, $0.evidence.end) < ($1.evidence.start, $1.evidence.end) }

        var combinations: [Explanation.Combination] = []
        var first = 0
        while first < partHits.count {
            let r = Int(partHits[first].rule)
            var last = first
            while last < partHits.count && partHits[last].rule == partHits[first].rule { last += 1 }
            let rule = compiled.rules[r]
            nodesSeen.insert(rule.node)
            let parts = rule.patterns.enumerated().map { p, pattern in
                let found = partHits[first..<last].filter { Int($0.part) == p }
                return Explanation.Combination.Part(
                    pattern: pattern, found: found.filter { !$0.isCancelled }.map { evidence(of: $0, rule: rule.id, original: utf8) },
                    cancelled: found.filter(\.isCancelled).map { contextOutcome($0, original: utf8) })
            }
            combinations.append(Explanation.Combination(
                rule: rule.id, node: taxonomy.nodes[rule.node].id, weight: rule.weight, window: rule.window,
                needed: rule.needed, ordered: rule.ordered, parts: parts, counted: fired(r)))
            first = last
        }

        let labelled = Set(labelledNodes())
        let scores = nodesSeen.sorted().map { node in
            Explanation.NodeScore(
                node: taxonomy.nodes[node].id, name: taxonomy.nodes[node].name, score: score(ofNode: node),
                threshold: ruleSet.thresholds[node], labelled: labelled.contains(node))
        }
        let plan = ruleSet.languagePlan(for: language, text: utf8)
        let mask = plan.mask
        let rulesUsed = ruleSet.languages.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map(\.element)
        return Explanation(
            text: text, language: language, detectedLanguage: plan.detected, rulesUsed: rulesUsed, matches: matches, combinations: combinations,
            scores: scores, classification: classification)
    }
}

extension ReportScanner {
    /// Why a cancelled hit does not count: the exclusion or the counter-context that cancels it.
    fileprivate func contextOutcome(_ hit: Hit, original: UnsafeBufferPointer<UInt8>) -> Explanation.Match.Outcome {
        let compiled = ruleSet.compiled
        if hit.cancelledBy >= 0 {
            let exclusion = exclusionHits[Int(hit.cancelledBy)]
            let rule = compiled.rules[Int(exclusion.rule)]
            return .cancelled(byRule: rule.id, text: evidence(of: exclusion, rule: rule.id, original: original).text)
        }
        let context = contextHits[Int(-2 - hit.cancelledBy)]
        let span = TextSpan(hit: context, text: text, original: original)
        return .counterContext(classID: compiled.contexts[Int(context.rule)].classID, text: span.text)
    }
}
