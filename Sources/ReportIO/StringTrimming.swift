/// Field clean-up shared by every reader (CSV, JSONL, XML feeds).
extension String {
    /// The string lower-cased; itself, without a copy, when it is lower-case ASCII already (most
    /// partner names and language tags are).
    public func lowercasedIfNeeded() -> String {
        utf8.contains { $0 >= 0x80 || (0x41...0x5A).contains($0) } ? lowercased() : self
    }

    /// The string without leading and trailing white space (Unicode's definition).
    public func trimmingWhitespace() -> String {
        // Fast path: most fields start and end with a visible ASCII character.
        if let first = utf8.first, let last = utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}

