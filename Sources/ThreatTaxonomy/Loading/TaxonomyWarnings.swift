import SafeYAML

/// Problems that do not stop loading but leave a gap an analyst should know about.
struct TaxonomyWarnings {
    let draft: TaxonomyDraft
    let sink: DiagnosticSink

    func check() {
        let parents = Set(draft.nodes.compactMap(\.node.parent))
        for entry in draft.nodes {
            let node = entry.node
            missingNames(node)
            if !parents.contains(node.id) { missingRules(leaf: node) }
            unmatchableTerms(node)
            repeatedTerms(node)
        }
        termsSharedBySiblings()
    }

    private func missingNames(_ node: TaxonomyNode) {
        let missing = draft.languages.filter { node.names[$0] == nil }
        guard !missing.isEmpty else { return }
        sink.warning("'\(node.id)' has no name in \(missing.joined(separator: ", "))", at: node.location)
    }

    private func missingRules(leaf node: TaxonomyNode) {
        let covered = Set(node.rules.filter { !$0.value.terms.isEmpty || !$0.value.cooccurrences.isEmpty }.keys)
            .union(draft.languages.filter { language in node.indicators.contains { $0.canFire(in: language, classes: draft.classes) } })
        if covered.isEmpty {
            sink.warning("the leaf '\(node.id)' has no rules in any language: no report can be labelled with it", at: node.location)
            return
        }
        let missing = draft.languages.filter { !covered.contains($0) }
        guard !missing.isEmpty else { return }
        sink.warning("the leaf '\(node.id)' has no rules in \(missing.joined(separator: ", ")): "
                     + "reports in \(missing.count == 1 ? "that language" : "those languages") are never labelled with it",
                     at: node.location)
    }

    private func unmatchableTerms(_ node: TaxonomyNode) {
        for (language, rules) in node.rules.sorted(by: { $0.key < $1.key }) {
            let patterns = (rules.terms + rules.exclusions).map { ($0.literal, $0.location) }
                + rules.cooccurrences.flatMap { rule in rule.parts.map { (TermRule.splitWildcard($0).literal, rule.location) } }
            for (literal, location) in patterns where !literal.contains(where: { $0.isLetter || $0.isNumber }) {
                sink.warning("the term '\(literal)' of '\(node.id)' (\(language)) has no letter or digit, so it can never match",
                             at: location)
            }
        }
    }

    private func repeatedTerms(_ node: TaxonomyNode) {
        for (language, rules) in node.rules.sorted(by: { $0.key < $1.key }) {
            var seen: [String: SourceLocation] = [:]
            for term in rules.terms {
                let key = term.pattern.lowercased()
                if let first = seen[key] {
                    sink.warning("the term '\(term.pattern)' appears twice in '\(node.id)' (\(language)), first at \(place(first, from: term.location)): "
                                 + "a term counts once, remove one", at: term.location)
                } else {
                    seen[key] = term.location
                }
            }
        }
    }

    /// The same term under two nodes with the same parent labels a report with both.
    private func termsSharedBySiblings() {
        var owners: [SiblingKey: (node: String, location: SourceLocation)] = [:]
        for entry in draft.nodes {
            for (language, rules) in entry.node.rules.sorted(by: { $0.key < $1.key }) {
                for term in rules.terms {
                    let key = SiblingKey(parent: entry.node.parent, language: language, term: term.pattern.lowercased())
                    guard let owner = owners[key] else {
                        owners[key] = (entry.node.id, term.location)
                        continue
                    }
                    if owner.node != entry.node.id {
                        sink.warning("the term '\(term.pattern)' (\(language)) of '\(entry.node.id)' is also a term of its sibling "
                                     + "'\(owner.node)' (\(place(owner.location, from: term.location))): it counts towards both", at: term.location)
                    }
                }
            }
        }
    }

    /// `line 12` within the same file, the full location otherwise.
    private func place(_ location: SourceLocation, from here: SourceLocation) -> String {
        location.file == here.file ? "line \(location.line)" : location.description
    }
}

private struct SiblingKey: Hashable {
    var parent: String?
    var language: String
    var term: String
}
