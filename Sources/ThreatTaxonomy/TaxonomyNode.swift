import SafeYAML

/// One category of threat in the tree.
public struct TaxonomyNode: Sendable, Identifiable, Equatable {
    /// Stable machine id (a slug such as `grooming`): never changes when the node moves,
    /// so counts stay comparable across years.
    public var id: String
    /// The parent's id; `nil` for a top-level node.
    public var parent: String?
    /// Display names by language code; `en` is required.
    public var names: [String: String]
    /// One paragraph in English saying what belongs here and what does not.
    public var definition: String
    /// Score a report must reach on this node's own rules to be labelled with it.
    public var threshold: Double
    /// Rules by language code.
    public var rules: [String: LanguageRules]
    /// Language-independent rules over concept classes, compiled for every language.
    public var indicators: [CooccurrenceRule]
    /// Codes in external schemes, by scheme key.
    public var crosswalks: [String: [CrosswalkEntry]]
    /// Short texts that must, or must not, be labelled with this node: the taxonomy's own tests.
    public var examples: [NodeExample]
    /// Where the node is declared.
    public var location: SourceLocation

    public init(
        id: String, parent: String?, names: [String: String], definition: String,
        threshold: Double = 1, rules: [String: LanguageRules] = [:], indicators: [CooccurrenceRule] = [],
        crosswalks: [String: [CrosswalkEntry]] = [:], examples: [NodeExample] = [],
        location: SourceLocation
    ) {
        self.id = id
        self.parent = parent
        self.names = names
        self.definition = definition
        self.threshold = threshold
        self.rules = rules
        self.indicators = indicators
        self.crosswalks = crosswalks
        self.examples = examples
        self.location = location
    }

    /// The English name, or the id when none is given.
    public var name: String { names["en"] ?? id }
}

/// An inline example of a node: a short text and whether it must be labelled with the node.
public struct NodeExample: Sendable, Hashable {
    public var text: String
    /// Language of the text, when the example is meant for one language's rules.
    public var language: String?
    /// `true`: the text must be labelled with the node; `false`: it must not.
    public var shouldMatch: Bool
    public var location: SourceLocation

    public init(text: String, language: String?, shouldMatch: Bool, location: SourceLocation) {
        self.text = text
        self.language = language
        self.shouldMatch = shouldMatch
        self.location = location
    }
}
