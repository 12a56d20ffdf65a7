/// Why a report got its labels: every rule that matched, what cancelled what, which parts of
/// each combination were found, and each category's score against its threshold.
public struct Explanation: Sendable, Hashable {
    /// One match of a term, or of an exclusion phrase.
    public struct Match: Sendable, Hashable {
        public enum Outcome: Sendable, Hashable {
            /// The rule's first uncancelled match: its weight counts.
            case counted
            /// The rule already counted in this report; a rule counts once.
            case alreadyCounted
            /// An exclusion of the same category overlaps it: rule id and matched text.
            case cancelled(byRule: String, text: String)
            /// A counter-context of the rule is close to it: the class and the text found for it.
            case counterContext(classID: String, text: String)
            /// The match is itself an exclusion phrase.
            case exclusion
        }

        /// Rule id, `node/lang/kind:pattern`.
        public var rule: String
        /// The pattern as written.
        public var pattern: String
        public var node: String
        public var weight: Double
        /// Where and what, in the original text (Unicode scalar offsets).
        public var evidence: Evidence
        public var outcome: Outcome
    }

    /// A combination rule (`near`) of which at least one part was found.
    public struct Combination: Sendable, Hashable {
        public var rule: String
        public var node: String
        public var weight: Double
        /// Largest distance in words between the parts; `nil` when they must share a sentence.
        public var window: Int?
        /// How many distinct parts must be found (all of them, or at least N).
        public var needed: Int
        /// Whether the parts must appear in the order written.
        public var ordered: Bool
        /// Each part as written, with what was found for it.
        public var parts: [Part]
        /// Whether every part was found close enough, so the weight counts.
        public var counted: Bool

        public struct Part: Sendable, Hashable {
            /// The part as written: a class (`$gift`) or a term.
            public var pattern: String
            /// Uncancelled matches of the part; empty when it is missing.
            public var found: [Evidence]
            /// Matches of the part that an exclusion or a counter-context cancelled, and why.
            public var cancelled: [Match.Outcome]
        }
    }

    /// One category's score against its threshold.
    public struct NodeScore: Sendable, Hashable {
        public var node: String
        public var name: String
        public var score: Double
        public var threshold: Double
        public var labelled: Bool
    }

    /// The report text.
    public var text: String
    /// The report's language as given.
    public var language: String?
    /// The language identified from the text, when it replaced a missing or wrong one.
    public var detectedLanguage: String?
    /// Languages whose rules were used.
    public var rulesUsed: [String]
    /// Term and exclusion matches, in text order.
    public var matches: [Match]
    public var combinations: [Combination]
    /// Every category with a match, in taxonomy order.
    public var scores: [NodeScore]
    /// The final result.
    public var classification: Classification
}

extension Explanation.Combination {
    /// Not counted, but close: enough parts found (too far apart or out of order), or one short.
    var isNearMiss: Bool {
        !counted && parts.filter { !$0.found.isEmpty }.count >= needed - 1
    }
}

