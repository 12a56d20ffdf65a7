import ReportIO
import TextFormats

/// Reads records out of a feed whose root element the reader has just passed.
protocol RecordExtractor {
    /// The line where the record being read starts, for the rejected part when the feed breaks;
    /// `nil` between records.
    var recordStart: Int? { get }
    /// The next report or rejected record; `nil` at the end of the document.
    mutating func next(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem?
}

/// The fields of one feed record as found, before they become a `Report`.
struct FeedRecord {
    var id: String?
    /// Text parts in document order, already labelled where the mapping says so.
    var texts: [String]
    var lang: String?
    var country: String?
    var partner: String?
    var date: String?
    var codes: [String]

    /// The report, or a rejected record saying which required field is missing.
    /// `lines`: where to look the record's lines up from in the file, for a rejected record.
    func item(origin: RecordLocation, closingTag: String, what: String, lines: LineCursor) -> ReportSourceItem {
        let id = self.id?.trimmingWhitespace() ?? ""
        var text = ""
        text.reserveCapacity(texts.reduce(texts.count) { $0 + $1.utf8.count })
        for part in texts {
            let part = part.trimmingWhitespace()
            if part.isEmpty { continue }
            if !text.isEmpty { text += "\n" }
            text += part
        }
        let problem: String? =
            if id.isEmpty { "the \(what) has no id; ask the partner to give every \(what) one, so that it can be counted once" }
            else if text.isEmpty { "the \(what) \(id) has no description text to classify" }
            else { nil }
        if let problem {
            let raw = TextPosition.record(startingAt: origin.line, closingTag: closingTag, in: origin.file, from: lines)
            return .rejected(RejectedRecord(location: origin, reason: problem, raw: raw))
        }
        // A record has a handful of codes: a linear search beats hashing them.
        var codes: [String] = []
        codes.reserveCapacity(self.codes.count)
        for code in self.codes.lazy.map({ $0.trimmingWhitespace() }) where !code.isEmpty && !codes.contains(code) { codes.append(code) }
        return .report(Report(
            id: id, text: text, lang: LanguageTag.primary(lang), country: nonEmpty(country)?.uppercased(),
            partner: nonEmpty(partner), date: nonEmpty(date), partnerCodes: codes, origin: origin))
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingWhitespace(), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
