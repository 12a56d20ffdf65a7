import Foundation
#if canImport(Glibc)
import Glibc
#endif
public import Yams

/// One YAML file composed into a located node tree, with typed readers that report
/// every type mistake to the sink and carry on: a file with three mistakes gets three messages,
/// each with its line, column and caret.
public final class YAMLFile {
    /// The path as given, the file part of every location.
    public let path: String
    /// The document's root; `nil` for an empty file.
    public let root: Node?
    /// Where problems go.
    public let sink: DiagnosticSink

    private init(path: String, root: Node?, sink: DiagnosticSink) {
        self.path = path
        self.root = root
        self.sink = sink
    }

    /// Reads and composes the file at `path` (`what` names it in messages). On failure reports one located error
    /// (at `reference` when the file itself cannot be read) and returns `nil`.
    public static func open(_ path: String, describedAs what: String, referencedAt reference: SourceLocation?,
                     sink: DiagnosticSink) -> YAMLFile? {
        guard let text = text(at: path) else {
            sink.error("cannot read the \(what): \(readFailure(path))", at: reference ?? SourceLocation(file: path))
            return nil
        }
        sink.register(path: path, text: text)
        do {
            return YAMLFile(path: path, root: try SafeYAML.compose(yaml: text), sink: sink)
        } catch let error as YAMLAliasError {
            sink.error(error.description, at: SourceLocation(file: path, line: error.line, column: error.column))
        } catch let error as YamlError {
            let (message, location) = syntaxProblem(error, text: text, path: path)
            sink.error(message, at: location)
        } catch {
            sink.error("cannot parse the YAML: \(error)", at: SourceLocation(file: path))
        }
        return nil
    }

    /// The file's text, without a leading byte order mark; `nil` when it cannot be read or is
    /// not UTF-8.
    public static func text(at path: String) -> String? {
        bytes(at: path).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// The file's bytes, without a leading byte order mark (for a UTF-8 file, its text's);
    /// `nil` when it cannot be read. Read with `read(2)`: Foundation's `String(contentsOfFile:)`
    /// leaks a buffer now and then (found by the input fuzzer).
    public static func bytes(at path: String) -> ArraySlice<UInt8>? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
    }

    private static func readFailure(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return "there is no such file"
        }
        if isDirectory.boolValue { return "it is a folder, not a file" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return "it is not UTF-8 text"
    }

