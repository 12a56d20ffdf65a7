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
    /// Word `part` of the phrase `rule` (an index into the phrases, not a rule).
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

/// A term with `exact: true`: its bytes normalised without folding diacritics.
struct ExactPattern: Sendable {
    var bytes: [UInt8]
    var isPrefix: Bool
}
