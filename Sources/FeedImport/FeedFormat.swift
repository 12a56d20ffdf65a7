import ReportIO

/// What kind of feed a file is, from its root element and namespace.
public enum FeedFormat: Sendable, Hashable, CustomStringConvertible {
    /// IODEF v2 (RFC 7970), namespace `urn:ietf:params:xml:ns:iodef-2.0`.
    case iodef2
    /// IODEF v1 (RFC 5070), namespace `urn:ietf:params:xml:ns:iodef-1.0`.
    case iodef1
    /// Anything else: readable only through a mapping file.
    case other(root: String, namespace: String?)

    static let iodef2Namespace: StaticString = "urn:ietf:params:xml:ns:iodef-2.0"
    static let iodef1Namespace: StaticString = "urn:ietf:params:xml:ns:iodef-1.0"

    /// Reads the first bytes of the feed at `path` (through the same guard and parser as an
    /// import) up to its root element.
    public static func detect(path: String, limits: FeedLimits = .standard) throws(FeedError) -> FeedFormat {
        let reader = try XMLStreamReader(path: path, limits: limits)
        return try root(of: reader)
    }

    /// Moves `reader` to the root element and names its format.
    static func root(of reader: XMLStreamReader) throws(FeedError) -> FeedFormat {
        while try reader.read() {
            guard reader.kind == .element else { continue }
            if reader.localNameIs("IODEF-Document") {
                if reader.namespaceIs(iodef2Namespace) { return .iodef2 }
                if reader.namespaceIs(iodef1Namespace) { return .iodef1 }
            }
            return .other(root: reader.localName, namespace: reader.namespaceURI)
        }
        throw reader.failure("the feed has no root element; it holds no XML document")
    }

    /// `{namespace}local` for an unknown root, the standard's name otherwise.
    public var description: String {
        switch self {
        case .iodef2: "IODEF v2 (RFC 7970)"
        case .iodef1: "IODEF v1 (RFC 5070)"
        case .other(let root, let namespace): namespace.map { "{\($0)}\(root)" } ?? root
        }
    }
}
