import Foundation
import ReportIO
import Reporting
import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Summaries")
struct SummaryTests {
    @Test("a parent counts a report once when any of its descendants matched; totals add up")
    func rollUp() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let summary = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang, .month, .country], scheme: "x")
        #expect(summary.recordsIn == 7 && summary.classified == 4 && summary.rejected == 3)
        #expect(summary.total.noThreat == 1)
        #expect(summary.total.nodes == ["abuse": 3, "bullying": 2, "threats": 2, "fraud": 1, "scam": 1])
        #expect(summary.total.codes == ["A": 3, "B": 2, "S": 1])
        #expect(summary.breakdowns["lang"]?["en"]?.reports == 2)
        #expect(summary.breakdowns["lang"]?["unknown"]?.nodes["abuse"] == 1)
        #expect(Set(summary.breakdowns["month"]?.keys ?? [:].keys) == ["2024-01", "2024-02", "unknown"])
        #expect(summary.breakdowns["month"]?["unknown"]?.reports == 2)
        #expect(summary.breakdowns["country"]?["FR"]?.nodes["threats"] == 1)
        #expect(summary.taxonomy.version == "1.0.0" && summary.taxonomy.name == "Tiny")
    }

    @Test("a report counted from its classification counts as its summary record does")
    func classificationAndRecordCountAlike() throws {
        let (items, _) = try classify(mixedBatch + "\n" + goodBatch(count: 30), taxonomy: tinyTaxonomy())
        let direct = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang, .month, .country], scheme: "x")
        let recorded = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang, .month, .country], scheme: "x", throughRecords: true)
        #expect(direct == recorded)
        #expect(direct.classified > 30 && direct.total.nodes["abuse", default: 0] > 10)
    }

    @Test("a joint breakdown (country+month) counts each combination; quarters come from the month")
    func jointBreakdowns() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let countryMonth = try #require(SummaryDimension(rawValue: "country+month"))
        let summary = try summary(of: items, taxonomy: tinyTaxonomy(), by: [countryMonth, .quarter])
        let joint = try #require(summary.breakdowns["country+month"])
        #expect(joint.mapValues(\.reports) == ["unknown+2024-01": 1, "unknown+2024-02": 1, "unknown+unknown": 1, "FR+unknown": 1])
        #expect(joint["FR+unknown"]?.nodes["abuse"] == 1)
        #expect(summary.breakdowns["quarter"]?.mapValues(\.reports) == ["2024-Q1": 2, "unknown": 2])
        let decoded = try JSONDecoder().decode(Summary.self, from: summary.jsonData())
        #expect(decoded == summary && decoded.by.map(\.rawValue) == ["country+month", "quarter"])
        let csv = summary.rendered(as: .csv)
        #expect(csv.contains("country+month,FR+unknown,node,abuse,1"), "\(csv)")
        // In their own order, not by count: months and joint values sort by name, "unknown" last.
        let months = csv.split(separator: "\n").filter { $0.hasPrefix("country+month,") && $0.contains(",total,reports,") }
        #expect(months.map { $0.split(separator: ",")[1] } == ["FR+unknown", "unknown+2024-01", "unknown+2024-02", "unknown+unknown"])
        // As a table: one row per combination, a column per top-level category.
        let table = summary.rendered(as: .table).split(separator: "\n")
        let title = try #require(table.firstIndex(of: "By country × month"))
        #expect(table[title + 1].split(separator: " ") == ["country+month", "reports", "no", "threat", "abuse", "fraud"])
        #expect(table[title + 2].split(separator: " ") == ["FR+unknown", "1", "0", "1", "0"])
    }

    @Test("a breakdown names fields, each once; a name that is no report field is a carried one", arguments: [
        ("country+month", true), ("lang", true), ("quarter+partner+lang", true), ("region+month", true),
        ("country+country", false), ("region+region", false), ("", false), ("country+", false), ("+month", false),
    ])
    func breakdownNames(name: String, valid: Bool) {
        #expect((SummaryDimension(rawValue: name) != nil) == valid)
    }

    @Test("summarizing classify's output gives the same summary")
    func summarizeOutput() throws {
        let taxonomy = tinyTaxonomy()
        let (items, _) = try classify(goodBatch(count: 120), taxonomy: taxonomy)
        let expected = try summary(of: items, taxonomy: taxonomy, by: [.lang, .month], scheme: "x")
        let writer = ClassificationWriter(codes: try CodeResolver(taxonomy: taxonomy, scheme: "x"))
        var output: [UInt8] = []
        for case .classified(let report, let classification) in items { output += writer.line(report, classification) }
        var reader = ClassifiedOutputReader(stream: MemoryByteStream(output, chunkSize: 100), name: "out.jsonl", taxonomy: taxonomy)
        var builder = SummaryBuilder(taxonomy: taxonomy, by: [.lang, .month], codes: try CodeResolver(taxonomy: taxonomy, scheme: "x"))
        while let item = try reader.next() {
            guard case .record(let record) = item else { Issue.record("unexpected invalid line"); continue }
            builder.add(record)
        }
        #expect(builder.summary == expected)
        #expect(builder.summary.jsonData() == expected.jsonData())
    }

    @Test("summarizing refuses label paths that are not the taxonomy's: unknown nodes, wrong parents", arguments: [
        (#"["abuse","ghost"]"#, "out.jsonl:1: the label path [abuse › ghost] names no node of the taxonomy 1.0.0"),
        (#"["fraud","bullying"]"#, "out.jsonl:1: the label path [fraud › bullying] is not where the taxonomy 1.0.0 has 'bullying' ([abuse › bullying])"),
        (#"["bullying"]"#, "out.jsonl:1: the label path [bullying] is not where the taxonomy 1.0.0 has 'bullying'"),
    ])
    func summarizeChecksPaths(path: String, message: String) throws {
        let line = #"{"id":"1","labels":[{"node":"x","path":"# + path + "}]}\n"
        var reader = ClassifiedOutputReader(stream: MemoryByteStream(line), name: "out.jsonl", taxonomy: tinyTaxonomy())
        guard case .invalid(let location, let reason) = try reader.next() else { Issue.record("the line was counted"); return }
        #expect("\(location): \(reason)".hasPrefix(message))
    }

    @Test("merging the summaries of 4 shards equals the summary of the whole batch")
    func mergeShards() throws {
        let taxonomy = tinyTaxonomy()
        let (items, _) = try classify(mixedBatch + "\n" + goodBatch(count: 97), taxonomy: taxonomy)
        let whole = try summary(of: items, taxonomy: taxonomy, by: [.lang, .month], scheme: "x")
        let shardSize = (items.count + 3) / 4
        let shards = try stride(from: 0, to: items.count, by: shardSize).map {
            try summary(of: Array(items[$0..<min($0 + shardSize, items.count)]), taxonomy: taxonomy, by: [.lang, .month], scheme: "x")
        }
        #expect(shards.count == 4)
        let merged = try Summary.merged(shards)
        #expect(merged == whole)
        #expect(merged.jsonData() == whole.jsonData())
    }

    @Test("dates without an ISO 8601 month and language tags the taxonomy has no rules for are counted, merged and worded")
    func metadataNotes() throws {
        let taxonomy = tinyTaxonomy()
        func record(_ lang: String?, _ date: String?) -> SummaryRecord {
            SummaryRecord(lang: lang, country: nil, partner: nil, date: date, paths: [])
        }
        var first = SummaryBuilder(taxonomy: taxonomy, by: [.month])
        for r in [record("en", "17/01/2025"), record("de", "2025-01-17"), record("de", "2025"), record(nil, nil)] { first.add(r) }
        var second = SummaryBuilder(taxonomy: taxonomy, by: [.month])
        for r in [record("pt", "2025-02"), record("en", "Jan 3, 2025")] { second.add(r) }
        let notes = try #require(first.summary.metadata)
        #expect(notes.datesNotISO == 2 && notes.dateExample == "17/01/2025" && notes.otherLanguages == ["de": 2])
        #expect(first.summary.breakdowns["month"]?["unknown"]?.reports == 3)
        let merged = try #require(try Summary.merged([first.summary, second.summary]).metadata)
        #expect(merged.datesNotISO == 3 && merged.otherLanguages == ["de": 2, "pt": 1] && merged.dateExample == "17/01/2025")
        #expect(merged.warnings == [
            "3 reports have dates that are not ISO 8601 (YYYY-MM-DD), such as '17/01/2025': they count under month 'unknown'; export dates as 2025-01-17 to have them counted by month.",
            "3 reports have language tags the taxonomy has no rules for (de ×2, pt ×1): their texts were classified with the rules of the languages identified in them.",
        ])
        var clean = SummaryBuilder(taxonomy: taxonomy)
        clean.add(record("en", "2025-01-17T10:00:00Z"))
        #expect(clean.summary.metadata == nil, "a clean batch's summary has no notes (and no `metadata` key)")
        #expect(!String(decoding: clean.summary.jsonData(), as: UTF8.self).contains("metadata"))
    }

    @Test("merge refuses summaries of different taxonomy versions or rules, breakdowns or code schemes")
    func mergeRefusals() throws {
        let a = try summary(of: [], taxonomy: tinyTaxonomy(version: "1.0.0"), by: [.lang])
        var hashed = a
        hashed.taxonomy.rules = "00000000000000aa"
        // A rule file edited under an unchanged version counts differently.
        var edited = hashed
        edited.taxonomy.rules = "00000000000000bb"
        #expect {
            try Summary.merged([hashed, edited])
        } throws: { error in
            let error = error as! SummaryMergeError
            return error.index == 1 && error.reason.contains("made with rules 00000000000000bb, the first with 00000000000000aa")
        }
        #expect(try Summary.merged([hashed, hashed]).taxonomy.rules == "00000000000000aa")
        let newer = try summary(of: [], taxonomy: tinyTaxonomy(version: "1.1.0"), by: [.lang])
        let byMonth = try summary(of: [], taxonomy: tinyTaxonomy(), by: [.month])
        let withCodes = try summary(of: [], taxonomy: tinyTaxonomy(), by: [.lang], scheme: "x")
        #expect {
            try Summary.merged([a, newer])
        } throws: { error in
            let error = error as! SummaryMergeError
            return error.index == 1 && error.reason.contains("taxonomy version 1.1.0, the first with 1.0.0")
        }
        #expect(throws: SummaryMergeError.self) { try Summary.merged([a, byMonth]) }
        #expect(throws: SummaryMergeError.self) { try Summary.merged([a, withCodes]) }
    }

    @Test("a dimension asked for twice is one breakdown, each report counted once in it")
    func repeatedDimension() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let twice = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang, .lang])
        #expect(twice == (try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang])))
    }

    @Test("merge refuses, naming the shard and the count, counts whose sum does not fit in 64 bits")
    func mergeOverflow() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let good = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang])
        var damaged = good
        damaged.total.nodes["abuse"] = Int.max
        #expect {
            try Summary.merged([good, damaged])
        } throws: { error in
            let error = error as! SummaryMergeError
            return error.index == 1 && error.reason.contains("its count 'nodes.abuse' is too large")
        }
    }

    /// Ways of changing a summary after `classify` wrote it, and the reason each is refused with.
    enum Tamper: String, CaseIterable, Sendable {
        case negativeCount, recordsIn, nodeAboveReports, parentBelowChild, unknownNode, breakdown

        func apply(to s: inout Summary) {
            switch self {
            case .negativeCount: s.rejected = -1; s.recordsIn = s.classified - 1
            case .recordsIn: s.recordsIn += 1
            case .nodeAboveReports: s.total.nodes["scam"] = 5
            case .parentBelowChild: s.total.nodes["abuse"] = 1
            case .unknownNode: s.total.nodes["ghost"] = 1
            case .breakdown: s.breakdowns["lang"]?["fr"]?.reports = 2
            }
        }

        var reason: String {
            switch self {
            case .negativeCount: "'rejected' is negative (-1)"
            case .recordsIn: "'records_in' is 8, but classified + rejected is 4 + 3"
            case .nodeAboveReports: "'total.nodes.scam' is 5, outside 0...4 (its reports)"
            case .parentBelowChild: "'total.nodes.bullying' is 2, more than its parent 'abuse' (1)"
            case .unknownNode: "'total.nodes' counts 'ghost', which is not a node of its taxonomy"
            case .breakdown: "the reports of the breakdown by 'lang' add up to 5, but 'total.reports' is 4"
            }
        }
    }

    @Test("a summary whose counts do not hold together is refused, naming the field", arguments: Tamper.allCases)
    func invariants(tamper: Tamper) throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        var summary = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang])
        try summary.validate()
        tamper.apply(to: &summary)
        #expect(performing: { try summary.validate() }, throws: { ($0 as? SummaryInvariantError)?.reason.hasPrefix(tamper.reason) == true })
    }

    @Test("summary JSON is deterministic, sorted, and reads back equal")
    func jsonRoundTrip() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let summary = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang], scheme: "x")
        let data = summary.jsonData()
        #expect(try Summary(jsonData: data) == summary)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"records_in\" : 7"))
        #expect(text.range(of: "\"breakdowns\"")!.lowerBound < text.range(of: "\"by\"")!.lowerBound)
    }

    @Test("renderers: the table indents children, CSV is one count per row, Markdown has tables")
    func renderers() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let summary = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang], scheme: "x")
        let table = summary.rendered(as: .table)
        #expect(table.hasPrefix("Tiny 1.0.0: 7 records in: 4 classified, 3 rejected; 1 with no threat\n"))
        #expect(table.contains("\n  bullying   "))
        #expect(table.contains("By lang"))
        let csv = summary.rendered(as: .csv).split(separator: "\n")
        #expect(csv.first == "breakdown,value,kind,key,count")
        #expect(csv.contains("all,all,node,abuse,3"))
        #expect(csv.contains("lang,en,node,scam,1"))
        #expect(csv.contains("all,all,code,A,3"))
        let markdown = summary.rendered(as: .markdown)
        #expect(markdown.contains("| threat | reports | % of classified |"))
        #expect(markdown.contains("| abuse | 3 | 75.0 |"))
    }

    @Test("wide CSV: a row per breakdown value, a column per node and per code, columns named as asked")
    func wideCSV() throws {
        let (items, _) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        let summary = try summary(of: items, taxonomy: tinyTaxonomy(), by: [.lang], scheme: "x")
        #expect(summary.rendered(as: .wideCSV) == """
            breakdown,value,reports,no_threat,abuse,bullying,threats,fraud,scam,x:A,x:B,x:S
            all,all,4,1,3,2,2,1,1,3,2,1
            lang,en,2,0,2,1,1,1,1,2,1,1
            lang,fr,1,1,0,0,0,0,0,0,0,0
            lang,unknown,1,0,1,1,1,0,0,1,1,0

            """)
        let named = summary.wideCSV(columnNames: ["abuse": "Abus, harcèlement", "scam": "=Arnaque"])
        #expect(named.hasPrefix("breakdown,value,reports,no_threat,\"Abus, harcèlement\",bullying,threats,fraud,'=Arnaque,x:A,"))
    }
}
