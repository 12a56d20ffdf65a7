import TextNormalization
import ThreatTaxonomy
import SafeYAML

/// Everything the scanner needs, in flat arrays: the automaton of all literals of all nodes and
/// languages, what each literal is used for, and the rules themselves.
struct CompiledRules: Sendable {
    /// Reports each literal by its first use: a match reads its literal's uses from there on,
    /// up to the one marked `lastOfLiteral`, with no table of literals between (one lookup).
    var automaton: Automaton
    /// Number of distinct literals.
    var literalCount: Int
    /// Every literal's uses, one literal's after another's.
    var uses: [LiteralUse]
    var rules: [CompiledRule]
    /// Node, weight, number of parts and window (-1: same sentence) of each rule, for the hot path.
    var ruleNode: [Int]
    var ruleWeight: [Double]
    var rulePartCount: [Int]
    var ruleNeeded: [Int]
    var ruleWindow: [Int]
    /// The score group of each rule: an indicator's rules in all languages share one, so a
    /// report matched with two languages' rules counts the indicator once.
    var ruleGroup: [Int]
    var groupCount: Int
    /// Phrases with prefix words inside, by index, and the trie of their words.
    var phrases: [Phrase]
    var phraseTrie: PhraseTrie
    /// Context classes by index: `classID` and language, for explanations.
    var contexts: [(classID: String, language: String)]
    var exactPatterns: [ExactPattern]
    /// Languages that have rules, by index.
    var languages: [String]
    /// Number of parts of the longest near rule.
    var maxParts: Int
    /// Near rules: part `p` of rule `r` is the part symbol `ruleParts[rulePartStart[r] + p]`.
    /// A part symbol is one pattern (mostly a class) in one language, matched once however many
    /// rules combine it; its hits are collected in one bucket.
    var rulePartStart: [Int32]
    var ruleParts: [Int32]
    /// The (rule, part) places that part symbol `s` fills: `partPlaces[partPlaceStart[s] ..< partPlaceStart[s + 1]]`.
    var partPlaceStart: [Int32]
    var partPlaces: [PartPlace]
    /// The near rules that watch part symbol `s`: `watchers[watcherStart[s] ..< watcherStart[s + 1]]`,
    /// in increasing order. A rule that needs `k` of its `n` parts watches `n - k + 1` of them
    /// (those whose symbols fill the fewest places, the likeliest to be rare): any `k` parts found
    /// include one of those, so a report's hits need only wake the rules their symbols watch.
    var watcherStart: [Int32]
    var watchers: [Int32]
}

/// A place a part symbol fills: part `part` of the near rule `rule`.
struct PartPlace: Sendable {
    var rule: Int32
    var part: Int16
}

/// Turns a taxonomy's rules and indicators into `CompiledRules`: classes are expanded into their
/// terms (with nested classes and `{a|b}` alternations), each term becomes literals of one
/// automaton.
struct RuleCompiler {
    private let taxonomy: Taxonomy
    private var literalIndex: [LiteralKey: Int] = [:]
    private var preparedTerms: [PreparedKey: [PreparedTerm]] = [:]
    private var literals: [[UInt8]] = []
    private var usesByLiteral: [[LiteralUse]] = []
    private var rules: [CompiledRule] = []
    private var phrases: [Phrase] = []
    private var phraseIndex: [PhraseKey: Int] = [:]
    private var phraseTrie = PhraseTrie.Builder()
    private var wordSymbolIndex: [WordSymbolKey: Int32] = [:]
    private var contexts: [(classID: String, language: String)] = []
    private var contextIndex: [String: Int] = [:]
    private var exactPatterns: [ExactPattern] = []
    private var languageIndex: [String: Int] = [:]
    private var languages: [String] = []
    private var maxParts = 0
    private var partSymbolIndex: [PreparedKey: Int] = [:]
    private var placesBySymbol: [[PartPlace]] = []
    /// Part symbols of each rule (empty unless near).
    private var partsByRule: [[Int32]] = []
    private var ruleGroups: [Int] = []
    private var groupCount = 0
    /// The group the next rules join; `nil`: each rule gets a group of its own.
    private var sharedGroup: Int?
    private let normalizer = TextNormalizer.shared

