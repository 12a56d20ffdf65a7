import TextNormalization
import ThreatTaxonomy

/// Everything the scanner needs, in flat arrays: the automaton of all literals of all nodes and
/// languages, what each literal is used for, and the rules themselves.
struct CompiledRules: Sendable {
    var automaton: Automaton
    /// Byte length of each literal.
    var literalLength: [Int32]
    /// Literal `l` is used by `uses[useStart[l] ..< useStart[l + 1]]`.
    var useStart: [Int32]
    var uses: [LiteralUse]
    var rules: [CompiledRule]
    /// Node, weight, number of parts and window (-1: same sentence) of each rule, for the hot path.
    var ruleNode: [Int]
    var ruleWeight: [Double]
    var rulePartCount: [Int]
    var ruleWindow: [Int]
    var exactPatterns: [ExactPattern]
    /// Languages that have rules, by index.
    var languages: [String]
    /// Number of parts of the longest near rule.
    var maxParts: Int
}

/// Turns a taxonomy's rules into `CompiledRules`.
struct RuleCompiler {
    private var literalIndex: [[UInt8]: Int] = [:]
    private var literals: [[UInt8]] = []
    private var usesByLiteral: [[LiteralUse]] = []
    private var rules: [CompiledRule] = []
    private var exactPatterns: [ExactPattern] = []
    private var languageIndex: [String: Int] = [:]
    private var languages: [String] = []
    private var maxParts = 0
    private let normalizer = TextNormalizer.shared

    static func compile(_ taxonomy: Taxonomy, denseBudget: Int = Automaton.defaultDenseBudget) throws -> CompiledRules {
        var compiler = RuleCompiler()
        for (nodeIndex, node) in taxonomy.nodes.enumerated() {
            for language in node.rules.keys.sorted() {
                guard let set = node.rules[language] else { continue }
                try compiler.add(set, node: nodeIndex, id: node.id, language: language)
            }
        }
        return compiler.finish(denseBudget: denseBudget)
    }

    private mutating func add(_ set: LanguageRules, node: Int, id: String, language: String) throws {
        let lang = try languageSlot(language, node: id, location: set.terms.first?.location)
        for (kind, terms) in [(RuleKind.term, set.terms), (.exclusion, set.exclusions)] {
            for term in terms {
                let context = Context(node: id, language: language, location: term.location)
                let words = term.pattern.split(whereSeparator: \.isWhitespace).map(String.init)
                if words.dropLast().contains(where: { $0.hasSuffix("*") }) {
                    guard kind == .term else {
                        throw context.error(term.pattern, "an exclusion may only end its last word with `*`.")
                    }
                    try addAdjacentWords(words, term: term, node: node, id: id, language: language, slot: lang)
                    continue
                }
                let pattern = try parse(term.pattern, exact: term.exact, context)
                let rule = addRule(CompiledRule(
                    id: "\(id)/\(language)/\(kind.idWord):\(term.pattern)", node: node, language: language,
                    kind: kind, weight: term.weight, patterns: [term.pattern], window: nil))
                addUses(of: pattern, rule: rule, part: 0, language: lang)
            }
        }
        for near in set.cooccurrences {
            let context = Context(node: id, language: language, location: near.location)
            let written = near.parts.joined(separator: "+")
            guard near.parts.count >= 2 else {
                throw context.error(written, "a near rule needs at least two parts.")
            }
            guard near.sameSentence || (near.window ?? 0) > 0 else {
                throw context.error(written, "a near rule needs `within: N` (N ≥ 1) or `sentence: true`.")
            }
            let rule = addRule(CompiledRule(
                id: "\(id)/\(language)/near:\(written)", node: node, language: language, kind: .near,
                weight: near.weight, patterns: near.parts, window: near.sameSentence ? nil : near.window))
            for (part, text) in near.parts.enumerated() {
                addUses(of: try parse(text, exact: false, context), rule: rule, part: part, language: lang)
            }
            maxParts = max(maxParts, near.parts.count)
        }
    }

    /// A phrase with prefix words inside (`send* nude*`): counted like a near rule of its words
    /// with a window of words − 1, under the term's own id.
    private mutating func addAdjacentWords(
        _ words: [String], term: TermRule, node: Int, id: String, language: String, slot: Int
    ) throws {
        let context = Context(node: id, language: language, location: term.location)
        let parsed = try words.map { try parse($0, exact: term.exact, context) }
        let rule = addRule(CompiledRule(
            id: "\(id)/\(language)/term:\(term.pattern)", node: node, language: language, kind: .near,
            weight: term.weight, patterns: words, window: words.count - 1))
        for (part, pattern) in parsed.enumerated() { addUses(of: pattern, rule: rule, part: part, language: slot) }
        maxParts = max(maxParts, words.count)
    }

