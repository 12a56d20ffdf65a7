import ThreatTaxonomy

// PLACEHOLDER until the engine lands: the public surface other modules build against.

/// A taxonomy's rules compiled once into one automaton: immutable, shared by all workers.
public final class RuleSet: Sendable {
    /// The taxonomy the rules came from.
    public let taxonomy: Taxonomy

    /// Compiles every term, exclusion and co-occurrence rule of every node and language.
    public init(taxonomy: Taxonomy) throws {
        self.taxonomy = taxonomy
    }

    /// Labels one report text. `language` selects that language's rules; `nil` uses all.
    public func classify(_ text: String, language: String?) -> Classification {
        Classification(labels: [])
    }
}