    private init(taxonomy: Taxonomy) { self.taxonomy = taxonomy }

    static func compile(_ taxonomy: Taxonomy, denseBudget: Int = Automaton.defaultDenseBudget) throws -> CompiledRules {
        var compiler = RuleCompiler(taxonomy: taxonomy)
        for (nodeIndex, node) in taxonomy.nodes.enumerated() {
            for language in node.rules.keys.sorted() {
                guard let set = node.rules[language] else { continue }
                try compiler.add(set, node: nodeIndex, id: node.id, language: language)
            }
            for indicator in node.indicators {
                compiler.sharedGroup = compiler.newGroup()
                for language in taxonomy.languages where taxonomy.canFire(indicator, in: language) {
                    try compiler.add(indicator, as: "indicator", node: nodeIndex, id: node.id, language: language)
                }
                compiler.sharedGroup = nil
            }
        }
        return compiler.finish(denseBudget: denseBudget)
    }

    // MARK: Rules

    private mutating func add(_ set: LanguageRules, node: Int, id: String, language: String) throws {
        for term in set.terms {
            let rule = addRule(
                id: "\(id)/\(language)/term:\(term.pattern)", node: node, language: language, kind: .term, weight: term.weight,
                patterns: [term.pattern], unless: term.unless)
            try addUses(of: term.pattern, exact: term.exact, kind: .term, rule: rule, part: 0,
                        context: Context(node: id, language: language, location: term.location))
        }
        for exclusion in set.exclusions {
            let rule = addRule(
                id: "\(id)/\(language)/exclude:\(exclusion.pattern)", node: node, language: language, kind: .exclusion,
                weight: 0, patterns: [exclusion.pattern], unless: [])
            try addUses(of: exclusion.pattern, exact: exclusion.exact, kind: .exclusion, rule: rule, part: 0,
                        context: Context(node: id, language: language, location: exclusion.location))
        }
        for near in set.cooccurrences {
            try add(near, as: "near", node: node, id: id, language: language)
        }
    }

    /// A near rule or an indicator in one language: a term rule when one part is enough.
    private mutating func add(_ near: CooccurrenceRule, as word: String, node: Int, id: String, language: String) throws {
        let context = Context(node: id, language: language, location: near.location)
        var written = near.parts.joined(separator: "+")
        if near.needed < near.parts.count && near.needed > 1 { written = "\(near.needed) of \(written)" }
        guard near.isAny || near.sameSentence || (near.window ?? 0) > 0 else {
            throw context.error(written, "a rule of several parts needs `within: N` (N ≥ 1) or `sentence: true`.")
        }
        guard near.parts.count <= 64 else {
            throw context.error(written, "a rule can combine at most 64 parts.")
        }
        let rule = addRule(
            id: "\(id)/\(language)/\(word):\(written)", node: node, language: language, kind: near.isAny ? .term : .near,
            weight: near.weight, patterns: near.parts, window: near.sameSentence ? nil : near.window, needed: near.needed,
            ordered: near.ordered, unless: near.unless)
        for (part, pattern) in near.parts.enumerated() {
            if near.isAny {
                try addUses(of: pattern, exact: false, kind: .term, rule: rule, part: part, context: context)
            } else {
                let symbol = try partSymbol(pattern, language: language, context: context)
                placesBySymbol[symbol].append(PartPlace(rule: Int32(rule), part: Int16(part)))
                partsByRule[rule].append(Int32(symbol))
            }
        }
        if !near.isAny { maxParts = max(maxParts, near.parts.count) }
    }

