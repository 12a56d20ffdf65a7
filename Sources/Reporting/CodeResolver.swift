import ThreatTaxonomy

/// The codes of one crosswalk scheme that labelled nodes stand for: each node's own codes and
/// those of all its ancestors.
public struct CodeResolver: Sendable {
    /// The scheme key (`oecd`, `dsa`, ...).
    public let scheme: String
    private let codesByNode: [String: [String]]

    /// Throws `UnknownCodeScheme` when the taxonomy has no such scheme.
    public init(taxonomy: Taxonomy, scheme: String) throws(UnknownCodeScheme) {
        guard taxonomy.schemes[scheme] != nil else {
            throw UnknownCodeScheme(scheme: scheme, known: taxonomy.schemes.keys.sorted())
        }
        self.scheme = scheme
        var codes: [String: [String]] = [:]
        for node in taxonomy.nodes {
            let all = taxonomy.path(to: node.id).flatMap { taxonomy.codes(of: $0, scheme: scheme).map(\.code) }
            codes[node.id] = Array(Set(all)).sorted()
        }
        self.codesByNode = codes
    }

    /// The sorted, unique codes of these nodes and their ancestors.
    public func codes(of nodes: some Sequence<String>) -> [String] {
        var codes = Set<String>()
        for node in nodes { codes.formUnion(codesByNode[node] ?? []) }
        return codes.sorted()
    }
}

/// A `--codes` scheme the taxonomy does not have.
public struct UnknownCodeScheme: Error, Sendable, CustomStringConvertible {
    public var scheme: String
    public var known: [String]

    public var description: String {
        known.isEmpty
            ? "The taxonomy has no crosswalk schemes, so there are no '\(scheme)' codes."
            : "The taxonomy has no crosswalk scheme '\(scheme)'. Known schemes: \(known.joined(separator: ", "))."
    }
}
