/// A JSON document whose object keys keep the order they were given in, so output is stable
/// and reads in a sensible order; written pretty-printed through `JSONOutput`.
public enum JSONText: Sendable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// Pretty-printed with two-space indentation (lists of scalars on one line); a trailing
    /// newline is not included.
    public func rendered() -> String {
        var out = JSONOutput()
        write(to: &out, indent: "")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func write(to out: inout JSONOutput, indent: String) {
        let inner = indent + "  "
        switch self {
        case let .string(text): out.string(text)
        case let .number(value): out.number(value)
        case let .bool(value): out.raw(value ? "true" : "false")
        case .null: out.raw("null")
        case let .array(items):
            if items.isEmpty { return out.raw("[]") }
            let oneLine = items.allSatisfy(\.isScalar)
            out.raw(oneLine ? "[" : "[\n")
            for (i, item) in items.enumerated() {
                if i > 0 { out.raw(oneLine ? ", " : ",\n") }
                if !oneLine { out.raw(inner) }
                item.write(to: &out, indent: inner)
            }
            if !oneLine { out.raw("\n" + indent) }
            out.raw("]")
        case let .object(members):
            if members.isEmpty { return out.raw("{}") }
            out.raw("{\n")
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.raw(",\n") }
                out.raw(inner)
                out.string(key)
                out.raw(": ")
                value.write(to: &out, indent: inner)
            }
            out.raw("\n" + indent + "}")
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
