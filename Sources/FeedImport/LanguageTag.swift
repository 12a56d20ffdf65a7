/// BCP 47 language tags reduced to what reports carry: the primary subtag, lower-cased.
enum LanguageTag {
    /// `"en-US"` → `"en"`, `" FR "` → `"fr"`; `nil` for an empty or absent tag.
    static func primary(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let subtag = tag.trimmingWhitespace().split(whereSeparator: { $0 == "-" || $0 == "_" }).first
        return subtag.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
