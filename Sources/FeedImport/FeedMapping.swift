import SafeYAML
import Yams
import ReportIO

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
/// Unknown keys are errors, so that a typo cannot silently drop a field.
public struct FeedMapping: Sendable {
    /// Where the mapping was loaded from, for messages.
    public let file: String
    let root: QualifiedName
    let record: [QualifiedName]
    let fields: [MappedField]

    /// Loads and checks the mapping at `path`.
    public static func load(path: String) throws(FeedError) -> FeedMapping {
        let bytes = TextPosition.lines(1, through: nil, of: path, limit: 1 << 20)
        guard !bytes.isEmpty else {
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "the mapping file is missing, unreadable or empty")
        }
        var parser = MappingParser(file: path)
        return try parser.parse(String(decoding: bytes, as: UTF8.self))
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

/// Turns the YAML of a mapping into a `FeedMapping`, with a located error for every mistake.
private struct MappingParser {
    let file: String
    private var prefixes: [String: String] = ["xml": "http://www.w3.org/XML/1998/namespace"]

    init(file: String) { self.file = file }

    mutating func parse(_ text: String) throws(FeedError) -> FeedMapping {
        let document: Node
        do {
            guard let node = try SafeYAML.compose(yaml: text) else { throw error(nil, "the mapping file is empty") }
            document = node
        } catch let error as FeedError {
            throw error
        } catch let alias as YAMLAliasError {
            throw FeedError(location: RecordLocation(file: file, line: alias.line, column: alias.column), message: alias.description)
        } catch let yamlError as YamlError {
            throw FeedError(location: RecordLocation(file: file, line: 0), message: "the mapping is not valid YAML: \(yamlError)")
        } catch {
            throw FeedError(location: RecordLocation(file: file, line: 0), message: "the mapping is not valid YAML: \(error)")
        }
        let top = try mapping(document, allowed: ["namespaces", "root", "record", "fields"], what: "the mapping")
        if let namespaces = top["namespaces"] {
            for (prefix, uri) in try mapping(namespaces, allowed: nil, what: "`namespaces`") {
                prefixes[prefix] = try scalar(uri, "the namespace URI of `\(prefix)`")
            }
        }
        let root = try name(required(top, "root", in: document), what: "`root`")
        let record = try path(required(top, "record", in: document), what: "`record`", absoluteAllowed: false)
        guard record.attribute == nil else { throw error(top["record"], "`record` must name an element, not an attribute") }
        let fieldsNode = try required(top, "fields", in: document)
        let fieldMap = try mapping(fieldsNode, allowed: MappedField.Role.allCases.map(\.rawValue), what: "`fields`")
        var fields: [MappedField] = []
        let recordPath = [root] + record.steps
        for role in MappedField.Role.allCases {
            guard let node = fieldMap[role.rawValue] else { continue }
            let found = try field(role, node)
            // Reading the text of an element that holds the records would read the records away.
            if let holder = found.first(where: { $0.path.isAbsolute && $0.path.attribute == nil && recordPath.starts(with: $0.path.steps) }) {
                throw error(node, "`\(role.rawValue)` reads an element that holds the records (/\(holder.path.steps.map(\.local).joined(separator: "/"))); "
                    + "name an element beside the records, such as a title")
            }
            fields += found
        }
        for role in [MappedField.Role.id, .text] where !fields.contains(where: { $0.role == role }) {
            throw error(fieldsNode, "`fields` needs `\(role.rawValue)`: every report must have an id and a text")
        }
        return FeedMapping(file: file, root: root, record: record.steps, fields: fields)
    }

    private func field(_ role: MappedField.Role, _ node: Node) throws(FeedError) -> [MappedField] {
        let repeatable = role == .text || role == .codes
        let items: [Node] = if let sequence = node.sequence, repeatable { Array(sequence) } else { [node] }
        var fields: [MappedField] = []
        for item in items {
            if item.mapping != nil, role == .text {
                let keys = try mapping(item, allowed: ["label", "path"], what: "a text field")
                let label = try keys["label"].map { node throws(FeedError) in try scalar(node, "`label`") }
                guard let pathNode = keys["path"] else { throw error(item, "a text field needs a `path`") }
                fields.append(MappedField(role: role, label: label, path: try path(pathNode, what: "`text`", absoluteAllowed: true)))
            } else {
                fields.append(MappedField(role: role, label: nil, path: try path(item, what: "`\(role.rawValue)`", absoluteAllowed: true)))
            }
        }
        return fields
    }

    private func path(_ node: Node, what: String, absoluteAllowed: Bool) throws(FeedError) -> FieldPath {
        let text = try scalar(node, what)
        let isAbsolute = text.hasPrefix("/")
        if isAbsolute && !absoluteAllowed { throw error(node, "\(what) must be relative to the root element") }
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if isAbsolute { parts.removeFirst() }
        var attribute: QualifiedName?
        if let last = parts.last, last.hasPrefix("@") {
            attribute = try qualified(String(last.dropFirst()), node, isAttribute: true)
            parts.removeLast()
        }
        if parts.contains(where: \.isEmpty) || (parts.isEmpty && attribute == nil) {
            throw error(node, "\(what) `\(text)` is not a path: write names separated by `/`, optionally ending in `@attribute`")
        }
        var steps: [QualifiedName] = []
        for part in parts { steps.append(try qualified(part, node, isAttribute: false)) }
        if isAbsolute && steps.isEmpty { throw error(node, "\(what) `\(text)` must start with the root element") }
        return FieldPath(steps: steps, attribute: attribute, isAbsolute: isAbsolute)
    }

    private func name(_ node: Node, what: String) throws(FeedError) -> QualifiedName {
        try qualified(try scalar(node, what), node, isAttribute: false)
    }

    private func qualified(_ text: String, _ node: Node, isAttribute: Bool) throws(FeedError) -> QualifiedName {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count <= 2, pieces.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
            throw error(node, "`\(text)` is not a name; write `name` or `prefix:name`")
        }
        guard pieces.count == 2 else { return QualifiedName(namespace: nil, local: text) }
        guard let uri = prefixes[String(pieces[0])] else {
            throw error(node, "the prefix `\(pieces[0])` is not declared; add it under `namespaces:` with its URI")
        }
        return QualifiedName(namespace: uri, local: String(pieces[1]))
    }

    private func required(_ keys: [String: Node], _ key: String, in parent: Node) throws(FeedError) -> Node {
        guard let node = keys[key] else { throw error(parent, "the mapping needs `\(key)`") }
        return node
    }

    private func scalar(_ node: Node, _ what: String) throws(FeedError) -> String {
        guard let value = node.scalar?.string, !value.isEmpty else { throw error(node, "\(what) must be a non-empty string") }
        return value
    }

    /// The keys of a YAML mapping; any key outside `allowed` is an error (a likely typo).
    private func mapping(_ node: Node, allowed: [String]?, what: String) throws(FeedError) -> [String: Node] {
        guard let pairs = node.mapping else { throw error(node, "\(what) must be a mapping of `key: value` lines") }
        var result: [String: Node] = [:]
        for (key, value) in pairs {
            guard let name = key.scalar?.string else { throw error(key, "keys must be plain strings") }
            if let allowed, !allowed.contains(name) {
                throw error(key, "unknown key `\(name)` in \(what); the keys are: \(allowed.joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    private func error(_ node: Node?, _ message: String) -> FeedError {
        let mark = node?.mark
        return FeedError(location: RecordLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0), message: message)
    }
}
