import TextFormats

/// Views of a taxonomy for people and scripts: the summary line, the tree, JSON, term lists.
extension Taxonomy {
    /// Languages to show rule counts for: the declared ones, else those that have rules.
    public var ruleLanguages: [String] {
        languages.isEmpty ? Set(nodes.flatMap(\.rules.keys)).sorted() : languages
    }

    /// Rules of all kinds, all nodes and languages: each language's own rules, and each
    /// indicator once per language it can fire in.
    public var ruleCount: Int {
        nodes.reduce(0) { total, node in total + ruleLanguages.reduce(0) { $0 + ruleCount(of: node, in: $1) } }
    }

    /// A node's own rules in a language plus its indicators that can fire there.
    public func ruleCount(of node: TaxonomyNode, in language: String) -> Int {
        (node.rules[language]?.count ?? 0) + node.indicators.filter { canFire($0, in: language) }.count
    }

    /// Terms of a class in a language, as written (alternations and included classes unexpanded).
    public func termCount(ofClass id: String, in language: String) -> Int {
        classes[language]?[id]?.terms.count ?? 0
    }

    /// `Taxonomy 1.0.0: 44 nodes, 34 leaves, 2,345 rules in 6 languages (80 indicators over 90
    /// classes); 0 errors, 3 warnings`.
    public func summaryLine(errors: Int, warnings: Int) -> String {
        let indicators = nodes.reduce(0) { $0 + $1.indicators.count }
        let model = indicators == 0 ? "" : " (\(counted(indicators, "indicator")) over \(counted(classDefinitions.count, "class", "classes")))"
        return "Taxonomy \(version): \(counted(nodes.count, "node")), \(counted(leaves.count, "leaf", "leaves")), "
            + "\(counted(ruleCount, "rule")) in \(counted(ruleLanguages.count, "language"))\(model); "
            + "\(counted(errors, "error")), \(counted(warnings, "warning"))"
    }

    /// The tree with ids, English names and rule counts per language, one node a line.
    public func treeText() -> String {
        var rows: [(label: String, name: String, counts: [Int])] = []
        func visit(_ node: TaxonomyNode, prefix: String, connector: String, childPrefix: String) {
            rows.append((prefix + connector + node.id, node.name, ruleLanguages.map { ruleCount(of: node, in: $0) }))
            let children = self.children(of: node.id)
            for (i, child) in children.enumerated() {
                let last = i == children.count - 1
                visit(child, prefix: prefix + childPrefix, connector: last ? "└─ " : "├─ ", childPrefix: last ? "   " : "│  ")
            }
        }
        for root in roots { visit(root, prefix: "", connector: "", childPrefix: "") }

        let names = rows.map { $0.name.count > 48 ? $0.name.prefix(47) + "…" : $0.name }
        let labelWidth = max(2, rows.map(\.label.count).max() ?? 0)
        let nameWidth = max(4, names.map(\.count).max() ?? 0)
        let countWidths = ruleLanguages.enumerated().map { i, language in
            max(language.count, rows.map { String($0.counts[i]).count }.max() ?? 0)
        }
        func line(_ label: String, _ name: String, _ cells: [String]) -> String {
            let counts = zip(cells, countWidths).map { padLeft($0, $1) }.joined(separator: "  ")
            return (padRight(label, labelWidth) + "  " + padRight(name, nameWidth) + "  " + counts)
                .replacing(/\s+$/, with: "")
        }
        let title = (name.isEmpty ? "Taxonomy" : name) + " \(version): \(counted(nodes.count, "node")), "
            + "\(counted(leaves.count, "leaf", "leaves")); rules per language"
        let header = line("id", "name", ruleLanguages)
        let body = zip(rows, names).map { row, name in line(row.label, name, row.counts.map(String.init)) }
        return ([title, header] + body + classTable()).joined(separator: "\n")
    }

