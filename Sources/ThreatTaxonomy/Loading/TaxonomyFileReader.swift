import Foundation
import Yams
import SafeYAML

/// Reads `taxonomy.yaml` into a draft, reporting every problem it meets.
struct TaxonomyFileReader {
    let file: YAMLFile

    private static let topKeys = ["version", "name", "languages", "rule_files", "schemes", "classes", "nodes"]
    private static let schemeKeys = ["title", "version", "url"]
    private static let nodeKeys = ["id", "parent", "name", "definition", "threshold", "crosswalks", "rules", "indicators", "examples"]
    private static let crosswalkKeys = ["code", "relation"]
    private static let exampleGroups = ["match", "no_match"]
    private static let exampleKeys = ["lang", "text"]

    func read() -> TaxonomyDraft {
        var draft = TaxonomyDraft()
        guard let root = file.root else {
            file.sink.error("the taxonomy file is empty: it needs at least 'version' and 'nodes'",
                            at: SourceLocation(file: file.path, line: 1, column: 1))
            return draft
        }
        guard let fields = file.mapping(root, "the taxonomy file", allowed: Self.topKeys) else { return draft }
        if let version = fields["version"] {
            draft.version = semanticVersion(version, "'version'") ?? ""
        } else {
            file.missing("version", in: fields, "the taxonomy has no 'version': add a line such as version: \"1.0.0\"")
        }
        if let name = fields["name"] { draft.name = file.text(name, "'name'") ?? "" }
        if let languages = fields["languages"] {
            draft.languages = languageCodes(languages)
            draft.declaresLanguages = true
        }
        if let schemes = fields["schemes"] { draft.schemes = self.schemes(schemes) }
        if let classes = fields["classes"] { draft.classDefinitions = classDefinitions(classes) }
        if let nodes = fields["nodes"] {
            let items = file.list(nodes, "'nodes'")
            for item in items { read(node: item, into: &draft) }
            if items.isEmpty, case .sequence = nodes {
                file.error("'nodes' is empty: a taxonomy needs at least one node", at: nodes)
            }
        } else {
            file.missing("nodes", in: fields, "the taxonomy has no 'nodes'")
        }
        if let ruleFiles = fields["rule_files"] { draft.ruleFiles = self.ruleFiles(ruleFiles) }
        return draft
    }

    // MARK: Header

