import Yams
import SafeYAML

/// Reads one `rules/<lang>.yaml` and merges its rules into the draft's nodes.
struct RuleFileReader {
    let file: YAMLFile

    private static let topKeys = ["language", "classes", "nodes"]

    func read(into draft: inout TaxonomyDraft) {
        guard let root = file.root else {
            file.sink.error("the rule file is empty: it needs 'language' and 'nodes'", at: SourceLocation(file: file.path, line: 1, column: 1))
            return
        }
        guard let fields = file.mapping(root, "a rule file", allowed: Self.topKeys) else { return }
        var language: String?
        if let languageNode = fields["language"] {
            if let code = file.text(languageNode, "'language'") {
                let usage = "this rule file is for the language '\(code)', but rules"
                language = draft.checkLanguage(code, at: languageNode, in: file, usage: usage) ? code : nil
            }
        } else {
            file.missing("language", in: fields, "the rule file has no 'language': add a line such as language: en")
        }
        if let classes = fields["classes"] { read(classes: classes, language: language, into: &draft) }
        guard let nodes = fields["nodes"] else {
            file.missing("nodes", in: fields, "the rule file has no 'nodes': list rules under the ids of taxonomy.yaml")
            return
        }
        let reader = RuleReader(file: file)
        for (id, key, value) in file.entries(nodes, "'nodes'") {
            guard let index = draft.index(of: id) else {
                var message = "the node '\(id)' is not declared in the taxonomy file"
                if let guess = closestMatch(to: id, in: draft.nodes.map(\.node.id)) { message += "; did you mean '\(guess)'?" }
                file.error(message, at: key)
                continue
            }
            let rules = reader.rules(value, nodeID: id, language: language ?? "?")
            if let language { draft.append(rules, to: index, language: language) }
        }
    }

    /// `classes: {gift: [terms...], ...}`: every id must be declared in the taxonomy file.
    private func read(classes node: Node, language: String?, into draft: inout TaxonomyDraft) {
        let reader = RuleReader(file: file)
        let declared = draft.classDefinitions.map(\.id)
        for (id, key, value) in file.entries(node, "'classes'") {
            guard declared.contains(id) else {
                var message = "the class '\(id)' is not declared under 'classes' in the taxonomy file"
                if let guess = closestMatch(to: id, in: declared) { message += "; did you mean '\(guess)'?" }
                file.error(message + " (a class has the same id in every language, so it is declared once there)", at: key)
                continue
            }
            let terms = reader.classTerms(value, "the class '\(id)' (\(language ?? "?"))")
            guard let language else { continue }
            if draft.classes[language, default: [:]][id] != nil {
                file.error("the class '\(id)' is given twice for \(language)", at: key)
                continue
            }
            draft.classes[language, default: [:]][id] = ConceptClass(id: id, terms: terms, location: file.location(key))
        }
    }
}