    /// The concept classes with their number of terms per language (a 0 is a gap to fill).
    private func classTable() -> [String] {
        guard !classDefinitions.isEmpty else { return [] }
        let idWidth = max(5, classDefinitions.map { $0.id.count + 1 }.max() ?? 0)
        let widths = ruleLanguages.map { language in
            max(language.count, classDefinitions.map { String(termCount(ofClass: $0.id, in: language)).count }.max() ?? 0)
        }
        func line(_ id: String, _ cells: [String]) -> String {
            padRight(id, idWidth) + "  " + zip(cells, widths).map { padLeft($0, $1) }.joined(separator: "  ")
        }
        return ["", "Concept classes: terms per language", line("class", ruleLanguages)]
            + classDefinitions.map { definition in
                line("$" + definition.id, ruleLanguages.map { String(termCount(ofClass: definition.id, in: $0)) })
            }
    }

    /// `{"version", "nodes": [{"id", "parent", "path", "name", "leaf", "crosswalks", "rules"}]}`,
    /// with `rules` keyed by every language in `ruleLanguages` (0 when none).
    public func jsonText() -> String {
        let leafIDs = Set(leaves.map(\.id))
        let nodes: [JSONText] = nodes.map { node in
            .object([
                ("id", .string(node.id)),
                ("parent", node.parent.map(JSONText.string) ?? .null),
                ("path", .array(path(to: node.id).map(JSONText.string))),
                ("name", .object(node.names.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("leaf", .bool(leafIDs.contains(node.id))),
                ("crosswalks", .object(node.crosswalks.sorted { $0.key < $1.key }.map { scheme, entries in
                    (scheme, .array(entries.map { .object([("code", .string($0.code)), ("relation", .string($0.relation.rawValue))]) }))
                })),
                ("rules", .object(ruleLanguages.map { ($0, .number(ruleCount(of: node, in: $0))) })),
            ])
        }
        let classes: [JSONText] = classDefinitions.map { definition in
            .object([
                ("id", .string(definition.id)),
                ("meaning", .string(definition.meaning)),
                ("terms", .object(ruleLanguages.map { ($0, .number(termCount(ofClass: definition.id, in: $0))) })),
            ])
        }
        return JSONText.object([("version", .string(version)), ("nodes", .array(nodes)), ("classes", .array(classes))]).rendered()
    }

    /// Every term, near-rule part and class term as a lowercased literal (alternations spelled
    /// out, no `*`), deduplicated and sorted: a pattern file for `grep -F -i -f`. Exclusions and
    /// counter-context classes are left out. `nil` means all languages.
    public func termLiterals(language: String? = nil) -> [String] {
        var contextClasses = Set<String>()
        for node in nodes {
            for indicator in node.indicators { contextClasses.formUnion(indicator.unless.map(\.classID)) }
            for rules in node.rules.values {
                for term in rules.terms { contextClasses.formUnion(term.unless.map(\.classID)) }
                for near in rules.cooccurrences { contextClasses.formUnion(near.unless.map(\.classID)) }
            }
        }
        var patterns: [String] = []
        for node in nodes {
            for (code, rules) in node.rules where language == nil || code == language {
                patterns += rules.terms.map(\.pattern) + rules.cooccurrences.flatMap(\.parts)
            }
        }
        for (code, byID) in classes where language == nil || code == language {
            for (id, conceptClass) in byID where !contextClasses.contains(id) { patterns += conceptClass.terms.map(\.pattern) }
        }
        var literals = Set<String>()
        for pattern in patterns where ConceptClass.reference(in: pattern) == nil {
            for variant in Alternation.expand(pattern) {
                let literal = variant.replacing("*", with: "").lowercased()
                if !literal.isEmpty { literals.insert(literal) }
            }
        }
        return literals.sorted()
    }

    /// Whether enough of an indicator's parts have terms in `language` for it to fire there (a
    /// part that is not a class always can).
    public func canFire(_ indicator: CooccurrenceRule, in language: String) -> Bool {
        indicator.canFire(in: language, classes: classes)
    }
}

/// `1 node`, `2,345 rules`: a count with thousands separators and the right noun form.
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    var digits = String(count)
    var grouped = ""
    while digits.count > 3 {
        grouped = "," + digits.suffix(3) + grouped
        digits.removeLast(3)
    }
    return digits + grouped + " " + (count == 1 ? singular : plural ?? singular + "s")
}

private func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

private func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}
