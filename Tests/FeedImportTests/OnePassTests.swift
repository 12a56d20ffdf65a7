import Foundation
import ReportIO
import Testing

@testable import FeedImport

/// A feed is read in one pass: every complete record before a break comes out, and the break is
/// located in the file, wherever it falls in libxml2's parse blocks.
@Suite("Feeds read in one pass", .timeLimit(.minutes(1)))
struct OnePassTests {
    /// An IODEF v2 feed of `count` incidents with a prefixed root spread over two lines, comments
    /// and CDATA between and inside records, and `broken` put inside incident `at`.
    static func feed(count: Int = 40, broken: String = "", at brokenIndex: Int = -1) throws -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- partner export -->
            <iodef:IODEF-Document version="2.00" xml:lang="fr"
                xmlns:iodef="urn:ietf:params:xml:ns:iodef-2.0">

            """
        for index in 0..<count {
            text += """
                  <iodef:Incident purpose="reporting"\(index % 3 == 0 ? " xml:lang=\"es\"" : "")><iodef:IncidentID name="P.example">\(index)</iodef:IncidentID>
                    <iodef:Description>Caso \(index): un adulto pide fotos &amp; amenaza.</iodef:Description>
                    <iodef:Description><![CDATA[</iodef:Incident> is not an end tag here]]></iodef:Description>
                    \(index == brokenIndex ? broken : "<!-- </iodef:Incident> -->")
                    <iodef:Assessment><iodef:IncidentCategory>code-\(index % 4)</iodef:IncidentCategory></iodef:Assessment>
                  </iodef:Incident>\(index % 5 == 0 ? "<!-- between -->" : "")

