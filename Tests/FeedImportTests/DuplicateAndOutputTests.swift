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

    @Test("many incidents: each kept once, every copy found, keys told apart where partner and id meet")
    func manyIncidents() {
        func report(_ partner: String?, _ id: String, line: Int) -> ReportSourceItem {
            .report(Report(id: id, text: "t", partner: partner, origin: RecordLocation(file: "f.xml", line: line)))
        }
        var filter = DuplicateFilter()
        // 5,000 keys make the table grow several times; then every one again, read later.
        for n in 0..<5000 {
            guard case .report = filter.filter(report("p\(n % 7).example", "\(n)", line: n + 1)) else {
                Issue.record("incident \(n) was taken for a duplicate")
                return
            }
        }
        for n in stride(from: 0, to: 5000, by: 499) {
            guard case .rejected(let copy) = filter.filter(report("P\(n % 7).Example", "\(n)", line: 9000)) else {
                Issue.record("the copy of incident \(n) was not found")
                return
            }
            #expect(copy.reason.contains("p\(n % 7).example/\(n), first read at f.xml:\(n + 1);"))
        }
        #expect(filter.duplicates == 11)
        // "ab" + "c" and "a" + "bc" are two incidents.
        guard case .report = filter.filter(report("ab", "c", line: 1)), case .report = filter.filter(report("a", "bc", line: 2)) else {
            Issue.record("keys that join to the same bytes were taken for one")
            return
        }
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