extension Explanation {
    /// A plain-language report for an analyst, with aligned columns. By default it shows the
    /// combinations that counted, the near misses (every part found but too far apart, or one
    /// part missing) of categories that scored but were not labelled, and the categories that
    /// scored; `all` shows every combination with a part found and every category with a match.
    public func rendered(all: Bool = false) -> String {
        var out: [String] = []
        var languageLine = language.map { "Language: \($0)" } ?? "Language: not given"
        if let detectedLanguage { languageLine += ", identified from the text as \(detectedLanguage)" }
        out.append("\(languageLine) (rules used: \(rulesUsed.joined(separator: ", ")))")
        out.append("Text: \(text)")
        out.append("")
        if matches.isEmpty && combinations.isEmpty {
            out.append("No rule matched this text.")
        }
        if !matches.isEmpty {
            out.append("Words and phrases found:")
            out += Self.table([["category", "rule", "found in the text", "weight", "outcome"]] + matches.map { match in
                [match.node, Self.patternColumn(match), "\(Self.quoted(match.evidence))", Self.weightColumn(match),
                 Self.describe(match.outcome)]
            }, rightAligned: [3])
            out.append("")
        }
        // Near misses matter for a category that scored without being labelled.
        let short = Set(scores.filter { !$0.labelled && $0.score > 0 }.map(\.node))
        let shown = all ? combinations : combinations.filter { $0.counted || (short.contains($0.node) && $0.isNearMiss) }
        if !combinations.isEmpty {
            out.append("Combinations (the parts must be found close together):")
            for combination in shown {
                let closeness = combination.window.map { "within \($0) words" } ?? "in one sentence"
                let howMany = combination.needed < combination.parts.count ? "at least \(combination.needed) of " : ""
                let order = combination.ordered ? ", in this order" : ""
                let verdict = combination.counted
                    ? "counted, \(Self.signed(combination.weight))"
                    : "not counted: " + Self.missing(combination)
                out.append("  \(combination.node): \(howMany)\(combination.parts.map(\.pattern).joined(separator: " + ")) "
                           + "(\(closeness)\(order)) — \(verdict)")
                out += Self.table(combination.parts.map { part in
                    let found = part.found.map(Self.quoted) + part.cancelled.map(Self.describe)
                    return ["   ", part.pattern, found.isEmpty ? "not found" : found.joined(separator: ", ")]
                }, rightAligned: [])
            }
            if shown.count < combinations.count {
                out.append("  (\(combinations.count - shown.count) more had a part found but were far from counting; --all lists them.)")
            }
            out.append("")
        }
        let scored = all ? scores : scores.filter { $0.score > 0 || $0.labelled }
        if !scored.isEmpty {
            out.append("Scores:")
            out += Self.table([["category", "score", "needed", "result"]] + scored.map { score in
                [score.node, Self.number(score.score), Self.number(score.threshold), score.labelled ? "labelled" : "not labelled"]
            }, rightAligned: [1, 2])
            out.append("")
        }
        let labels = classification.labels.map { $0.path.joined(separator: " › ") }
        out.append(labels.isEmpty ? "Result: no label." : "Result: \(labels.joined(separator: "; "))")
        return out.joined(separator: "\n") + "\n"
    }

    private static func patternColumn(_ match: Match) -> String {
        match.outcome == .exclusion ? "exclusion \"\(match.pattern)\"" : match.pattern
    }

    private static func weightColumn(_ match: Match) -> String {
        match.outcome == .counted ? signed(match.weight) : ""
    }

    private static func describe(_ outcome: Match.Outcome) -> String {
        switch outcome {
        case .counted: "counted"
        case .alreadyCounted: "already counted once"
        case .cancelled(let rule, let text): "cancelled by exclusion \"\(rule.split(separator: ":", maxSplits: 1).last ?? "")\" (\"\(text)\")"
        case .counterContext(let classID, let text): "cancelled by the context $\(classID) (\"\(text)\")"
        case .exclusion: "cancels overlapping matches"
        }
    }

    private static func missing(_ combination: Combination) -> String {
        let absent = combination.parts.filter(\.found.isEmpty).map(\.pattern)
        let present = combination.parts.count - absent.count
        if present >= combination.needed { return combination.ordered ? "not in order or too far apart" : "the parts are too far apart" }
        return combination.needed < combination.parts.count
            ? "\(present) of \(combination.needed) found" : "missing " + absent.joined(separator: ", ")
    }

    private static func quoted(_ evidence: Evidence) -> String {
        "\"\(evidence.text)\" at \(evidence.start)–\(evidence.end)"
    }

    private static func signed(_ weight: Double) -> String {
        (weight < 0 ? "" : "+") + number(weight)
    }

    private static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? "\(Int(rounded)).0" : "\(rounded)"
    }

    /// Rows as lines, columns padded to their widest cell, two-space indent.
    private static func table(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { c, cell in
                let padding = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? padding + cell : cell + padding
            }
            let line = "  " + cells.joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())
        }
    }
}
