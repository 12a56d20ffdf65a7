/// An Aho-Corasick automaton over bytes that finds every (overlapping) occurrence of many literals
/// in one pass.
///
/// Layout, after BurntSushi/aho-corasick's contiguous NFA:
/// - bytes map to classes through one 256-entry table (each byte used by a literal has its own
///   class, all other bytes share one);
/// - states near the root are *dense*: a full row of next states per class, failure transitions
///   already followed, ids premultiplied by the row width (`next = dense[id + class]`);
/// - deeper states are *sparse*: a record `[fail, edgeCount, outputSlot, (class, next)...]` in one
///   flat array, identified by `~offset` (negative ids);
/// - match states are numbered first in both groups, so "is this a match" is one comparison.
struct Automaton: Sendable {
    /// Byte → class.
    let byteClass: [UInt8]
    /// Row width of the dense table.
    let classCount: Int
    /// Dense rows, premultiplied; entries are state ids.
    let dense: [Int32]
    /// Dense ids below this are match states.
    let denseMatchLimit: Int32
    /// Sparse state records.
    let sparse: [Int32]
    /// Sparse offsets below this are match states.
    let sparseMatchLimit: Int32
    /// Output slot `k` lists `outputs[outputStart[k] ..< outputStart[k + 1]]`.
    let outputStart: [Int32]
    /// Literal ids.
    let outputs: [Int32]
    /// The start state.
    let start: Int32
    /// Number of states.
    let stateCount: Int

    /// Bytes held by the tables.
    var memoryBytes: Int {
        byteClass.count + 4 * (dense.count + sparse.count + outputStart.count + outputs.count)
    }

