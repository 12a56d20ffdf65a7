import Foundation
import ReportStore
import Testing

/// `store ingest` and `store reclassify` end to end, run as an analyst runs them.
@Suite struct StoreCommandTests {
    /// A batch of `count` JSON lines, every tenth with a bullying word, spread over three months.
    func writeBatch(_ count: Int, to url: URL) throws {
        var text = ""
        for i in 0..<count {
            let words = i % 10 == 0 ? "they bully him at school" : "a message about homework number \(i)"
            text += #"{"id": "r\#(i)", "partner": "p.example", "lang": "en", "country": "FR", "date": "2026-0\#(1 + i % 3)-15", "text": "\#(words)"}"# + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func anIngestKilledHalfWayThenRunAgainGivesTheStoreOfOneCleanRun() throws {
        let fixture = try StoreFixture()
        let folder = try temporaryFolder("crash")
        let batch = folder.appendingPathComponent("batch.jsonl")
        let total = 12_000
        try writeBatch(total, to: batch)
        let crashed = folder.appendingPathComponent("crashed.sqlite").path
        let clean = folder.appendingPathComponent("clean.sqlite").path
        let arguments = ["store", "ingest", batch.path, "--taxonomy", fixture.taxonomyURL.path, "--batch", "50", "--workers", "1"]

        // Kill the ingest with SIGKILL as soon as its first transactions are committed.
        let process = Process()
        process.executableURL = Tool.executable
        process.arguments = arguments + ["--db", crashed]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["COP_THREATS_CACHE": FileManager.default.temporaryDirectory.appendingPathComponent("cop-threats-tests-cache").path]) { $1 }
        process.standardError = FileHandle.nullDevice
        try process.run()
        var committed = 0
        while process.isRunning && committed == 0 {
            usleep(2_000)
            if FileManager.default.fileExists(atPath: crashed) {
                committed = (try? ReportStore(path: crashed).counts().reports) ?? 0
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the ingest finished before it could be killed")
        let afterCrash = try ReportStore(path: crashed).counts().reports
        #expect(afterCrash > 0 && afterCrash < total && afterCrash % 50 == 0, "\(afterCrash) reports after the crash")

        let rerun = try Tool.run(arguments + ["--db", crashed])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("\(total - afterCrash) added"), "\(rerun.stderr)")
        #expect(rerun.stderr.contains("\(afterCrash) unchanged"), "\(rerun.stderr)")
        let once = try Tool.run(arguments + ["--db", clean])
        #expect(once.status == 0, "\(once.stderr)")
        #expect(try ReportStore(path: crashed).allReports() == ReportStore(path: clean).allReports())
    }

    @Test func reIngestReportsNoChangeAndRejectsAreCountedLikeClassify() throws {
        let fixture = try StoreFixture()
        let folder = try temporaryFolder("ingest")
        let batch = folder.appendingPathComponent("batch.jsonl")
        try (#"{"id": "a", "text": "they bully her", "partner": "p"}"# + "\n" + #"{"id": "b", "text": ""}"# + "\n")
            .write(to: batch, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("store.sqlite").path
        let arguments = ["store", "ingest", batch.path, "--db", db, "--taxonomy", fixture.taxonomyURL.path]
        let first = try Tool.run(arguments)
        #expect(first.status == 2)
        #expect(first.stderr.contains("batch.jsonl:2:"), "\(first.stderr)")
        #expect(first.stderr.contains("2 records in: 1 added, 0 replaced, 0 relabelled, 0 unchanged, 1 rejected; the store holds 1 reports"), "\(first.stderr)")
        let second = try Tool.run(arguments)
        #expect(second.stderr.contains("0 added, 0 replaced, 0 relabelled, 1 unchanged, 1 rejected"), "\(second.stderr)")
    }

    /// `store ingest` reads what `classify` reads, with the same options, and counts an input it
    /// cannot read as an input, not as a record.
    @Test func ingestReadsInputsWithTheirOwnFieldsAndCountsUnreadableInputsApart() throws {
        let fixture = try StoreFixture()
        let folder = try temporaryFolder("ingest-inputs")
        let csv = folder.appendingPathComponent("cases.csv")
        try "CaseRef;Narrative\nK-1;they bully her\nK-2;a prize for you\n".write(to: csv, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("store.sqlite").path
        let result = try Tool.run([
            "store", "ingest", csv.path + ":id=CaseRef,text=Narrative", folder.appendingPathComponent("missing.jsonl").path,
            "--set", "partner=helpline", "--db", db, "--taxonomy", fixture.taxonomyURL.path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("missing.jsonl:0: cannot read this input"), "\(result.stderr)")
        #expect(result.stderr.contains("2 records in: 2 added, 0 replaced, 0 relabelled, 0 unchanged, 0 rejected; 1 input could not be read; the store holds 2 reports"), "\(result.stderr)")
        let stored = try ReportStore(path: db).allReports()
        #expect(stored.map(\.key.description) == ["helpline/K-1", "helpline/K-2"])
        #expect(stored.map { $0.labels.map(\.node) } == [["bullying"], ["scam"]])
    }

    @Test func reclassifyShowsWhatMovedAndNamesReportsWithoutText() throws {
        let fixture = try StoreFixture(englishTerms: "[bully*]")
        let folder = try temporaryFolder("reclassify")
        let kept = folder.appendingPathComponent("kept.jsonl"), bare = folder.appendingPathComponent("bare.jsonl")
        try [#"{"id": "1", "partner": "p", "text": "they bully him"}"#, #"{"id": "2", "partner": "p", "text": "they harass him"}"#,
             #"{"id": "3", "partner": "p", "text": "they harass her"}"#]
            .joined(separator: "\n").write(to: kept, atomically: true, encoding: .utf8)
        try #"{"id": "4", "partner": "p", "text": "they harass them"}"#.write(to: bare, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("store.sqlite").path
        let taxonomy = ["--db", db, "--taxonomy", fixture.taxonomyURL.path]
        #expect(try Tool.run(["store", "ingest", kept.path, "--keep-text"] + taxonomy).status == 0)
        #expect(try Tool.run(["store", "ingest", bare.path] + taxonomy).status == 0)

        try fixture.setEnglishBullyingTerms("[bully*, harass*]")
        let result = try Tool.run(["store", "reclassify"] + taxonomy)
        #expect(result.status == 2)
        #expect(result.stdout.contains("3 reports: 2 labelled differently by the new rules."), "\(result.stdout)")
        let bullying = result.stdout.split(separator: "\n").first { $0.hasPrefix("bullying") }.map { $0.split(separator: " ").map(String.init) }
        #expect(bullying == ["bullying", "1", "3", "+2"])
        #expect(result.stderr.contains("1 stored report(s) have no text"), "\(result.stderr)")
        let stored = try ReportStore(path: db).allReports()
        #expect(stored.map { $0.labels.map(\.node) } == [["bullying"], ["bullying"], ["bullying"], []])
        #expect(stored.prefix(3).allSatisfy { $0.rulesHash == (try? fixture.fingerprint()) })
        // Run again: nothing moves any more.
        #expect(try Tool.run(["store", "reclassify"] + taxonomy).stdout.contains("3 reports: 0 labelled differently"))
    }

    @Test func aMissingStoreIsExplained() throws {
        let result = try Tool.run(["store", "reclassify", "--db", "/nonexistent/store.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("There is no store at /nonexistent/store.sqlite: create it with `cop-threats store ingest"))
    }
}

/// Runs the built `cop-threats` from the package root and captures its output.
enum Tool {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("cop-threats").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("cop-threats")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Result {
        let folder = try temporaryFolder("tool-output")
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        for file in [out, err] {
            precondition(FileManager.default.createFile(atPath: file.path, contents: nil), "cannot write \(file.path)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["COP_THREATS_CACHE": FileManager.default.temporaryDirectory.appendingPathComponent("cop-threats-tests-cache").path]) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
