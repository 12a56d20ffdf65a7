import Foundation
import ReportIO
import Testing

@testable import FeedImport

/// Paths of the committed fixtures and helpers to run a feed to its end.
enum Fixture {
    /// The path of `Fixtures/<name>`.
    static func path(_ name: String) throws -> String {
        let base = try #require(Bundle.module.resourceURL, "the test bundle has no resources")
        return base.appending(path: "Fixtures/\(name)").path
    }

    /// The repository root, for the shipped `Mappings/`.
    static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A new file in a fresh temporary directory, holding `bytes`.
    static func temporaryFile(_ name: String, _ bytes: some Sequence<UInt8>) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appending(path: "feeds-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appending(path: name)
        try Data(bytes).write(to: url)
        return url.path
    }
}

/// Everything a feed produced.
struct FeedResult: Equatable {
    var reports: [Report] = []
    var rejected: [RejectedRecord] = []
    var failure: FeedError?

    /// Reads the feed at `path` to its end.
    init(path: String, mapping: FeedMapping? = nil, limits: FeedLimits = .standard) {
        var reader = FeedReader(path: path, mapping: mapping, limits: limits)
        while let item = reader.next() {
            switch item {
            case .report(let report): reports.append(report)
            case .rejected(let record): rejected.append(record)
            }
        }
        failure = reader.failure
    }

    /// Every byte of output the import would write: the JSON lines, the messages and the rejects.
    var allOutput: String {
        let lines = reports.map { String(decoding: ReportJSONL.line(for: $0), as: UTF8.self) }
        let rejects = rejected.map { $0.message + String(decoding: $0.raw, as: UTF8.self) }
        return (lines + rejects).joined(separator: "\n")
    }
}
