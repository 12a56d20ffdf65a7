import SafeYAML

/// Checks that parents exist, come before their children and form no cycle.
struct TreeChecker {
    let draft: TaxonomyDraft
    let sink: DiagnosticSink

    func check() {
        var position: [String: Int] = [:]
        for (i, entry) in draft.nodes.enumerated() { position[entry.node.id] = i }
        let cycles = findCycles(position: position)
        let inCycle = Set(cycles.joined())
        for cycle in cycles {
            let first = cycle.min()!
            let names = (cycle.drop { $0 != first } + cycle.prefix { $0 != first } + [first]).map { draft.nodes[$0].node.id }
            sink.error("the parents of '\(names[0])' form a cycle (\(names.joined(separator: " → "))): a node cannot be its own ancestor",
                       at: location(of: first))
        }
        for (i, entry) in draft.nodes.enumerated() {
            guard let parent = entry.node.parent else { continue }
            guard let parentIndex = position[parent] else {
                var message = "the parent '\(parent)' of '\(entry.node.id)' is not declared"
                if let guess = closestMatch(to: parent, in: position.keys.sorted()) { message += "; did you mean '\(guess)'?" }
                sink.error(message, at: location(of: i))
                continue
            }
            if parentIndex > i, !inCycle.contains(i) {
                let parentLine = draft.nodes[parentIndex].idLocation.line
                sink.error("the parent '\(parent)' is declared after its child '\(entry.node.id)' (at line \(parentLine)): "
                           + "move '\(parent)' above this node, parents come before their children", at: location(of: i))
            }
        }
    }

    private func location(of index: Int) -> SourceLocation {
        draft.nodes[index].parentLocation ?? draft.nodes[index].idLocation
    }

    /// Each cycle as node indices in parent order, starting anywhere on the cycle.
    private func findCycles(position: [String: Int]) -> [[Int]] {
        enum State { case unvisited, onPath, done }
        var state = [State](repeating: .unvisited, count: draft.nodes.count)
        var cycles: [[Int]] = []
        for start in draft.nodes.indices where state[start] == .unvisited {
            var path: [Int] = []
            var current: Int? = start
            while let i = current, state[i] == .unvisited {
                state[i] = .onPath
                path.append(i)
                current = draft.nodes[i].node.parent.flatMap { position[$0] }
            }
            if let i = current, state[i] == .onPath, let from = path.firstIndex(of: i) {
                cycles.append(Array(path[from...]))
            }
            for i in path { state[i] = .done }
        }
        return cycles
    }
}