    private mutating func addRule(
        id: String, node: Int, language: String, kind: RuleKind, weight: Double, patterns: [String], window: Int? = nil,
        needed: Int? = nil, ordered: Bool = false, unless: [ContextCondition]
    ) -> Int {
        let contexts = unless.map { CompiledContext(context: Int32(contextSlot($0.classID, language: language)), scope: $0.scope) }
        ruleGroups.append(sharedGroup ?? newGroup())
        partsByRule.append([])
        rules.append(CompiledRule(
            id: id, node: node, language: language, kind: kind, weight: weight, patterns: patterns, window: window,
            needed: needed ?? patterns.count, ordered: ordered, unless: contexts))
        return rules.count - 1
    }

    private mutating func newGroup() -> Int {
        groupCount += 1
        return groupCount - 1
    }

    /// The index of a context class in a language; its terms become `context` uses once.
    private mutating func contextSlot(_ classID: String, language: String) -> Int {
        let key = "\(language)/\(classID)"
        if let slot = contextIndex[key] { return slot }
        let slot = contexts.count
        contextIndex[key] = slot
        contexts.append((classID, language))
        // Class terms were validated by the loader; a class that still cannot compile is skipped.
        try? addUses(of: "$" + classID, exact: false, kind: .context, rule: slot, part: 0, language: language, node: -1, context: nil)
        return slot
    }

    /// The part symbol of a pattern in a language: its terms become `part` uses once, for every
    /// rule that combines it.
    private mutating func partSymbol(_ pattern: String, language: String, context: Context) throws -> Int {
        let key = PreparedKey(pattern: pattern, exact: false, language: language)
        if let symbol = partSymbolIndex[key] { return symbol }
        let symbol = placesBySymbol.count
        partSymbolIndex[key] = symbol
        placesBySymbol.append([])
        try addUses(of: pattern, exact: false, kind: .part, rule: symbol, part: 0, language: language, node: -1, context: context)
        return symbol
    }

    // MARK: Literals

    /// Adds the literals of a pattern (a class is expanded into all its terms) as uses of a rule.
    private mutating func addUses(
        of pattern: String, exact: Bool, kind: UseKind, rule: Int, part: Int, context: Context
    ) throws {
        try addUses(of: pattern, exact: exact, kind: kind, rule: rule, part: part, language: context.language,
                    node: rules[rule].node, context: context)
    }

    private mutating func addUses(
        of pattern: String, exact: Bool, kind: UseKind, rule: Int, part: Int, language: String, node: Int, context: Context?
    ) throws {
        let slot = try languageSlot(language, context: context)
        for unit in try prepared(pattern, exact: exact, language: language, slot: slot, context: context) {
            let use = LiteralUse(
                rule: Int32(rule), node: Int32(node), kind: kind, part: Int16(part), language: UInt8(slot), flags: unit.flags,
                exact: unit.exact)
            switch unit.target {
            case .phrase(let phrase): phrases[phrase].uses.append(use)
            case .literal(let literal): usesByLiteral[literal].append(use)
            }
        }
    }

    /// A pattern's terms in a language, parsed and registered once: a class used by twenty
    /// indicators is expanded and parsed once, not twenty times.
    private mutating func prepared(
        _ pattern: String, exact: Bool, language: String, slot: Int, context: Context?
    ) throws -> [PreparedTerm] {
        let key = PreparedKey(pattern: pattern, exact: exact, language: language)
        if let known = preparedTerms[key] { return known }
        var result: [PreparedTerm] = []
        for unit in try units(of: pattern, exact: exact, language: language, context: context) {
            if RuleCompiler.hasInnerPrefixWord(unit.text) {
                let words = RuleCompiler.words(unit.text)
                let phrase = try phraseSlot(words, exact: unit.exact, language: language, slot: slot, context: context)
                result.append(PreparedTerm(target: .phrase(phrase), flags: words.last!.hasSuffix("*") ? [.prefix] : [], exact: -1))
            } else {
                let pattern = try parse(unit.text, exact: unit.exact, context)
                let (literal, exact) = register(pattern)
                result.append(PreparedTerm(target: .literal(literal), flags: pattern.flags, exact: exact))
            }
        }
        preparedTerms[key] = result
        return result
    }

