import Foundation
import Pipeline
import ReportIO
import ReportStore
import Testing

@Suite struct ReportStoreTests {
    let batch = [
        report("1", "They bully him every day at school"),
        report("2", "You won a prize, send your card number"),
        report("3", "A nice day at the park", country: nil, date: nil),
    ]

    func ingest(_ reports: [Report], into store: ReportStore, with fixture: StoreFixture, keepText: Bool = false) throws -> StoreIngester.Outcome {
        try fixture.ingester(store, keepText: keepText).run(try batchRun(reports))
    }

    @Test func keepsEachReportWithItsLabelsMetadataAndWhatLabelledIt() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        let outcome = try ingest(batch, into: store, with: fixture)
        #expect(outcome.stored.added == 3)
        let stored = try store.allReports()
        #expect(stored.map(\.key.description) == ["helpline.example/1", "helpline.example/2", "helpline.example/3"])
        #expect(stored[0].labels.map(\.node) == ["bullying"])
        #expect(stored[0].labels[0].path == ["harm", "bullying"])
        #expect(stored[0].labels[0].score == 1)
        #expect(stored[0].country == "FR" && stored[0].month == "2026-02" && stored[0].lang == "en")
        #expect(stored[1].labels.map(\.path) == [["harm", "scam"]])
        #expect(stored[2].labels.isEmpty && stored[2].month == nil)
        #expect(stored.map(\.platforms) == [[], [], []])
        #expect(stored.allSatisfy { $0.taxonomyVersion == "1.0.0" && $0.rulesHash == (try? fixture.fingerprint()) })
    }

    @Test func reIngestingTheSameRecordsChangesNothing() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        _ = try ingest(batch, into: store, with: fixture)
        let before = try store.allReports()
        let again = try ingest(batch, into: store, with: fixture)
        #expect(again.stored == { var c = IngestCounts(); c.unchanged = 3; return c }())
        #expect(try store.allReports() == before)
    }

    @Test func aChangedRecordReplacesTheOldOneAndIsCounted() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        _ = try ingest(batch, into: store, with: fixture)
        let changed = [report("1", "They harass him every day"), report("2", "You won a prize, send your card number", country: "BE")]
        let outcome = try ingest(changed, into: store, with: fixture)
        #expect(outcome.stored.replaced == 2 && outcome.stored.unchanged == 0 && outcome.stored.added == 0)
        let stored = try store.allReports()
        #expect(stored.count == 3)
        #expect(stored[1].country == "BE")
        #expect(stored[0].labels.map(\.node) == ["bullying"])
    }

    @Test func sameIdFromAnotherPartnerIsAnotherReport() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        let outcome = try ingest([report("1", "bully", partner: "A.example"), report("1", "bully", partner: "b.example")], into: store, with: fixture)
        #expect(outcome.stored.added == 2)
        // Partners are compared without case, as DNS names are.
        #expect(try ingest([report("1", "bully", partner: "a.EXAMPLE")], into: store, with: fixture).stored.unchanged == 1)
    }

    @Test func platformsAndAgeBandsNamedInTheTextAreKeptWithoutTheText() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        _ = try ingest([report("9", "A man on Roblox keeps messaging my 15-year-old and her 8 year old brother on WhatsApp")], into: store, with: fixture)
        let stored = try store.allReports()
        #expect(stored[0].platforms == ["roblox", "whatsapp"] && stored[0].text == nil)
        #expect(stored[0].ageBands == ["0-8", "13-15"])
    }

    @Test func textIsKeptOnlyWhenAskedFor() throws {
        let fixture = try StoreFixture()
        let bare = try temporaryStore()
        _ = try ingest(batch, into: bare, with: fixture)
        #expect(try bare.allReports().allSatisfy { $0.text == nil })
        #expect(try bare.counts().withoutText == 3)
        let kept = try temporaryStore()
        _ = try ingest(batch, into: kept, with: fixture, keepText: true)
        #expect(try kept.allReports().map(\.text) == batch.map(\.text))
        #expect(try kept.counts().withoutText == 0)
    }

    @Test func aRecordLabelledByChangedRulesIsRelabelledNotReplaced() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        _ = try ingest(batch, into: store, with: fixture)
        try fixture.setEnglishBullyingTerms("[bully*, harass*, park]")
        let outcome = try ingest(batch, into: store, with: fixture)
        #expect(outcome.stored.relabelled == 3 && outcome.stored.replaced == 0)
        #expect(try store.allReports()[2].labels.map(\.node) == ["bullying"])
    }

    @Test func rejectedRecordsAndUnreadableInputsAreCountedAndHandedBackNotStored() throws {
        let fixture = try StoreFixture()
        let store = try temporaryStore()
        let good = try batchRun([
            #"{"id":"1","text":"They bully him every day at school","partner":"p"}"#,
            #"{"id":"2","text":""}"#,
            #"{"id":"3","text":"You won a prize","partner":"p"}"#,
        ])
        var run = good
        run.configuration.inputs.append(BatchRun.Input(path: good.configuration.inputs[0].path + ".missing"))
        var seen: [String] = []
        let outcome = try fixture.ingester(store).run(run) { event in
            if case .rejected(let record, _) = event { seen.append(record.message) }
        }
        #expect(outcome.stored.added == 2 && outcome.rejected == 1 && outcome.inputsFailed == 1 && outcome.recordsIn == 3)
        #expect(seen.count == 2)
        #expect(seen.first?.hasSuffix("batch.jsonl:2: the text field is empty") == true)
        #expect(seen.last?.contains("batch.jsonl.missing") == true)
        #expect(try store.counts().reports == 2)
    }
}

@Suite struct StoreFileTests {
    /// Two ingests started at once on a new store (two processes, or two threads here) both open it.
    /// Before opening retried a busy file, 300 such races here gave 4 or more failures; it runs 100 times.
    @Test func aNewStoreOpenedTwiceAtOnceWorksForBoth() async throws {
        for _ in 0..<100 {
            let path = try temporaryFolder("race").appendingPathComponent("store.sqlite").path
            let opened = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 { group.addTask { (try? ReportStore(path: path)) != nil } }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(opened == 2)
        }
    }
}

@Suite struct FingerprintTests {
    @Test func sha256MatchesTheStandardTestVectors() throws {
        let fixture = try StoreFixture()
        let file = fixture.folder.appendingPathComponent("vector.yaml")
        // A taxonomy file without rule files hashes as its bytes alone.
        for (text, digest) in [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ] {
            try text.write(to: file, atomically: true, encoding: .utf8)
            #expect(try RuleFingerprint.of(taxonomyAt: file.path) == digest)
        }
    }

    @Test func changingARuleFileChangesTheFingerprint() throws {
        let fixture = try StoreFixture()
        let before = try fixture.fingerprint()
        #expect(try fixture.fingerprint() == before)
        try fixture.setEnglishBullyingTerms("[bully*]")
        #expect(try fixture.fingerprint() != before)
    }
}
