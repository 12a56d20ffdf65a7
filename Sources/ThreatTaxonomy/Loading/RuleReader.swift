import Foundation
import Yams
import SafeYAML
import TextFormats

/// Reads rule blocks (`{terms, exclude, near}`), node indicators and class terms, from
/// `taxonomy.yaml` or a rule file.
struct RuleReader {
    let file: YAMLFile

    static let blockKeys = ["terms", "exclude", "near"]
    private static let termKeys = ["term", "weight", "exact", "unless"]
    private static let classTermKeys = ["term", "exact"]
    private static let exclusionKeys = ["term", "exact"]
    static let nearKeys = ["all", "any", "of", "at_least", "within", "sentence", "ordered", "weight", "unless"]
    private static let contextKeys = ["class", "within", "scope"]

    /// The rules of `nodeID` in `language`; problems are reported, bad rules left out.
    func rules(_ node: Node, nodeID: String, language: String) -> LanguageRules {
        let owner = "'\(nodeID)' (\(language))"
        var rules = LanguageRules()
        guard let fields = file.mapping(node, "the rules of \(owner)", allowed: Self.blockKeys) else { return rules }
        if let terms = fields["terms"] {
            rules.terms = file.list(terms, "'terms' of \(owner)").compactMap {
                term($0, "a term of \(owner)", allowed: Self.termKeys)
            }
        }
        if let exclude = fields["exclude"] {
            rules.exclusions = file.list(exclude, "'exclude' of \(owner)").compactMap {
                term($0, "an exclusion of \(owner)", allowed: Self.exclusionKeys)
            }
        }
        if let near = fields["near"] {
            rules.cooccurrences = file.list(near, "'near' of \(owner)").compactMap {
                cooccurrence($0, "a near rule of \(owner)")
            }
        }
        return rules
    }

    /// The terms of one class in one language.
    func classTerms(_ node: Node, _ what: String) -> [TermRule] {
        file.list(node, what).compactMap { term($0, "a term of \(what)", allowed: Self.classTermKeys) }
    }