    private func semanticVersion(_ node: Node, _ what: String) -> String? {
        guard let version = file.text(node, what) else { return nil }
        let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            file.error("\(what) '\(version)' is not a semantic version: write MAJOR.MINOR.PATCH in quotes, as in \"1.0.0\"", at: node)
            return nil
        }
        return version
    }

    private func languageCodes(_ node: Node) -> [String] {
        var codes: [String] = []
        for item in file.list(node, "'languages'") {
            guard let code = file.text(item, "a language code") else { continue }
            if !(2...3).contains(code.count) || !code.allSatisfy({ $0.isASCII && $0.isLowercase }) {
                file.error("'\(code)' is not a language code: use lowercase ISO 639-1 codes such as en, fr, zh", at: item)
            } else if codes.contains(code) {
                file.error("the language '\(code)' is listed twice", at: item)
            } else {
                codes.append(code)
            }
        }
        return codes
    }

    private func schemes(_ node: Node) -> [String: CrosswalkScheme] {
        var schemes: [String: CrosswalkScheme] = [:]
        for (key, _, value) in file.entries(node, "'schemes'") {
            let what = "the scheme '\(key)'"
            guard let fields = file.mapping(value, what, allowed: Self.schemeKeys) else { continue }
            let title = fields["title"].flatMap { file.text($0, "'title' of \(what)") } ?? key
            let url = fields["url"].flatMap { file.text($0, "'url' of \(what)") }
            guard let versionNode = fields["version"] else {
                file.missing("version", in: fields, "\(what) has no 'version': pin the version of the scheme the codes come from")
                continue
            }
            guard let version = file.text(versionNode, "'version' of \(what)") else { continue }
            schemes[key] = CrosswalkScheme(key: key, title: title, version: version, url: url)
        }
        return schemes
    }

    /// `classes: {gift: "what the class means", ...}`.
    private func classDefinitions(_ node: Node) -> [ClassDefinition] {
        var definitions: [ClassDefinition] = []
        for (id, key, value) in file.entries(node, "'classes'") {
            guard isSlug(id) else {
                file.error("the class id '\(id)' is not a slug: use lowercase letters, digits and single hyphens, as in meet-offline", at: key)
                continue
            }
            guard let meaning = file.text(value, "the meaning of the class '\(id)'") else { continue }
            definitions.append(ClassDefinition(id: id, meaning: meaning, location: file.location(key)))
        }
        return definitions
    }

    private func ruleFiles(_ node: Node) -> [(path: String, location: SourceLocation)] {
        file.list(node, "'rule_files'").compactMap { item in
            file.text(item, "a rule file path").map { ($0, file.location(item)) }
        }
    }

    // MARK: Nodes

    private func read(node item: Node, into draft: inout TaxonomyDraft) {
        let label = item["id"]?.scalar.map { "node '\($0.string)'" } ?? "a node"
        guard let fields = file.mapping(item, label, allowed: Self.nodeKeys) else { return }
        guard let idNode = fields["id"] else {
            file.missing("id", in: fields, "\(label) has no 'id': give it a stable slug such as id: grooming")
            return
        }
        guard let id = file.text(idNode, "'id'") else { return }
        if !isSlug(id) {
            file.error("the id '\(id)' is not a slug: use lowercase letters, digits and single hyphens, as in online-grooming", at: idNode)
        }
        if let first = draft.index(of: id) {
            file.error("duplicate id '\(id)': it is already declared at line \(draft.nodes[first].idLocation.line)", at: idNode)
            return
        }
        let what = "node '\(id)'"
        var node = TaxonomyNode(id: id, parent: nil, names: [:], definition: "", location: file.location(item))
        var parentLocation: SourceLocation?
        if let parent = fields["parent"], !file.isNull(parent) {
            node.parent = file.text(parent, "'parent' of \(what)")
            parentLocation = file.location(parent)
        }
        node.names = names(fields, of: what, draft: draft)
        if let definition = fields["definition"] {
            node.definition = file.text(definition, "'definition' of \(what)") ?? ""
        } else {
            file.missing("definition", in: fields, "\(what) has no 'definition': say in one paragraph what belongs here and what does not")
        }
        if let threshold = fields["threshold"], let value = file.number(threshold, "'threshold' of \(what)") {
            if value > 0 {
                node.threshold = value
            } else {
                file.error("'threshold' of \(what) must be greater than 0, found \(threshold.scalar?.string ?? "")", at: threshold)
            }
        }
        if let crosswalks = fields["crosswalks"] { node.crosswalks = self.crosswalks(crosswalks, of: what, draft: draft) }
        if let examples = fields["examples"] { node.examples = self.examples(examples, of: what, draft: draft) }
        if let indicators = fields["indicators"] {
            let reader = RuleReader(file: file)
            node.indicators = file.list(indicators, "'indicators' of \(what)").compactMap {
                reader.cooccurrence($0, "an indicator of \(what)")
            }
        }
        draft.nodes.append(DraftNode(node: node, idLocation: file.location(idNode), parentLocation: parentLocation))
        if let rules = fields["rules"] {
            let reader = RuleReader(file: file)
            for (language, key, value) in file.entries(rules, "'rules' of \(what)")
            where draft.checkLanguage(language, at: key, in: file, usage: "rules") {
                draft.append(reader.rules(value, nodeID: id, language: language), to: draft.nodes.count - 1, language: language)
            }
        }
    }

    private func names(_ fields: Fields, of what: String, draft: TaxonomyDraft) -> [String: String] {
        var names: [String: String] = [:]
        guard let node = fields["name"] else {
            file.missing("name", in: fields, "\(what) has no 'name': add name: {en: ...}")
            return names
        }
        var hasEnglish = false
        for (language, key, value) in file.entries(node, "'name' of \(what)")
        where draft.checkLanguage(language, at: key, in: file, usage: "a name") {
            names[language] = file.text(value, "the \(language) name of \(what)")
            hasEnglish = hasEnglish || language == "en"
        }
        if !hasEnglish {
            file.error("\(what) has no English name: add en: ... to its 'name'", at: node)
        }
        return names
    }

    private func crosswalks(_ node: Node, of what: String, draft: TaxonomyDraft) -> [String: [CrosswalkEntry]] {
        var crosswalks: [String: [CrosswalkEntry]] = [:]
        for (scheme, key, value) in file.entries(node, "'crosswalks' of \(what)") {
            guard draft.schemes[scheme] != nil else {
                var message = "\(what) maps to the scheme '\(scheme)', which 'schemes' does not declare"
                if let guess = closestMatch(to: scheme, in: draft.schemes.keys.sorted()) { message += "; did you mean '\(guess)'?" }
                file.error(message, at: key)
                continue
            }
            crosswalks[scheme] = file.list(value, "the \(scheme) crosswalk of \(what)").compactMap {
                crosswalkEntry($0, "a \(scheme) code of \(what)")
            }
        }
        return crosswalks
    }

    private func crosswalkEntry(_ node: Node, _ what: String) -> CrosswalkEntry? {
        guard let fields = file.mapping(node, what, allowed: Self.crosswalkKeys) else { return nil }
        let code = fields["code"].flatMap { file.text($0, "'code' of \(what)") }
        if fields["code"] == nil { file.missing("code", in: fields, "\(what) has no 'code'") }
        let allowed = CrosswalkRelation.allCases.map(\.rawValue)
        guard let relationNode = fields["relation"] else {
            file.missing("relation", in: fields, "\(what) has no 'relation': one of \(allowed.joined(separator: ", "))")
            return nil
        }
        guard let text = file.text(relationNode, "'relation' of \(what)") else { return nil }
        guard let relation = CrosswalkRelation(rawValue: text) else {
            var message = "'\(text)' is not a relation: use one of \(allowed.joined(separator: ", "))"
            if let guess = closestMatch(to: text, in: allowed) { message += "; did you mean '\(guess)'?" }
            file.error(message, at: relationNode)
            return nil
        }
        return code.map { CrosswalkEntry(code: $0, relation: relation) }
    }

    private func examples(_ node: Node, of what: String, draft: TaxonomyDraft) -> [NodeExample] {
        guard let fields = file.mapping(node, "'examples' of \(what)", allowed: Self.exampleGroups) else { return [] }
        return fields.entries.flatMap { group, _, list in
            file.list(list, "'\(group)' examples of \(what)").compactMap {
                example($0, "an example of \(what)", shouldMatch: group == "match", draft: draft)
            }
        }
    }

    private func example(_ node: Node, _ what: String, shouldMatch: Bool, draft: TaxonomyDraft) -> NodeExample? {
        guard let fields = file.mapping(node, what, allowed: Self.exampleKeys) else { return nil }
        var language: String?
        if let lang = fields["lang"], let code = file.text(lang, "'lang' of \(what)") {
            guard draft.checkLanguage(code, at: lang, in: file, usage: "an example") else { return nil }
            language = code
        }
        guard let textNode = fields["text"] else {
            file.missing("text", in: fields, "\(what) has no 'text'")
            return nil
        }
        return file.text(textNode, "'text' of \(what)").map {
            NodeExample(text: $0, language: language, shouldMatch: shouldMatch, location: file.location(textNode))
        }
    }

    private func isSlug(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return words.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
