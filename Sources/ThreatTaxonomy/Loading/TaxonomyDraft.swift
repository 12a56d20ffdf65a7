import Yams
import SafeYAML

/// What the files said, before the tree is checked and frozen into a `Taxonomy`.
struct TaxonomyDraft {
    var version = ""
    var name = ""
    var languages: [String] = []
    /// Whether the file has a `languages` list: only then are language codes checked.
    var declaresLanguages = false
    var schemes: [String: CrosswalkScheme] = [:]
    var nodes: [DraftNode] = []
    var ruleFiles: [(path: String, location: SourceLocation)] = []
    /// Class ids declared in the taxonomy file, with their meaning.
    var classDefinitions: [ClassDefinition] = []
    /// Class terms by language, then class id.
    var classes: [String: [String: ConceptClass]] = [:]

    /// Index of the node with this id in `nodes`.
    func index(of id: String) -> Int? { nodes.firstIndex { $0.node.id == id } }

    /// Appends rules to a node's rules in a language (main file and rule files merge).
    mutating func append(_ rules: LanguageRules, to index: Int, language: String) {
        var merged = nodes[index].node.rules[language] ?? LanguageRules()
        merged.terms += rules.terms
        merged.exclusions += rules.exclusions
        merged.cooccurrences += rules.cooccurrences
        nodes[index].node.rules[language] = merged
    }
}

/// A node as declared, with where its `parent` value sits for tree errors.
struct DraftNode {
    var node: TaxonomyNode
    var idLocation: SourceLocation
    var parentLocation: SourceLocation?
}

extension TaxonomyDraft {
    /// Whether `code` is one of the declared languages (any code when none are declared);
    /// reports it at `node` when not.
    func checkLanguage(_ code: String, at node: Node, in file: YAMLFile, usage: String) -> Bool {
        guard declaresLanguages, !languages.contains(code) else { return true }
        var message = "\(usage) in '\(code)', which is not one of the taxonomy's languages (\(languages.joined(separator: ", ")))"
        if let guess = closestMatch(to: code, in: languages) { message += "; did you mean '\(guess)'?" }
        file.error(message, at: node)
        return false
    }
}
