import Foundation
import Testing
import Pipeline
import ReportIO

@Suite("Metadata for reports that carry none (--set)")
struct MetadataDefaultsTests {
    @Test("a folder's notes get the defaults; a JSONL record's own values win")
    func defaultsFillOnlyWhatIsMissing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "A stranger asks my daughter for photos".write(to: folder.appendingPathComponent("note.txt"), atomically: true, encoding: .utf8)
        let jsonl = folder.appendingPathComponent("cases.jsonl")
        try #"{"id":"c1","text":"x","country":"BE","lang":"fr"}"#.write(to: jsonl, atomically: true, encoding: .utf8)
        var opener = InputOpener()
        for assignment in ["country=fr", "partner=Ligne FR", "date=2025-03-02", "lang=EN-gb"] { try opener.defaults.set(assignment) }
        var source = opener.open([folder.path])
        var reports: [Report] = []
        while let item = source.next() { if case .report(let report) = item { reports.append(report) } }
        let note = try #require(reports.first { $0.id.hasSuffix("note.txt") })
        #expect(note.country == "FR" && note.partner == "Ligne FR" && note.date == "2025-03-02" && note.lang == "en")
        let record = try #require(reports.first { $0.id == "c1" })
        #expect(record.country == "BE" && record.lang == "fr" && record.partner == "Ligne FR")
    }

    @Test("a wrong assignment says what is wrong", arguments: [
        ("country", "is not field=value"), ("country=", "gives 'country' no value"), ("region=X", "'region' is not a field --set can fill"),
    ])
    func wrongAssignments(assignment: String, message: String) {
        var defaults = MetadataDefaults()
        #expect { try defaults.set(assignment) } throws: { ($0 as? MetadataDefaultError)?.description.contains(message) == true }
    }
}
