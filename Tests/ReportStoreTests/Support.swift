import Foundation
import Pipeline
import TextFormats
import ReportIO
import ReportStore
import ThreatRules
import ThreatTaxonomy

/// A two-node taxonomy written to a fresh folder, its English rules in a rule file, so that the
/// rules can be changed between two ingests exactly as an analyst edits them.
struct StoreFixture {
    let folder: URL

    init(englishTerms: String = "[bully*, harass*]") throws {
        folder = try temporaryFolder("store-fixture")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try """
            version: "1.0.0"
            name: Store test tree
            languages: [en]
            rule_files: [rules/en.yaml]
            schemes:
              eval: {title: Eval labels, version: "1"}
            nodes:
              - id: harm
                name: {en: Harm}
                definition: Any harm to a child.
              - id: bullying
                parent: harm
                name: {en: Bullying}
                definition: Peer bullying.
              - id: scam
                parent: harm
                name: {en: Scam}
                definition: Scams.
            """.write(to: taxonomyURL, atomically: true, encoding: .utf8)
        try setEnglishBullyingTerms(englishTerms)
    }

    var taxonomyURL: URL { folder.appendingPathComponent("taxonomy.yaml") }

    /// Rewrites the English rule file with these bullying terms (and a fixed scam term).
    func setEnglishBullyingTerms(_ terms: String) throws {
        try """
            language: en
            nodes:
              bullying:
                terms: \(terms)
              scam:
                terms: [prize]
            """.write(to: folder.appendingPathComponent("rules/en.yaml"), atomically: true, encoding: .utf8)
    }

    func ruleSet() throws -> RuleSet { try RuleSet(taxonomy: TaxonomyLoader.load(from: taxonomyURL.path).taxonomy) }
    func fingerprint() throws -> String { try RuleFingerprint.of(taxonomyAt: taxonomyURL.path) }

    func ingester(_ store: ReportStore, keepText: Bool = false, batchSize: Int = 2) throws -> StoreIngester {
        StoreIngester(store: store, ruleSet: try ruleSet(), rulesHash: try fingerprint(), keepText: keepText, batchSize: batchSize, workers: 2)
    }
}

/// A batch of these JSONL lines, written to a fresh file.
func batchRun(_ lines: [String]) throws -> BatchRun {
    let file = try temporaryFolder("batch").appendingPathComponent("batch.jsonl")
    try lines.map { $0 + "\n" }.joined().write(to: file, atomically: true, encoding: .utf8)
    return BatchRun(.init(inputs: [BatchRun.Input(path: file.path)]))
}

/// A batch of these reports, one JSONL line each.
func batchRun(_ reports: [Report]) throws -> BatchRun {
    try batchRun(reports.map { report in
        var line = JSONOutput()
        line.raw("{\"id\":")
        line.string(report.id)
        line.raw(",\"text\":")
        line.string(report.text)
        line.reportMetadata(report)
        line.raw("}")
        return String(decoding: line.bytes, as: UTF8.self)
    })
}

func report(_ id: String, _ text: String, partner: String? = "helpline.example", country: String? = "fr", date: String? = "2026-02-10") -> Report {
    Report(id: id, text: text, lang: "en", country: country, partner: partner, date: date, origin: RecordLocation(file: "batch.jsonl", line: 1))
}

func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cop-threats-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func temporaryStore() throws -> ReportStore {
    try ReportStore(path: try temporaryFolder("store").appendingPathComponent("store.sqlite").path)
}
