#if canImport(Glibc)
import Glibc
#endif

/// An Aho-Corasick automaton over bytes that finds every (overlapping) occurrence of many literals
/// in one pass.
///
/// Layout, after BurntSushi/aho-corasick's contiguous NFA:
/// - bytes map to classes through one 256-entry table (each byte used by a literal has its own
///   class, all other bytes share one);
/// - states near the root are *dense*: a full row of next states per class, failure transitions
///   already followed, ids premultiplied by the row width (`next = dense[id + class]`);
/// - deeper states are *sparse*: a record in one flat array, identified by `~offset` (negative
///   ids), in the trie's depth-first order, so that a state's first child is the record right
///   after it and reading a word walks neighbouring records. A record is
///   `[fail, header, literals?, classes..., next...]`: the header holds the first child's
///   class, the number of children and the number of literals (`SparseHeader`); `literals`
///   only when there are some: the literal itself when there is one, else where they start
///   (they are `outputs[start ..< start + count]`);
///   the classes of the other children, four to a word, then their states. Most deep states
///   continue one literal (one child, no literal of their own) and take two words, so the
///   tables of a large taxonomy stay within the processor's last-level cache;
/// - dense match states are numbered first, so "is this a match" is one comparison there, and
///   their literals are listed through `outputStart` by row.
struct Automaton: Sendable {
    /// Byte → class.
    let byteClass: [UInt8]
    /// Row width of the dense table.
    let classCount: Int
    /// Dense rows, premultiplied; entries are state ids.
    let dense: Table<Int32>
    /// Dense ids below this are match states.
    let denseMatchLimit: Int32
    /// Sparse state records.
    let sparse: Table<Int32>
    /// The dense match state of row `k` lists `outputs[outputStart[k] ..< outputStart[k + 1]]`.
    let outputStart: [Int32]
    /// Literal ids.
    let outputs: [Int32]
    /// The state a scan starts in: the root, or the state after the virtual leading byte.
    let start: Int32
    /// Number of states.
    let stateCount: Int

    /// Whether `byte` is read as `other` (the `alias` the automaton was built with): a match
    /// may then span a `byte` where its literal has an `other`.
    func reads(_ byte: UInt8, as other: UInt8) -> Bool {
        byteClass[Int(byte)] != 0 && byteClass[Int(byte)] == byteClass[Int(other)]
    }

    /// Bytes held by the tables.
    var memoryBytes: Int {
        byteClass.count + 4 * (dense.count + sparse.count + outputStart.count + outputs.count)
    }

