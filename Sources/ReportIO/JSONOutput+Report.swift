extension JSONOutput {
    /// Appends `["a","b"]`.
    public mutating func stringArray(_ strings: [String]) {
        raw("[")
        for (i, string) in strings.enumerated() {
            if i > 0 { raw(",") }
            self.string(string)
        }
        raw("]")
    }

    /// Appends `,"lang":...,"country":...,"partner":...,"date":...` for the metadata the report has.
    public mutating func reportMetadata(_ report: Report) {
        for (key, value) in [("lang", report.lang), ("country", report.country), ("partner", report.partner), ("date", report.date)] {
            guard let value else { continue }
            raw(",")
            self.key(key)
            string(value)
        }
    }
}
