import Foundation
import Yams

/// Reads one `{terms, exclude, near}` block, from `taxonomy.yaml` or a rule file.
struct RuleReader {
    let file: YAMLFile

    static let blockKeys = ["terms", "exclude", "near"]
    private static let termKeys = ["term", "weight", "exact"]
    private static let exclusionKeys = ["term", "exact"]
    private static let nearKeys = ["all", "within", "sentence", "weight"]

    /// The rules of `nodeID` in `language`; problems are reported, bad rules left out.
    func rules(_ node: Node, nodeID: String, language: String) -> LanguageRules {
        let owner = "'\(nodeID)' (\(language))"
        var rules = LanguageRules()
        guard let fields = file.mapping(node, "the rules of \(owner)", allowed: Self.blockKeys) else { return rules }
        if let terms = fields["terms"] {
            rules.terms = file.list(terms, "'terms' of \(owner)").compactMap {
                term($0, "a term of \(owner)", allowed: Self.termKeys, wordPrefixes: true)
            }
        }
        if let exclude = fields["exclude"] {
            rules.exclusions = file.list(exclude, "'exclude' of \(owner)").compactMap {
                term($0, "an exclusion of \(owner)", allowed: Self.exclusionKeys, wordPrefixes: false)
            }
        }
        if let near = fields["near"] {
            rules.cooccurrences = file.list(near, "'near' of \(owner)").compactMap {
                cooccurrence($0, "a near rule of \(owner)")
            }
        }
        return rules
    }

    /// The words of a pattern, each keeping its own trailing `*`.
    static func words(_ pattern: String) -> [String] {
        pattern.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// A term: plain text, or `{term, weight, exact}`.
    private func term(_ node: Node, _ what: String, allowed: [String], wordPrefixes: Bool) -> TermRule? {
        if node.scalar != nil {
            return pattern(node, what, wordPrefixes: wordPrefixes).map { TermRule(pattern: $0, location: file.location(node)) }
        }
        guard let fields = file.mapping(node, what, allowed: allowed) else { return nil }
        guard let termNode = fields["term"] else {
            file.missing("term", in: fields, "\(what) has no 'term': write {term: ..., weight: ...}")
            return nil
        }
        let weight = fields["weight"].map { file.number($0, "'weight' of \(what)") }
        let exact = fields["exact"].map { file.boolean($0, "'exact' of \(what)") }
        guard let pattern = pattern(termNode, what, wordPrefixes: wordPrefixes), weight != .some(nil), exact != .some(nil) else { return nil }
        return TermRule(pattern: pattern, weight: weight?.flatMap { $0 } ?? 1, exact: exact?.flatMap { $0 } ?? false,
                        location: file.location(termNode))
    }

    /// `{all: [a, b, ...], within: N | sentence: true, weight: w}`.
    private func cooccurrence(_ node: Node, _ what: String) -> CooccurrenceRule? {
        guard let fields = file.mapping(node, what, allowed: Self.nearKeys) else { return nil }
        var valid = true
        var parts: [String] = []
        var extraWords = 0
        if let all = fields["all"] {
            let items = file.list(all, "'all' of \(what)")
            let written = items.compactMap { pattern($0, "a part of \(what)", wordPrefixes: true) }
            valid = written.count == items.count
            // A part with several prefixed words (`nouveau* compte*`) is split into its words,
            // and the window grows by the extra words.
            parts = written.flatMap { $0.contains("* ") ? Self.words($0) : [$0] }
            extraWords = parts.count - written.count
            if items.count < 2 {
                file.error("\(what) needs at least two parts in 'all', found \(items.count)", at: all)
                valid = false
            }
        } else {
            file.missing("all", in: fields, "\(what) has no 'all': list the terms that must occur together")
            valid = false
        }
        var window: Int?
        if let within = fields["within"] {
            window = file.integer(within, "'within' of \(what)")
            if let words = window, words < 1 {
                file.error("'within' of \(what) must be at least 1 word, found \(words)", at: within)
                valid = false
            }
            valid = valid && window != nil
        }
        var sentence: Bool? = false
        if let sentenceNode = fields["sentence"] {
            sentence = file.boolean(sentenceNode, "'sentence' of \(what)")
            valid = valid && sentence != nil
        }
        if fields["within"] == nil, sentence == false, fields.misspelled.isDisjoint(with: ["within", "sentence"]) {
            file.error("\(what) needs 'within: N' (at most N words apart) or 'sentence: true'", at: node)
            valid = false
        }
        var weight = 1.0
        if let weightNode = fields["weight"] {
            if let value = file.number(weightNode, "'weight' of \(what)") { weight = value } else { valid = false }
        }
        guard valid else { return nil }
        return CooccurrenceRule(parts: parts, window: window.map { $0 + extraWords }, sameSentence: sentence ?? false, weight: weight,
                                location: file.location(node))
    }

    /// A term pattern: words, the last (with `wordPrefixes`, any) ending in `*`; reports empty
    /// terms and misplaced `*`.
    private func pattern(_ node: Node, _ what: String, wordPrefixes: Bool) -> String? {
        guard let scalar = node.scalar, !file.isNull(node) else {
            file.error("\(what) must be text, found \(file.describe(node))", at: node)
            return nil
        }
        let pattern = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        let literal = pattern.hasSuffix("*") ? pattern.dropLast() : Substring(pattern)
        if literal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            file.error("\(what) is empty\(pattern.isEmpty ? "" : " ('\(pattern)')"): write at least one word", at: node)
            return nil
        }
        let inner = wordPrefixes
            ? Self.words(String(literal)).contains { $0.dropLast().contains("*") || ($0 == "*") }
            : literal.contains("*")
        if inner {
            file.error(wordPrefixes
                ? "\(what) has '*' inside a word ('\(pattern)'): '*' may only end a word, as in harass* or send* nude*"
                : "\(what) has '*' inside it ('\(pattern)'): an exclusion may only end its last word with '*'", at: node)
            return nil
        }
        if pattern.hasSuffix("*"), literal.last?.isWhitespace == true {
            file.error("\(what) '\(pattern)' has a space before '*': write the '*' right after the word it extends", at: node)
            return nil
        }
        return pattern
    }
}
