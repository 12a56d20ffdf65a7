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
    /// `node/lang/kind:pattern`.
    var id: String
    /// Index of the node in the taxonomy's node list.
    var node: Int
    var language: String
    var kind: RuleKind
    var weight: Double
    /// The patterns as written: one for terms and exclusions, the parts of a near rule.
    var patterns: [String]
    /// Near rules: the largest word distance between the parts; `nil` for a sentence rule.
    var window: Int?
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
    }

    var rule: Int32
    /// The rule's node and kind, copied here for the hot path.
    var node: Int32
    var kind: RuleKind
    /// Index of the part in a near rule; 0 otherwise.
    var part: Int16
    /// Index of the rule's language, for the per-report language mask.
    var language: UInt8
    var flags: Flags
    /// Index into the exact patterns when the term has `exact: true`; -1 otherwise.
    var exact: Int32
}

/// A term with `exact: true`: its bytes normalised without folding diacritics.
struct ExactPattern: Sendable {
    var bytes: [UInt8]
    var isPrefix: Bool
}
