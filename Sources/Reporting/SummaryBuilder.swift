import ReportIO
import ThreatRules
import ThreatTaxonomy

/// What the summary needs of one classified report: its metadata and its labels' paths.
public struct SummaryRecord: Sendable, Hashable {
    public var lang: String?
    public var country: String?
    public var partner: String?
    public var date: String?
    /// Each label's path from the root down to the labelled node.
    public var paths: [[String]]
    /// The carried fields (`--carry`), as text, by name.
    public var carried: [String: String]

    public init(lang: String?, country: String?, partner: String?, date: String?, paths: [[String]], carried: [String: String] = [:]) {
        self.lang = lang
        self.country = country
        self.partner = partner
        self.date = date
        self.paths = paths
        self.carried = carried
    }

    public init(_ report: Report, _ classification: Classification) {
        self.init(metadataOf: report, classification)
        paths = classification.labels.map(\.path)
    }

    /// The report's metadata, without its labels' paths.
    fileprivate init(metadataOf report: Report, _ classification: Classification) {
        self.init(
            lang: report.lang ?? classification.detectedLanguage, country: report.country, partner: report.partner,
            date: report.date, paths: [], carried: report.extra.isEmpty ? [:] : report.extra.mapValues(Report.carriedText))
    }
}

/// Counts classified reports into a `Summary`, one report at a time.
public struct SummaryBuilder: Sendable {
    public private(set) var summary: Summary
    private let codes: CodeResolver?
    /// The taxonomy's languages: a report's tag outside them is noted.
    private let languages: Set<String>
    /// The nodes of the report being counted, each once; kept between reports (no allocation each).
    private var nodes: [String] = []

    /// Counts against `taxonomy`, broken down `by` these dimensions, with `codes` when given.
    public init(taxonomy: Taxonomy, by: [SummaryDimension] = [], codes: CodeResolver? = nil) {
        let info = TaxonomyInfo(
            version: taxonomy.version, name: taxonomy.name, rules: taxonomy.rulesHash.isEmpty ? nil : taxonomy.rulesHash,
            nodes: taxonomy.nodes.map { TaxonomyInfo.Node(id: $0.id, parent: $0.parent, name: $0.name) })
        self.summary = Summary(taxonomy: info, by: by, codeScheme: codes?.identity)
        self.codes = codes
        languages = Set(taxonomy.languages)
    }

    /// Counts one classified report.
    public mutating func add(_ record: SummaryRecord) {
        nodes.removeAll(keepingCapacity: true)
        for path in record.paths { addNodes(path) }
        count(record)
    }

    /// Counts one report as classified, without a list of its labels' paths.
    public mutating func add(_ report: Report, _ classification: Classification) {
        nodes.removeAll(keepingCapacity: true)
        for label in classification.labels { addNodes(label.path) }
        count(SummaryRecord(metadataOf: report, classification))
    }

    private mutating func addNodes(_ path: [String]) {
        for node in path where !nodes.contains(node) { nodes.append(node) }
    }

    /// Counts the record with the nodes gathered in `nodes`.
    private mutating func count(_ record: SummaryRecord) {
        let codes = self.codes.map { $0.codes(of: nodes) }
        summary.classified += 1
        summary.recordsIn += 1
        summary.total.count(nodes: nodes, codes: codes)
        for dimension in summary.by {
            summary.breakdowns[dimension.rawValue, default: [:]][dimension.value(of: record), default: SummaryCounts(countingCodes: codes != nil)]
                .count(nodes: nodes, codes: codes)
        }
        note(record)
    }

    /// Counts the record's date when it has no ISO 8601 month, and its language tag when the
    /// taxonomy has no rules for it (an identified language always is one of the taxonomy's).
    private mutating func note(_ record: SummaryRecord) {
        let undated = record.date.map { !$0.isEmpty && SummaryDimension.yearMonth(of: $0) == nil } ?? false
        let foreign = record.lang.map { !$0.isEmpty && !languages.contains($0) } ?? false
        guard undated || foreign else { return }
        var notes = summary.metadata ?? MetadataNotes()
        if undated {
            notes.datesNotISO += 1
            notes.dateExample = notes.dateExample ?? record.date
        }
        if foreign, let lang = record.lang { notes.otherLanguages[lang, default: 0] += 1 }
        summary.metadata = notes
    }

    /// Counts one record that could not be classified.
    public mutating func addRejected() {
        summary.rejected += 1
        summary.recordsIn += 1
    }

    /// Counts one input that could not be read at all (not a record).
    public mutating func addFailedInput() {
        summary.inputsFailed = (summary.inputsFailed ?? 0) + 1
    }
}
