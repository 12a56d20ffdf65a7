import SafeYAML

/// Checks concept-class references: every `$id` is declared, classes include each other without
/// a cycle; warns about a class an indicator needs that has no terms in a language, and about
/// classes nothing uses.
struct ClassChecker {
    let draft: TaxonomyDraft
    let sink: DiagnosticSink

    func check() {
        let declared = Set(draft.classDefinitions.map(\.id))
        var used = Set<String>()
        func reference(_ id: String, at location: SourceLocation, in what: String) {
            used.insert(id)
            guard !declared.contains(id) else { return }
            var message = "\(what) names the class '$\(id)', which 'classes' in the taxonomy file does not declare"
            if let guess = closestMatch(to: id, in: declared.sorted()) { message += "; did you mean '$\(guess)'?" }
            sink.error(message, at: location)
        }
        for entry in draft.nodes {
            let node = entry.node
            for indicator in node.indicators {
                for id in Self.classes(of: indicator) { reference(id, at: indicator.location, in: "an indicator of '\(node.id)'") }
            }
            for (language, rules) in node.rules.sorted(by: { $0.key < $1.key }) {
                let what = "a rule of '\(node.id)' (\(language))"
                for term in rules.terms + rules.exclusions {
                    term.classReference.map { reference($0, at: term.location, in: what) }
                    for context in term.unless { reference(context.classID, at: term.location, in: what) }
                }
                for near in rules.cooccurrences {
                    for id in Self.classes(of: near) { reference(id, at: near.location, in: what) }
                }
            }
        }
        for (language, classes) in draft.classes.sorted(by: { $0.key < $1.key }) {
            for (_, conceptClass) in classes.sorted(by: { $0.key < $1.key }) {
                for term in conceptClass.terms {
                    term.classReference.map { reference($0, at: term.location, in: "the class '\(conceptClass.id)' (\(language))") }
                }
            }
            reportCycles(in: classes, language: language)
        }
        missingTerms()
        for definition in draft.classDefinitions where !used.contains(definition.id) {
            sink.warning("the class '$\(definition.id)' is used by no indicator, rule or class: remove it or use it", at: definition.location)
        }
    }

    /// Class ids a rule names in its parts and its counter-contexts.
    static func classes(of rule: CooccurrenceRule) -> [String] {
        rule.parts.compactMap(ConceptClass.reference(in:)) + rule.unless.map(\.classID)
    }

    /// A class an indicator needs, with no terms in one of the taxonomy's languages.
    private func missingTerms() {
        var reported = Set<String>()
        for entry in draft.nodes {
            for indicator in entry.node.indicators {
                for id in indicator.parts.compactMap(ConceptClass.reference(in:)) {
                    for language in draft.languages where !hasTerms(id, language: language) {
                        guard reported.insert("\(id)/\(language)").inserted else { continue }
                        sink.warning("the class '$\(id)' has no terms in \(language), so the indicators of '\(entry.node.id)' "
                                     + "that need it never fire in \(language): add it to the \(language) rule file",
                                     at: indicator.location)
                    }
                }
            }
        }
    }

    private func hasTerms(_ id: String, language: String) -> Bool {
        !(draft.classes[language]?[id]?.terms.isEmpty ?? true)
    }

    /// `$a` including `$b` including `$a`.
    private func reportCycles(in classes: [String: ConceptClass], language: String) {
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        func visit(_ id: String, path: [String]) {
            if state[id] == true { return }
            if state[id] == false {
                let cycle = path.drop { $0 != id } + [id]
                sink.error("the class '$\(id)' (\(language)) includes itself (\(cycle.map { "$" + $0 }.joined(separator: " → ")))",
                           at: classes[id]?.location ?? SourceLocation(file: "taxonomy"))
                return
            }
            state[id] = false
            for term in classes[id]?.terms ?? [] {
                if let next = term.classReference, classes[next] != nil { visit(next, path: path + [id]) }
            }
            state[id] = true
        }
        for id in classes.keys.sorted() { visit(id, path: []) }
    }
}
