import ReportIO
import Pipeline
import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Batch pipeline")
struct BatchClassifierTests {
    /// A text of 400,000 `\u00e9` escapes (Python's default `json.dumps`) is read whole and
    /// classified like the same text unescaped. Reading such a record was quadratic (8.8 s); it is
    /// linear now, which a timed test cannot show reliably on a shared machine, so this checks the
    /// outcome and the suite's run time would show a relapse.
    @Test("a record of many escapes reads and classifies like the same record unescaped")
    func manyEscapes() throws {
        let count = 400_000
        let factory = ClassifierFactory(ruleSet: try RuleSet(taxonomy: tinyTaxonomy()), evidence: true)
        func outcome(_ text: String) throws -> (text: String, labels: [String]) {
            var source = JSONLReader(stream: MemoryByteStream(#"{"id":"e","text":"# + "\"\(text) bully\"}\n", chunkSize: 1 << 16), name: "e.jsonl")
            var result = (text: "", labels: [String]())
            _ = try BatchClassifier(factory: factory, workers: 1).run(&source) { item in
                if case .classified(let report, let classification) = item { result = (report.text, classification.labels.map(\.node)) }
            }
            return result
        }
        let plain = try outcome(String(repeating: "é", count: count))
        let escaped = try outcome(String(repeating: #"\u00e9"#, count: count))
        #expect(plain.labels == ["bullying"])
        #expect(escaped.labels == plain.labels)
        #expect(escaped.text == plain.text && escaped.text.unicodeScalars.count == count + 6)
    }

    @Test("bad records of each kind are rejected with located messages; every good record is classified, in order")
    func mixedInput() throws {
        let (items, counts) = try classify(mixedBatch, taxonomy: tinyTaxonomy())
        #expect(counts.recordsIn == 7)
        #expect(counts.classified == 4)
        #expect(counts.rejected == 3)
        let outcomes = items.map { item -> String in
            switch item {
            case .classified(let report, let classification): "\(report.id): \(classification.labels.map(\.node))"
            case .rejected(let record): record.message
            }
        }
        #expect(outcomes == [
            "1: [\"bullying\"]",
            "2: [\"threats\", \"scam\"]",
            "batch.jsonl:3: the line is not valid JSON (the line ends early, expected a value)",
            "batch.jsonl:4: the text field is empty",
            "batch.jsonl:5: the record has no 'text' field",
            "6: []",
            "7: [\"bullying\", \"threats\"]",
        ])
    }

    @Test("results come back in input order whatever the number of workers and the chunk size", arguments: [(1, 1), (2, 3), (3, 64), (4, 1000)])
    func order(workers: Int, chunk: Int) throws {
        let (items, counts) = try classify(goodBatch(count: 200), taxonomy: tinyTaxonomy(), workers: workers, chunkRecords: chunk)
        let ids = items.compactMap { if case .classified(let report, _) = $0 { report.id } else { nil } }
        #expect(ids == (0..<200).map(String.init))
        #expect(counts.classified == 200 && counts.rejected == 0)
    }

    @Test("each report's line, written on its worker, comes back with it, in input order", arguments: [(1, 1), (2, 3), (3, 64), (2, 1000)])
    func renderedLines(workers: Int, chunk: Int) throws {
        var source = JSONLReader(stream: MemoryByteStream("{\"id\":\"bad\"}\n" + goodBatch(count: 200)), name: "b.jsonl")
        var lines: [String] = []
        var rejected = 0
        let pipeline = BatchClassifier(factory: keywordClassifier(tinyTaxonomy()), workers: workers, chunkRecords: chunk)
        let counts = try pipeline.run(&source, render: { report, classification, bytes in
            bytes += Array("\(report.id) \(classification.labels.map(\.node))\n".utf8)
        }, handle: { item in
            switch item {
            case .classified(let report, let rendered):
                let line = String(decoding: rendered.line, as: UTF8.self)
                #expect(line == "\(report.id) \(rendered.result.labels.map(\.node))\n")
                lines.append(line)
            case .rejected: rejected += 1
            }
        })
        #expect(lines.map { $0.prefix { $0 != " " } } == (0..<200).map { Substring(String($0)) })
        #expect(counts.classified == 200 && counts.rejected == 1 && rejected == 1)
    }

    @Test("progress is reported after each chunk with running counts")
    func progress() throws {
        var source = JSONLReader(stream: MemoryByteStream(goodBatch(count: 10)), name: "b.jsonl")
        var seen: [Int] = []
        _ = try BatchClassifier(factory: keywordClassifier(tinyTaxonomy()), workers: 2, chunkRecords: 4)
            .run(&source, handle: { _ in }, progress: { seen.append($0.recordsIn) })
        #expect(seen == [4, 8, 10])
    }

    @Test("an error from the handler stops the batch and is rethrown")
    func stop() throws {
        struct Stop: Error {}
        var source = JSONLReader(stream: MemoryByteStream(goodBatch(count: 50)), name: "b.jsonl")
        var handled = 0
        #expect(throws: Stop.self) {
            try BatchClassifier(factory: keywordClassifier(tinyTaxonomy()), workers: 2, chunkRecords: 4).run(&source) { _ in
                handled += 1
                if handled == 6 { throw Stop() }
            }
        }
        #expect(handled == 6)
    }

    @Test("the real rule set plugs into the pipeline through one scanner per worker")
    func ruleSetFactory() throws {
        let ruleSet = try RuleSet(taxonomy: tinyTaxonomy())
        var source = JSONLReader(stream: MemoryByteStream(goodBatch(count: 30)), name: "b.jsonl")
        var ids: [String] = []
        let counts = try BatchClassifier(factory: ClassifierFactory(ruleSet: ruleSet), workers: 2, chunkRecords: 7).run(&source) {
            if case .classified(let report, let classification) = $0 {
                ids.append(report.id)
                #expect(classification.labels.allSatisfy { !$0.path.isEmpty && $0.path.last == $0.node })
            }
        }
        #expect(counts.classified == 30)
        #expect(ids == (0..<30).map(String.init))
    }
}
