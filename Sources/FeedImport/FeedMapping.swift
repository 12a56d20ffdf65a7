import SafeYAML
import Yams

/// How to read a partner schema that is not IODEF: which element is one report, and where its
/// fields live, as simple paths with declared namespace prefixes. Loaded from a YAML file:
///
/// ```yaml
/// namespaces: { dc: "http://purl.org/dc/elements/1.1/" }
/// root: rss                      # the root element the feed must have
/// record: channel/item           # path from the root to one report
/// fields:
///   id: guid                     # paths are relative to the record...
///   text:                        # ...one path, or several, each with an optional label
///     - { label: Title, path: title }
///     - { label: Details, path: description }
///   lang: dc:language            # default: the record's inherited xml:lang
///   country: "@country"          # an attribute of the record element
///   partner: /rss/channel/title  # ...or absolute, read once from the document before the records
///   date: pubDate
///   codes: [category, "category/@domain"]
/// ```
/// Unprefixed names have no namespace (as in XPath); the `xml` prefix is predeclared.
/// Unknown keys are errors, so that a typo cannot silently drop a field. Every mistake is reported
/// at once, located, with its line and a caret, as the taxonomy loader reports (`YAMLFile`).
public struct FeedMapping: Sendable {
    /// Where the mapping was loaded from, for messages.
    public let file: String
    let root: QualifiedName
    let record: [QualifiedName]
    let fields: [MappedField]

    /// Loads and checks the mapping at `path`; throws every problem found, in file order.
    public static func load(path: String) throws(DiagnosticsError) -> FeedMapping {
        let sink = DiagnosticSink()
        let mapping = YAMLFile.open(path, describedAs: "mapping file", referencedAt: nil, sink: sink).flatMap { file in
            var parser = MappingParser(file: file)
            return parser.parse()
        }
        guard let mapping, !sink.hasErrors else { throw DiagnosticsError(diagnostics: sink.sorted) }
        return mapping
    }
}

/// An element or attribute name with its namespace URI (`nil`: no namespace).
struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    var namespace: String?
    var local: String
    var description: String { namespace.map { "{\($0)}\(local)" } ?? local }
}

/// A path to a value: element steps, then optionally an attribute of the last element.
struct FieldPath: Hashable, Sendable {
    /// From the record element (relative) or from the root element, root included (absolute).
    var steps: [QualifiedName]
    var attribute: QualifiedName?
    var isAbsolute: Bool
}

/// One field of the mapping.
struct MappedField: Sendable {
    enum Role: String, Sendable, CaseIterable { case id, text, lang, country, partner, date, codes }
    var role: Role
    var label: String?
    var path: FieldPath
}

/// Turns the YAML of a mapping into a `FeedMapping`, reporting every mistake to the file's sink.
private struct MappingParser {
    let file: YAMLFile
    private var prefixes: [String: String] = ["xml": "http://www.w3.org/XML/1998/namespace"]

    init(file: YAMLFile) { self.file = file }

    /// The mapping; `nil` when it has errors (all of them reported).
    mutating func parse() -> FeedMapping? {
        guard let document = file.root else {
            file.sink.error("the mapping file is empty: it needs `root`, `record` and `fields`", at: SourceLocation(file: file.path))
            return nil
        }
        guard let top = file.mapping(document, "the mapping", allowed: ["namespaces", "root", "record", "fields"]) else { return nil }
        for entry in top["namespaces"].map({ file.entries($0, "`namespaces`") }) ?? [] {
            if let uri = file.text(entry.value, "the namespace URI of `\(entry.key)`") { prefixes[entry.key] = uri }
        }
        let root = required("root", in: top, "the root element the feed must have").flatMap { name($0, what: "`root`") }
        let record = required("record", in: top, "the path from the root to one report").flatMap { node -> [QualifiedName]? in
            guard let record = path(node, what: "`record`", absoluteAllowed: false) else { return nil }
            guard record.attribute == nil else {
                file.error("`record` must name an element, not an attribute", at: node)
                return nil
            }
            return record.steps
        }
        guard let fieldsNode = required("fields", in: top, "where the id and the text of a report are"),
              let fieldMap = file.mapping(fieldsNode, "`fields`", allowed: MappedField.Role.allCases.map(\.rawValue))
        else { return nil }
        var fields: [MappedField] = []
        for role in MappedField.Role.allCases {
            guard let node = fieldMap[role.rawValue] else { continue }
            let found = field(role, node)
            // Reading the text of an element that holds the records would read the records away.
            if let root, let record, let holder = found.first(where: {
                $0.path.isAbsolute && $0.path.attribute == nil && ([root] + record).starts(with: $0.path.steps)
            }) {
                file.error("`\(role.rawValue)` reads an element that holds the records (/\(holder.path.steps.map(\.local).joined(separator: "/"))); "
                    + "name an element beside the records, such as a title", at: node)
            }
            fields += found
        }
        for role in [MappedField.Role.id, .text] where fieldMap[role.rawValue] == nil {
            file.missing(role.rawValue, in: fieldMap, "`fields` needs `\(role.rawValue)`: every report must have an id and a text")
        }
        guard let root, let record, !file.sink.hasErrors else { return nil }
        return FeedMapping(file: file.path, root: root, record: record, fields: fields)
    }

