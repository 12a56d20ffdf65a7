/// Which rules fired in the current report and the score of each node they touched. Stamped
/// with a generation per report, so nothing is cleared between reports.
struct ScoreBoard {
    /// Per rule: the generation in which it fired, and the hit (or the first hit of the window)
    /// that made it fire.
    private var firedIn: [UInt32]
    private(set) var firingHit: [Int32]
    /// Per score group: the generation in which one of its rules counted.
    private var groupCountedIn: [UInt32]
    private var nodeScore: [Double]
    private var nodeTouched: [UInt32]
    /// Nodes with a fired rule in the current report, in first-touch order.
    private(set) var touchedNodes: [Int] = []
    /// Rules that fired in the current report, in firing order.
    private(set) var firedRules: [Int] = []
    private var generation: UInt32 = 0

    init(rules: Int, groups: Int, nodes: Int) {
        groupCountedIn = Array(repeating: 0, count: groups)
        firedIn = Array(repeating: 0, count: rules)
        firingHit = Array(repeating: -1, count: rules)
        nodeScore = Array(repeating: 0, count: nodes)
        nodeTouched = Array(repeating: 0, count: nodes)
    }

    /// Starts a new report.
    mutating func reset() {
        generation &+= 1
        if generation == 0 {  // wrapped: forget every stamp
            for i in firedIn.indices { firedIn[i] = 0 }
            for i in groupCountedIn.indices { groupCountedIn[i] = 0 }
            for i in nodeTouched.indices { nodeTouched[i] = 0 }
            generation = 1
        }
        touchedNodes.removeAll(keepingCapacity: true)
        firedRules.removeAll(keepingCapacity: true)
    }

    /// Scores the collected hits: every uncancelled term hit fires its rule, and every near rule
    /// whose needed parts fall in one window (in order, when it is ordered) fires.
    mutating func score(_ hits: inout HitCollector, compiled: CompiledRules) {
        hits.cancel(compiled)
        for (h, hit) in hits.terms.elements.enumerated() where !hit.isCancelled {
            fire(Int(hit.rule), hit: h, compiled: compiled)
        }
        let parts = hits.parts.elements
        var first = 0
        while first < parts.count {
            let rule = Int(parts[first].rule)
            var last = first
            while last < parts.count && parts[last].rule == parts[first].rule { last += 1 }
            let window = compiled.ruleWindow[rule] < 0 ? nil : compiled.ruleWindow[rule]
            let count = compiled.rulePartCount[rule]
            let firing = compiled.rules[rule].ordered
                ? hits.orderedWindow(first..<last, count: count, window: window)
                : hits.satisfiedWindow(first..<last, count: count, needed: compiled.ruleNeeded[rule], window: window)
            if let firing {
                fire(rule, hit: firing, compiled: compiled)
            }
            first = last
        }
    }

    private mutating func fire(_ rule: Int, hit: Int, compiled: CompiledRules) {
        guard firedIn[rule] != generation else { return }
        firedIn[rule] = generation
        firingHit[rule] = Int32(hit)
        firedRules.append(rule)
        let group = compiled.ruleGroup[rule]
        guard groupCountedIn[group] != generation else { return }  // the same indicator, another language
        groupCountedIn[group] = generation
        let node = compiled.ruleNode[rule]
        if nodeTouched[node] != generation {
            nodeTouched[node] = generation
            nodeScore[node] = 0
            touchedNodes.append(node)
        }
        nodeScore[node] += compiled.ruleWeight[rule]
    }

    /// Whether a rule fired in the current report.
    func fired(_ rule: Int) -> Bool { firedIn[rule] == generation }

    /// The score of a node in the current report.
    func score(ofNode node: Int) -> Double { nodeTouched[node] == generation ? nodeScore[node] : 0 }
}
