/// Text clean-up shared by every module: the taxonomy loader, the batch readers, the XML feeds.
extension String {
    /// The string lower-cased; itself, without a copy, when it is lower-case ASCII already (most
    /// partner names and language tags are).
    public func lowercasedIfNeeded() -> String {
        utf8.contains { $0 >= 0x80 || (0x41...0x5A).contains($0) } ? lowercased() : self
    }

    /// The string without leading and trailing white space (the Unicode White_Space property, the
    /// same characters as Foundation's `.whitespacesAndNewlines`), without Foundation's cost of a
    /// bridged string per call: loading the shipped rules trims 300,000 terms. The string itself,
    /// without a copy, when there is nothing to trim.
    public func trimmingWhitespace() -> String {
        // Fast path: most fields and terms start and end with a visible ASCII character.
        if let first = utf8.first, let last = utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}
