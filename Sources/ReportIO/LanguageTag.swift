import TextFormats

/// BCP 47 language tags reduced to what reports carry: the primary subtag, lower-cased.
public enum LanguageTag {
    /// `"en-US"` → `"en"`, `" FR "` → `"fr"`; `nil` for an empty or absent tag.
    public static func primary(_ tag: String?) -> String? {
        guard let tag else { return nil }
        let trimmed = tag.trimmingWhitespace()
        let utf8 = trimmed.utf8
        let end = utf8.firstIndex { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") } ?? utf8.endIndex
        guard end > utf8.startIndex else { return nil }
        return (end == utf8.endIndex ? trimmed : String(trimmed[..<end])).lowercasedIfNeeded()
    }
}
