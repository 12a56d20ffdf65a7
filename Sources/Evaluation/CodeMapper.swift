import ThreatRules
import ThreatTaxonomy

/// Turns a classification into codes of one scheme: the crosswalk codes of every labelled node
/// and of its ancestors, or with the pseudo-scheme `node`, the node ids themselves.
public struct CodeMapper: Sendable {
    /// The pseudo-scheme whose codes are the taxonomy's own node ids.
    public static let nodeScheme = "node"

    public let scheme: String
    private let codesByNode: [String: Set<String>]

    /// Throws `EvaluationError.unknownScheme` for a scheme the taxonomy does not declare.
    public init(taxonomy: Taxonomy, scheme: String) throws {
        guard scheme == Self.nodeScheme || taxonomy.schemes[scheme] != nil else {
            throw EvaluationError.unknownScheme(scheme, known: taxonomy.schemes.keys.sorted())
        }
        self.scheme = scheme
        var codes: [String: Set<String>] = [:]
        for node in taxonomy.nodes {
            var set = Set<String>()
            for id in taxonomy.path(to: node.id) {
                if scheme == Self.nodeScheme { set.insert(id) }
                else { set.formUnion(taxonomy.codes(of: id, scheme: scheme).map(\.code)) }
            }
            codes[node.id] = set
        }
        codesByNode = codes
    }

    /// Every code the scheme can produce.
    public var allCodes: Set<String> { codesByNode.values.reduce(into: Set()) { $0.formUnion($1) } }

    /// Codes of the labelled nodes and their ancestors.
    public func codes(for classification: Classification) -> Set<String> {
        classification.labels.reduce(into: Set()) { $0.formUnion(codesByNode[$1.node] ?? []) }
    }

    /// Codes of a node and its ancestors (used to expand gold node ids in the `node` scheme).
    public func codes(forNode id: String) -> Set<String> { codesByNode[id] ?? [] }
}
