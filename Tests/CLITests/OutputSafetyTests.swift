import Foundation
import Testing

/// Outputs never destroy inputs or each other (issue 14, data loss).
@Suite struct OutputSafetyTests {
    static let record = #"{"id":"a","text":"Someone keeps posting my address online.","lang":"en"}"# + "\n"

    /// Every way of naming an input as an output is refused before anything is written:
    /// exit 1, a message naming both, the input byte for byte as it was.
    @Test(arguments: [
        (["classify", "IN", "-o", "IN"], "-o IN is the same file as the input IN"),
        (["classify", "IN", "--rejects", "IN"], "--rejects IN is the same file as the input IN"),
        (["classify", "IN", "--summary", "IN"], "--summary IN is the same file as the input IN"),
        (["classify", "IN", "-o", "../FOLDER/IN"], "-o ../FOLDER/IN is the same file as the input IN"),
        (["classify", "IN", "-o", "HARD"], "-o HARD is the same file as the input IN"),
        (["classify", "IN", "-o", "X", "--summary", "X"], "-o X and --summary X are the same file"),
        (["classify", "IN", "-o", "X", "--rejects", "./X"], "-o X and --rejects ./X are the same file"),
        (["summarize", "IN", "-o", "IN"], "-o IN is the same file as the input IN"),
        (["merge", "IN", "-o", "HARD"], "-o HARD is the same file as the input IN"),
        (["import", "IN", "-o", "IN"], "-o IN is the same file as the input IN"),
        (["classify", "IN", "--summary", "missing/s.json"], "--summary missing/s.json: the folder missing does not exist"),
    ])
    func outputThatIsAnInputIsRefused(arguments: [String], message: String) throws {
        let folder = try CLI.temporaryFolder()
        let input = folder.appendingPathComponent("in.jsonl")
        try Data(Self.record.utf8).write(to: input)
        try FileManager.default.linkItem(at: input, to: folder.appendingPathComponent("hard.jsonl"))
        let substitutions = ["IN": "in.jsonl", "HARD": "hard.jsonl", "X": "x.jsonl", "FOLDER": folder.lastPathComponent]
        func substituted(_ text: String) -> String {
            substitutions.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        let result = try CLI.run(arguments.map(substituted), in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains(substituted(message)), "\(result.stderr)")
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.record)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.jsonl").path))
    }

    /// Standard input that is the output file (`classify - -o in.jsonl < in.jsonl`) is refused too.
    @Test func standardInputThatIsTheOutputIsRefused() throws {
        let folder = try CLI.temporaryFolder()
        let input = folder.appendingPathComponent("in.jsonl")
        try Data(Self.record.utf8).write(to: input)
        let result = try CLI.run(["classify", "-", "-o", "in.jsonl"], in: folder, stdinFile: input)
        #expect(result.status == 1)
        #expect(result.stderr.contains("-o in.jsonl is the same file as standard input"), "\(result.stderr)")
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.record)
    }
}

/// Outputs are written whole or not at all (issue 14: an interrupted run truncated the old output).
@Suite struct InterruptedRunTests {
    /// SIGINT or SIGTERM in the middle of a run: exit 130 or 143, one line saying nothing was
    /// written, the old output and summary untouched, no temporary file left behind.
    @Test(arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func interruptedRunLeavesOldOutputs(signal: Int32, status: Int32, name: String) throws {
        let folder = try CLI.temporaryFolder()
        let output = folder.appendingPathComponent("out.jsonl")
        let summary = folder.appendingPathComponent("summary.json")
        try Data("old output\n".utf8).write(to: output)
        try Data("old summary\n".utf8).write(to: summary)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["classify", "-", "-o", output.path, "--summary", summary.path]
        process.currentDirectoryURL = CLI.root
        process.environment = CLI.environment
        let input = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardError = err
        try process.run()
        // Half a batch: records sent, standard input left open, the run waiting for more.
        input.fileHandleForWriting.write(Data(String(repeating: OutputSafetyTests.record, count: 2000).utf8))
        let deadline = Date().addingTimeInterval(20)
        func temporaries() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        }
        while try temporaries().count < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try temporaries().count == 2)
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == status)
        #expect(stderr == "cop-threats classify: interrupted by \(name); nothing was written (output files already there are unchanged).\n")
        #expect(try String(contentsOf: output, encoding: .utf8) == "old output\n")
        #expect(try String(contentsOf: summary, encoding: .utf8) == "old summary\n")
        #expect(try temporaries() == [])
    }

    /// A finished run replaces the old files, keeping no temporary file.
    @Test func finishedRunReplacesOutputs() throws {
        let folder = try CLI.temporaryFolder()
        let output = folder.appendingPathComponent("out.jsonl")
        try Data("old output\n".utf8).write(to: output)
        let result = try CLI.run(["classify", "-", "--no-evidence", "-o", output.path], stdin: OutputSafetyTests.record)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: output, encoding: .utf8).hasPrefix(#"{"id":"a""#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.jsonl"])
    }
}
