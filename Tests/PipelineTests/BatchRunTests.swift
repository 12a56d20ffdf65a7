import Foundation
import Pipeline
import ReportIO
import SafeYAML
import Reporting
import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Batch run")
struct BatchRunTests {
    @Test("records in = classified + rejected over JSONL and CSV; a rejected CSV row comes with its file's header")
    func mixedInputs() throws {
        let folder = try temporaryFolder()
        let jsonl = try write("""
            {"id":"j1","text":"they bully him","lang":"en"}
            {"id":"j2","text":
            {"id":"j3","text":"nothing here"}
            """, to: folder + "/a.jsonl")
        let csv = try write("id;text\nc1;bully at school\nc2;one;too many\nc3;fine\n", to: folder + "/b.csv")
        let missing = folder + "/missing.jsonl"
        var events: [String] = []
        var builder = SummaryBuilder(taxonomy: bullyTaxonomy())
        let run = BatchRun(.init(inputs: [jsonl, csv, missing].map { BatchRun.Input(path: $0) }))
        try run.run(try RuleSet(taxonomy: bullyTaxonomy()), evidence: false, workers: 2, summary: &builder, render: { report, _, line in
            line += Array("line of \(report.id)".utf8)
        }) { event in
            switch event {
            case .classified(let report, let rendered):
                events.append("\(report.id) \(rendered.result.labels.map(\.node))")
                #expect(String(decoding: rendered.line, as: UTF8.self) == "line of \(report.id)")
            case .rejected(let record, let header): events.append("\(record.location) \(header.map { String(decoding: $0, as: UTF8.self) } ?? "-")")
            case .progress: break
            }
        }
        #expect(events == [
            "j1 [\"bullying\"]", "\(jsonl):2 -", "j3 []",
            "c1 [\"bullying\"]", "\(csv):3 id;text", "c3 []",
            "\(missing):0 -",
        ])
        let summary = builder.summary
        #expect(summary.recordsIn == 6 && summary.classified == 4 && summary.rejected == 2 && summary.inputsFailed == 1)
    }

    @Test("an incident read again from another feed is rejected naming the first, unless duplicates are kept")
    func overlappingFeeds() throws {
        let folder = try temporaryFolder()
        let feeds = try ["a.xml", "b.xml"].map { try write(feed, to: folder + "/" + $0) }
        func outcomes(keepDuplicates: Bool) throws -> (ids: [String], rejected: [String], counts: BatchCounts) {
            var configuration = BatchRun.Configuration(inputs: feeds.map { BatchRun.Input(path: $0) })
            configuration.keepDuplicates = keepDuplicates
            var ids: [String] = [], rejected: [String] = []
            let counts = try BatchRun(configuration).run(ClassifierFactory(ruleSet: try RuleSet(taxonomy: bullyTaxonomy()))) { event in
                switch event {
                case .classified(let report, _): ids.append(report.id)
                case .rejected(let record, _): rejected.append(record.message)
                case .progress: break
                }
            }
            return (ids, rejected, counts)
        }
        let deduplicated = try outcomes(keepDuplicates: false)
        #expect(deduplicated.ids == ["I-1"])
        #expect(deduplicated.rejected.count == 1)
        #expect(deduplicated.rejected.first?.contains("duplicate of incident hotline.example.org/I-1, first read at \(feeds[0]):") == true)
        #expect(deduplicated.counts.recordsIn == 2 && deduplicated.counts.rejected == 1)
        let kept = try outcomes(keepDuplicates: true)
        #expect(kept.ids == ["I-1", "I-1"] && kept.rejected.isEmpty)
    }

    @Test("a report is found by id across inputs without classifying; records that cannot be read before it are handed over")
    func reportByID() throws {
        let folder = try temporaryFolder()
        let jsonl = try write("{\"id\":\"x\",\"text\":\"\"}\n{\"id\":\"y\",\"text\":\"second\",\"lang\":\"fr\"}\n", to: folder + "/a.jsonl")
        let xml = try write(feed, to: folder + "/b.xml")
        let run = BatchRun(.init(inputs: [jsonl, xml].map { BatchRun.Input(path: $0) }))
        var rejected: [String] = []
        #expect(run.report(withID: "y") { rejected.append($0.message) }.map { [$0.text, $0.lang] } == ["second", "fr"])
        #expect(run.report(withID: "I-1") { _ in }?.text == "They bully my son on a game chat.")
        #expect(run.report(withID: "none") { _ in } == nil)
        #expect(rejected == ["\(jsonl):1: the text field is empty"])
    }
}

/// One IODEF v2 incident.
private let feed = """
    <?xml version="1.0" encoding="UTF-8"?>
    <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
      <Incident purpose="reporting">
        <IncidentID name="hotline.example.org">I-1</IncidentID>
        <GenerationTime>2024-03-01T10:20:00Z</GenerationTime>
        <Description>They bully my son on a game chat.</Description>
        <Contact role="creator" type="organization"/>
      </Incident>
    </IODEF-Document>

    """

/// A one-node taxonomy: `bullying`, matched by `bully*`.
private func bullyTaxonomy() -> Taxonomy {
    let here = SourceLocation(file: "bully.yaml")
    return Taxonomy(
        version: "1.0.0", name: "Bully", languages: ["en"], schemes: [:],
        nodes: [TaxonomyNode(
            id: "bullying", parent: nil, names: ["en": "Bullying"], definition: "",
            rules: ["en": LanguageRules(terms: [TermRule(pattern: "bully*", location: here)])], crosswalks: [:], location: here)])
}

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "pipeline-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to `path` and returns the path.
private func write(_ text: String, to path: String) throws -> String {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