                """
        }
        text += "</iodef:IODEF-Document>\n"
        return try Fixture.temporaryFile("split.xml", Array(text.utf8))
    }

    static let feeds: [(name: String, make: @Sendable () throws -> String)] = [
        ("well-formed", { try feed() }),
        ("a mismatched tag in incident 23", { try feed(broken: "<iodef:Description>oops</iodef:Descr>", at: 23) }),
        ("a DOCTYPE-like declaration in incident 17", { try feed(broken: "<!ENTITY x \"y\">", at: 17) }),
        ("an undefined entity in incident 30", { try feed(broken: "<iodef:Description>&nope;</iodef:Description>", at: 30) }),
        ("an incident without an id", { try feed(broken: "<iodef:IncidentID name=\"P.example\"></iodef:IncidentID>", at: 8) }),
        ("truncated in incident 31", {
            let whole = try Data(contentsOf: URL(filePath: try feed()))
            let cut = whole.range(of: Data("Caso 31".utf8))!.lowerBound
            return try Fixture.temporaryFile("truncated-split.xml", whole[..<cut])
        }),
        ("invalid UTF-8 in incident 12", {
            var bytes = Array(try Data(contentsOf: URL(filePath: try feed())))
            let mark = Array("Caso 12".utf8)
            let at = (0...(bytes.count - mark.count)).first { bytes[$0..<$0 + mark.count].elementsEqual(mark) }!
            bytes[at] = 0xC3
            bytes[at + 1] = 0x28
            return try Fixture.temporaryFile("utf8-split.xml", bytes)
        }),
        ("a control character in the start tag of incident 20", { try brokenStartTag(at: 20) }),
    ]

    /// The generated feed with descriptions of 0 to 1,200 bytes, and a forbidden control character
    /// in the start tag of incident `index`, a few bytes after the end of the incident before it.
    static func brokenStartTag(at index: Int) throws -> String {
        var text = try String(contentsOfFile: try feed(), encoding: .utf8).replacingOccurrences(
            of: "purpose=\"reporting\"(?=( xml:lang=\"es\")?><iodef:IncidentID name=\"P.example\">\(index)<)",
            with: "purpose=\"rep\u{1}orting\"", options: .regularExpression)
        for incident in 0..<40 {
            text = text.replacingOccurrences(of: "Caso \(incident):", with: "Caso \(incident): " + String(repeating: "x", count: incident * 173 % 1_201))
        }
        return try Fixture.temporaryFile("start-tag-\(index).xml", Array(text.utf8))
    }

    @Test("a generated feed keeps the records before its break, which is located after them", arguments: 0..<feeds.count)
    func generated(index: Int) throws {
        let name = Self.feeds[index].name
        let result = FeedResult(path: try Self.feeds[index].make())
        #expect(result.reports.count >= 8, "\(name)")
        #expect(result.rejected.allSatisfy { $0.location.line > 0 }, "\(name)")
        if let failure = result.failure, let last = result.reports.last { #expect(failure.location.line > last.origin.line, "\(name)") }
    }

    @Test("the well-formed feed: every incident, lines right, languages inherited from the root")
    func wellFormed() throws {
        let result = FeedResult(path: try Self.feed())
        #expect(result.failure == nil && result.rejected.isEmpty)
        #expect(result.reports.map(\.id) == (0..<40).map(String.init))
        #expect(result.reports.map(\.origin.line) == (0..<40).map { 5 + 6 * $0 })
        #expect(result.reports.map(\.lang) == (0..<40).map { $0 % 3 == 0 ? "es" : "fr" })
        #expect(result.reports[39].partnerCodes == ["code-3"])
    }

    @Test("a break keeps every record before it and is located in the file")
    func laterBreak() throws {
        let result = FeedResult(path: try Self.feeds[1].make())
        #expect(result.reports.count == 23)
        let failure = try #require(result.failure)
        #expect(failure.location.line == 5 + 6 * 23 + 3)
        #expect(failure.location.column > 1)
        let raw = String(decoding: try #require(result.rejected.last).raw, as: UTF8.self)
        #expect(raw.hasPrefix("  <iodef:Incident purpose=\"reporting\"><iodef:IncidentID name=\"P.example\">23<"))
    }

    @Test("a record that ends right before a broken start tag is kept")
    func recordBeforeBrokenStartTag() throws {
        // Wherever the break falls in libxml2's blocks of 512 bytes.
        for index in 1..<40 {
            let result = FeedResult(path: try Self.brokenStartTag(at: index))
            #expect(result.reports.map(\.id) == (0..<index).map(String.init), "broken start tag of incident \(index)")
            #expect(result.failure?.location.line == 5 + 6 * index)
        }
    }

    @Test("a minified one-line feed in Arabic, with or without a BOM: the records before the break", arguments: [
        (-1, false), (30, false), (30, true),
    ])
    func minified(brokenAt: Int, bom: Bool) throws {
        var text = (bom ? "\u{FEFF}" : "") + "<IODEF-Document version=\"2.00\" xml:lang=\"ar\" xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\">"
        for index in 0..<40 {
            text += "<Incident purpose=\"reporting\" xml:id=\"i\(index % 3)\"><IncidentID name=\"p.example\">\(index)</IncidentID>"
                + "<Description>طلب شخص غريب صورا من طفل \(index == brokenAt ? "&nope;" : "")</Description></Incident>"
        }
        let path = try Fixture.temporaryFile("minified.xml", Array((text + "</IODEF-Document>").utf8))
        let result = FeedResult(path: path)
        #expect(result.reports.count == (brokenAt < 0 ? 40 : brokenAt))
        #expect(result.failure?.location.line == (brokenAt < 0 ? nil : 1))
    }

    @Test("stray end tags (the guard's depth below zero) end in the parser's error", arguments: [
        "<r></r></x></y><z/>\n", "</a></b>\n<r/>", "<r><i>1</i></r></r></r><i>2</i>",
    ])
    func strayEndTags(feed: String) throws {
        let path = try Fixture.temporaryFile("stray.xml", Array(feed.utf8))
        #expect(FeedResult(path: path).failure != nil)
    }

    @Test("a message naming the root's line (a mismatched end tag) names the file's line", arguments: ["", "iodef:"])
    func rootLineInMessage(prefix: String) throws {
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- export -->
            <\(prefix)IODEF-Document version="2.00"
                xmlns\(prefix.isEmpty ? "" : ":iodef")="urn:ietf:params:xml:ns:iodef-2.0">
              <\(prefix)Incident purpose="reporting"><\(prefix)IncidentID name="p">1</\(prefix)IncidentID><\(prefix)Description>one</\(prefix)Description></\(prefix)Incident>
              <\(prefix)Incident purpose="reporting"/>
              </\(prefix)Incident>
            </\(prefix)IODEF-Document>
            """
        let path = try Fixture.temporaryFile("root-line.xml", Array(feed.utf8))
        #expect(FeedResult(path: path).failure?.message.contains("IODEF-Document line 3 and Incident") == true)
    }

    /// A feed of one whole incident and a second one that ends in `ending` (from line 5 on).
    static func incidentTwoEndingIn(_ ending: String) throws -> String {
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
              <Incident purpose="reporting"><IncidentID name="p">1</IncidentID><Description>one</Description></Incident>
              <Incident purpose="reporting"><IncidentID name="p">2</IncidentID><Description>two</Description>

            """ + ending
        return try Fixture.temporaryFile("incident-two-\(ending.utf8.count).xml", Array(feed.utf8))
    }

    @Test("a broken end tag right before a declaration: the record before it kept, the declaration named")
    func parserErrorBeforeViolation() throws {
        let path = try Self.incidentTwoEndingIn("""
              </<?x name="part:c>
            <!ENTITY x "y">
            </IODEF-Document>
            """)
        // libxml2 holds the broken end tag back until it sees more input; the guard stops the
        // feed at the declaration first.
        let result = FeedResult(path: path)
        #expect(result.reports.map(\.id) == ["1"])
        #expect(result.failure?.location.line == 6)
    }

    @Test("a feed truncated right after a broken end tag is called truncated")
    func truncatedAfterBrokenTag() throws {
        let result = FeedResult(path: try Self.incidentTwoEndingIn("  </Incid ent>\n"))
        #expect(result.reports.map(\.id) == ["1"])
        #expect(result.failure?.message.contains("1 element(s) still open") == true)
    }

    @Test("a size limit that falls anywhere (in the root tag, at a record's end tag): the limit is named")
    func sizeLimitAnywhere() throws {
        let path = try Self.feed(count: 6)
        for maxBytes in stride(from: 60, to: 1_400, by: 23) {
            let limits = FeedLimits(maxBytes: maxBytes)
            #expect(FeedResult(path: path, limits: limits).failure?.message.contains("larger than the limit") == true, "limit \(maxBytes)")
        }
    }

    @Test("records past line 65,535 get their exact lines")
    func bigLines() throws {
        let result = FeedResult(path: try Self.feed(count: 11_500))
        #expect(result.reports.count == 11_500)
        #expect(result.reports.last?.origin.line == 5 + 6 * 11_499)
    }

    @Test("records below the root (rss/channel/item), with a mapping of relative fields only")
    func deeperRecords() throws {
        let root = Fixture.repositoryRoot
        let shipped = try String(contentsOf: root.appending(path: "Mappings/rss-helpline.yaml"), encoding: .utf8)
        let relative = shipped.replacingOccurrences(of: "  partner: /rss/channel/title\n", with: "")
        #expect(relative != shipped)
        let mapping = try FeedMapping.load(path: try Fixture.temporaryFile("relative.yaml", Array(relative.utf8)))
        let path = root.appending(path: "Mappings/examples/rss-helpline.xml").path
        #expect(FeedResult(path: path, mapping: mapping).reports.map(\.id) == ["case-2024-117", "case-2024-118"])
    }

    @Test("a mapping with absolute fields gives them to every record")
    func absoluteFields() throws {
        let root = Fixture.repositoryRoot
        let mapping = try FeedMapping.load(path: root.appending(path: "Mappings/rss-helpline.yaml").path)
        let result = FeedResult(path: root.appending(path: "Mappings/examples/rss-helpline.xml").path, mapping: mapping)
        #expect(result.reports.map(\.partner) == ["Example Helpline", "Example Helpline"])
    }

    @Test("a record longer than what the stream hands out at once (64 kB) is read whole")
    func longRecord() throws {
        let path = try Self.feed(broken: "<iodef:Description>" + String(repeating: "long ", count: 20_000) + "</iodef:Description>", at: 5)
        let result = FeedResult(path: path)
        #expect(result.reports.count == 40)
        #expect(result.reports[5].text.utf8.count > 100_000)
    }

    @Test("line breaks are counted right at every length and alignment")
    func newlines() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in [UInt8(ascii: "\n"), UInt8(ascii: "a"), 0x8A, 0x0B][Int.random(in: 0..<4, using: &generator)] }
            let expected = bytes.filter { $0 == UInt8(ascii: "\n") }.count
            for start in 0..<min(3, length + 1) {
                let counted = bytes[start...].withUnsafeBytes { GuardedStream.countNewlines($0) }
                #expect(counted == bytes[start...].filter { $0 == UInt8(ascii: "\n") }.count, "length \(length), from \(start)")
            }
            #expect(bytes.withUnsafeBytes { GuardedStream.countNewlines($0) } == expected)
        }
    }
}