    private mutating func languageSlot(_ language: String, node: String, location: SourceLocation?) throws -> Int {
        if let slot = languageIndex[language] { return slot }
        guard languages.count < 64 else {
            throw CompileError(
                node: node, language: language, term: "", problem: "a taxonomy can have rules in at most 64 languages.",
                location: location ?? SourceLocation(file: "taxonomy"))
        }
        languageIndex[language] = languages.count
        languages.append(language)
        return languages.count - 1
    }

    private mutating func addRule(_ rule: CompiledRule) -> Int {
        rules.append(rule)
        return rules.count - 1
    }

    private mutating func addUses(of pattern: ParsedPattern, rule: Int, part: Int, language: Int) {
        var exact: Int32 = -1
        if let bytes = pattern.exactBytes {
            exact = Int32(exactPatterns.count)
            exactPatterns.append(ExactPattern(bytes: bytes, isPrefix: pattern.isPrefix))
        }
        let use = LiteralUse(
            rule: Int32(rule), node: Int32(rules[rule].node), kind: rules[rule].kind, part: Int16(part), language: UInt8(language), flags: pattern.flags, exact: exact)
        for variant in pattern.variants {
            let literal: Int
            if let known = literalIndex[variant] {
                literal = known
            } else {
                literal = literals.count
                literalIndex[variant] = literal
                literals.append(variant)
                usesByLiteral.append([])
            }
            usesByLiteral[literal].append(use)
        }
    }

    private func finish(denseBudget: Int) -> CompiledRules {
        var useStart: [Int32] = [0]
        var uses: [LiteralUse] = []
        for list in usesByLiteral {
            uses += list
            useStart.append(Int32(uses.count))
        }
        return CompiledRules(
            automaton: Automaton(literals: literals, denseBudget: denseBudget),
            literalLength: literals.map { Int32($0.count) }, useStart: useStart, uses: uses, rules: rules,
            ruleNode: rules.map(\.node), ruleWeight: rules.map(\.weight), rulePartCount: rules.map(\.patterns.count),
            ruleWindow: rules.map { $0.window ?? -1 }, exactPatterns: exactPatterns, languages: languages, maxParts: maxParts)
    }
}

/// Where a pattern is written, for errors.
private struct Context {
    var node: String
    var language: String
    var location: SourceLocation

    func error(_ term: String, _ problem: String) -> CompileError {
        CompileError(node: node, language: language, term: term, problem: problem, location: location)
    }
}

/// A pattern reduced to the byte strings the automaton looks for.
private struct ParsedPattern {
    /// The normalised literal and its spelling variants.
    var variants: [[UInt8]]
    var isPrefix: Bool
    var flags: LiteralUse.Flags
    /// The literal normalised without folding diacritics, for `exact: true`.
    var exactBytes: [UInt8]?
}

extension RuleCompiler {
    private func parse(_ written: String, exact: Bool, _ context: Context) throws -> ParsedPattern {
        let isPrefix = written.hasSuffix("*")
        let literal = isPrefix ? String(written.dropLast()) : written
        if literal.contains("*") {
            throw context.error(written, "`*` may only end the last word (as in `harass*`).")
        }
        if isPrefix, let last = literal.unicodeScalars.last, last.properties.isWhitespace {
            throw context.error(written, "`*` must follow a letter, with no space before it.")
        }
        let bytes = normalizer.normalize(literal, foldDiacritics: true).bytes
        guard !bytes.isEmpty else {
            throw context.error(written, "the term has no letters or digits to match.")
        }
        var flags: LiteralUse.Flags = []
        if ScriptKind.ofFirstCharacter(bytes) == .spaceDelimited {
            flags.insert(.wordStart)
            if (0xD8...0xDB).contains(bytes[0]) { flags.insert(.clitics) }
        }
        if !isPrefix && ScriptKind.ofLastCharacter(bytes) == .spaceDelimited { flags.insert(.wordEnd) }
        return ParsedPattern(
            variants: NormalizedText.ambiguousOneVariants(of: bytes), isPrefix: isPrefix, flags: flags,
            exactBytes: exact ? normalizer.normalize(literal, foldDiacritics: false).bytes : nil)
    }
}
