import ThreatRules
import ThreatTaxonomy
import SafeYAML

/// Small taxonomies written in code, so the engine's tests do not depend on the shipped files.
enum TestTaxonomy {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    static func term(_ pattern: String, _ weight: Double = 1, exact: Bool = false) -> TermRule {
        TermRule(pattern: pattern, weight: weight, exact: exact, location: here)
    }

    static func near(_ parts: [String], within: Int? = nil, sentence: Bool = false, _ weight: Double = 1) -> CooccurrenceRule {
        CooccurrenceRule(parts: parts, window: within, sameSentence: sentence, weight: weight, location: here)
    }

    static func node(
        _ id: String, parent: String? = nil, threshold: Double = 1, _ rules: [String: LanguageRules]
    ) -> TaxonomyNode {
        TaxonomyNode(
            id: id, parent: parent, names: ["en": id.capitalized], definition: "", threshold: threshold,
            rules: rules, location: here)
    }

    static func taxonomy(_ nodes: [TaxonomyNode], classes: [String: [String: [String]]] = [:]) -> Taxonomy {
        let ids = Set(classes.values.flatMap(\.keys)).sorted()
        return Taxonomy(
            version: "1.0.0", name: "test", languages: classes.isEmpty ? ["en"] : classes.keys.sorted(), schemes: [:], nodes: nodes,
            classDefinitions: ids.map { ClassDefinition(id: $0, meaning: $0, location: here) },
            classes: classes.mapValues { byID in
                byID.mapValues { terms in ConceptClass(id: "", terms: terms.map { term($0) }, location: here) }
            })
    }

    /// An indicator: all of `parts` (or at least `needed`), within `within` words or a sentence.
    static func indicator(
        _ parts: [String], needed: Int? = nil, within: Int? = nil, sentence: Bool = false, ordered: Bool = false,
        _ weight: Double = 1, unless: [ContextCondition] = []
    ) -> CooccurrenceRule {
        CooccurrenceRule(
            parts: parts, needed: needed, window: within, sameSentence: sentence, ordered: ordered, weight: weight, unless: unless,
            location: here)
    }

    /// A rule set of one node `n` with language-independent `indicators` over `classes`.
    static func rules(indicators: [CooccurrenceRule], classes: [String: [String: [String]]]) throws -> RuleSet {
        try RuleSet(taxonomy: taxonomy(
            [TaxonomyNode(id: "n", parent: nil, names: ["en": "N"], definition: "", indicators: indicators, location: here)],
            classes: classes))
    }

    /// A rule set of one node `n` with English rules.
    static func rules(
        terms: [TermRule] = [], exclude: [TermRule] = [], near: [CooccurrenceRule] = [], threshold: Double = 1
    ) throws -> RuleSet {
        try RuleSet(taxonomy: taxonomy([
            node("n", threshold: threshold, ["en": LanguageRules(terms: terms, exclusions: exclude, cooccurrences: near)])
        ]))
    }
}

extension Classification {
    /// Labelled node ids, in order.
    var nodes: [String] { labels.map(\.node) }
}
