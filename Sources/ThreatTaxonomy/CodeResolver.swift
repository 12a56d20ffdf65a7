/// The codes of one crosswalk scheme that labelled nodes stand for: each node's own codes and
/// those of all its ancestors, of the relations asked for; with the pseudo-scheme `node`, the
/// node ids themselves.
public struct CodeResolver: Sendable {
    /// The pseudo-scheme whose codes are the taxonomy's own node ids.
    public static let nodeScheme = "node"
    /// The relations a report's code is given for by default: a code that means the node
    /// (`exact`) or contains it (`broad`). A `narrow` or `related` code would say more than the
    /// report does (a scam is not every narrower kind of scam).
    public static let defaultRelations: Set<CrosswalkRelation> = [.exact, .broad]

    /// The scheme key (`oecd`, `dsa`, `node`, ...).
    public let scheme: String
    /// The crosswalk relations whose codes are given.
    public let relations: Set<CrosswalkRelation>
    private let codesByNode: [String: [String]]
    /// Per node: its codes of the asked relations, then its parent's, up to the root; each
    /// node's own exact codes before broad ones.
    private let nearestCodes: [String: [String]]

    /// The scheme, and the relations when they are not the default (`dsa [broad,exact,narrow]`):
    /// what a summary records, so summaries of different codes do not merge.
    public var identity: String {
        relations == Self.defaultRelations || scheme == Self.nodeScheme
            ? scheme : "\(scheme) [\(relations.map(\.rawValue).sorted().joined(separator: ","))]"
    }

    /// Throws `UnknownCodeScheme` when the taxonomy has no such scheme.
    public init(
        taxonomy: Taxonomy, scheme: String, relations: Set<CrosswalkRelation> = CodeResolver.defaultRelations
    ) throws(UnknownCodeScheme) {
        guard scheme == Self.nodeScheme || taxonomy.schemes[scheme] != nil else {
            throw UnknownCodeScheme(scheme: scheme, known: taxonomy.schemes.keys.sorted())
        }
        self.scheme = scheme
        self.relations = relations
        var codes: [String: [String]] = [:]
        var nearest: [String: [String]] = [:]
        for node in taxonomy.nodes {
            let path = taxonomy.path(to: node.id)
            let all = scheme == Self.nodeScheme
                ? path : path.flatMap { taxonomy.codes(of: $0, scheme: scheme).filter { relations.contains($0.relation) }.map(\.code) }
            codes[node.id] = Array(Set(all)).sorted()
            nearest[node.id] = scheme == Self.nodeScheme ? path.reversed() : path.reversed().flatMap { id in
                taxonomy.codes(of: id, scheme: scheme).filter { relations.contains($0.relation) }
                    .sorted { (Self.rank($0.relation), $0.code) < (Self.rank($1.relation), $1.code) }.map(\.code)
            }
        }
        self.codesByNode = codes
        self.nearestCodes = nearest
    }

    /// The sorted, unique codes of these nodes and their ancestors.
    public func codes(of nodes: some Sequence<String>) -> [String] {
        var codes = Set<String>()
        for node in nodes { codes.formUnion(codesByNode[node] ?? []) }
        return codes.sorted()
    }

    /// The code starting with `prefix` nearest to `node`: its own (exact before broad), else its
    /// parent's, and so on up. For the DSA's one statement category per report.
    public func nearestCode(of node: String, prefix: String) -> String? {
        nearestCodes[node]?.first { $0.hasPrefix(prefix) }
    }

    private static func rank(_ relation: CrosswalkRelation) -> Int {
        CrosswalkRelation.allCases.firstIndex(of: relation)!
    }

    /// Every code the scheme can produce.
    public var allCodes: Set<String> { codesByNode.values.reduce(into: Set()) { $0.formUnion($1) } }
}

/// A `--codes` scheme the taxonomy does not have.
public struct UnknownCodeScheme: Error, Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var known: [String]

    public init(scheme: String, known: [String]) {
        self.scheme = scheme
        self.known = known
    }

    public var description: String {
        let choices = known + ["'\(CodeResolver.nodeScheme)' for the node ids"]
        return "The taxonomy has no crosswalk scheme '\(scheme)'. Use one of: \(choices.joined(separator: ", "))."
    }
}
