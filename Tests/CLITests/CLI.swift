import Foundation

/// Runs the built `cop-threats` from the package root, as an analyst would, and captures
/// stdout, stderr and the exit status (after swift-argument-parser's TestHelpers).
enum CLI {
    /// The package root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/eval/dev.jsonl`, the real labelled data beside the checkout.
    static let dev = root.deletingLastPathComponent().appendingPathComponent("shared/eval/dev.jsonl").path
    static var hasDev: Bool { FileManager.default.fileExists(atPath: dev) }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable next to the test bundle in the build folder.
    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("cop-threats").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("cop-threats")
    }

    /// The tests' environment: compiled rules are cached in a folder of the tests' own (shared
    /// by the suite's runs, so the shipped taxonomy is compiled once per build), not the user's.
    static let environment = ProcessInfo.processInfo.environment.merging(
        ["COP_THREATS_CACHE": FileManager.default.temporaryDirectory.appendingPathComponent("cop-threats-tests-cache").path]) { $1 }

    /// Runs the tool in `folder` (default: the package root; elsewhere the shipped taxonomy is
    /// found through `COP_THREATS_TAXONOMY`), with `stdin` as its input or `stdinFile` opened
    /// as its standard input.
    static func run(_ arguments: [String], stdin: String? = nil, in folder: URL? = nil, stdinFile: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? root
        process.environment = folder == nil ? environment : environment.merging(
            ["COP_THREATS_TAXONOMY": root.appendingPathComponent("Taxonomy/taxonomy.yaml").path]) { $1 }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = try stdinFile.map { try FileHandle(forReadingFrom: $0) } ?? input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cop-threats-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
