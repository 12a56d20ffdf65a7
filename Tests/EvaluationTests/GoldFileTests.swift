import Foundation
import Testing
import Evaluation

/// Gold files: each line a text and its labels; a line that is not one is located and kept
/// out of the scores, never dropped silently.
@Suite struct GoldFileTests {
    @Test func readsTextLabelsAndTheFieldsAskedForAndLocatesBadLines() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gold-\(UUID().uuidString).jsonl")
        try [
            #"{"id": "g1", "text": "they bully him", "labels": ["cyberbullying"], "lang": "en", "source": "forum", "country": "FR", "year": 2025}"#,
            #"{"id": 7, "text": "a caf\u00e9 \"menu\"", "labels": []}"#,
            "",
            #"{"id": "g3", "text": "no labels here"}"#,
            #"{"id": "g4", "text": "", "labels": []}"#,
            #"{"id": "g5", "text": "x", "labels": "scam"}"#,
            #"{"id": "g6", "text": "unclosed"#,
            #"{"id": "g7", "text": "x", "labels": ["scam", 3]}"#,
        ].joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let (records, rejected) = try GoldFile.read(file.path, fields: ["source", "country", "year"])
        #expect(records.map(\.id) == ["g1", "7"])
        #expect(records[0].labels == ["cyberbullying"] && records[0].lang == "en")
        #expect(records[0].fields == ["id": "g1", "lang": "en", "source": "forum", "country": "FR", "year": "2025"])
        #expect(records[1].text == "a café \"menu\"" && records[1].labels.isEmpty && records[1].lang == nil)
        #expect(rejected.map(\.location.line) == [4, 5, 6, 7, 8])
        #expect(rejected.map(\.reason) == [
            "the labels field is missing or not a list of category words",
            "the text field is missing or empty",
            "the labels field is missing or not a list of category words",
            "the line is not valid JSON (the string starting at column 22 is not closed)",
            "the 'labels' field must be an array of strings",
        ])
    }
}
