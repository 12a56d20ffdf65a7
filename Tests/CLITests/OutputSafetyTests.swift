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
