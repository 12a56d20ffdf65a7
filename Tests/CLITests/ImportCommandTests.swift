import Foundation
import Testing

@Suite struct ImportCommandTests {
    static let sample = CLI.root.deletingLastPathComponent().appendingPathComponent("shared/references/samples/iodef-v1-marknl-tests.xml").path

    /// The public IODEF v1 sample imports as written: one incident, its id, texts and the partner's code.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sample), "needs ../shared/references/samples"))
    func publicIODEFSampleImportsAsWritten() throws {
        let result = try CLI.run(["import", Self.sample])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(report["id"] as? String == "908711")
        #expect(report["partner"] as? String == "csirt.example.com")
        let text = try #require(report["text"] as? String)
        #expect(text.contains("Large bot-net") && text.contains("acting as bots"))
        #expect((report["partner_codes"] as? [String])?.contains("dos") == true)
    }

    /// Feeds go straight into classification, and an overlapping feed does not double count.
    @Test func classifyReadsFeedsAndSkipsDuplicates() throws {
        let feed = CLI.root.appendingPathComponent("Mappings/examples/rss-helpline.xml").path
        let once = try CLI.run(["import", feed, "--mapping", "Mappings/rss-helpline.yaml"])
        #expect(once.status == 0, "\(once.stderr)")
        let count = once.stdout.split(separator: "\n").count
        #expect(count > 0)
        let twice = try CLI.run(["import", feed, feed, "--mapping", "Mappings/rss-helpline.yaml"])
        #expect(twice.stdout.split(separator: "\n").count == count)
        #expect(twice.stderr.lowercased().contains("duplicate"))
    }
}

extension ImportCommandTests {
    /// Incidents skipped as duplicates make `import` exit 2, as `classify` does.
    @Test func importExitsTwoWhenItSkippedDuplicates() throws {
        let feed = "Tests/FeedImportTests/Fixtures/iodef2-multilingual.xml"
        let copy = try CLI.temporaryFolder().appendingPathComponent("copy.xml").path
        try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent(feed).path, toPath: copy)
        let once = try CLI.run(["import", feed])
        #expect(once.status == 0, "\(once.stderr)")
        let twice = try CLI.run(["import", feed, copy])
        #expect(twice.status == 2)
        #expect(twice.stdout == once.stdout)
        #expect(twice.stderr.contains("duplicate(s) skipped, 0 failed"), "\(twice.stderr)")
    }

    /// `classify` reads feeds directly; two feeds with the same incidents count them once.
    @Test func classifyCountsOverlappingFeedsOnce() throws {
        let feed = "Tests/FeedImportTests/Fixtures/iodef2-multilingual.xml"
        let once = try CLI.run(["classify", feed, "--no-evidence"])
        #expect(once.status == 0, "\(once.stderr)")
        let count = once.stdout.split(separator: "\n").count
        #expect(count > 1)
        let copy = try CLI.temporaryFolder().appendingPathComponent("copy.xml").path
        try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent(feed).path, toPath: copy)
        let twice = try CLI.run(["classify", feed, copy, "--no-evidence"])
        #expect(twice.status == 2)
        #expect(twice.stdout.split(separator: "\n").count == count)
        #expect(twice.stderr.contains("duplicate of incident"))
        let kept = try CLI.run(["classify", feed, copy, "--no-evidence", "--keep-duplicates"])
        #expect(kept.status == 0)
        #expect(kept.stdout.split(separator: "\n").count == 2 * count)
    }
}

extension ImportCommandTests {
    /// A truncated feed is called truncated, at the same place, whether it is a file or comes
    /// through a pipe (where the lines are counted as they are read, not looked up afterwards).
    @Test func aTruncatedFeedIsReportedTheSameFromAFileAndFromAPipe() throws {
        let feed = "Tests/FeedImportTests/Fixtures/hostile/truncated.xml"
        let fromFile = try CLI.run(["import", feed])
        let text = try String(contentsOf: CLI.root.appendingPathComponent(feed), encoding: .utf8)
        let fromPipe = try CLI.run(["import", "-"], stdin: text)
        #expect(fromFile.status == 2 && fromPipe.status == 2)
        #expect(fromFile.stdout == fromPipe.stdout)
        #expect(fromFile.stdout.split(separator: "\n").count == 2)
        let error = { (stderr: String) in stderr.split(separator: "\n").first { $0.contains("truncated") }.map { $0.split(separator: ":", maxSplits: 1)[1] } }
        #expect(error(fromFile.stderr)?.contains("still open") == true, "\(fromFile.stderr)")
        #expect(error(fromFile.stderr) == error(fromPipe.stderr), "\(fromFile.stderr)\n\(fromPipe.stderr)")
    }
}
