/// An external classification that nodes are mapped to, pinned to one version.
public struct CrosswalkScheme: Sendable, Hashable {
    public var key: String
    public var title: String
    public var version: String
    public var url: String?

    public init(key: String, title: String, version: String, url: String? = nil) {
        self.key = key
        self.title = title
        self.version = version
        self.url = url
    }
}

/// How a node relates to an external code (SKOS-style mapping relations).
public enum CrosswalkRelation: String, Sendable, Hashable, CaseIterable {
    /// Same meaning.
    case exact
    /// The external code is broader than the node.
    case broad
    /// The external code is narrower than the node.
    case narrow
    /// Overlapping, neither contains the other.
    case related
}

/// One code of an external scheme that a node maps to.
public struct CrosswalkEntry: Sendable, Hashable {
    public var code: String
    public var relation: CrosswalkRelation

    public init(code: String, relation: CrosswalkRelation) {
        self.code = code
        self.relation = relation
    }
}
