import SafeYAML
import ThreatTaxonomy

/// A loaded taxonomy as bytes (`BinaryArchive`), kept next to its compiled rules so that a run
/// whose taxonomy files have not changed reads both instead of parsing the YAML again. Every
/// field is written, so the taxonomy read back is equal to the one loaded; dictionaries are
/// written in order of their keys, so the same taxonomy gives the same bytes.
extension Taxonomy {
    func write(to out: inout BinaryArchive.Writer) {
        out.string(version)
        out.string(name)
        out.strings(languages)
        out.dictionary(schemes) { out, scheme in
            out.string(scheme.key)
            out.string(scheme.title)
            out.string(scheme.version)
            out.optional(scheme.url)
        }
        out.list(nodes) { $1.write(to: &$0) }
        out.list(classDefinitions) { out, definition in
            out.string(definition.id)
            out.string(definition.meaning)
            out.location(definition.location)
        }
        out.dictionary(classes) { out, byID in
            out.dictionary(byID) { out, conceptClass in
                out.string(conceptClass.id)
                out.list(conceptClass.terms) { $0.term($1) }
                out.location(conceptClass.location)
            }
        }
        out.string(rulesHash)
    }

    init(from input: inout BinaryArchive.Reader) throws {
        let version = try input.string(), name = try input.string(), languages = try input.strings()
        let schemes = try input.dictionary { input in
            CrosswalkScheme(key: try input.string(), title: try input.string(), version: try input.string(), url: try input.optional())
        }
        let nodes = try input.list { try TaxonomyNode(from: &$0) }
        let classDefinitions = try input.list { input in
            ClassDefinition(id: try input.string(), meaning: try input.string(), location: try input.location())
        }
        let classes = try input.dictionary { input in
            try input.dictionary { input in
                ConceptClass(id: try input.string(), terms: try input.list { try $0.term() }, location: try input.location())
            }
        }
        self.init(
            version: version, name: name, languages: languages, schemes: schemes, nodes: nodes,
            classDefinitions: classDefinitions, classes: classes)
        rulesHash = try input.string()
    }
}

extension TaxonomyNode {
    fileprivate func write(to out: inout BinaryArchive.Writer) {
        out.string(id)
        out.optional(parent)
        out.dictionary(names) { $0.string($1) }
        out.string(definition)
        out.double(threshold)
        out.dictionary(rules) { out, rules in
            out.list(rules.terms) { $0.term($1) }
            out.list(rules.exclusions) { $0.term($1) }
            out.list(rules.cooccurrences) { $0.cooccurrence($1) }
        }
        out.list(indicators) { $0.cooccurrence($1) }
        out.dictionary(crosswalks) { out, entries in
            out.list(entries) { out, entry in
                out.string(entry.code)
                out.string(entry.relation.rawValue)
            }
        }
        out.list(examples) { out, example in
            out.string(example.text)
            out.optional(example.language)
            out.bool(example.shouldMatch)
            out.location(example.location)
        }
        out.location(location)
    }

    fileprivate init(from input: inout BinaryArchive.Reader) throws {
        let id = try input.string(), parent = try input.optional(), names = try input.dictionary { try $0.string() }
        let definition = try input.string(), threshold = try input.double()
        let rules = try input.dictionary { input in
            LanguageRules(
                terms: try input.list { try $0.term() }, exclusions: try input.list { try $0.term() },
                cooccurrences: try input.list { try $0.cooccurrence() })
        }
        let indicators = try input.list { try $0.cooccurrence() }
        let crosswalks = try input.dictionary { input in
            try input.list { input in
                let code = try input.string()
                guard let relation = CrosswalkRelation(rawValue: try input.string()) else { throw BinaryArchive.Reader.Truncated() }
                return CrosswalkEntry(code: code, relation: relation)
            }
        }
        let examples = try input.list { input in
            NodeExample(text: try input.string(), language: try input.optional(), shouldMatch: try input.bool(), location: try input.location())
        }
        self.init(
            id: id, parent: parent, names: names, definition: definition, threshold: threshold, rules: rules,
            indicators: indicators, crosswalks: crosswalks, examples: examples, location: try input.location())
    }
}