    /// Replaces `matches` with every occurrence of every literal, in increasing order of `end`.
    /// With a `trailingByte`, the text is read as if that byte came after it (a literal that
    /// ends with it can match at the end; its `end` is then `text.count + 1`).
    func scan(_ text: UnsafeBufferPointer<UInt8>, trailingByte: UInt8? = nil, into matches: inout ScratchBuffer<AutomatonMatch>) {
        matches.removeAll()
        // A dense match state's row is its id over the row width. Ids are exact multiples of it
        // below 2^31, so a multiplication by the rounded-up reciprocal (scaled by 2^32) and a
        // shift give the quotient exactly, without a division per match.
        let reciprocal = ((1 << 32) + UInt64(classCount) - 1) / UInt64(classCount)
        let denseMatchLimit = denseMatchLimit
        byteClass.withUnsafeBufferPointer { classes in
            dense.withUnsafeBufferPointer { dense in
                sparse.withUnsafeBufferPointer { sparse in
                    outputStart.withUnsafeBufferPointer { outputStart in
                        outputs.withUnsafeBufferPointer { outputs in
                            var state = start
                            /// Reads one byte, the `end`th, and lists the literals that end with it.
                            @inline(__always) func step(_ byte: UInt8, end: Int) {
                                let c = Int32(truncatingIfNeeded: classes[Int(byte)])
                                state = state >= 0
                                    ? dense[Int(state &+ c)] : Self.sparseStep(from: state, class: c, dense: dense, sparse: sparse)
                                let first: Int, last: Int
                                if state >= 0 {
                                    guard state < denseMatchLimit else { return }
                                    let row = Int(truncatingIfNeeded: (UInt64(state) &* reciprocal) >> 32)
                                    (first, last) = (Int(outputStart[row]), Int(outputStart[row + 1]))
                                } else {
                                    let outputCount = SparseHeader(sparse[Int(~state) + 1]).outputCount
                                    guard outputCount > 0 else { return }
                                    if outputCount == 1 {
                                        matches.append(AutomatonMatch(literal: sparse[Int(~state) + 2], end: Int32(end)))
                                        return
                                    }
                                    first = Int(sparse[Int(~state) + 2])
                                    last = first + outputCount
                                }
                                for k in first..<last {
                                    matches.append(AutomatonMatch(literal: outputs[k], end: Int32(end)))
                                }
                            }
                            for i in 0..<text.count { step(text[i], end: i + 1) }
                            if let trailingByte { step(trailingByte, end: text.count + 1) }
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
            let header = SparseHeader(sparse[offset + 1])
            // Reading on along a literal, the common step: the first child is the next record.
            if header.firstClass == c { return ~Int32(truncatingIfNeeded: offset + header.recordLength) }
            switch header.others {
            case .none: break
            case .map:
                // Bit `d` of the map: a child of class `firstClass + d`. The children after the
                // first are listed in class order, so a child's state is found by the count of
                // the bits below its own.
                let d = c &- header.firstClass
                if UInt32(bitPattern: d) < 64 {
                    let classes = offset + header.classesOffset
                    let map = UInt64(UInt32(bitPattern: sparse[classes])) | UInt64(UInt32(bitPattern: sparse[classes + 1])) << 32
                    if map >> UInt64(d) & 1 != 0 { return sparse[classes + 1 + (map & (1 << UInt64(d) &- 1)).nonzeroBitCount] }
                }
            case .list:
                let classes = offset + header.classesOffset
                let others = SparseHeader.listed(inWords: header.recordLength - header.classesOffset)
                for k in 0..<others where (sparse[classes + k >> 2] >> (8 * Int32(k & 3))) & 0xFF == c {
                    return sparse[classes + (others + 3) >> 2 + k]
                }
            }
            state = sparse[offset]
            if state >= 0 { return dense[Int(state &+ c)] }
        }
    }
}

/// The second word of a sparse state's record: bits 0–7 the first child's class (255: no
/// child; no byte has that class), 8–16 the record's length in words, 17–29 the number of
/// literals the state recognises, 30–31 how the other children are found (`Others`).
struct SparseHeader {
    /// How a record lists the children after the first.
    enum Others: UInt32 {
        /// There are none.
        case none
        /// Their classes four to a word, then their states.
        case list
        /// A 64-bit map of the classes from the first child's (two words), then their states:
        /// for a state of three children or more whose classes all fall within 64 of the first,
        /// found by a bit test and a population count, not by a search.
        case map
    }

    /// The first class of a state without children: no byte has it (UTF-8 text never holds
    /// some bytes, so there are fewer than 255 classes).
    static let noChild = 255
    let bits: UInt32

    init(_ word: Int32) { bits = UInt32(bitPattern: word) }

    /// The header of a record for children of `classes` (in increasing order) and `outputCount` literals.
    init(classes: [Int], outputCount: Int) {
        precondition(outputCount < 1 << 13, "a matcher state recognises too many spellings")
        let others: Others = classes.count < 2 ? .none : classes.count >= 3 && classes.last! - classes[0] < 64 ? .map : .list
        let listed = max(0, classes.count - 1)
        let length = (outputCount > 0 ? 3 : 2) + (others == .map ? 2 : (listed + 3) / 4) + listed
        bits = UInt32(classes.first ?? Self.noChild) | UInt32(length) << 8 | UInt32(outputCount) << 17 | others.rawValue << 30
    }

    var word: Int32 { Int32(bitPattern: bits) }
    @inline(__always) var firstClass: Int32 { Int32(bits & 0xFF) }
    @inline(__always) var recordLength: Int { Int(bits >> 8 & 0x1FF) }
    @inline(__always) var outputCount: Int { Int(bits >> 17 & 0x1FFF) }
    @inline(__always) var others: Others { Others(rawValue: bits >> 30) ?? .none }
    /// Where the other children's classes start, from the record's start: after the fail state,
    /// the header and, when the state recognises literals, the literals word.
    @inline(__always) var classesOffset: Int { outputCount > 0 ? 3 : 2 }

    /// How many children a `.list` record of `words` words after its literals word lists: `k`
    /// classes take `⌈k/4⌉` words and their states `k`, and `⌊4w/5⌋` inverts that.
    @inline(__always) static func listed(inWords words: Int) -> Int { 4 * words / 5 }
}

/// One occurrence of a literal: its id and its end offset (exclusive).
struct AutomatonMatch: Sendable, Hashable {
    var literal: Int32
    var end: Int32
}

extension Automaton {
    /// Default budget for the dense table: small enough to stay in L2 with the input.
    static let defaultDenseBudget = 1 << 20

    /// Builds the automaton of `literals` (duplicates allowed, empty ones never match); a match of
    /// `literals[k]` reports `ids[k]` (default: `k`). With a `leadingByte`, every scan starts as
    /// if that byte came before the text, so a literal that begins with it can match at the
    /// start. With an `alias`, its `byte` reads as `readAs` (when no literal holds it). States whose
    /// dense rows fit in `denseBudget` bytes, shallowest first, are dense;
    /// when every state fits, the whole automaton is a DFA.
    ///
    /// Built in flat arrays, in time linear in the literals' bytes (after one sort): the trie from
    /// the sorted literals without child lookups, failure links through the dense rows where they
    /// exist, outputs as links to the next state that has literals of its own.
    init(
        literals: [[UInt8]], ids: [Int32]? = nil, leadingByte: UInt8? = nil, alias: (byte: UInt8, readAs: UInt8)? = nil,
        denseBudget: Int = Automaton.defaultDenseBudget
    ) {
        let trie = Trie(literals: literals)
        var classOfByte = [UInt8](repeating: 0, count: 256)
        var byteOfClass: [UInt8] = [0]  // class 0: every byte no literal uses
        for byte in 0..<256 where trie.usedBytes[byte] {
            classOfByte[byte] = UInt8(byteOfClass.count)
            byteOfClass.append(UInt8(byte))
        }
        if let alias, !trie.usedBytes[Int(alias.byte)] { classOfByte[Int(alias.byte)] = classOfByte[Int(alias.readAs)] }
        let width = byteOfClass.count
        // Class 255 marks a sparse state without children (`SparseHeader.noChild`).
        precondition(width <= SparseHeader.noChild, "literals use more than 254 distinct bytes")
        let order = trie.breadthFirstOrder()

        // Dense: the shallowest states, whole depth levels only, within the budget. They are a
        // prefix of the breadth-first order.
        let rowBytes = width * 4
        var levelCounts: [Int] = []
        for node in order {
            let d = Int(trie.depth[Int(node)])
            if d >= levelCounts.count { levelCounts.append(0) }
            levelCounts[d] += 1
        }
        var denseLimitDepth = 0
        var denseCount = levelCounts[0]
        while denseLimitDepth + 1 < levelCounts.count, (denseCount + levelCounts[denseLimitDepth + 1]) * rowBytes <= denseBudget {
            denseLimitDepth += 1
            denseCount += levelCounts[denseLimitDepth]
        }
        let links = trie.links(order: order, denseCount: denseCount, classOfByte: classOfByte, byteOfClass: byteOfClass)
        let hasOutput = links.hasOutput

        // Numbering: dense match states, then the other dense states (the root among them:
        // it matches nothing, since empty literals are skipped); sparse match states, then the rest.
        let denseOrder = order[..<denseCount], sparseOrder = order[denseCount...]
        let denseNodes = denseOrder.filter { hasOutput[Int($0)] } + denseOrder.filter { !hasOutput[Int($0)] }
        // Sparse states in the trie's depth-first order: the rest of a word is read from
        // neighbouring records, not from one far away per byte.
        let sparseNodes = sparseOrder.sorted()

        let denseMatchNodes = denseNodes.prefix { hasOutput[Int($0)] }
        let sparseMatchNodes = sparseNodes.filter { hasOutput[Int($0)] }

        // Outputs, by slot: dense match states by row index, then sparse match states (whose
        // records hold their range). A state's literals are its own, then those of each state
        // its output links lead to.
        var slot = [Int32](repeating: -1, count: trie.nodeCount)
        var outputStart: [Int32] = [0]
        var flatOutputs: [Int32] = []
        for node in denseMatchNodes + sparseMatchNodes {
            slot[Int(node)] = Int32(outputStart.count - 1)
            var state = trie.terminalCount(Int(node)) > 0 ? node : links.output[Int(node)]
            while state >= 0 {
                if let ids {
                    flatOutputs.append(contentsOf: trie.terminals(Int(state)).lazy.map { ids[Int($0)] })
                } else {
                    flatOutputs.append(contentsOf: trie.terminals(Int(state)))
                }
                state = links.output[Int(state)]
            }
            outputStart.append(Int32(flatOutputs.count))
        }
        func outputs(of node: Int32) -> Range<Int> {
            let k = Int(slot[Int(node)])
            return k < 0 ? 0..<0 : Int(outputStart[k])..<Int(outputStart[k + 1])
        }
        func header(of node: Int32) -> SparseHeader {
            var classes: [Int] = []
            trie.forEachChild(Int(node)) { byte, _ in classes.append(Int(classOfByte[Int(byte)])) }
            return SparseHeader(classes: classes, outputCount: outputs(of: node).count)
        }

        var id = [Int32](repeating: 0, count: trie.nodeCount)
        for (j, node) in denseNodes.enumerated() { id[Int(node)] = Int32(j * width) }
        var sparseOffset = 0
        for node in sparseNodes {
            id[Int(node)] = ~Int32(sparseOffset)
            sparseOffset += header(of: node).recordLength
        }
        let denseMatchLimit = Int32(denseMatchNodes.count * width)

        var dense = [Int32](repeating: 0, count: denseCount * width)
        for (rank, node) in denseOrder.enumerated() {
            let row = Int(id[Int(node)])
            for c in 0..<width { dense[row + c] = id[Int(links.denseRows[rank * width + c])] }
        }
        var sparse = [Int32](repeating: 0, count: sparseOffset)
        for node in sparseNodes {
            let offset = Int(~id[Int(node)])
            let header = header(of: node)
            sparse[offset] = id[Int(links.fail[Int(node)])]
            sparse[offset + 1] = header.word
            // One literal is written in the record itself, several as where they start in `outputs`.
            let literals = outputs(of: node)
            if literals.count == 1 { sparse[offset + 2] = flatOutputs[literals.lowerBound] }
            if literals.count > 1 { sparse[offset + 2] = Int32(literals.lowerBound) }
            let classes = offset + header.classesOffset
            let listed = trie.childCount(Int(node)) - 1
            let states = classes + (header.others == .map ? 2 : (listed + 3) >> 2)
            var k = -1
            trie.forEachChild(Int(node)) { byte, child in
                let c = Int32(classOfByte[Int(byte)])
                if k < 0 {
                    // The first child's record follows (depth-first order); its class is in the
                    // header (and bit 0 of a map).
                    precondition(id[child] == ~Int32(offset + header.recordLength), "matcher states out of depth-first order")
                } else {
                    sparse[states + k] = id[child]
                }
                switch header.others {
                case .none: break
                case .map: sparse[classes + Int((c - header.firstClass) >> 5)] |= Int32(bitPattern: 1 << UInt32((c - header.firstClass) & 31))
                case .list: if k >= 0 { sparse[classes + k >> 2] |= c << (8 * Int32(k & 3)) }
                }
                k += 1
            }
        }
        self.init(
            byteClass: classOfByte, classCount: width, dense: Table(dense), denseMatchLimit: denseMatchLimit,
            sparse: Table(sparse), outputStart: Array(outputStart[...denseMatchNodes.count]),
            outputs: flatOutputs, start: leadingByte.map { dense[Int(id[Int(Trie.root)]) + Int(classOfByte[Int($0)])] } ?? id[Int(Trie.root)],
            stateCount: trie.nodeCount)
    }
}

/// The keyword trie the automaton is built from: first-child / next-sibling lists in flat arrays,
/// nodes numbered in depth-first order, children in increasing byte order.
private struct Trie {
    static let root: Int32 = 0
    private(set) var firstChild: [Int32] = [-1]
    private(set) var nextSibling: [Int32] = [-1]
    private(set) var edgeByte: [UInt8] = [0]
    private(set) var depth: [Int32] = [0]
    /// Literal ids ending at node `n`: `terminalLiterals[terminalStart[n] ..< terminalStart[n + 1]]`,
    /// in increasing order.
    private var terminalStart: [Int32] = []
    private var terminalLiterals: [Int32] = []
    private(set) var usedBytes = [Bool](repeating: false, count: 256)

    var nodeCount: Int { firstChild.count }

    /// Inserts the literals in sorted order, so that each one shares the path of the one before
    /// up to their common prefix and only its new bytes add nodes (appended as last children).
    init(literals: [[UInt8]]) {
        let sorted = literals.indices.filter { !literals[$0].isEmpty }.sorted { a, b in
            let order = Self.compare(literals[a], literals[b])
            return order != 0 ? order < 0 : a < b
        }
        var lastChild: [Int32] = [-1]
        var path: [Int32] = [Self.root]
        var previous: [UInt8] = []
        var end = [Int32](repeating: -1, count: literals.count)
        for literal in sorted {
            let bytes = literals[literal]
            var common = 0
            while common < bytes.count && common < previous.count && bytes[common] == previous[common] { common += 1 }
            path.removeSubrange((common + 1)...)
            for d in common..<bytes.count {
                let parent = Int(path[d])
                let node = Int32(nodeCount)
                usedBytes[Int(bytes[d])] = true
                firstChild.append(-1)
                nextSibling.append(-1)
                edgeByte.append(bytes[d])
                depth.append(Int32(d + 1))
                lastChild.append(-1)
                if lastChild[parent] < 0 { firstChild[parent] = node } else { nextSibling[Int(lastChild[parent])] = node }
                lastChild[parent] = node
                path.append(node)
            }
            end[literal] = path[bytes.count]
            previous = bytes
        }
        terminalStart = [Int32](repeating: 0, count: nodeCount + 1)
        for node in end where node >= 0 { terminalStart[Int(node) + 1] += 1 }
        for n in 0..<nodeCount { terminalStart[n + 1] += terminalStart[n] }
        var fill = terminalStart
        terminalLiterals = [Int32](repeating: 0, count: Int(terminalStart[nodeCount]))
        for (literal, node) in end.enumerated() where node >= 0 {
            terminalLiterals[Int(fill[Int(node)])] = Int32(literal)
            fill[Int(node)] += 1
        }
    }

    /// memcmp order of two byte strings, a prefix first.
    private static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let n = min(a.count, b.count)
        let order = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in memcmp(pa.baseAddress!, pb.baseAddress!, n) } }
        if order != 0 { return Int(order) }
        return a.count - b.count
    }

    func terminalCount(_ node: Int) -> Int { Int(terminalStart[node + 1] - terminalStart[node]) }

    func terminals(_ node: Int) -> ArraySlice<Int32> {
        terminalLiterals[Int(terminalStart[node])..<Int(terminalStart[node + 1])]
    }

    func child(_ node: Int, _ byte: UInt8) -> Int32? {
        var c = firstChild[node]
        while c >= 0 {
            if edgeByte[Int(c)] == byte { return c }
            if edgeByte[Int(c)] > byte { return nil }
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

    func breadthFirstOrder() -> [Int32] {
        var order = [Self.root]
        order.reserveCapacity(nodeCount)
        var head = 0
        while head < order.count {
            forEachChild(Int(order[head])) { _, child in order.append(Int32(child)) }
            head += 1
        }
        return order
    }

    /// Failure links, complete transition rows of the first `denseCount` states of `order` (as
    /// trie nodes, row `rank * width + class`), whether each state recognises a literal, and each
    /// state's output link: the nearest state down its failure chain with literals of its own (-1: none).
    func links(
        order: [Int32], denseCount: Int, classOfByte: [UInt8], byteOfClass: [UInt8]
    ) -> (fail: [Int32], denseRows: [Int32], hasOutput: [Bool], output: [Int32]) {
        let width = byteOfClass.count
        // Class 255 marks a sparse state without children (`SparseHeader.noChild`).
        precondition(width <= SparseHeader.noChild, "literals use more than 254 distinct bytes")
        var fail = [Int32](repeating: Self.root, count: nodeCount)
        var rank = [Int32](repeating: -1, count: nodeCount)
        var rows = [Int32](repeating: Self.root, count: denseCount * width)
        var hasOutput = [Bool](repeating: false, count: nodeCount)
        var output = [Int32](repeating: -1, count: nodeCount)
        func next(_ state: Int32, _ byte: UInt8) -> Int32 {
            var s = state
            while true {
                let r = rank[Int(s)]
                if r >= 0 { return rows[Int(r) * width + Int(classOfByte[Int(byte)])] }
                if let c = child(Int(s), byte) { return c }
                s = fail[Int(s)]
            }
        }
        for (position, node) in order.enumerated() {
            let n = Int(node)
            if node != Self.root {
                let f = Int(fail[n])
                hasOutput[n] = terminalCount(n) > 0 || hasOutput[f]
                output[n] = terminalCount(f) > 0 ? Int32(f) : output[f]
            }
            if position < denseCount {
                rank[n] = Int32(position)
                let row = position * width
                for c in 1..<width {
                    rows[row + c] = child(n, byteOfClass[c]) ?? (node == Self.root ? Self.root : next(fail[n], byteOfClass[c]))
                }
            }
            forEachChild(n) { byte, child in
                fail[child] = node == Self.root ? Self.root : next(fail[n], byte)
            }
        }
        return (fail, rows, hasOutput, output)
    }
}
