import Foundation
import Testing

/// Diagnostics never kill a batch (issue 14: a stderr that could not be written crashed the run).
@Suite struct StderrFailureTests {
    /// A batch with a bad line, its messages going nowhere: the exit status and the output are
    /// those of a run whose stderr works.
    @Test(arguments: ["2>/dev/full", "2>&-", "2>&1 | head -c 0"])
    func unwritableStderrDoesNotStopTheBatch(redirection: String) throws {
        let folder = try CLI.temporaryFolder()
        let input = folder.appendingPathComponent("in.jsonl")
        try Data((OutputSafetyTests.record + "broken\n" + OutputSafetyTests.record.replacingOccurrences(of: "\"a\"", with: "\"b\"")).utf8).write(to: input)
        let output = folder.appendingPathComponent("out.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // The status of a pipe is the tool's, not head's.
        process.arguments = ["-c", "'\(CLI.executable.path)' classify '\(input.path)' --no-evidence -o '\(output.path)' \(redirection); exit ${PIPESTATUS[0]}"]
        process.currentDirectoryURL = CLI.root
        process.environment = CLI.environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix(#"{"id":"a""#) == true && lines.last?.hasPrefix(#"{"id":"b""#) == true)
    }
}

/// A result that cannot be written is an error (issue 14: `taxonomy show >/dev/full` exited 0).
@Suite struct StdoutFailureTests {
    @Test(arguments: [["taxonomy", "show"], ["taxonomy", "terms", "--lang", "en"], ["explain", "He asked for photos", "--lang", "en"]])
    func unwritableStdoutExitsOne(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "'\(CLI.executable.path)' " + arguments.map { "'\($0)'" }.joined(separator: " ") + " >/dev/full"]
        process.currentDirectoryURL = CLI.root
        process.environment = CLI.environment
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("cannot write the output: no space left on device"), "\(stderr)")
    }
}

/// Nothing from the input drives the terminal (issue 14: escape sequences reached it raw).
@Suite struct TerminalEscapeTests {
    /// A file name and a breakdown value holding ESC and BEL: the message and the table show
    /// them as `\x1B` and `\x07`, and stderr holds no control character but newlines.
    @Test func controlCharactersAreEscapedOnStderr() throws {
        let folder = try CLI.temporaryFolder()
        let name = "bad\u{1B}[2J.jsonl"
        try Data(#"{"id":"a","text":""}"#.utf8).write(to: folder.appendingPathComponent(name))
        let good = folder.appendingPathComponent("good.jsonl")
        try Data(#"{"id":"b","text":"hello","partner":"\u001b]0;pwned\u0007"}"#.utf8).write(to: good)
        let result = try CLI.run(["classify", name, "good.jsonl", "--by", "partner", "--summary-table", "-o", "/dev/null"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad\\x1B[2J.jsonl:1: the text field is empty"), "\(result.stderr)")
        #expect(result.stderr.contains("\\x1B]0;pwned\\x07"))
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func controlCharactersInAnOptionValueAreEscaped() throws {
        let result = try CLI.run(["classify", "-", "--by", "x\u{1B}[2J"], stdin: "")
        #expect(result.status == 64)
        #expect(result.stderr.contains("--by 'x\\x1B[2J' is not a report field"), "\(result.stderr)")
    }
}
