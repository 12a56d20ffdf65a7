/// Text clean-up shared by every module: the taxonomy loader, the batch readers, the XML feeds.
extension String {
    /// The string lower-cased; itself, without a copy, when it is lower-case ASCII already (most
    /// partner names and language tags are).
    public func lowercasedIfNeeded() -> String {
        let needed = utf8.withContiguousStorageIfAvailable { $0.contains { $0 >= 0x80 || (0x41...0x5A).contains($0) } }
        return needed == false ? self : lowercased()
    }

    /// The string without leading and trailing white space (the Unicode White_Space property, the
    /// same characters as Foundation's `.whitespacesAndNewlines`), without Foundation's cost of a
    /// bridged string per call: loading the shipped rules trims 300,000 terms. The string itself,
    /// without a copy, when there is nothing to trim.
    public func trimmingWhitespace() -> String {
        // Fast path: the first and the last character cannot be white space by their lead byte.
        let untrimmed = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first else { return true }
            var last = bytes.count - 1
            while last > 0, bytes.count - last < 4, bytes[last] & 0xC0 == 0x80 { last -= 1 }
            return !Self.mayBeWhitespace(lead: first) && !Self.mayBeWhitespace(lead: bytes[last])
        }
        if untrimmed == true { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        // A lead byte the fast path could not clear ("¿", "—", "。") may still start no white space.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }

    /// Whether the character whose UTF-8 starts with `lead` may be white space: ASCII blanks and
    /// controls, and the lead bytes of U+0085, U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
    private static func mayBeWhitespace(lead: UInt8) -> Bool {
        lead <= 0x20 || lead == 0xC2 || (0xE1...0xE3).contains(lead)
    }
}
