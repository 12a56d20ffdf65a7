/// The values read from one JSONL or CSV record, by slot of a `FieldMapping`, before they become a `Report`.
struct FieldValues {
    /// The report's own fields, by slot (id, text, lang, country, partner, date), in place:
    /// no array per record.
    var values = InlineArray<6, String?>(repeating: nil)
    var partnerCodes: [String] = []
    var extra: [String: String] = [:]

    /// The report, or the reason an analyst sees when the record cannot be classified.
    func report(fields: FieldMapping, origin: RecordLocation) -> Result<Report, ReportProblem> {
        guard let text = values[1] else { return .failure(ReportProblem("the record has no '\(fields.text)' field")) }
        if Self.isBlank(text) { return .failure(ReportProblem("the text field is empty")) }
        func meta(_ slot: Int) -> String? {
            guard let value = values[slot], !value.isEmpty else { return nil }
            return value
        }
        return .success(Report(
            id: meta(0) ?? "\(origin.file):\(origin.line)", text: text,
            lang: LanguageTag.primary(meta(2)), country: meta(3), partner: meta(4), date: meta(5),
            partnerCodes: partnerCodes, extra: extra, origin: origin))
    }

    /// Whether every character of `text` is whitespace. A text whose first scalar is not
    /// whitespace (nearly every one) is answered without breaking it into characters.
    private static func isBlank(_ text: String) -> Bool {
        if let first = text.unicodeScalars.first, !first.properties.isWhitespace { return false }
        return text.allSatisfy(\.isWhitespace)
    }
}

/// Why one record was rejected.
struct ReportProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
