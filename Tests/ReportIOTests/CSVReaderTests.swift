import Testing
@testable import ReportIO

@Suite("CSV reader")
struct CSVReaderTests {
    func read(_ text: String) -> (items: [ReportSourceItem], header: [UInt8]?) {
        var reader = CSVReader(stream: MemoryByteStream(text, chunkSize: 4), name: "in.csv", fields: FieldMapping(carry: ["source"]))
        var items: [ReportSourceItem] = []
        while let item = reader.next() { items.append(item) }
        return (items, reader.header)
    }

    @Test("quoted fields with commas, doubled quotes and line breaks; CRLF rows; line numbers")
    func quoting() throws {
        let csv = "id,text,lang,partner_codes,source\r\n"
            + "1,\"Hello, world\",en,a;b,web\r\n"
            + "2,\"She said \"\"stop\"\"\nand left\",fr,,app\r\n"
            + "3,plain,,c,\r\n"
        let (items, header) = read(csv)
        let reports = items.compactMap(\.report)
        #expect(reports.map(\.id) == ["1", "2", "3"])
        #expect(reports[0].text == "Hello, world")
        #expect(reports[0].partnerCodes == ["a", "b"])
        #expect(reports[1].text == "She said \"stop\"\nand left")
        #expect(reports[1].extra["source"] == "\"app\"")
        #expect(reports[2].lang == nil)
        #expect(reports.map(\.origin.line) == [2, 3, 5])
        #expect(header == Array("id,text,lang,partner_codes,source\r".utf8))
    }

    @Test("rows with the wrong number of fields, empty text or an unclosed quote are rejected where they start")
    func rejects() throws {
        let csv = "id,text\n1,ok\n2,too,many\n3,\n4,\"fine\nacross lines\"\n5,\"not closed\n"
        let items = read(csv).items
        #expect(items.compactMap(\.report?.id) == ["1", "4"])
        let messages = items.compactMap(\.rejected?.message)
        #expect(messages == [
            "in.csv:3: the row has 3 fields, the header has 2",
            "in.csv:4: the text field is empty",
            "in.csv:7: the quoted field 2 is not closed (a '\"' is missing)",
        ])
        #expect(items[1].rejected?.raw == Array("2,too,many".utf8))
    }

    @Test("a header without the text column rejects the file once, naming the columns")
    func missingTextColumn() throws {
        let items = read("id,body\n1,x\n2,y\n").items
        #expect(items.count == 1)
        #expect(items[0].rejected?.message == "in.csv:1: the header has no 'text' column (it has: id, body); name the text column with --text-field")
    }

    @Test("a row over the cap that the buffer holds whole (line breaks in quotes) is rejected; line numbers stay right")
    func quotedRowOverTheCap() throws {
        let text = "id,text\nb,\"" + String(repeating: "long\n", count: 100) + "\"\nc,after\n"
        let items = drain(CSVReader(stream: MemoryByteStream(text, chunkSize: 1 << 16), name: "in.csv", maxRecordBytes: 100, maxFieldLines: 10_000))
        #expect(items.compactMap(\.rejected?.location.line) == [2])
        #expect(items.compactMap(\.report?.id) == ["c"])
        #expect(items.compactMap(\.report?.origin.line) == [103])
    }

    /// An unclosed quote makes one row of the rest of the file: cut at the cap, it is one
    /// rejected record, and reading goes on after it, each row either read or inside the
    /// rejected one, never both (the rows inside it were read again, and counted twice).
    @Test("a row over --max-record-bytes (an unclosed quote) is one rejected record; rows after it are read once")
    func unclosedQuoteOverTheCap() throws {
        let rows = (0..<200).map { "r\($0),row \($0)" }
        let text = "id,text\na,first\nb,\"unclosed\n" + rows.joined(separator: "\n") + "\n"
        let items = drain(CSVReader(stream: MemoryByteStream(text, chunkSize: 64), name: "in.csv", maxRecordBytes: 1024, maxFieldLines: 10_000))
        let rejected = items.compactMap(\.rejected)
        #expect(rejected.count == 1)
        let resumeLine = try #require(items.compactMap(\.report).dropFirst().first?.origin.line)
        #expect(rejected.first?.message == "in.csv:3: the row (an unclosed quote?) is longer than 1 KB (--max-record-bytes), so it is not read; --rejects keeps its first 1 KB; reading goes on at line \(resumeLine)")
        let ids = items.compactMap(\.report?.id)
        let inRejected = String(decoding: rejected.first?.raw ?? [], as: UTF8.self)
        // Every row after the cut is read, with its own line number; none is also inside the rejected record.
        #expect(ids.first == "a" && ids.count > 100)
        for report in items.compactMap(\.report).dropFirst() {
            #expect(!inRejected.contains("\n\(report.id),"))
            #expect(report.origin.line == Int(report.id.dropFirst())! + 4)
        }
        #expect(inRejected.hasSuffix(" [cut by cop-threats: the record is longer than 1 KB; only its first 1 KB are kept here]"))
    }

    /// The red team's case: one stray quote in a 5,001-row export made 4,999 reports vanish
    /// into one rejected "record". Spreadsheets and Python's csv read a quote inside an unquoted
    /// field as a character.
    @Test("a quote inside an unquoted field is a character: 5,001 rows in, 5,001 reports")
    func strayQuote() throws {
        let rows = (2...5_001).map { "q\($0),report number \($0),en" }
        let text = "id,text,lang\nq1,my son got a 10\" tablet,en\n" + rows.joined(separator: "\n") + "\n"
        let items = drain(CSVReader(stream: MemoryByteStream(text, chunkSize: 4096), name: "in.csv"))
        #expect(items.count == 5_001)
        #expect(items.compactMap(\.rejected).isEmpty)
        #expect(items.first?.report?.text == "my son got a 10\" tablet")
    }

    @Test("a quoted field that never closes rejects its own row only; reading goes on at the next line")
    func unclosedQuoteRejectsOneRow() throws {
        // Closed by the quote that opens a later row's field, at the end of the file, or by
        // running past --max-field-lines: each time only the row where the quote opened is lost.
        let cases: [(text: String, lines: Int)] = [
            ("id,text\n1,\"never closed\n2,plain\n3,\"quoted, fine\"\n", 100),
            ("id,text\n1,\"never closed\n2,plain\n3,also plain\n", 100),
            ("id,text\n1,\"never closed\n2,plain\n3,also plain\n4,\"x\"\"y\n", 2),
        ]
        for (text, lines) in cases {
            let items = drain(CSVReader(stream: MemoryByteStream(text, chunkSize: 7), name: "in.csv", maxFieldLines: lines))
            #expect(items.compactMap(\.rejected?.message).first == "in.csv:2: the quoted field 2 is not closed (a '\"' is missing)")
            #expect(items.compactMap(\.report?.id).prefix(2) == ["2", "3"], "\(text)")
            #expect(items.compactMap(\.report?.origin.line).prefix(2) == [3, 4])
        }
        let multiline = "id,text\n1,\"three\nlines\nhere\"\n2,next\n"
        let items = drain(CSVReader(stream: MemoryByteStream(multiline, chunkSize: 5), name: "in.csv", maxFieldLines: 2))
        #expect(items.compactMap(\.report?.text) == ["three\nlines\nhere", "next"])
    }

    @Test("the delimiter is the header's (comma, semicolon or tab) unless given")
    func delimiters() throws {
        let semicolon = drain(CSVReader(stream: MemoryByteStream("id;text;lang\n1;un texte, avec virgule;fr\n"), name: "in.csv"))
        #expect(semicolon.first?.report?.text == "un texte, avec virgule")
        #expect(semicolon.first?.report?.lang == "fr")
        let tab = drain(CSVReader(stream: MemoryByteStream("id\ttext\n1\ta; b, c\n"), name: "in.csv"))
        #expect(tab.first?.report?.text == "a; b, c")
        let given = drain(CSVReader(stream: MemoryByteStream("id|text\n1|x, y\n"), name: "in.csv", delimiter: UInt8(ascii: "|")))
        #expect(given.first?.report?.text == "x, y")
    }
}

