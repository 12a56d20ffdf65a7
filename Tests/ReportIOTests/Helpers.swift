import Foundation
@testable import ReportIO

/// Reads every item of a source.
func drain(_ source: any ReportSource) -> [ReportSourceItem] {
    var source = source
    var items: [ReportSourceItem] = []
    while let item = source.next() { items.append(item) }
    return items
}

extension ReportSourceItem {
    var report: Report? { if case .report(let r) = self { r } else { nil } }
    var rejected: RejectedRecord? { if case .rejected(let r) = self { r } else { nil } }
}

/// A fresh empty folder under the system's temporary folder.
func makeTemporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "reportio-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Collects the warnings an opener gives.
final class Warnings: @unchecked Sendable {
    private(set) var lines: [String] = []
    func add(_ line: String) { lines.append(line) }
}
