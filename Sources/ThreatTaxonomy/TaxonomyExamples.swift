/// An inline example that the classifier labelled wrongly.
public struct ExampleFailure: Sendable, Hashable, CustomStringConvertible {
    /// The node whose example it is.
    public var node: String
    public var example: NodeExample

    public init(node: String, example: NodeExample) {
        self.node = node
        self.example = example
    }

    /// `file:line:col: grooming: expected match: "text"`.
    public var description: String {
        "\(example.location): \(node): expected \(example.shouldMatch ? "match" : "no match"): \"\(example.text)\""
    }
}

extension Taxonomy {
    /// How many inline examples the nodes carry.
    public var exampleCount: Int { nodes.reduce(0) { $0 + $1.examples.count } }

    /// Runs every node's inline examples through a classifier, in file order.
    ///
    /// - Parameter matchedNodes: the ids of the nodes a text is labelled with, ancestors
    ///   included (a node matches when any label's path contains it).
    /// - Returns: the examples whose outcome differs from `shouldMatch`.
    public func failingExamples(matchedNodes: (_ text: String, _ language: String?) -> Set<String>) -> [ExampleFailure] {
        nodes.flatMap { node in
            node.examples.compactMap { example in
                let matched = matchedNodes(example.text, example.language).contains(node.id)
                return matched == example.shouldMatch ? nil : ExampleFailure(node: node.id, example: example)
            }
        }
    }
}
