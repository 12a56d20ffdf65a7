import Testing
@testable import ReportIO

@Suite("JSONL reader")
struct JSONLReaderTests {
    func read(_ text: String, chunkSize: Int = 5, fields: FieldMapping = FieldMapping()) -> [ReportSourceItem] {
        drain(JSONLReader(stream: MemoryByteStream(text, chunkSize: chunkSize), name: "in.jsonl", fields: fields))
    }

    @Test("escapes, including surrogate pairs, are decoded")
    func escapes() throws {
        let line = #"{"id":"a\"b","text":"line\none\ttab \u00e9 \ud83d\ude00 \\ \/ end"}"#
        let report = try #require(read(line).first?.report)
        #expect(report.id == "a\"b")
        #expect(report.text == "line\none\ttab é 😀 \\ / end")
    }

    @Test("a language tag is reduced to its primary subtag, lower-cased", arguments: [
        ("EN", "en"), ("en-GB", "en"), ("pt_BR", "pt"), (" fr ", "fr"), ("zh-Hant-TW", "zh"), ("-", nil),
    ] as [(String, String?)])
    func languageTags(tag: String, expected: String?) throws {
        let report = try #require(read(#"{"id":"a","text":"x","lang":"\#(tag)"}"#).first?.report)
        #expect(report.lang == expected)
    }

