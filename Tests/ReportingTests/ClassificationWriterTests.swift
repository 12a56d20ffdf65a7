import Foundation
import ReportIO
import Reporting
import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Classification writer")
struct ClassificationWriterTests {
    let report = Report(
        id: "r\"1", text: "t", lang: "en", date: "2024-05-01", extra: ["source": "\"web\""],
        origin: RecordLocation(file: "f", line: 1))
    let classification = Classification(labels: [
        Label(node: "bullying", path: ["abuse", "bullying"], score: 1.5, evidence: [Evidence(rule: "bullying/en/term:bully*", text: "Bully \"x\"", start: 3, end: 8)]),
        Label(node: "scam", path: ["fraud", "scam"], score: 1, evidence: []),
    ])

    @Test("a JSON line with metadata present only, labels with paths and evidence, and codes of labels and ancestors")
    func json() throws {
        let writer = ClassificationWriter(codes: try CodeResolver(taxonomy: tinyTaxonomy(), scheme: "x"))
        let line = String(decoding: writer.line(report, classification), as: UTF8.self)
        #expect(line == #"{"id":"r\"1","lang":"en","date":"2024-05-01","extra":{"source":"web"},"labels":[{"node":"bullying","path":["abuse","bullying"],"score":1.5,"evidence":[{"rule":"bullying/en/term:bully*","text":"Bully \"x\"","start":3,"end":8}]},{"node":"scam","path":["fraud","scam"],"score":1,"evidence":[]}],"codes":["A","B","S"]}"# + "\n")
        #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
    }

    @Test("--no-evidence drops evidence")
    func noEvidence() {
        let line = String(decoding: ClassificationWriter(evidence: false).line(report, classification), as: UTF8.self)
        #expect(!line.contains("evidence"))
        #expect(!line.contains("codes"))
    }

    @Test("CSV: a header, then id, the metadata, carried fields as text, labels and scores joined by ';', codes; quoted when needed")
    func csv() throws {
        let writer = ClassificationWriter(format: .csv, codes: try CodeResolver(taxonomy: tinyTaxonomy(), scheme: "x"), carried: ["source", "n", "gone"])
        #expect(writer.header.map { String(decoding: $0, as: UTF8.self) } == "id,lang,country,partner,date,source,n,gone,labels,scores,codes\n")
        var carrying = report
        carrying.lang = "en"
        carrying.country = "FR"
        carrying.date = "2025-01-17"
        carrying.extra = ["source": #""case, \"notes\"""#, "n": "12"]
        #expect(String(decoding: writer.line(carrying, classification), as: UTF8.self)
                == "\"r\"\"1\",en,FR,,2025-01-17,\"case, \"\"notes\"\"\",12,,bullying;scam,1.5;1,A;B;S\n")
    }

    @Test("CSV: a cell a spreadsheet would run as a formula gets a leading quote", arguments: [
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+1", "'+1"), ("-1+2", "'-1+2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("a=b", "a=b"), ("r-1", "r-1"),
    ])
    func csvFormulaInjection(id: String, cell: String) {
        let report = Report(id: id, text: "t", origin: RecordLocation(file: "f", line: 1))
        let line = ClassificationWriter(format: .csv).line(report, Classification(labels: []))
        #expect(String(decoding: line, as: UTF8.self) == cell + ",,,,,,\n")  // no metadata, labels or scores
    }

    @Test("tables show control characters from the input as escapes")
    func tableEscapes() {
        let table = TextTable(header: ["partner", "n"], rows: [["\u{1B}]0;title\u{07}x", "1"], ["\u{9B}31m", "2"]]).rendered(markdown: false)
        #expect(table == "partner            n\n-----------------  -\n\\x1B]0;title\\x07x  1\n\\u{9B}31m          2")
    }

    @Test("tables align Chinese names by the two columns each character takes; Markdown escapes a | in a cell")
    func tableWidths() {
        let rows = [["网络欺凌", "12"], ["grooming", "3"], ["a|b", "1"]]
        let text = TextTable(header: ["node", "n"], rows: rows).rendered(markdown: false).split(separator: "\n")
        #expect(text[2] == "网络欺凌  12" && text[3] == "grooming   3" && text[4] == "a|b        1")
        let markdown = TextTable(header: ["node", "n"], rows: rows).rendered(markdown: true).split(separator: "\n")
        #expect(markdown[4] == "| a\\|b     |  1 |", "\(markdown)")
        #expect(markdown[2] == "| 网络欺凌 | 12 |")
    }

    @Test("an unknown scheme is an error that lists the known ones")
    func unknownScheme() {
        #expect {
            try CodeResolver(taxonomy: tinyTaxonomy(), scheme: "oecd")
        } throws: { error in
            "\(error)" == "The taxonomy has no crosswalk scheme 'oecd'. Use one of: x, y, 'node' for the node ids."
        }
    }
}