extension Diagnostic {
    func write(to out: inout BinaryArchive.Writer) {
        out.string(severity.rawValue)
        out.location(location)
        out.string(message)
        out.optional(sourceLine)
    }

    init(from input: inout BinaryArchive.Reader) throws {
        guard let severity = Severity(rawValue: try input.string()) else { throw BinaryArchive.Reader.Truncated() }
        self.init(severity: severity, location: try input.location(), message: try input.string(), sourceLine: try input.optional())
    }
}

// The taxonomy's parts, written and read in the same order.

extension BinaryArchive.Writer {
    fileprivate mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    fileprivate mutating func list<Element>(_ values: [Element], _ write: (inout Self, Element) -> Void) {
        int(values.count)
        for value in values { write(&self, value) }
    }

    /// A dictionary, as its count and then each key and value in order of the keys.
    fileprivate mutating func dictionary<Value>(_ values: [String: Value], _ write: (inout Self, Value) -> Void) {
        int(values.count)
        for key in values.keys.sorted() {
            string(key)
            write(&self, values[key]!)
        }
    }

    fileprivate mutating func location(_ location: SourceLocation) {
        string(location.file)
        int(location.line)
        int(location.column)
    }

    fileprivate mutating func conditions(_ conditions: [ContextCondition]) {
        list(conditions) { out, condition in
            out.string(condition.classID)
            out.scope(condition.scope)
        }
    }

    /// A context condition's scope: -1 the sentence, -2 the report, n ≥ 0 that many words.
    mutating func scope(_ scope: ContextCondition.Scope) {
        switch scope {
        case .sentence: int(-1)
        case .report: int(-2)
        case .words(let n): int(n)
        }
    }

    fileprivate mutating func term(_ term: TermRule) {
        string(term.pattern)
        double(term.weight)
        bool(term.exact)
        conditions(term.unless)
        location(term.location)
    }

    fileprivate mutating func cooccurrence(_ rule: CooccurrenceRule) {
        strings(rule.parts)
        int(rule.needed)
        int(rule.window ?? -1)
        bool(rule.sameSentence)
        bool(rule.ordered)
        double(rule.weight)
        conditions(rule.unless)
        location(rule.location)
    }
}

extension BinaryArchive.Reader {
    fileprivate mutating func optional() throws -> String? {
        try bool() ? try string() : nil
    }

    fileprivate mutating func list<Element>(_ read: (inout Self) throws -> Element) throws -> [Element] {
        let count = try int()
        guard count >= 0, count <= remaining else { throw Truncated() }
        var values: [Element] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    fileprivate mutating func dictionary<Value>(_ read: (inout Self) throws -> Value) throws -> [String: Value] {
        let pairs = try list { input in (try input.string(), try read(&input)) }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    /// A location; its file name is most often the one before, which is then shared, not copied.
    fileprivate mutating func location() throws -> SourceLocation {
        SourceLocation(file: try repeatedString(), line: try int(), column: try int())
    }

    fileprivate mutating func conditions() throws -> [ContextCondition] {
        try list { input in ContextCondition(classID: try input.string(), scope: try input.scope()) }
    }

    /// A scope written by `Writer.scope(_:)`.
    mutating func scope() throws -> ContextCondition.Scope {
        let scope = try int()
        return scope == -1 ? .sentence : scope == -2 ? .report : .words(scope)
    }

    fileprivate mutating func term() throws -> TermRule {
        TermRule(
            pattern: try string(), weight: try double(), exact: try bool(), unless: try conditions(), location: try location())
    }

    fileprivate mutating func cooccurrence() throws -> CooccurrenceRule {
        let parts = try strings(), needed = try int(), window = try int()
        return CooccurrenceRule(
            parts: parts, needed: needed, window: window < 0 ? nil : window, sameSentence: try bool(), ordered: try bool(),
            weight: try double(), unless: try conditions(), location: try location())
    }
}
