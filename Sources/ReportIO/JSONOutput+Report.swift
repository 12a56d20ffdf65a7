import TextFormats

extension JSONOutput {
    /// Appends `["a","b"]`.
    public mutating func stringArray(_ strings: [String]) {
        raw("[")
        for i in strings.indices {  // in place: no retain of each string
            if i > 0 { raw(",") }
            self.string(strings[i])
        }
        raw("]")
    }

    /// Appends `,"lang":...,"country":...,"partner":...,"date":...` for the metadata the report has.
    public mutating func reportMetadata(_ report: Report) {
        metadataField(",\"lang\":", report.lang)
        metadataField(",\"country\":", report.country)
        metadataField(",\"partner\":", report.partner)
        metadataField(",\"date\":", report.date)
    }

    private mutating func metadataField(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        raw(key)
        string(value)
    }
}