    @Test("metadata that repeats from line to line is read as written each time, escapes included")
    func repeatedMetadata() throws {
        let partners = [#"Association pour l\u2019enfance en ligne"#, "Association pour l’enfance en ligne", "Another helpline, same length"]
        let lines = (0..<9).map { #"{"id":"r\#($0)","text":"t","partner":"\#(partners[$0 % 3])","country":"FR","date":null}"# }
        let reports = read(lines.joined(separator: "\n"), chunkSize: 7).compactMap(\.report)
        #expect(reports.map(\.partner) == (0..<9).map { $0 % 3 == 2 ? "Another helpline, same length" : "Association pour l\u{2019}enfance en ligne" })
        #expect(reports.allSatisfy { $0.country == "FR" && $0.date == nil })
    }

    @Test("a value kept once is decoded once; short ones and others are decoded each time")
    func repeatedStringsDecodeOnce() throws {
        var repeated = RepeatedStrings()
        var decodes = 0
        func read(_ raw: String) -> String {
            Array(raw.utf8).withUnsafeBufferPointer { bytes in
                repeated.string(bytes) { (bytes: UnsafeBufferPointer<UInt8>) -> String in
                    decodes += 1
                    return String(decoding: bytes, as: UTF8.self)
                }
            }
        }
        #expect(read("\"a long partner name\"") == "\"a long partner name\"" && decodes == 1)
        #expect(read("\"a long partner name\"") == "\"a long partner name\"" && decodes == 1)
        #expect(read("\"another long name!\"") == "\"another long name!\"" && decodes == 2)
        #expect(read("\"FR\"") == "\"FR\"" && read("\"FR\"") == "\"FR\"" && decodes == 4)
    }

    @Test("a numeric id is kept as written")
    func numericID() throws {
        let report = try #require(read(#"{"id": 12345, "text": "x"}"#).first?.report)
        #expect(report.id == "12345")
    }

    @Test("nested values under other keys are skipped, metadata and carried fields are read")
    func nestedAndMetadata() throws {
        let line = #"{"meta":{"a":[1,{"b":"}\"]"}],"id":"no"},"id":"r1","lang":"fr","country":"FR","partner":"p","date":"2024-03-01","partner_codes":["c1","c2"],"labels":["x",{"y":null}],"text":"bonjour","score":-1.5e3,"ok":true}"#
        let fields = FieldMapping(carry: ["labels", "score"])
        let report = try #require(read(line, fields: fields).first?.report)
        #expect(report.id == "r1")
        #expect(report.text == "bonjour")
        #expect(report.lang == "fr" && report.country == "FR" && report.partner == "p" && report.date == "2024-03-01")
        #expect(report.partnerCodes == ["c1", "c2"])
        #expect(report.extra == ["labels": #"["x",{"y":null}]"#, "score": "-1.5e3"])
        #expect(report.origin == RecordLocation(file: "in.jsonl", line: 1))
    }

    @Test("field names come from the mapping; null metadata is absent; blank lines are not records")
    func mappedFields() throws {
        let fields = FieldMapping(id: "uid", text: "body", lang: "language")
        let items = read("\n{\"uid\":\"u\",\"body\":\"hi\",\"language\":null}\r\n   \n", fields: fields)
        #expect(items.count == 1)
        let report = try #require(items.first?.report)
        #expect(report.id == "u" && report.text == "hi" && report.lang == nil)
        #expect(report.origin.line == 2)
    }

    @Test("a record without an id is named after its location")
    func missingID() throws {
        let report = try #require(read("{\"text\":\"a\"}\n{\"text\":\"b\"}").last?.report)
        #expect(report.id == "in.jsonl:2")
    }

    @Test(arguments: [
        (#"{"id":"1","text":"a",}"#, "the line is not valid JSON (unexpected '}' at column 22, expected a key in double quotes)"),
        (#"{"id":"1" "text":"a"}"#, "the line is not valid JSON (unexpected '\"' at column 11, expected ',' or '}')"),
        (#"{"id":"1","text":"a"} x"#, "the line is not valid JSON (unexpected 'x' at column 23, expected the end of the line after the object)"),
        (#"{"id":"1","text":"abc"#, "the line is not valid JSON (the string starting at column 18 is not closed)"),
        (#"["not","an","object"]"#, "the line is not valid JSON (unexpected '[' at column 1, expected a JSON object starting with '{')"),
        (#"{"id":"1","text":"\ud800 lone"}"#, "the line is not valid JSON (a \\u escape is half of a surrogate pair without the other half at column 19)"),
        (#"{"id":"1"}"#, "the record has no 'text' field"),
        (#"{"id":"1","text":"  "}"#, "the text field is empty"),
        (#"{"id":"1","text":{"a":1}}"#, "the 'text' field must be a string, not an object"),
    ])
    func rejects(line: String, reason: String) throws {
        let rejected = try #require(read(line).first?.rejected)
        #expect(rejected.reason == reason)
        #expect(rejected.message == "in.jsonl:1: \(reason)")
        #expect(rejected.raw == Array(line.utf8))
    }

    @Test("invalid UTF-8 in a field is rejected, and the next line is still read")
    func invalidUTF8() throws {
        var bytes = Array(#"{"id":"1","text":"bad "#.utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8)
        bytes += Array(#"{"id":"2","text":"good"}"#.utf8)
        let items = drain(JSONLReader(stream: MemoryByteStream(bytes, chunkSize: 3), name: "in.jsonl"))
        #expect(items.count == 2)
        #expect(items[0].rejected?.message == "in.jsonl:1: the 'text' field is not valid UTF-8 (a file saved as Windows-1252 or Latin-1 reads with --encoding windows-1252)")
        #expect(items[1].report?.id == "2")
    }

    @Test("many records across chunk edges come out in order with their line numbers")
    func chunkEdges() {
        let text = (1...500).map { #"{"id":"\#($0)","text":"report number \#($0) \u00e9"}"# }.joined(separator: "\n")
        let items = read(text, chunkSize: 7)
        #expect(items.compactMap(\.report?.id) == (1...500).map(String.init))
        #expect(items.compactMap(\.report?.origin.line) == Array(1...500))
    }

    @Test("a line longer than the limit is rejected without reading it whole")
    func oversizedLine() throws {
        let long = #"{"id":"1","text":""# + String(repeating: "x", count: 300) + "\"}\n" + #"{"id":"2","text":"ok"}"#
        var buffer = RecordBuffer(stream: MemoryByteStream(long, chunkSize: 16), chunkSize: 64, maxRecordLength: 128)
        var records: [(Int, Bool)] = []
        while let record = try buffer.next(boundary: lineBoundary, { ($0.count, $1) }) { records.append(record) }
        #expect(records.count == 2)
        #expect(records[0] == (128, true))
        #expect(records[1] == (22, false))
    }

    @Test("a line over --max-record-bytes is one rejected record, kept cut with a note; the next lines are read")
    func recordSizeCap() throws {
        let text = #"{"id":"1","text":""# + String(repeating: "x", count: 3000) + "\"}\n" + #"{"id":"2","text":"ok"}"# + "\n"
        let items = drain(JSONLReader(stream: MemoryByteStream(text, chunkSize: 100), name: "in.jsonl", maxRecordBytes: 1024))
        #expect(items.compactMap(\.report?.id) == ["2"])
        #expect(items.compactMap(\.report?.origin.line) == [2])
        let rejected = try #require(items.first?.rejected)
        #expect(rejected.message == "in.jsonl:1: the line is longer than 1 KB (--max-record-bytes), so it is not read; --rejects keeps its first 1 KB")
        #expect(String(decoding: rejected.raw, as: UTF8.self) == String(text.prefix(1024))
            + " [cut by cop-threats: the record is longer than 1 KB; only its first 1 KB are kept here]")
    }
}