    /// A Yams error as an analyst-readable sentence and the place it points at.
    private static func syntaxProblem(_ error: YamlError, text: String, path: String) -> (String, SourceLocation) {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: path, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return (message + syntaxHint(problem: problem, mark: mark, text: text), at(mark))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("the key \(keys) appears more than once in the same mapping; keep one", at(context.mark))
        case let .reader(problem, offset, _, _):
            let prefix = offset.map { String(text.prefix($0)) } ?? ""
            let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = prefix.count - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            return ("the file cannot be read as YAML text: \(problem)", SourceLocation(file: path, line: line, column: column))
        default:
            return ("cannot parse the YAML: \(error)", SourceLocation(file: path))
        }
    }

    /// What usually causes a libyaml complaint, in words a maintainer can act on.
    private static func syntaxHint(problem: String, mark: Mark, text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(mark.line - 1).first.map(String.init) ?? ""
        if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
            return "; YAML does not allow tabs for indentation, use spaces"
        }
        if problem.contains("expected key") || problem.contains("mapping values are not allowed")
            || problem.contains("expected '-' indicator") || problem.contains("expected <block end>") {
            return "; check the indentation of this line against the lines above it"
        }
        if problem.contains("cannot start any token") {
            return "; put the value in quotes"
        }
        return ""
    }

    // MARK: Locations and reporting

    /// Where `node` starts.
    public func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// Reports an error at `node`.
    public func error(_ message: String, at node: Node) { sink.error(message, at: location(node)) }

    /// Reports a missing required key, unless a misspelling of it was already reported.
    public func missing(_ key: String, in fields: Fields, _ message: String) {
        if !fields.misspelled.contains(key) { error(message, at: fields.node) }
    }

    // MARK: Typed readers

    /// A mapping with only the `allowed` keys; reports unknown keys with the closest allowed one.
    public func mapping(_ node: Node, _ what: String, allowed: [String]) -> Fields? {
        guard case let .mapping(mapping) = node else {
            error("\(what) must be a mapping with the keys \(allowed.joined(separator: ", ")), found \(describe(node))", at: node)
            return nil
        }
        var fields = Fields(node: node)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error("a key of \(what) must be plain text, found \(describe(key))", at: key)
                continue
            }
            guard allowed.contains(name) else {
                var message = "unknown key '\(name)' in \(what)"
                if let guess = closestMatch(to: name, in: allowed) {
                    message += "; did you mean '\(guess)'?"
                    fields.misspelled.insert(guess)
                } else {
                    message += "."
                }
                error(message + " Allowed keys: \(allowed.joined(separator: ", ")).", at: key)
                continue
            }
            fields.entries.append((name, key, value))
        }
        return fields
    }

    /// A mapping whose keys are names chosen by the author (ids, languages, schemes).
    public func entries(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)] {
        guard case let .mapping(mapping) = node else {
            if !isNull(node) { error("\(what) must be a mapping, found \(describe(node))", at: node) }
            return []
        }
        return mapping.compactMap { key, value in
            guard let name = key.scalar?.string, !name.isEmpty else {
                error("a key of \(what) must be non-empty text, found \(describe(key))", at: key)
                return nil
            }
            return (name, key, value)
        }
    }

    /// A list; nothing at all counts as an empty list.
    public func list(_ node: Node, _ what: String) -> [Node] {
        if case let .sequence(sequence) = node { return Array(sequence) }
        if !isNull(node) { error("\(what) must be a list, found \(describe(node))", at: node) }
        return []
    }

    /// Non-empty text (a scalar of any kind: `1.0` reads as the text "1.0").
    public func text(_ node: Node, _ what: String) -> String? {
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("\(what) must be text, found \(describe(node))", at: node)
            return nil
        }
        guard !scalar.string.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            error("\(what) is empty", at: node)
            return nil
        }
        return scalar.string
    }

    /// A plain, finite number (`1`, `0.5`).
    public func number(_ node: Node, _ what: String) -> Double? {
        guard let scalar = node.scalar, scalar.style.isPlain, let value = Double(scalar.string), value.isFinite else {
            error("\(what) must be a number such as 1 or 0.5, found \(describe(node))", at: node)
            return nil
        }
        return value
    }

    /// A plain whole number.
    public func integer(_ node: Node, _ what: String) -> Int? {
        guard let scalar = node.scalar, scalar.style.isPlain, let value = Int(scalar.string) else {
            error("\(what) must be a whole number, found \(describe(node))", at: node)
            return nil
        }
        return value
    }

    /// `true` or `false`, unquoted.
    public func boolean(_ node: Node, _ what: String) -> Bool? {
        switch node.scalar.flatMap({ $0.style.isPlain ? $0.string : nil }) {
        case "true": return true
        case "false": return false
        default:
            error("\(what) must be true or false, found \(describe(node))", at: node)
            return nil
        }
    }

    /// Whether `node` is an empty value (nothing, `~`, `null`).
    public func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style.isPlain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a value looks, for "found ..." in messages.
    public func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping (key: value pairs)"
        case .sequence: return "a list"
        case let .scalar(scalar):
            if isNull(node) { return "nothing" }
            let text = scalar.string.count > 40 ? scalar.string.prefix(40) + "…" : scalar.string
            return "'\(text)'"
        case .alias: return "an alias"
        }
    }
}

/// The known keys of one mapping, with their key nodes for locations.
public struct Fields {
    /// The mapping itself, for problems such as a missing key.
    public var node: Node
    /// The allowed keys found, in file order, with their key and value nodes.
    public var entries: [(name: String, key: Node, value: Node)] = []
    /// Allowed keys suggested for unknown ones: their absence is not reported again.
    public var misspelled: Set<String> = []

    init(node: Node) { self.node = node }

    /// The value under `name`, if the mapping has it.
    public subscript(name: String) -> Node? {
        entries.first { $0.name == name }?.value
    }
}

extension Node.Scalar.Style {
    fileprivate var isPlain: Bool { self == .plain || self == .any }
}
