import ThreatTaxonomy

/// The three kinds of rule a node can have.
enum RuleKind: UInt8, Sendable {
    case term, exclusion, near

    /// The word used in rule ids (`grooming/en/term:groom*`).
    var idWord: String {
        switch self {
        case .term: "term"
        case .exclusion: "exclude"
        case .near: "near"
        }
    }
}

/// One rule after compilation: read on the hot path for its node, kind and weight; the rest is
/// for evidence and explanations.
struct CompiledRule: Sendable {
    /// `node/lang/kind:pattern`, `node/lang/indicator:$a+$b` for indicators.
    var id: String
    /// Index of the node in the taxonomy's node list.
    var node: Int
    var language: String
    var kind: RuleKind
    var weight: Double
    /// The patterns as written: one for terms and exclusions, the parts of a near rule; a part
    /// may be a class (`$gift`).
    var patterns: [String]
    /// Near rules: the largest word distance between the parts; `nil` for a sentence rule.
    var window: Int?
    /// Near rules: how many distinct parts must be found.
    var needed: Int
    /// Near rules: whether the parts must appear in the order written.
    var ordered: Bool
    /// Counter-contexts that cancel this rule's hits.
    var unless: [CompiledContext]
}

/// A counter-context of a rule: a context class (by index) and how close it cancels.
struct CompiledContext: Sendable {
    var context: Int32
    var scope: ContextCondition.Scope
}

/// What a literal match is evidence for.
enum UseKind: UInt8, Sendable {
    /// A term rule (`rule`), or one class (`part`) of an `any` indicator.
    case term
    case exclusion
    /// A near-rule part symbol (`rule` is the symbol index, see `CompiledRules.partPlaces`).
    case part
    /// The context class `rule` (an index into the context classes, not a rule).
    case context
    /// A word of phrases (`rule` is the word symbol, see `PhraseTrie`).
    case phraseWord
}

/// One place a literal is used: by which rule (and which part of it), and how it must sit in
/// the text to count.
struct LiteralUse: Sendable {
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        /// Must start a word (space-delimited scripts).
        static let wordStart = Flags(rawValue: 1)
        /// Must end a word (not a `*` prefix, not Chinese).
        static let wordEnd = Flags(rawValue: 2)
        /// May follow attached Arabic clitic prefixes (و ف ب ل ك ال).
        static let clitics = Flags(rawValue: 4)
        /// The last word is a `*` prefix: evidence widens it to the whole word.
        static let prefix = Flags(rawValue: 8)
    }

    var rule: Int32
    /// The rule's node, copied here for the hot path; -1 for contexts and phrase words.
    var node: Int32
    var kind: UseKind
    /// Index of the part in a near rule (or the class in an `any` rule, the word in a phrase).
    var part: Int16
    /// Index of the rule's language, for the per-report language mask.
    var language: UInt8
    var flags: Flags
    /// Index into the exact patterns when the term has `exact: true`; -1 otherwise.
    var exact: Int32
}

/// A phrase whose inner words are prefixes (`send* nude*`): its words are literals of their own,
/// and a run of them on consecutive words counts as one match for each of `uses`.
struct Phrase: Sendable {
    var words: Int
    var uses: [LiteralUse]
}

/// The phrases' words as a trie of word symbols: phrases that begin alike share a path, so a
/// common word (`a`, `me`) read in the text moves each partly read path one step instead of
/// starting or continuing every phrase that has it.
struct PhraseTrie: Sendable {
    static let root: Int32 = 0
    /// `node << 32 | word symbol` → child node.
    private(set) var children: [UInt64: Int32] = [:]
    /// Phrases that end at each node.
    private(set) var ends: [[Int32]] = [[]]

    init() {}

    init(children: [UInt64: Int32], ends: [[Int32]]) {
        self.children = children
        self.ends = ends
    }

    func next(_ node: Int32, _ symbol: Int32) -> Int32? {
        children[UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol))]
    }

    mutating func child(of node: Int32, word symbol: Int32) -> Int32 {
        if let known = next(node, symbol) { return known }
        let new = Int32(ends.count)
        ends.append([])
        children[UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol))] = new
        return new
    }

    mutating func addEnd(_ phrase: Int, at node: Int32) {
        ends[Int(node)].append(Int32(phrase))
    }
}

/// A term with `exact: true`: its bytes normalised without folding diacritics.
struct ExactPattern: Sendable {
    var bytes: [UInt8]
    var isPrefix: Bool
}
