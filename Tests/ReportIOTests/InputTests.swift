import Foundation
import Testing
import Pipeline
@testable import ReportIO

@Suite("Folders, gzip and the input opener")
struct InputTests {
    /// `{"id":"g1",...}` and `{"id":"g2",...}` compressed with gzip (mtime 0).
    static let memberOne: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 255, 171, 86, 202, 76, 81, 178, 82, 74, 55, 84, 210, 81, 42, 73, 173, 40, 1, 178, 211, 50, 139, 138, 75, 20, 138, 82, 11, 242, 139, 74, 148, 106, 185, 170, 161, 42, 140, 16, 42, 138, 83, 147, 243, 243, 82, 16, 74, 0, 32, 16, 50, 166, 69, 0, 0, 0]
    /// `{"id":"g3",...}` compressed with gzip: a second member.
    static let memberTwo: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 255, 171, 86, 202, 76, 81, 178, 82, 74, 55, 86, 210, 81, 42, 73, 173, 40, 1, 178, 75, 50, 50, 139, 82, 116, 20, 50, 243, 20, 18, 21, 138, 83, 147, 243, 243, 82, 20, 210, 171, 50, 11, 20, 114, 83, 115, 147, 82, 139, 148, 106, 185, 0, 6, 242, 255, 47, 52, 0, 0, 0]

    @Test("gzip is inflated while read, across concatenated members")
    func gzip() throws {
        let stream = try GzipStream(MemoryByteStream(Self.memberOne + Self.memberTwo, chunkSize: 9), inputChunkSize: 8)
        let reports = drain(JSONLReader(stream: stream, name: "in.jsonl.gz")).compactMap(\.report)
        #expect(reports.map(\.id) == ["g1", "g2", "g3"])
        #expect(reports[2].text == "third, in a second gzip member")
    }

    @Test("truncated gzip data is a located rejection after the records that could be read")
    func truncatedGzip() throws {
        let stream = try GzipStream(MemoryByteStream(Array(Self.memberOne.dropLast(12))))
        let items = drain(JSONLReader(stream: stream, name: "in.jsonl.gz"))
        #expect(items.last?.rejected?.reason.hasPrefix("the rest of the file could not be read: the gzip data") == true)
    }

    @Test("a folder: .txt files are reports named by relative path, batches inside are read, others passed over")
    func folder() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("first report", to: "\(root)/a.txt")
        try write("nested report", to: "\(root)/sub/b.txt")
        try write(" \n", to: "\(root)/sub/empty.txt")
        try write("{\"id\":\"j1\",\"text\":\"from jsonl\"}\n", to: "\(root)/sub/c.jsonl")
        try write("id,text\nc1,from csv\n", to: "\(root)/d.csv")
        try Data(Self.memberOne).write(to: URL(fileURLWithPath: "\(root)/e.jsonl.gz"))
        try write("notes", to: "\(root)/README.md")
        try write("hidden", to: "\(root)/.hidden.txt")
        let items = drain(InputOpener().open(root))
        #expect(items.compactMap(\.report?.id) == ["a.txt", "c1", "g1", "g2", "sub/b.txt", "j1"])
        #expect(items.compactMap(\.rejected?.message) == ["\(root)/sub/empty.txt:1: the text is empty"])
    }

    @Test("links to folders are not followed and a FIFO named x.txt is skipped: each file read once, with warnings, in under 5 s")
    func folderLinksAndSpecialFiles() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("first report", to: "\(root)/a.txt")
        try write("nested report", to: "\(root)/sub/b.txt")
        for (link, target) in [("l1", "."), ("l2", "."), ("sub/up", "..")] {
            try FileManager.default.createSymbolicLink(atPath: "\(root)/\(link)", withDestinationPath: target)
        }
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link.txt", withDestinationPath: "sub/b.txt")
        #expect(mkfifo("\(root)/x.txt", 0o644) == 0)
        let warnings = Warnings()
        nonisolated(unsafe) var items: [ReportSourceItem] = []
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let opener = InputOpener(warn: warnings.add)
        Thread.detachNewThread {
            items = drain(opener.open(root))
            done.signal()
        }
        try #require(done.wait(timeout: .now() + 5) == .success, "reading the folder did not finish in 5 s")
        // link.txt is sub/b.txt: read once, under the name met first.
        #expect(items.compactMap(\.report?.id) == ["a.txt", "link.txt"])
        #expect(items.compactMap(\.rejected).isEmpty)
        #expect(warnings.lines == [
            "\(root)/l1: warning: skipped: a link to a folder is not followed; give the folder itself to read it",
            "\(root)/l2: warning: skipped: a link to a folder is not followed; give the folder itself to read it",
            "\(root)/sub/b.txt: warning: skipped: this file was already read as \(root)/link.txt, so it is not read again",
            "\(root)/sub/up: warning: skipped: a link to a folder is not followed; give the folder itself to read it",
            "\(root)/x.txt: warning: skipped: not a regular file (a named pipe), so it is not read",
        ])
    }

    @Test("a file given twice (same path, another spelling, inside a folder also given) is read once, with a warning")
    func repeatedInputs() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("{\"id\":\"j1\",\"text\":\"one\"}\n", to: "\(root)/d/a.jsonl")
        try write("second", to: "\(root)/d/b.txt")
        let warnings = Warnings()
        let opener = InputOpener(warn: warnings.add)
        let items = drain(opener.open(["\(root)/d/a.jsonl", "\(root)/d/../d/a.jsonl", "\(root)/d"]))
        #expect(items.compactMap(\.report?.id) == ["j1", "b.txt"])
        #expect(warnings.lines == [
            "\(root)/d/../d/a.jsonl: warning: skipped: this file was already read as \(root)/d/a.jsonl, so it is not read again",
            "\(root)/d/a.jsonl: warning: skipped: this file was already read as \(root)/d/a.jsonl, so it is not read again",
        ])
    }

    @Test("missing inputs and unknown formats are rejected; the rest is read")
    func openerRejections() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("{\"text\":\"ok\"}", to: "\(root)/good.jsonl")
        try write("x", to: "\(root)/data.bin")
        let paths = ["\(root)/missing.jsonl", "\(root)/data.bin", "\(root)/good.jsonl"]
        let items = drain(InputOpener().open(paths))
        #expect(items.compactMap(\.report?.text) == ["ok"])
        let reasons = items.compactMap(\.rejected?.reason)
        #expect(reasons == [
            "cannot read this input: no such file or folder",
            "cannot tell the format of this file from its name; use --input-format jsonl|csv|text|xml",
        ])
    }

    @Test("XML inputs are read as partner feeds, overlapping ones once; a forced format overrides the name")
    func feedsAndForcedFormat() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
              <Incident purpose="reporting">
                <IncidentID name="hotline.example.org">I-1</IncidentID>
                <Description>They bully my son on a game chat.</Description>
              </Incident>
            </IODEF-Document>
            """
        try write(feed, to: "\(root)/a.xml")
        try write(feed, to: "\(root)/b.xml")
        try write("id,text\n7,csv in a .dat file\n", to: "\(root)/rows.dat")
        let items = drain(InputOpener().open(["\(root)/a.xml", "\(root)/b.xml"]))
        #expect(items.compactMap(\.report?.id) == ["I-1"])
        #expect(items.compactMap(\.rejected?.kind) == [.duplicate])
        var keeping = InputOpener()
        keeping.feeds = nil
        #expect(drain(keeping.open(["\(root)/a.xml", "\(root)/b.xml"])).compactMap(\.report?.id) == ["I-1", "I-1"])
        let forced = InputOpener(format: .csv)
        #expect(drain(forced.open("\(root)/rows.dat")).compactMap(\.report?.text) == ["csv in a .dat file"])
    }

    @Test(arguments: [
        ("a/b.jsonl", InputFormat.jsonl), ("x.ndjson", .jsonl), ("x.CSV", .csv), ("x.csv.gz", .csv),
        ("x.txt", .text), ("feed.xml.gz", .xml), ("noext", nil), ("dir.d/file", nil),
    ] as [(String, InputFormat?)])
    func formatDetection(path: String, format: InputFormat?) {
        #expect(InputFormat.detect(path: path) == format)
    }

    @Test("rejected records are written back as they were read, CSV rows under their header once")
    func rejectsFile() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let writer = RejectsWriter(sink: try OutputSink(path: "\(root)/rejects.csv"), path: "\(root)/rejects.csv")
        let location = RecordLocation(file: "in.csv", line: 2)
        try writer.write(RejectedRecord(location: location, reason: "r", raw: Array("1,a,b".utf8)), csvHeader: Array("id,text".utf8))
        try writer.write(RejectedRecord(location: location, reason: "r", raw: []), csvHeader: Array("id,text".utf8))
        try writer.write(RejectedRecord(location: location, reason: "r", raw: Array("2,\"x\ny\",z".utf8)), csvHeader: Array("id,text".utf8))
        try OutputSink.commit(writer.outputs)
        #expect(try String(contentsOfFile: "\(root)/rejects.csv", encoding: .utf8) == "id,text\n1,a,b\n2,\"x\ny\",z\n")
    }
}

@Suite("Output files")
struct OutputSinkTests {
    @Test("a file is written aside and put in place by commit; released uncommitted, it leaves the old file and no trace")
    func commitOrNothing() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("old\n", to: "\(root)/out.txt")
        var sink: OutputSink? = try OutputSink(path: "\(root)/out.txt")
        try sink?.write("new\n")
        try sink?.flush()
        #expect(try String(contentsOfFile: "\(root)/out.txt", encoding: .utf8) == "old\n")
        sink = nil
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["out.txt"])
        #expect(try String(contentsOfFile: "\(root)/out.txt", encoding: .utf8) == "old\n")
        let committed = try OutputSink(path: "\(root)/out.txt")
        try committed.write("new\n")
        try OutputSink.commit([committed])
        #expect(try String(contentsOfFile: "\(root)/out.txt", encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["out.txt"])
    }

    @Test("an output that is a link replaces the file it leads to; the link stays")
    func linkedOutput() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try write("old\n", to: "\(root)/real/out.txt")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/link.txt", withDestinationPath: "real/out.txt")
        let sink = try OutputSink(path: "\(root)/link.txt")
        try sink.write("new\n")
        try OutputSink.commit([sink])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/link.txt") == "real/out.txt")
        #expect(try String(contentsOfFile: "\(root)/real/out.txt", encoding: .utf8) == "new\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/real") == ["out.txt"])
    }
}
