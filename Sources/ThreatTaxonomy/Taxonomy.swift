import SafeYAML

/// A loaded, validated threat taxonomy: a tree of nodes with multilingual rules and crosswalks.
///
/// Node order is the order of the file, which is also the display order.
public struct Taxonomy: Sendable, Equatable {
    /// The `version` key of the taxonomy file (semantic version, e.g. `1.2.0`).
    public var version: String
    /// A human title for the taxonomy.
    public var name: String
    /// The languages this taxonomy promises rules for (ISO 639-1 codes).
    public var languages: [String]
    /// External classifications that nodes map to, by scheme key (`oecd`, `dsa`, `rsit`, `eval`).
    public var schemes: [String: CrosswalkScheme]
    /// All nodes, parents before their children.
    public private(set) var nodes: [TaxonomyNode]
    /// Concept class ids with what each means, in declaration order.
    public var classDefinitions: [ClassDefinition]
    /// Concept classes by language code, then class id.
    public var classes: [String: [String: ConceptClass]]
    /// 16 hex digits that change with any edit of the taxonomy file or a rule file (empty for
    /// a taxonomy built in code): tells two rule sets apart under one version.
    public var rulesHash = ""
    private var indexByID: [String: Int]

    public init(
        version: String, name: String, languages: [String],
        schemes: [String: CrosswalkScheme], nodes: [TaxonomyNode],
        classDefinitions: [ClassDefinition] = [], classes: [String: [String: ConceptClass]] = [:]
    ) {
        self.version = version
        self.name = name
        self.languages = languages
        self.schemes = schemes
        self.nodes = nodes
        self.classDefinitions = classDefinitions
        self.classes = classes
        var index: [String: Int] = [:]
        for (i, node) in nodes.enumerated() { index[node.id] = i }
        self.indexByID = index
    }

    /// The node with this stable id.
    public subscript(id: String) -> TaxonomyNode? {
        indexByID[id].map { nodes[$0] }
    }

    /// Top-level nodes, in file order.
    public var roots: [TaxonomyNode] { nodes.filter { $0.parent == nil } }

    /// Direct children of a node, in file order.
    public func children(of id: String) -> [TaxonomyNode] {
        nodes.filter { $0.parent == id }
    }

    /// Nodes without children.
    public var leaves: [TaxonomyNode] {
        let parents = Set(nodes.compactMap(\.parent))
        return nodes.filter { !parents.contains($0.id) }
    }

    /// Ids from the root down to and including `id`; empty for an unknown id.
    public func path(to id: String) -> [String] {
        var path: [String] = []
        var current: String? = id
        while let nodeID = current, let node = self[nodeID], path.count <= nodes.count {
            path.append(node.id)
            current = node.parent
        }
        return path.reversed()
    }

    /// Codes of a scheme that a node maps to, its own entries only.
    public func codes(of id: String, scheme: String) -> [CrosswalkEntry] {
        self[id]?.crosswalks[scheme] ?? []
    }
}

/// A concept class as declared in the taxonomy file: its id and what it means.
public struct ClassDefinition: Sendable, Hashable {
    public var id: String
    /// One line in English: what belongs to the class, with examples.
    public var meaning: String
    public var location: SourceLocation

    public init(id: String, meaning: String, location: SourceLocation) {
        self.id = id
        self.meaning = meaning
        self.location = location
    }
}
