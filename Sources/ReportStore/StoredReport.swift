import Facets
import FeedImport
import ReportIO
import ThreatRules

/// One label as the store keeps it: the node, its path from the root, and its score.
public struct StoredLabel: Sendable, Hashable {
    public var node: String
    /// Ids from the root down to `node`, so counts roll up to parents without the taxonomy.
    public var path: [String]
    public var score: Double

    public init(node: String, path: [String], score: Double) {
        self.node = node
        self.path = path
        self.score = score
    }
}

extension StoredLabel {
    /// A classification's labels, in the store's order (by path).
    static func labels(of classification: Classification) -> [StoredLabel] {
        classification.labels.map { StoredLabel(node: $0.node, path: $0.path, score: $0.score) }
            .sorted { $0.path.joined(separator: "/") < $1.path.joined(separator: "/") }
    }
}

/// A classified report as kept in the store: its key, its metadata, its labels, what labelled
/// it and, only when asked for, its text.
public struct StoredReport: Sendable, Hashable {
    /// Partner + the partner's incident id, as the feed importer defines it.
    public var key: ReportKey
    public var lang: String?
    /// Upper-cased ISO 3166-1 code, when known.
    public var country: String?
    /// The date as given (ISO 8601), when known.
    public var date: String?
    /// The report's text: `nil` unless the store keeps texts (`--keep-text`).
    public var text: String?
    /// SHA-256 of the record's content (text, language, country, date), kept even without the
    /// text, so a changed record is recognised on re-ingest.
    public var contentHash: String
    public var labels: [StoredLabel]
    /// Platforms or services the text names (`PlatformLexicon` ids), found at ingest, kept
    /// even when the text is not.
    public var platforms: [String]
    /// Age bands of the children whose ages the text gives (`AgeBand` raw values), found at
    /// ingest, kept even when the text is not.
    public var ageBands: [String]
    /// Who wrote the report (`Reporter` raw value), where the text shows it, found at ingest.
    public var reporter: String?
    /// The `version` of the taxonomy that labelled the report.
    public var taxonomyVersion: String
    /// `RuleFingerprint` of the taxonomy and rule files that labelled the report.
    public var rulesHash: String

    public init(
        key: ReportKey, lang: String?, country: String?, date: String?, text: String?, contentHash: String,
        labels: [StoredLabel], platforms: [String] = [], ageBands: [String] = [], reporter: String? = nil,
        taxonomyVersion: String, rulesHash: String
    ) {
        self.key = key
        self.lang = lang
        self.country = country
        self.date = date
        self.text = text
        self.contentHash = contentHash
        self.labels = labels
        self.platforms = platforms
        self.ageBands = ageBands
        self.reporter = reporter
        self.taxonomyVersion = taxonomyVersion
        self.rulesHash = rulesHash
    }

    /// A report and its classification, ready to store; the text is kept only if `keepText`.
    public init(_ report: Report, _ classification: Classification, taxonomyVersion: String, rulesHash: String, keepText: Bool) {
        let country = report.country.map { $0.uppercased() }
        let lang = report.lang ?? classification.detectedLanguage
        let folded = FoldedText(report.text)
        self.init(
            key: ReportKey(report), lang: lang, country: country, date: report.date,
            text: keepText ? report.text : nil,
            contentHash: Self.contentHash(text: report.text, lang: report.lang, country: country, date: report.date),
            labels: StoredLabel.labels(of: classification), platforms: PlatformLexicon.shipped.platforms(in: folded).sorted(),
            ageBands: AgeBand.bands(in: report.text).map(\.rawValue), reporter: Reporter.reporter(in: folded)?.rawValue,
            taxonomyVersion: taxonomyVersion, rulesHash: rulesHash)
    }

    /// `YYYY-MM` of the date, when it starts with one.
    public var month: String? { date.flatMap(Self.month(of:)) }

    static func month(of date: String) -> String? {
        let bytes = Array(date.utf8.prefix(7))
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || (0x30...0x39).contains($0.element) }),
              let month = Int(String(decoding: bytes[5...], as: UTF8.self)), (1...12).contains(month)
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Each field length-prefixed, so no two different records hash alike by moving a separator.
    static func contentHash(text: String, lang: String?, country: String?, date: String?) -> String {
        var hash = SHA256()
        for field in [text, lang, country, date] {
            let bytes = field.map { Array($0.utf8) }
            hash.update(Array((bytes.map { "\($0.count):" } ?? "-:").utf8))
            hash.update(bytes ?? [])
        }
        return hash.hexDigest()
    }
}
