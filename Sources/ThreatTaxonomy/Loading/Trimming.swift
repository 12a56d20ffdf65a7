extension String {
    /// The text without leading and trailing white space (the Unicode White_Space property, the
    /// same characters as Foundation's `.whitespacesAndNewlines`), without Foundation's cost of
    /// a bridged string per call: loading the shipped rules trims 300,000 terms.
    func trimmedOfWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
