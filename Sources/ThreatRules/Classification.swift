/// What the classifier found in one report.
public struct Classification: Sendable, Hashable {
    /// Every node whose own score reached its threshold, in taxonomy order.
    /// Ancestors are implied through each label's `path`.
    public var labels: [Label]
    /// The language identified from the text, when the report gave none or one its text is not
    /// written in; `nil` when the given language was used.
    public var detectedLanguage: String?

    public init(labels: [Label], detectedLanguage: String? = nil) {
        self.labels = labels
        self.detectedLanguage = detectedLanguage
    }

    /// True when no node reached its threshold.
    public var isBenign: Bool { labels.isEmpty }
}

/// One node a report is labelled with.
public struct Label: Sendable, Hashable {
    /// The node's stable id.
    public var node: String
    /// Ids from the root down to the node.
    public var path: [String]
    /// Sum of the weights of the node's rules that fired and were not cancelled.
    public var score: Double
    /// Why: the rules that fired, and where.
    public var evidence: [Evidence]

    public init(node: String, path: [String], score: Double, evidence: [Evidence]) {
        self.node = node
        self.path = path
        self.score = score
        self.evidence = evidence
    }
}

/// A rule that fired, with the text it matched.
public struct Evidence: Sendable, Hashable {
    /// The rule's id: `node/lang/kind:pattern`, e.g. `grooming/en/term:groom*`.
    public var rule: String
    /// The matched text, as written in the original report.
    public var text: String
    /// Offset of the first matched character in the original text, in Unicode scalars.
    public var start: Int
    /// Offset just past the last matched character, in Unicode scalars.
    public var end: Int

    public init(rule: String, text: String, start: Int, end: Int) {
        self.rule = rule
        self.text = text
        self.start = start
        self.end = end
    }
}