    /// The value of a required key; its absence is reported, saying what the key is for.
    private func required(_ key: String, in fields: Fields, _ purpose: String) -> Node? {
        guard let node = fields[key] else {
            file.missing(key, in: fields, "the mapping needs `\(key)`: \(purpose)")
            return nil
        }
        return node
    }

    private func field(_ role: MappedField.Role, _ node: Node) -> [MappedField] {
        let repeatable = role == .text || role == .codes
        let items: [Node] = if let sequence = node.sequence, repeatable { Array(sequence) } else { [node] }
        return items.compactMap { item in
            if item.mapping != nil, role == .text {
                guard let keys = file.mapping(item, "a text field", allowed: ["label", "path"]) else { return nil }
                let label = keys["label"].flatMap { file.text($0, "`label`") }
                if keys["path"] == nil { file.missing("path", in: keys, "a text field needs a `path`") }
                return keys["path"].flatMap { path($0, what: "`text`", absoluteAllowed: true) }
                    .map { MappedField(role: role, label: label, path: $0) }
            }
            return path(item, what: "`\(role.rawValue)`", absoluteAllowed: true).map { MappedField(role: role, label: nil, path: $0) }
        }
    }

    private func path(_ node: Node, what: String, absoluteAllowed: Bool) -> FieldPath? {
        guard let text = file.text(node, what) else { return nil }
        let isAbsolute = text.hasPrefix("/")
        if isAbsolute && !absoluteAllowed {
            file.error("\(what) must be relative to the root element", at: node)
            return nil
        }
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if isAbsolute { parts.removeFirst() }
        var attribute: QualifiedName?
        if let last = parts.last, last.hasPrefix("@") {
            guard let name = qualified(String(last.dropFirst()), node) else { return nil }
            attribute = name
            parts.removeLast()
        }
        if parts.contains(where: \.isEmpty) || (parts.isEmpty && attribute == nil) {
            file.error("\(what) `\(text)` is not a path: write names separated by `/`, optionally ending in `@attribute`", at: node)
            return nil
        }
        var steps: [QualifiedName] = []
        for part in parts {
            guard let step = qualified(part, node) else { return nil }
            steps.append(step)
        }
        if isAbsolute && steps.isEmpty {
            file.error("\(what) `\(text)` must start with the root element", at: node)
            return nil
        }
        return FieldPath(steps: steps, attribute: attribute, isAbsolute: isAbsolute)
    }

    private func name(_ node: Node, what: String) -> QualifiedName? {
        file.text(node, what).flatMap { qualified($0, node) }
    }

    private func qualified(_ text: String, _ node: Node) -> QualifiedName? {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
            file.error("`\(text)` is not a name; write `name` or `prefix:name`", at: node)
            return nil
        }
        guard pieces.count == 2 else { return QualifiedName(namespace: nil, local: text) }
        guard let uri = prefixes[String(pieces[0])] else {
            file.error("the prefix `\(pieces[0])` is not declared; add it under `namespaces:` with its URI", at: node)
            return nil
        }
        return QualifiedName(namespace: uri, local: String(pieces[1]))
    }
}