    /// Replaces `matches` with every occurrence of every literal, in increasing order of `end`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, into matches: inout [AutomatonMatch]) {
        matches.removeAll(keepingCapacity: true)
        let width = Int32(classCount)
        let denseMatchLimit = denseMatchLimit, sparseMatchLimit = sparseMatchLimit
        byteClass.withUnsafeBufferPointer { classes in
            dense.withUnsafeBufferPointer { dense in
                sparse.withUnsafeBufferPointer { sparse in
                    var state = start
                    for i in 0..<text.count {
                        let c = Int32(truncatingIfNeeded: classes[Int(text[i])])
                        state = state >= 0
                            ? dense[Int(state &+ c)] : Self.sparseStep(from: state, class: c, dense: dense, sparse: sparse)
                        if state >= 0 {
                            if state < denseMatchLimit { emit(slot: state / width, end: i + 1, into: &matches) }
                        } else if ~state < sparseMatchLimit {
                            emit(slot: sparse[Int(~state) + 2], end: i + 1, into: &matches)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func sparseStep(
        from start: Int32, class c: Int32, dense: UnsafeBufferPointer<Int32>, sparse: UnsafeBufferPointer<Int32>
    ) -> Int32 {
        var state = start
        while true {
            let offset = Int(~state)
            let edgeCount = Int(sparse[offset + 1])
            var edge = offset + 3
            let edgesEnd = edge + 2 * edgeCount
            while edge < edgesEnd {
                if sparse[edge] == c { return sparse[edge + 1] }
                edge += 2
            }
            state = sparse[offset]
            if state >= 0 { return dense[Int(state &+ c)] }
        }
    }

    @inline(__always)
    private func emit(slot: Int32, end: Int, into matches: inout [AutomatonMatch]) {
        for k in Int(outputStart[Int(slot)])..<Int(outputStart[Int(slot) + 1]) {
            matches.append(AutomatonMatch(literal: outputs[k], end: Int32(end)))
        }
    }
}

/// One occurrence of a literal: its id and its end offset (exclusive).
struct AutomatonMatch: Sendable, Hashable {
    var literal: Int32
    var end: Int32
}

extension Automaton {
    /// Default budget for the dense table: small enough to stay in L2 with the input.
    static let defaultDenseBudget = 1 << 20

    /// Builds the automaton of `literals` (literal id = index; duplicates allowed, empty ones
    /// never match). States whose dense rows fit in `denseBudget` bytes, shallowest first, are
    /// dense; when every state fits, the whole automaton is a DFA.
    init(literals: [[UInt8]], denseBudget: Int = Automaton.defaultDenseBudget) {
        let trie = Trie(literals: literals)
        var classOfByte = [UInt8](repeating: 0, count: 256)
        var byteOfClass: [UInt8] = [0]  // class 0: every byte no literal uses
        for byte in 0..<256 where trie.usedBytes[byte] {
            classOfByte[byte] = UInt8(byteOfClass.count)
            byteOfClass.append(UInt8(byte))
        }
        let width = byteOfClass.count
        let order = trie.breadthFirstOrder()
        let fail = trie.failureLinks(order: order)
        let outputs = trie.outputs(order: order, fail: fail)

        // Dense: the shallowest states, whole depth levels only, within the budget.
        let rowBytes = width * 4
        var denseLimitDepth = 0
        var levelCounts: [Int] = []
        for node in order {
            let d = Int(trie.depth[node])
            if d >= levelCounts.count { levelCounts.append(0) }
            levelCounts[d] += 1
        }
        var cumulative = levelCounts[0]
        while denseLimitDepth + 1 < levelCounts.count,
              (cumulative + levelCounts[denseLimitDepth + 1]) * rowBytes <= denseBudget {
            denseLimitDepth += 1
            cumulative += levelCounts[denseLimitDepth]
        }
        let isDense = { (node: Int) in Int(trie.depth[node]) <= denseLimitDepth }
        let hasOutput = { (node: Int) in !outputs[node].isEmpty }

        // Numbering: dense match states, then the other dense states (the root among them:
        // it matches nothing, since empty literals are skipped); sparse match states, then the rest.
        let denseNodes = order.filter { isDense($0) && hasOutput($0) } + order.filter { isDense($0) && !hasOutput($0) }
        let sparseNodes = order.filter { !isDense($0) && hasOutput($0) } + order.filter { !isDense($0) && !hasOutput($0) }

        var id = [Int32](repeating: 0, count: trie.nodeCount)
        var slot = [Int32](repeating: -1, count: trie.nodeCount)
        for (j, node) in denseNodes.enumerated() { id[node] = Int32(j * width) }
        var sparseOffset = 0
        for node in sparseNodes {
            id[node] = ~Int32(sparseOffset)
            sparseOffset += 3 + 2 * trie.childCount(node)
        }
        let denseMatchNodes = denseNodes.prefix(while: hasOutput)
        let sparseMatchNodes = sparseNodes.prefix(while: hasOutput)
        let denseMatchLimit = Int32(denseMatchNodes.count * width)
        let sparseMatchLimit = sparseMatchNodes.last.map { ~id[$0] + 1 } ?? 0

        // Outputs, by slot: dense match states by row index, then sparse match states.
        var outputStart: [Int32] = [0]
        var flatOutputs: [Int32] = []
        func addSlot(_ node: Int) {
            slot[node] = Int32(outputStart.count - 1)
            flatOutputs.append(contentsOf: outputs[node])
            outputStart.append(Int32(flatOutputs.count))
        }
        for node in denseMatchNodes { addSlot(node) }
        for node in sparseMatchNodes { addSlot(node) }

        // Dense rows in breadth-first order so that a failure row is always filled before use.
        let start = id[Trie.root]
        var dense = [Int32](repeating: start, count: denseNodes.count * width)
        for node in order where isDense(node) {
            let row = Int(id[node])
            for c in 1..<width {
                if let child = trie.child(node, byteOfClass[c]) {
                    dense[row + c] = id[child]
                } else if node != Trie.root {
                    dense[row + c] = dense[Int(id[fail[node]]) + c]
                }
            }
        }
        var sparse = [Int32](repeating: 0, count: sparseOffset)
        for node in sparseNodes {
            let offset = Int(~id[node])
            sparse[offset] = id[fail[node]]
            sparse[offset + 1] = Int32(trie.childCount(node))
            sparse[offset + 2] = slot[node]
            var edge = offset + 3
            trie.forEachChild(node) { byte, child in
                sparse[edge] = Int32(classOfByte[Int(byte)])
                sparse[edge + 1] = id[child]
                edge += 2
            }
        }
        self.init(
            byteClass: classOfByte, classCount: width, dense: dense, denseMatchLimit: denseMatchLimit,
            sparse: sparse, sparseMatchLimit: sparseMatchLimit, outputStart: outputStart,
            outputs: flatOutputs, start: start, stateCount: trie.nodeCount)
    }
}

/// The keyword trie the automaton is built from: first-child / next-sibling lists in flat arrays.
private struct Trie {
    static let root = 0
    private(set) var firstChild: [Int32] = [-1]
    private(set) var nextSibling: [Int32] = [-1]
    private(set) var edgeByte: [UInt8] = [0]
    private(set) var depth: [Int32] = [0]
    /// Literal ids ending at each node.
    private(set) var terminal: [[Int32]] = [[]]
    private(set) var usedBytes = [Bool](repeating: false, count: 256)

    var nodeCount: Int { firstChild.count }

    init(literals: [[UInt8]]) {
        for (literal, bytes) in literals.enumerated() where !bytes.isEmpty {
            var node = Self.root
            for byte in bytes {
                usedBytes[Int(byte)] = true
                node = child(node, byte) ?? addChild(node, byte)
            }
            terminal[node].append(Int32(literal))
        }
    }

    func child(_ node: Int, _ byte: UInt8) -> Int? {
        var c = firstChild[node]
        while c >= 0 {
            if edgeByte[Int(c)] == byte { return Int(c) }
            c = nextSibling[Int(c)]
        }
        return nil
    }

    func forEachChild(_ node: Int, _ body: (UInt8, Int) -> Void) {
        var c = firstChild[node]
        while c >= 0 {
            body(edgeByte[Int(c)], Int(c))
            c = nextSibling[Int(c)]
        }
    }

    func childCount(_ node: Int) -> Int {
        var count = 0
        forEachChild(node) { _, _ in count += 1 }
        return count
    }

    private mutating func addChild(_ node: Int, _ byte: UInt8) -> Int {
        let new = nodeCount
        firstChild.append(-1)
        nextSibling.append(firstChild[node])
        edgeByte.append(byte)
        depth.append(depth[node] + 1)
        terminal.append([])
        firstChild[node] = Int32(new)
        return new
    }

    func breadthFirstOrder() -> [Int] {
        var order = [Self.root]
        order.reserveCapacity(nodeCount)
        var head = 0
        while head < order.count {
            forEachChild(order[head]) { _, child in order.append(child) }
            head += 1
        }
        return order
    }

    func failureLinks(order: [Int]) -> [Int] {
        var fail = [Int](repeating: Self.root, count: nodeCount)
        for node in order {
            forEachChild(node) { byte, child in
                guard node != Self.root else { return }
                var f = fail[node]
                while true {
                    if let next = self.child(f, byte) { fail[child] = next; return }
                    if f == Self.root { return }
                    f = fail[f]
                }
            }
        }
        return fail
    }

    /// Literals recognised at each node: its own, then those of its failure chain.
    func outputs(order: [Int], fail: [Int]) -> [[Int32]] {
        var outputs = terminal
        for node in order where node != Self.root {
            outputs[node] += outputs[fail[node]]
        }
        return outputs
    }
}
