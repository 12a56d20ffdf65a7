internal import CYaml
public import Yams

/// YAML composed the way every file of this tool is read: anchors (`&name`) and aliases
/// (`*name`) are refused before the document is built, so a file of a few hundred bytes cannot
/// expand into billions of nodes (a "billion laughs") and every value is written where it is used.
public enum SafeYAML {
    /// The document's root node, as `Yams.compose` builds it; `nil` for an empty file. Throws
    /// `YAMLAliasError` at the first anchor or alias, `YamlError` for broken YAML.
    ///
    /// Plain scalars keep the `str` tag (Yams' basic resolver): every reader takes a value's text
    /// and style, never its tag, so keys `1` and `"1"` are one key (a duplicate), and no regular
    /// expression runs per scalar to guess a type that nothing reads.
    public static func compose(yaml text: String) throws -> Node? {
        if let refusal = firstAnchorOrAlias(in: text) { throw refusal }
        return try Yams.compose(yaml: text, .basic)
    }

    /// The first anchor or alias, read from libyaml's events (so quoted text and block
    /// scalars are not mistaken for them); `nil` when there is none or the YAML breaks first,
    /// in which case composing reports the break.
    private static func firstAnchorOrAlias(in text: String) -> YAMLAliasError? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> YAMLAliasError? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let isAlias = event.type == YAML_ALIAS_EVENT
                let anchor: UnsafeMutablePointer<yaml_char_t>? =
                    switch event.type {
                    case YAML_ALIAS_EVENT: event.data.alias.anchor
                    case YAML_SCALAR_EVENT: event.data.scalar.anchor
                    case YAML_SEQUENCE_START_EVENT: event.data.sequence_start.anchor
                    case YAML_MAPPING_START_EVENT: event.data.mapping_start.anchor
                    default: nil
                    }
                if let anchor {
                    return YAMLAliasError(
                        isAlias: isAlias, name: String(cString: anchor),
                        line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                }
                if event.type == YAML_STREAM_END_EVENT { return nil }
            }
            return nil
        }
    }
}

/// An anchor or alias in a YAML file, where it starts.
public struct YAMLAliasError: Error, Sendable, CustomStringConvertible {
    /// An alias (`*name`) rather than an anchor (`&name`).
    public var isAlias: Bool
    public var name: String
    public var line: Int
    public var column: Int

    public var description: String {
        "YAML \(isAlias ? "aliases (*\(name))" : "anchors (&\(name))") are not allowed in this file: write each value out where it is used"
    }
}