    /// The words of a pattern, each keeping its own trailing `*`.
    static func words(_ pattern: String) -> [String] {
        pattern.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// A term: plain text, or `{term, weight, exact, unless}`.
    private func term(_ node: Node, _ what: String, allowed: [String]) -> TermRule? {
        if node.scalar != nil {
            return pattern(node, what).map { TermRule(pattern: $0, location: file.location(node)) }
        }
        guard let fields = file.mapping(node, what, allowed: allowed) else { return nil }
        guard let termNode = fields["term"] else {
            file.missing("term", in: fields, "\(what) has no 'term': write {term: ..., weight: ...}")
            return nil
        }
        let weight = fields["weight"].map { file.number($0, "'weight' of \(what)") }
        let exact = fields["exact"].map { file.boolean($0, "'exact' of \(what)") }
        let unless = fields["unless"].map { contexts($0, "'unless' of \(what)") }
        guard let pattern = pattern(termNode, what), weight != .some(nil), exact != .some(nil),
              unless != .some(nil) else { return nil }
        return TermRule(pattern: pattern, weight: weight?.flatMap { $0 } ?? 1, exact: exact?.flatMap { $0 } ?? false,
                        unless: unless?.flatMap { $0 } ?? [], location: file.location(termNode))
    }

    /// `{all: [a, b] | any: [a, b] | at_least: N, of: [a, b, c]; within: N | sentence: true;
    /// ordered: true; weight: w; unless: [$context, ...]}`.
    func cooccurrence(_ node: Node, _ what: String) -> CooccurrenceRule? {
        guard let fields = file.mapping(node, what, allowed: Self.nearKeys) else { return nil }
        var valid = true
        let listKeys = ["all", "any", "of"].filter { fields[$0] != nil }
        guard listKeys.count == 1, let listKey = listKeys.first, let listNode = fields[listKey] else {
            if listKeys.isEmpty {
                file.missing("all", in: fields, "\(what) has no parts: write all: [...], any: [...] or at_least: N with of: [...]")
            } else {
                file.error("\(what) has \(listKeys.joined(separator: " and ")): use only one of all, any, of", at: node)
            }
            return nil
        }
        let items = file.list(listNode, "'\(listKey)' of \(what)")
        let parts = items.compactMap { pattern($0, "a part of \(what)") }
        valid = parts.count == items.count
        var needed = listKey == "any" ? 1 : parts.count
        if listKey == "of" {
            if let atLeast = fields["at_least"], let n = file.integer(atLeast, "'at_least' of \(what)") {
                if n < 1 || n > items.count {
                    file.error("'at_least' of \(what) must be between 1 and the number of parts (\(items.count)), found \(n)", at: atLeast)
                    valid = false
                }
                needed = n
            } else {
                if fields["at_least"] == nil { file.error("\(what) lists 'of' without 'at_least: N'", at: listNode) }
                valid = false
            }
        } else if let atLeast = fields["at_least"] {
            file.error("'at_least' goes with 'of': write at_least: N, of: [...]", at: atLeast)
            valid = false
        }
        if listKey == "all" && items.count < 2 && fields["within"] != nil {
            file.error("\(what) needs at least two parts in 'all', found \(items.count): for one part write any: [...]", at: listNode)
            valid = false
        }
        if items.isEmpty {
            file.error("\(what) has no parts in '\(listKey)'", at: listNode)
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
        if needed > 1, fields["within"] == nil, sentence == false, fields.misspelled.isDisjoint(with: ["within", "sentence"]) {
            file.error("\(what) needs 'within: N' (at most N words apart) or 'sentence: true'", at: node)
            valid = false
        }
        var ordered: Bool? = false
        if let orderedNode = fields["ordered"] {
            ordered = file.boolean(orderedNode, "'ordered' of \(what)")
            valid = valid && ordered != nil
        }
        var weight = 1.0
        if let weightNode = fields["weight"] {
            if let value = file.number(weightNode, "'weight' of \(what)") { weight = value } else { valid = false }
        }
        var unless: [ContextCondition] = []
        if let unlessNode = fields["unless"] {
            if let read = contexts(unlessNode, "'unless' of \(what)") { unless = read } else { valid = false }
        }
        guard valid else { return nil }
        return CooccurrenceRule(
            parts: parts, needed: needed, window: needed > 1 ? window : nil, sameSentence: needed > 1 && (sentence ?? false),
            ordered: ordered ?? false, weight: weight, unless: unless, location: file.location(node))
    }

    /// `[$a, {class: $b, within: 3}, {class: $c, scope: report}]`; `nil` after a reported problem.
    private func contexts(_ node: Node, _ what: String) -> [ContextCondition]? {
        var valid = true
        var conditions: [ContextCondition] = []
        for item in file.list(node, what) {
            if item.scalar != nil {
                guard let id = classID(item, "a counter-context of \(what)") else { valid = false; continue }
                conditions.append(ContextCondition(classID: id))
                continue
            }
            guard let fields = file.mapping(item, "a counter-context of \(what)", allowed: Self.contextKeys),
                  let classNode = fields["class"] else {
                if let fields = file.mapping(item, "a counter-context of \(what)", allowed: Self.contextKeys) {
                    file.missing("class", in: fields, "a counter-context of \(what) has no 'class': write {class: $id, within: N}")
                }
                valid = false
                continue
            }
            guard let id = classID(classNode, "'class' of a counter-context of \(what)") else { valid = false; continue }
            var scope = ContextCondition.Scope.sentence
            if let within = fields["within"] {
                guard let words = file.integer(within, "'within' of a counter-context"), words >= 1 else {
                    valid = false
                    continue
                }
                scope = .words(words)
            }
            if let scopeNode = fields["scope"] {
                switch file.text(scopeNode, "'scope' of a counter-context") {
                case "sentence": scope = .sentence
                case "report": scope = .report
                case let other?:
                    file.error("'scope' of a counter-context must be sentence or report, found '\(other)'", at: scopeNode)
                    valid = false
                case nil: valid = false
                }
            }
            conditions.append(ContextCondition(classID: id, scope: scope))
        }
        return valid ? conditions : nil
    }

    /// A `$id` class reference.
    private func classID(_ node: Node, _ what: String) -> String? {
        guard let text = file.text(node, what) else { return nil }
        guard let id = ConceptClass.reference(in: text.trimmingWhitespace()) else {
            file.error("\(what) must name a class as $id, found '\(text)'", at: node)
            return nil
        }
        return id
    }

    /// A term pattern: words, any ending in `*`, balanced `{a|b}` alternations, or a `$class`
    /// reference; reports empty terms and misplaced `*`.
    private func pattern(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar, !file.isNull(node) else {
            file.error("\(what) must be text, found \(file.describe(node))", at: node)
            return nil
        }
        let pattern = scalar.string.trimmingWhitespace()
        if ConceptClass.reference(in: pattern) != nil { return pattern }
        if pattern.hasPrefix("$"), pattern.dropFirst().first?.isLetter == true {
            file.error("\(what) '\(pattern)' is not a class reference: write $ and the class id (lowercase letters, digits, hyphens)", at: node)
            return nil
        }
        if let problem = Alternation.problem(in: pattern) {
            file.error("\(what) '\(pattern)': \(problem)", at: node)
            return nil
        }
        if TermRule.splitWildcard(pattern).literal.trimmingWhitespace().isEmpty {
            file.error("\(what) is empty\(pattern.isEmpty ? "" : " ('\(pattern)')"): write at least one word", at: node)
            return nil
        }
        switch Self.misplacedStar(in: pattern) {
        case .insideWord?:
            file.error("\(what) has '*' inside a word ('\(pattern)'): '*' may only end a word, as in harass* or send* nude*", at: node)
            return nil
        case .afterSpace?:
            file.error("\(what) '\(pattern)' has a space before '*': write the '*' right after the word it extends", at: node)
            return nil
        case nil:
            return pattern
        }
    }

    private enum MisplacedStar { case insideWord, afterSpace }

    /// Whether a `*` of a pattern fails to end a word in one of its spellings, found without
    /// spelling them out: after it comes a space, the end, or the end of its `{...}` choice
    /// and then a space or the end.
    private static func misplacedStar(in pattern: String) -> MisplacedStar? {
        guard pattern.utf8.contains(UInt8(ascii: "*")) else { return nil }
        let characters = Array(pattern)
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        for (i, character) in characters.enumerated() where character == "*" {
            let before = i > 0 ? characters[i - 1] : " "
            if isBlank(before) { return .afterSpace }
            if ["{", "|", "*"].contains(before) { return .insideWord }
            var next = i + 1
            if next < characters.count, characters[next] == "|" {
                while next < characters.count, characters[next] != "}" { next += 1 }
            }
            if next < characters.count, characters[next] == "}" { next += 1 }
            if next < characters.count, !isBlank(characters[next]) { return .insideWord }
        }
        return nil
    }
}