    /// A phrase with prefix words inside: each word a literal of its own, found once per language.
    private mutating func phraseSlot(
        _ words: [String], exact: Bool, language: String, slot: Int, context: Context?
    ) throws -> Int {
        let key = PhraseKey(words: words, exact: exact, language: language)
        if let known = phraseIndex[key] { return known }
        let phrase = phrases.count
        phraseIndex[key] = phrase
        phrases.append(Phrase(words: words.count, uses: []))
        var node = PhraseTrie.root
        for word in words {
            node = phraseTrie.child(of: node, word: try wordSymbol(word, exact: exact, slot: slot, context: context))
        }
        phraseTrie.addEnd(phrase, at: node)
        return phrase
    }

    /// A word of phrases in a language: its literal gets one `phraseWord` use, for every phrase.
    private mutating func wordSymbol(_ word: String, exact: Bool, slot: Int, context: Context?) throws -> Int32 {
        let key = WordSymbolKey(word: word, exact: exact, language: slot)
        if let known = wordSymbolIndex[key] { return known }
        let symbol = Int32(wordSymbolIndex.count)
        wordSymbolIndex[key] = symbol
        let pattern = try parse(word, exact: exact, context)
        let (literal, exactIndex) = register(pattern)
        usesByLiteral[literal].append(LiteralUse(
            rule: symbol, node: -1, kind: .phraseWord, part: 0, language: UInt8(slot), flags: pattern.flags, exact: exactIndex))
        return symbol
    }

    /// The automaton literal of a parsed term, added when new, and the index of its exact
    /// pattern (-1: not `exact`).
    private mutating func register(_ pattern: ParsedPattern) -> (literal: Int, exact: Int32) {
        var exact: Int32 = -1
        if let bytes = pattern.exactBytes {
            exact = Int32(exactPatterns.count)
            exactPatterns.append(ExactPattern(bytes: bytes, isPrefix: pattern.isPrefix))
        }
        let key = LiteralKey(pattern.bytes)
        if let known = literalIndex[key] { return (known, exact) }
        literalIndex[key] = literals.count
        literals.append(pattern.bytes)
        usesByLiteral.append([])
        return (literals.count - 1, exact)
    }

    /// The terms a pattern stands for in a language: a class's terms (nested classes included,
    /// each once), or the pattern itself, with every `{a|b}` alternation spelled out.
    private func units(of pattern: String, exact: Bool, language: String, context: Context?) throws -> [Unit] {
        var result: [Unit] = []
        var seen = Set<Unit>()
        var visiting = Set<String>()
        func expand(_ pattern: String, exact: Bool) throws {
            guard let id = ConceptClass.reference(in: pattern) else {
                for text in Alternation.expand(pattern) where seen.insert(Unit(text: text, exact: exact)).inserted {
                    result.append(Unit(text: text, exact: exact))
                }
                return
            }
            guard visiting.insert(id).inserted else { return }  // a cycle: reported by the loader
            guard let conceptClass = taxonomy.classes[language]?[id] else {
                if let context, taxonomy.classDefinitions.contains(where: { $0.id == id }) == false {
                    throw context.error(pattern, "no class `\(pattern)` is declared.")
                }
                return
            }
            for term in conceptClass.terms { try expand(term.pattern, exact: term.exact) }
        }
        try expand(pattern, exact: exact)
        return result
    }

    private mutating func languageSlot(_ language: String, context: Context?) throws -> Int {
        if let slot = languageIndex[language] { return slot }
        guard languages.count < 64 else {
            throw CompileError(
                node: context?.node ?? "", language: language, term: "", problem: "a taxonomy can have rules in at most 64 languages.",
                location: context?.location ?? SourceLocation(file: "taxonomy"))
        }
        languageIndex[language] = languages.count
        languages.append(language)
        return languages.count - 1
    }

