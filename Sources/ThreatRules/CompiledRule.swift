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
        /// The last use of its literal in `CompiledRules.uses`.
        static let lastOfLiteral = Flags(rawValue: 16)
        /// The automaton looks for the literal with the word boundary after it (every use of it
        /// must end a word), so its matches are reported one byte late.
        static let boundaryAfter = Flags(rawValue: 32)
        /// The automaton looks for the literal with the word boundary before it.
        static let boundaryBefore = Flags(rawValue: 64)
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
    /// Byte length of the literal, in `CompiledRules.uses` (where a match finds its start).
    var length: UInt16 = 0
    /// Index into the exact patterns when the term has `exact: true`; -1 otherwise.
    var exact: Int32

    /// Where a match of the literal (reported for this use, one of `CompiledRules.uses`) ends.
    @inline(__always)
    func end(of match: AutomatonMatch) -> Int { Int(match.end) - (flags.contains(.boundaryAfter) ? 1 : 0) }

    /// The length of the literal with the boundary the automaton looks for before it: at one
    /// end, matches are listed longest first in this length.
    var lengthWithBoundaryBefore: Int { Int(length) + (flags.contains(.boundaryBefore) ? 1 : 0) }
}

/// A phrase whose inner words are prefixes (`send* nude*`): its words are literals of their own,
/// and a run of them on consecutive words counts as one match for each of `uses`.
struct Phrase: Sendable {
    var words: Int
    var uses: [LiteralUse]
}

/// The phrases' words as a trie of word symbols: phrases that begin alike share a path, so a
/// common word (`a`, `me`) read in the text moves each partly read path one step instead of
/// starting or continuing every phrase that has it. Held in flat arrays for the hot path: its
/// edges in an open-addressing table (a step hashes one key and reads plain memory), the phrases
/// that end at each node as one range of a single list.
struct PhraseTrie: Sendable {
    static let root: Int32 = 0
    /// Table slots: `node << 32 | word symbol` (`empty` when free) and the child it leads to.
    let slotKeys: [UInt64]
    let slotChildren: [Int32]
    /// Phrases that end at node `n`: `endPhrases[endStart[n]..<endStart[n + 1]]`.
    let endStart: [Int32]
    let endPhrases: [Int32]
    private static let empty = UInt64.max

    /// The tables as written (`CompiledRulesFile`).
    init(slotKeys: [UInt64], slotChildren: [Int32], endStart: [Int32], endPhrases: [Int32]) {
        self.slotKeys = slotKeys
        self.slotChildren = slotChildren
        self.endStart = endStart
        self.endPhrases = endPhrases
    }

    /// The trie of `children` (`node << 32 | word symbol` → child) and the phrases that end at
    /// each node. Edges go in in order of their keys, so the same rules give the same tables.
    init(children: [UInt64: Int32], ends: [[Int32]]) {
        var size = 16
        while size < 2 * children.count { size *= 2 }
        var keys = [UInt64](repeating: Self.empty, count: size), values = [Int32](repeating: -1, count: size)
        for (key, child) in children.sorted(by: { $0.key < $1.key }) {
            var slot = Self.slot(of: key, size: size)
            while keys[slot] != Self.empty { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            values[slot] = child
        }
        slotKeys = keys
        slotChildren = values
        var start: [Int32] = [0]
        for list in ends { start.append(start[start.count - 1] + Int32(list.count)) }
        endStart = start
        endPhrases = ends.flatMap { $0 }
    }

    /// The child of `node` on `symbol`, if any.
    @inline(__always)
    func next(_ node: Int32, _ symbol: Int32) -> Int32? {
        let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol))
        return slotKeys.withUnsafeBufferPointer { keys in
            var slot = Self.slot(of: key, size: keys.count)
            while true {
                let found = keys[slot]
                if found == key { return slotChildren.withUnsafeBufferPointer { $0[slot] } }
                if found == Self.empty { return nil }
                slot = (slot + 1) & (keys.count - 1)
            }
        }
    }

    /// Where the phrases that end at `node` sit in the list `endPhrase(at:)` reads.
    @inline(__always)
    func phrasesEnding(at node: Int32) -> Range<Int> {
        endStart.withUnsafeBufferPointer { Int($0[Int(node)])..<Int($0[Int(node) + 1]) }
    }

    @inline(__always)
    func endPhrase(at index: Int) -> Int32 { endPhrases.withUnsafeBufferPointer { $0[index] } }

    /// Fibonacci hashing of a key into a table of `size` (a power of two) slots.
    @inline(__always)
    private static func slot(of key: UInt64, size: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - size.trailingZeroBitCount))
    }

    /// The trie as the compiler grows it, one phrase at a time.
    struct Builder {
        private var children: [UInt64: Int32] = [:]
        private var ends: [[Int32]] = [[]]

        /// The child of `node` on `symbol`, added when new.
        mutating func child(of node: Int32, word symbol: Int32) -> Int32 {
            let key = UInt64(UInt32(node)) << 32 | UInt64(UInt32(symbol))
            if let known = children[key] { return known }
            let new = Int32(ends.count)
            ends.append([])
            children[key] = new
            return new
        }

        mutating func addEnd(_ phrase: Int, at node: Int32) {
            ends[Int(node)].append(Int32(phrase))
        }

        var trie: PhraseTrie { PhraseTrie(children: children, ends: ends) }
    }
}

/// A term with `exact: true`: its bytes normalised without folding diacritics.
struct ExactPattern: Sendable {
    var bytes: [UInt8]
    var isPrefix: Bool
}
