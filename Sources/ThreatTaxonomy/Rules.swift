import SafeYAML

/// The rules of one node in one language.
public struct LanguageRules: Sendable, Hashable {
    /// Terms and phrases; each counts once per report.
    public var terms: [TermRule]
    /// Phrases that cancel any of this node's term matches they overlap
    /// (`anti-bullying` cancels `bullying`).
    public var exclusions: [TermRule]
    /// All-of rules: every part must match within a window of words or one sentence.
    public var cooccurrences: [CooccurrenceRule]

    public init(terms: [TermRule] = [], exclusions: [TermRule] = [], cooccurrences: [CooccurrenceRule] = []) {
        self.terms = terms
        self.exclusions = exclusions
        self.cooccurrences = cooccurrences
    }

    /// Number of rules of all kinds.
    public var count: Int { terms.count + exclusions.count + cooccurrences.count }
    public var isEmpty: Bool { count == 0 }
}

/// A term or phrase as written by a maintainer.
///
/// Pattern syntax: words separated by spaces, matched as whole words in space-delimited scripts
/// and as a substring in Chinese; a trailing `*` makes a word a prefix (`harass*`); `{a|b}` is
/// alternation (`{his|her} parents`); `$id` alone names a concept class of the language.
public struct TermRule: Sendable, Hashable {
    public var pattern: String
    /// Added to the node's score when the term matches (negative weights lower it).
    public var weight: Double
    /// Match diacritics exactly as written instead of folding them (case is still folded).
    public var exact: Bool
    /// Counter-contexts that cancel a match of this term.
    public var unless: [ContextCondition]
    public var location: SourceLocation

    public init(
        pattern: String, weight: Double = 1, exact: Bool = false, unless: [ContextCondition] = [],
        location: SourceLocation
    ) {
        self.pattern = pattern
        self.weight = weight
        self.exact = exact
        self.unless = unless
        self.location = location
    }

    /// The class id when the pattern is `$id`.
    public var classReference: String? { ConceptClass.reference(in: pattern) }

    /// Whether the last word is a prefix (`harass*`).
    public var isPrefix: Bool { pattern.hasSuffix("*") }
    /// The pattern without its wildcard.
    public var literal: String { Self.splitWildcard(pattern).literal }

    /// `pattern` without the `*` that makes its last word a prefix (`harass*` → `harass`), and
    /// whether it had one.
    public static func splitWildcard(_ pattern: String) -> (literal: String, isPrefix: Bool) {
        pattern.hasSuffix("*") ? (String(pattern.dropLast()), true) : (pattern, false)
    }
}

/// Several parts near each other (`near` rules and node indicators): all of them, or at least
/// `needed` of them, within `window` words or within one sentence, in any order or in order.
public struct CooccurrenceRule: Sendable, Hashable {
    /// Terms in `TermRule` pattern syntax, usually class references (`$gift`).
    public var parts: [String]
    /// How many distinct parts must be found; `parts.count` for `all`, 1 for `any`.
    public var needed: Int
    /// Maximum distance in words between the first and last part; `nil` with `sentence` (or
    /// when one part is enough).
    public var window: Int?
    /// Whether the parts must fall in one sentence.
    public var sameSentence: Bool
    /// Whether the parts must appear in the order written.
    public var ordered: Bool
    public var weight: Double
    /// Counter-contexts that cancel a part found near them.
    public var unless: [ContextCondition]
    public var location: SourceLocation

    public init(
        parts: [String], needed: Int? = nil, window: Int?, sameSentence: Bool, ordered: Bool = false,
        weight: Double = 1, unless: [ContextCondition] = [], location: SourceLocation
    ) {
        self.parts = parts
        self.needed = needed ?? parts.count
        self.window = window
        self.sameSentence = sameSentence
        self.ordered = ordered
        self.weight = weight
        self.unless = unless
        self.location = location
    }

    /// Whether one part alone fires the rule (`any`), so no window applies.
    public var isAny: Bool { needed == 1 }

    /// Whether enough parts have terms in `language` for the rule to fire there (a part that is
    /// not a class always can).
    public func canFire(in language: String, classes: [String: [String: ConceptClass]]) -> Bool {
        parts.filter { part in
            guard let id = ConceptClass.reference(in: part) else { return true }
            return !(classes[language]?[id]?.terms.isEmpty ?? true)
        }.count >= needed
    }
}

/// A counter-context: a class whose match cancels a rule's match close to it (`unless`).
public struct ContextCondition: Sendable, Hashable {
    /// How close the context must be to cancel.
    public enum Scope: Sendable, Hashable {
        /// In the same sentence.
        case sentence
        /// At most this many words before or after.
        case words(Int)
        /// Anywhere in the report.
        case report
    }

    /// The class id, without `$`.
    public var classID: String
    public var scope: Scope

    public init(classID: String, scope: Scope = .sentence) {
        self.classID = classID
        self.scope = scope
    }
}

/// A concept class: a named set of terms with the same id in every language (`$gift`,
/// `$secrecy`), declared once in the taxonomy and filled per language in the rule files.
public struct ConceptClass: Sendable, Hashable {
    public var id: String
    /// The class's terms in one language; a term may be `$other` to include another class.
    public var terms: [TermRule]
    public var location: SourceLocation

    public init(id: String, terms: [TermRule], location: SourceLocation) {
        self.id = id
        self.terms = terms
        self.location = location
    }

    /// `gift` for `$gift` (a `$` and a slug); `nil` for anything else, `$` or `$5` included.
    public static func reference(in pattern: String) -> String? {
        guard pattern.hasPrefix("$") else { return nil }
        let id = pattern.dropFirst()
        guard let first = id.first, first.isASCII, first.isLowercase,
              id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else { return nil }
        return String(id)
    }
}