@Suite("Legacy encodings")
struct EncodingTests {
    @Test("Windows-1252 and Latin-1 bytes read as UTF-8, in any read size")
    func transcodes() throws {
        // "é" (0xE9), "€" (0x80 in Windows-1252), curly quotes (0x93, 0x94), "œ" (0x9C).
        let bytes: [UInt8] = Array("id,text\n1,".utf8) + [0x63, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x20, 0x93, 0x6F, 0x6B, 0x94, 0x20, 0x9C] + [0x0A]
        for chunk in [1, 2, 3, 7, 1 << 16] {
            let stream = TranscodingByteStream(MemoryByteStream(bytes, chunkSize: chunk), from: .windows1252)
            let items = drain(CSVReader(stream: stream, name: "in.csv"))
            #expect(items.compactMap(\.report?.text) == ["café € “ok” œ"], "chunk \(chunk)")
        }
        let latin1 = TranscodingByteStream(MemoryByteStream(Array("id,text\n1,".utf8) + [0x63, 0x61, 0x66, 0xE9, 0x0A]), from: .latin1)
        #expect(drain(CSVReader(stream: latin1, name: "in.csv")).compactMap(\.report?.text) == ["café"])
        #expect(SingleByteEncoding(name: "CP1252") == .windows1252 && SingleByteEncoding(name: "ISO-8859-1") == .latin1)
        #expect(SingleByteEncoding(name: "utf-16") == nil)
    }

    @Test("without --encoding, a Windows-1252 row is rejected with a hint, not lost")
    func hintsAtTheEncoding() {
        let bytes: [UInt8] = Array("id,text\n1,caf".utf8) + [0xE9, 0x0A] + Array("2,fine\n".utf8)
        let items = drain(CSVReader(stream: MemoryByteStream(bytes), name: "in.csv"))
        #expect(items.compactMap(\.rejected?.message) == [
            "in.csv:2: field 2 is not valid UTF-8 (a file saved as Windows-1252 or Latin-1 reads with --encoding windows-1252)"])
        #expect(items.compactMap(\.report?.id) == ["2"])
    }
}