    private func finish(denseBudget: Int) -> CompiledRules {
        // A literal that every use needs to end a word is looked for with the boundary after it
        // too, and the text is scanned as if a space came last: its matches inside a word (two
        // in five matches of the benchmark corpus) are then never reported. Such a match comes
        // one byte late, at the boundary; `ReportScanner.restoreEndOrder` puts the matches that
        // end at one place back in the order of a scan without it.
        let needsEnd = usesByLiteral.indices.map { l in
            !usesByLiteral[l].isEmpty && usesByLiteral[l].allSatisfy { $0.flags.contains(.wordEnd) }
                && !WordBoundary.isBoundary(literals[l].last ?? WordBoundary.space)
        }
        // A literal that must start a word is looked for with the boundary before it (the text
        // is scanned as if a space came first): a one-letter word such as `a` or `y` would
        // otherwise match inside every word that has the letter, and the automaton would walk
        // the inside of every word through the states of the literals that begin like its end.
        let needsStart = usesByLiteral.map { !$0.isEmpty && $0.allSatisfy { $0.flags.contains(.wordStart) && !$0.flags.contains(.clitics) } }
        var uses: [LiteralUse] = [], firstUse: [Int32] = []
        for (l, literalUses) in usesByLiteral.enumerated() {
            firstUse.append(Int32(uses.count))
            for (k, var use) in literalUses.enumerated() {
                use.length = UInt16(literals[l].count)
                if k == literalUses.count - 1 { use.flags.insert(.lastOfLiteral) }
                if needsEnd[l] { use.flags.insert(.boundaryAfter) }
                if needsStart[l] { use.flags.insert(.boundaryBefore) }
                uses.append(use)
            }
        }
        let (rulePartStart, ruleParts) = Self.flattened(partsByRule)
        let (partPlaceStart, partPlaces) = Self.flattened(placesBySymbol)
        let (watcherStart, watchers) = Self.flattened(Self.watchers(partsByRule: partsByRule, needed: rules.map(\.needed), places: placesBySymbol))
        // The sentence boundary reads as a space (no literal holds one), so one padded literal
        // covers both boundaries; a match that spans a sentence boundary is dropped when hits
        // are collected.
        // (Should a literal hold a sentence boundary, each is padded with both boundaries.)
        let aliased = !literals.contains { $0.contains(WordBoundary.sentence) }
        let boundaries: [[UInt8]] = aliased ? [[WordBoundary.space]] : [[WordBoundary.space], [WordBoundary.sentence]]
        var automatonLiterals: [[UInt8]] = [], ids: [Int32] = []
        for (l, bytes) in literals.enumerated() where !usesByLiteral[l].isEmpty {  // one without uses finds nothing
            for before in needsStart[l] ? boundaries : [[]] {
                for after in needsEnd[l] ? boundaries : [[]] {
                    automatonLiterals.append(before + bytes + after)
                    ids.append(firstUse[l])
                }
            }
        }
        return CompiledRules(
            automaton: Automaton(
                literals: automatonLiterals, ids: ids, leadingByte: WordBoundary.space,
                alias: aliased ? (byte: WordBoundary.sentence, readAs: WordBoundary.space) : nil, denseBudget: denseBudget),
            literalCount: literals.count, uses: uses, rules: rules,
            ruleNode: rules.map(\.node), ruleWeight: rules.map(\.weight), rulePartCount: rules.map(\.patterns.count),
            ruleNeeded: rules.map(\.needed), ruleWindow: rules.map { $0.window ?? -1 }, ruleGroup: ruleGroups,
            groupCount: groupCount, phrases: phrases, phraseTrie: phraseTrie.trie, contexts: contexts,
            exactPatterns: exactPatterns, languages: languages, maxParts: maxParts, rulePartStart: rulePartStart,
            ruleParts: ruleParts, partPlaceStart: partPlaceStart, partPlaces: partPlaces, watcherStart: watcherStart,
            watchers: watchers)
    }

