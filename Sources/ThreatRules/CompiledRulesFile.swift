import ThreatTaxonomy

/// Compiled rules as bytes (`BinaryArchive`), in the order of `CompiledRules`' fields, so a
/// taxonomy compiled once can be read back instead of compiled again.
extension CompiledRules {
    func write(to out: inout BinaryArchive.Writer) {
        automaton.write(to: &out)
        out.int(literalCount)
        out.array(uses)
        out.int(rules.count)
        for rule in rules { rule.write(to: &out) }
        out.array(ruleNode)
        out.array(ruleWeight)
        out.array(rulePartCount)
        out.array(ruleNeeded)
        out.array(ruleWindow)
        out.array(ruleGroup)
        out.int(groupCount)
        out.int(phrases.count)
        for phrase in phrases {
            out.int(phrase.words)
            out.array(phrase.uses)
        }
        out.array(phraseTrie.slotKeys)
        out.array(phraseTrie.slotChildren)
        out.array(phraseTrie.endStart)
        out.array(phraseTrie.endPhrases)
        out.strings(contexts.map(\.classID))
        out.strings(contexts.map(\.language))
        out.int(exactPatterns.count)
        for pattern in exactPatterns {
            out.array(pattern.bytes)
            out.bool(pattern.isPrefix)
        }
        out.strings(languages)
        out.int(maxParts)
        out.array(rulePartStart)
        out.array(ruleParts)
        out.array(partPlaceStart)
        out.array(partPlaces)
        out.array(watcherStart)
        out.array(watchers)
    }

    init(from input: inout BinaryArchive.Reader) throws {
        automaton = try Automaton(from: &input)
        literalCount = try input.int()
        uses = try input.array()
        rules = try (0..<input.int()).map { _ in try CompiledRule(from: &input) }
        ruleNode = try input.array()
        ruleWeight = try input.array()
        rulePartCount = try input.array()
        ruleNeeded = try input.array()
        ruleWindow = try input.array()
        ruleGroup = try input.array()
        groupCount = try input.int()
        phrases = try (0..<input.int()).map { _ in Phrase(words: try input.int(), uses: try input.array()) }
        let keys: [UInt64] = try input.array(), children: [Int32] = try input.array()
        let endStart: [Int32] = try input.array(), endPhrases: [Int32] = try input.array()
        guard keys.count == children.count, keys.count.nonzeroBitCount == 1, !endStart.isEmpty else { throw BinaryArchive.Reader.Truncated() }
        phraseTrie = PhraseTrie(slotKeys: keys, slotChildren: children, endStart: endStart, endPhrases: endPhrases)
        let classIDs = try input.strings(), contextLanguages = try input.strings()
        contexts = zip(classIDs, contextLanguages).map { (classID: $0, language: $1) }
        exactPatterns = try (0..<input.int()).map { _ in ExactPattern(bytes: try input.array(), isPrefix: try input.bool()) }
        languages = try input.strings()
        maxParts = try input.int()
        rulePartStart = try input.array()
        ruleParts = try input.array()
        partPlaceStart = try input.array()
        partPlaces = try input.array()
        watcherStart = try input.array()
        watchers = try input.array()
    }
}

extension Automaton {
    func write(to out: inout BinaryArchive.Writer) {
        out.array(byteClass)
        out.int(classCount)
        out.table(dense)
        out.value(denseMatchLimit)
        out.table(sparse)
        out.array(outputStart)
        out.array(outputs)
        out.value(start)
        out.int(stateCount)
    }

    init(from input: inout BinaryArchive.Reader) throws {
        self.init(
            byteClass: try input.array(), classCount: try input.int(), dense: try input.table(), denseMatchLimit: try input.value(),
            sparse: try input.table(), outputStart: try input.array(),
            outputs: try input.array(), start: try input.value(), stateCount: try input.int())
        guard byteClass.count == 256 else { throw BinaryArchive.Reader.Truncated() }
    }
}

extension CompiledRule {
    func write(to out: inout BinaryArchive.Writer) {
        out.string(id)
        out.int(node)
        out.string(language)
        out.value(kind.rawValue)
        out.double(weight)
        out.strings(patterns)
        out.int(window ?? -1)
        out.int(needed)
        out.bool(ordered)
        out.int(unless.count)
        for condition in unless {
            out.value(condition.context)
            out.scope(condition.scope)
        }
    }

    init(from input: inout BinaryArchive.Reader) throws {
        id = try input.string()
        node = try input.int()
        language = try input.string()
        guard let kind = RuleKind(rawValue: try input.value()) else { throw BinaryArchive.Reader.Truncated() }
        self.kind = kind
        weight = try input.double()
        patterns = try input.strings()
        let window = try input.int()
        self.window = window < 0 ? nil : window
        needed = try input.int()
        ordered = try input.bool()
        unless = try (0..<input.int()).map { _ in
            CompiledContext(context: try input.value(), scope: try input.scope())
        }
    }
}
