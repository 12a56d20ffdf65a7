import ReportIO
import Testing

@testable import FeedImport

@Suite("Duplicates and report JSONL")
struct DuplicateAndOutputTests {
    @Test("the same incident in two overlapping feeds is kept once; the copy is rejected naming the first")
    func overlappingFeeds() throws {
        let path = try Fixture.path("iodef2-multilingual.xml")
        var filter = DuplicateFilter()
        var kept: [Report] = []
        var rejected: [RejectedRecord] = []
        for _ in 0..<2 {
            var reader = FeedReader(path: path)
            while let item = reader.next() {
                switch filter.filter(item) {
                case .report(let report): kept.append(report)
                case .rejected(let record): rejected.append(record)
                }
            }
        }
        #expect(kept.count == 6 && rejected.count == 6 && filter.duplicates == 6)
        // The first incident's partner is written Hotline.Example.org: DNS names ignore case.
        #expect(rejected[0].reason.contains("hotline.example.org/EN-2024-0001, first read at \(path):6"))
    }

    @Test("ReportKey: partner case-folded, id as written, stable text form")
    func reportKey() {
        #expect(ReportKey(partner: "CSIRT.Example.com", id: "A-1") == ReportKey(partner: "csirt.example.com", id: "A-1"))
        #expect(ReportKey(partner: "csirt.example.com", id: "a-1") != ReportKey(partner: "csirt.example.com", id: "A-1"))
        #expect(ReportKey(partner: nil, id: "7").description == "/7")
        #expect(ReportKey(partner: "Ligne-Écoute.example", id: "7").partner == "ligne-écoute.example")
        #expect(ReportKey(partner: "hotline.example.org", id: "7").partner == "hotline.example.org")
    }

    @Test("reports that name no partner are told apart by their feed, not merged across feeds")
    func noPartner() {
        func report(_ file: String) -> Report {
            Report(id: "1", text: "t", origin: RecordLocation(file: file, line: 3))
        }
        var filter = DuplicateFilter()
        let items = [report("a.xml"), report("A.xml"), report("a.xml")].map { filter.filter(.report($0)) }
        guard case .report = items[0], case .report = items[1], case .rejected(let copy) = items[2] else {
            Issue.record("expected two reports and one duplicate, got \(items)")
            return
        }
        #expect(copy.reason.contains("file:a.xml/1"))
        #expect(filter.duplicates == 1)
    }

    @Test("a report as one JSON line, absent fields left out")
    func jsonLine() {
        let report = Report(
            id: "1", text: "line \"one\"\nتهديد", lang: "ar", partner: "p.example", partnerCodes: ["a", "b"],
            origin: RecordLocation(file: "f", line: 1))
        #expect(String(decoding: ReportJSONL.line(for: report), as: UTF8.self)
            == "{\"id\":\"1\",\"text\":\"line \\\"one\\\"\\nتهديد\",\"lang\":\"ar\",\"partner\":\"p.example\",\"partner_codes\":[\"a\",\"b\"]}\n")
    }
}