    /// For each part symbol, the near rules that watch it (see `CompiledRules.watchers`).
    private static func watchers(partsByRule: [[Int32]], needed: [Int], places: [[PartPlace]]) -> [[Int32]] {
        var watchers = [[Int32]](repeating: [], count: places.count)
        for (rule, symbols) in partsByRule.enumerated() where !symbols.isEmpty {
            let watched = symbols.count - needed[rule] + 1
            guard watched > 0 else { continue }  // needs more parts than it has: never fires
            let rarest = symbols.indices.sorted { (places[Int(symbols[$0])].count, $0) < (places[Int(symbols[$1])].count, $1) }
            for symbol in Set(rarest.prefix(watched).map { Int(symbols[$0]) }) { watchers[symbol].append(Int32(rule)) }
        }
        return watchers
    }

    /// Lists of lists as one array and the start of each list (and the end of the last).
    private static func flattened<Element>(_ lists: [[Element]]) -> (start: [Int32], elements: [Element]) {
        var start: [Int32] = [0]
        var elements: [Element] = []
        for list in lists {
            elements += list
            start.append(Int32(elements.count))
        }
        return (start, elements)
    }

    /// Whether a word before the last ends in `*` (`send* nude*`, `send* a nude`).
    static func hasInnerPrefixWord(_ pattern: String) -> Bool {
        var afterStar = false
        for byte in pattern.utf8 {
            if afterStar && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) { return true }
            afterStar = byte == UInt8(ascii: "*")
        }
        return false
    }

    static func words(_ pattern: String) -> [String] {
        pattern.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }
}

/// One term after class expansion and alternation.
private struct Unit: Hashable {
    var text: String
    var exact: Bool
}

/// A term as the compiler prepared it: its literal (or its phrase), flags and exactness.
private struct PreparedTerm {
    enum Target {
        case literal(Int)
        case phrase(Int)
    }

    var target: Target
    var flags: LiteralUse.Flags
    var exact: Int32
}

private struct PreparedKey: Hashable {
    var pattern: String
    var exact: Bool
    var language: String
}

/// Literal bytes as a dictionary key hashed in one call (an array of bytes hashes byte by byte).
private struct LiteralKey: Hashable {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

private struct WordSymbolKey: Hashable {
    var word: String
    var exact: Bool
    var language: Int
}

private struct PhraseKey: Hashable {
    var words: [String]
    var exact: Bool
    var language: String
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

/// A pattern reduced to the bytes the automaton looks for.
private struct ParsedPattern {
    /// The normalised literal.
    var bytes: [UInt8]
    var isPrefix: Bool
    var flags: LiteralUse.Flags
    /// The literal normalised without folding diacritics, for `exact: true`.
    var exactBytes: [UInt8]?
}

extension RuleCompiler {
    private func parse(_ written: String, exact: Bool, _ context: Context?) throws -> ParsedPattern {
        func failure(_ problem: String) -> CompileError {
            context?.error(written, problem)
                ?? CompileError(node: "", language: "", term: written, problem: problem, location: SourceLocation(file: "taxonomy"))
        }
        let (literal, isPrefix) = TermRule.splitWildcard(written)
        if literal.utf8.contains(UInt8(ascii: "*")) {
            throw failure("`*` may only end a word (as in `harass*` or `send* nude*`).")
        }
        if isPrefix, let last = literal.unicodeScalars.last, last.properties.isWhitespace {
            throw failure("`*` must follow a letter, with no space before it.")
        }
        let bytes = normalizer.normalize(literal, foldDiacritics: true).bytes
        guard !bytes.isEmpty else {
            throw failure("the term has no letters or digits to match.")
        }
        var flags: LiteralUse.Flags = isPrefix ? [.prefix] : []
        if ScriptKind.ofFirstCharacter(bytes) == .spaceDelimited {
            flags.insert(.wordStart)
            if (0xD8...0xDB).contains(bytes[0]) { flags.insert(.clitics) }
        }
        if !isPrefix && ScriptKind.ofLastCharacter(bytes) == .spaceDelimited { flags.insert(.wordEnd) }
        return ParsedPattern(
            bytes: bytes, isPrefix: isPrefix, flags: flags,
            exactBytes: exact ? normalizer.normalize(literal, foldDiacritics: false).bytes : nil)
    }
}
