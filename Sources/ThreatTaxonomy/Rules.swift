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
/// and as a substring in Chinese; a trailing `*` makes the last word a prefix (`harass*`).
public struct TermRule: Sendable, Hashable {
    public var pattern: String
    /// Added to the node's score when the term matches (negative weights lower it).
    public var weight: Double
    /// Match diacritics exactly as written instead of folding them (case is still folded).
    public var exact: Bool
    public var location: SourceLocation

    public init(pattern: String, weight: Double = 1, exact: Bool = false, location: SourceLocation) {
        self.pattern = pattern
        self.weight = weight
        self.exact = exact
        self.location = location
    }

    /// Whether the last word is a prefix (`harass*`).
    public var isPrefix: Bool { pattern.hasSuffix("*") }
    /// The pattern without its wildcard.
    public var literal: String { isPrefix ? String(pattern.dropLast()) : pattern }
}

/// All of several terms near each other: within `window` words, or within one sentence.
public struct CooccurrenceRule: Sendable, Hashable {
    /// Terms in `TermRule` pattern syntax; every one must match.
    public var parts: [String]
    /// Maximum distance in words between the first and last part; `nil` with `sentence`.
    public var window: Int?
    /// Whether all parts must fall in one sentence.
    public var sameSentence: Bool
    public var weight: Double
    public var location: SourceLocation

    public init(parts: [String], window: Int?, sameSentence: Bool, weight: Double = 1, location: SourceLocation) {
        self.parts = parts
        self.window = window
        self.sameSentence = sameSentence
        self.weight = weight
        self.location = location
    }
}
