import ThreatTaxonomy
import SafeYAML

/// A rule that cannot be compiled, located in the taxonomy files.
public struct CompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The node the rule belongs to.
    public var node: String
    /// The rule's language.
    public var language: String
    /// The term as written.
    public var term: String
    /// What is wrong, as a sentence.
    public var problem: String
    /// Where the rule is written.
    public var location: SourceLocation

    public init(node: String, language: String, term: String, problem: String, location: SourceLocation) {
        self.node = node
        self.language = language
        self.term = term
        self.problem = problem
        self.location = location
    }

    /// `file:line:col: error: node 'x', language 'en', term 'y': problem`.
    public var description: String {
        "\(location): error: node '\(node)', language '\(language)', term '\(term)': \(problem)"
    }
}
