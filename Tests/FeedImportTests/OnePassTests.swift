import Foundation
import ReportIO
import Testing

@testable import FeedImport

/// A feed is cut into units parsed side by side; whatever the cut, the reports, the rejected
/// records, the failure and every line and column must be those of a single pass.
@Suite("Feeds cut into units parsed in parallel", .timeLimit(.minutes(1)))
struct FeedSplittingTests {
    /// Unit sizes from one record per unit to a few records per unit.
    static let unitSizes = [1, 200, 2_000]

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

    @Test("a generated feed reads the same in units of every size as in one pass", arguments: 0..<feeds.count)
    func generated(index: Int) throws {
        let path = try Self.feeds[index].make()
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.reports.count >= 8, "\(Self.feeds[index].name)")
        for size in Self.unitSizes {
            let split = FeedResult(path: path, workers: 3, unitBytes: size)
            #expect(split == whole, "\(Self.feeds[index].name), units of \(size) bytes")
        }
    }

    @Test("the well-formed feed: every incident, lines right, languages inherited through the copied root")
    func wellFormed() throws {
        let result = FeedResult(path: try Self.feed(), workers: 2, unitBytes: 1)
        #expect(result.failure == nil && result.rejected.isEmpty)
        #expect(result.reports.map(\.id) == (0..<40).map(String.init))
        #expect(result.reports.map(\.origin.line) == (0..<40).map { 5 + 6 * $0 })
        #expect(result.reports.map(\.lang) == (0..<40).map { $0 % 3 == 0 ? "es" : "fr" })
        #expect(result.reports[39].partnerCodes == ["code-3"])
    }

    @Test("a break in a later unit keeps every record before it and is located in the file")
    func laterBreak() throws {
        let result = FeedResult(path: try Self.feeds[1].make(), workers: 2, unitBytes: 1)
        #expect(result.reports.count == 23)
        let failure = try #require(result.failure)
        #expect(failure.location.line == 5 + 6 * 23 + 3)
        #expect(failure.location.column > 1)
        let raw = String(decoding: try #require(result.rejected.last).raw, as: UTF8.self)
        #expect(raw.hasPrefix("  <iodef:Incident purpose=\"reporting\"><iodef:IncidentID name=\"P.example\">23<"))
    }

    @Test("a record that ends right before a broken start tag is kept, in one pass and in one large unit", arguments: [nil, 1 << 20])
    func recordBeforeBrokenStartTag(unitBytes: Int?) throws {
        // Wherever the break falls in libxml2's blocks of 512 bytes.
        for index in 1..<40 {
            let result = FeedResult(path: try Self.brokenStartTag(at: index), workers: 1, unitBytes: unitBytes)
            #expect(result.reports.map(\.id) == (0..<index).map(String.init), "broken start tag of incident \(index)")
            #expect(result.failure?.location.line == 5 + 6 * index)
        }
    }

    @Test("every committed fixture and hostile feed reads the same in small units", arguments: [
        "iodef2-multilingual.xml", "iodef1-multilingual.xml", "iodef-v1-marknl-tests.xml",
        "hostile/missing-id.xml", "hostile/truncated.xml", "hostile/trailing-garbage.xml", "hostile/invalid-utf8.xml",
        "hostile/undefined-prefix.xml", "hostile/doctype-harmless.xml", "hostile/unknown-namespace.xml", "hostile/utf16-bom.xml",
    ])
    func fixtures(name: String) throws {
        let path = try Fixture.path(name)
        let whole = FeedResult(path: path, unitBytes: nil)
        for size in Self.unitSizes {
            #expect(FeedResult(path: path, workers: 2, unitBytes: size) == whole, "units of \(size) bytes")
        }
    }

    @Test("a minified one-line feed in Arabic, with or without a BOM: columns (in characters) as in one pass", arguments: [
        (-1, false), (30, false), (30, true),
    ])
    func minified(brokenAt: Int, bom: Bool) throws {
        var text = (bom ? "\u{FEFF}" : "") + "<IODEF-Document version=\"2.00\" xml:lang=\"ar\" xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\">"
        for index in 0..<40 {
            text += "<Incident purpose=\"reporting\" xml:id=\"i\(index % 3)\"><IncidentID name=\"p.example\">\(index)</IncidentID>"
                + "<Description>طلب شخص غريب صورا من طفل \(index == brokenAt ? "&nope;" : "")</Description></Incident>"
        }
        let path = try Fixture.temporaryFile("minified.xml", Array((text + "</IODEF-Document>").utf8))
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.reports.count == (brokenAt < 0 ? 40 : brokenAt))
        for size in Self.unitSizes {
            #expect(FeedResult(path: path, workers: 2, unitBytes: size) == whole, "units of \(size) bytes")
        }
    }

    @Test("enclosing start tags over 64 KiB are not copied into units: the feed is read in one pass")
    func hugeRootTag() throws {
        let root = "<IODEF-Document version=\"2.00\" note=\"\(String(repeating: "x", count: 70_000))\" xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\">\n"
        let incidents = (0..<20).map { "<Incident><IncidentID name=\"p\">\($0)</IncidentID><Description>d</Description></Incident>\n" }.joined()
        let path = try Fixture.temporaryFile("huge-root.xml", Array((root + incidents + "</IODEF-Document>\n").utf8))
        #expect(try Self.units(path, unitBytes: 1).count == 1)
        #expect(FeedResult(path: path, workers: 2, unitBytes: 1).reports.count == 20)
    }

    @Test("stray end tags (the guard's depth below zero) end in the parser's error, as in one pass", arguments: [
        "<r></r></x></y><z/>\n", "</a></b>\n<r/>", "<r><i>1</i></r></r></r><i>2</i>",
    ])
    func strayEndTags(feed: String) throws {
        let path = try Fixture.temporaryFile("stray.xml", Array(feed.utf8))
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.failure != nil)
        for size in Self.unitSizes {
            #expect(FeedResult(path: path, workers: 2, unitBytes: size) == whole, "units of \(size) bytes")
        }
    }

    @Test("a message naming the root's line (a mismatched end tag in a later unit) names the file's line, not the copied root's", arguments: ["", "iodef:"])
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
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.failure?.message.contains("IODEF-Document line 3 and Incident") == true)
        for size in Self.unitSizes {
            #expect(FeedResult(path: path, workers: 2, unitBytes: size) == whole, "units of \(size) bytes")
        }
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

    @Test("a broken end tag right before a declaration: the same records kept in one pass and in units; the error named may differ")
    func parserErrorBeforeViolation() throws {
        let path = try Self.incidentTwoEndingIn("""
              </<?x name="part:c>
            <!ENTITY x "y">
            </IODEF-Document>
            """)
        // libxml2 holds the broken end tag back until it sees more input. In one pass the guard
        // stops the feed at the declaration first; a unit ends in copied end tags, so its parser
        // decides on the end tag (line 5). Both keep incident 1 and name a real error.
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.reports.map(\.id) == ["1"])
        #expect(whole.failure?.location.line == 6)
        for size in Self.unitSizes {
            let split = FeedResult(path: path, workers: 2, unitBytes: size)
            #expect(split.reports == whole.reports, "units of \(size) bytes")
            #expect([5, 6].contains(split.failure?.location.line), "units of \(size) bytes")
        }
    }

    @Test("a feed truncated right after a broken end tag is called truncated in units too, as in one pass")
    func truncatedAfterCut() throws {
        let path = try Self.incidentTwoEndingIn("  </Incid ent>\n")
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.reports.map(\.id) == ["1"])
        #expect(whole.failure?.message.contains("1 element(s) still open") == true)
        for size in Self.unitSizes {
            #expect(FeedResult(path: path, workers: 2, unitBytes: size) == whole, "units of \(size) bytes")
        }
    }

    @Test("a size limit that falls anywhere (in the root tag, at a record's end tag): units read as one pass, the limit is named")
    func sizeLimitAnywhere() throws {
        let path = try Self.feed(count: 6)
        for maxBytes in stride(from: 60, to: 1_400, by: 23) {
            let limits = FeedLimits(maxBytes: maxBytes)
            let whole = FeedResult(path: path, limits: limits, unitBytes: nil)
            #expect(whole.failure?.message.contains("larger than the limit") == true, "limit \(maxBytes)")
            for size in [1, 200] {
                #expect(FeedResult(path: path, limits: limits, workers: 2, unitBytes: size) == whole, "limit \(maxBytes), units of \(size) bytes")
            }
        }
    }

    @Test("records past line 65,535 in one pass get their exact lines, as in units")
    func bigLines() throws {
        let path = try Self.feed(count: 11_500)
        let whole = FeedResult(path: path, unitBytes: nil)
        #expect(whole.reports.count == 11_500)
        #expect(whole.reports.last?.origin.line == 5 + 6 * 11_499)
        #expect(FeedResult(path: path, workers: 2) == whole)
    }

    @Test("records below the root (rss/channel/item) are cut with both enclosing elements copied")
    func deeperRecords() throws {
        let root = Fixture.repositoryRoot
        let shipped = try String(contentsOf: root.appending(path: "Mappings/rss-helpline.yaml"), encoding: .utf8)
        // Without its one absolute field, the mapping lets the feed be cut.
        let relative = shipped.replacingOccurrences(of: "  partner: /rss/channel/title\n", with: "")
        #expect(relative != shipped)
        let mapping = try FeedMapping.load(path: try Fixture.temporaryFile("relative.yaml", Array(relative.utf8)))
        let path = root.appending(path: "Mappings/examples/rss-helpline.xml").path
        let whole = FeedResult(path: path, mapping: mapping, unitBytes: nil)
        #expect(whole.reports.map(\.id) == ["case-2024-117", "case-2024-118"])
        #expect(FeedResult(path: path, mapping: mapping, workers: 2, unitBytes: 1) == whole)
    }

    @Test("a mapping with absolute fields reads the feed in one pass, so every record gets them")
    func absoluteFields() throws {
        let root = Fixture.repositoryRoot
        let mapping = try FeedMapping.load(path: root.appending(path: "Mappings/rss-helpline.yaml").path)
        let result = FeedResult(path: root.appending(path: "Mappings/examples/rss-helpline.xml").path, mapping: mapping, workers: 2, unitBytes: 1)
        #expect(result.reports.map(\.partner) == ["Example Helpline", "Example Helpline"])
    }

    /// The units the splitter makes of the feed at `path`.
    static func units(_ path: String, unitBytes: Int, maxUnitBytes: Int = 1 << 20) throws -> [ParseUnit] {
        var splitter = FeedSplitter(
            stream: try GuardedStream(path: path, limits: .standard, splitDepth: 2), splitDepth: 2, unitBytes: unitBytes,
            maxUnitBytes: maxUnitBytes)
        return Array(sequence(state: ()) { _ in splitter.next() })
    }

    @Test("every later unit is the copied root start tag on one line, whole incidents, and the root's end tag")
    func unitShape() throws {
        let units = try Self.units(try Self.feed(), unitBytes: 1)
        #expect(units.count == 41)
        let root = "<iodef:IODEF-Document version=\"2.00\" xml:lang=\"fr\"     xmlns:iodef=\"urn:ietf:params:xml:ns:iodef-2.0\">"
        for unit in units.dropFirst() {
            let text = String(decoding: unit.bytes, as: UTF8.self)
            #expect(unit.prefixLength == root.utf8.count && text.hasPrefix(root))
            #expect(text.hasSuffix("</iodef:Incident>\n</iodef:IODEF-Document>") || text.hasSuffix("</iodef:Incident></iodef:IODEF-Document>")
                || unit === units.last)
            #expect(unit.cuts.last == unit.bytes.count - (unit === units.last ? 0 : "</iodef:IODEF-Document>".utf8.count))
        }
        #expect(units.map(\.firstLine).dropFirst().prefix(3) == [10, 16, 22])
    }

    @Test("a record larger than the largest unit ends the splitting: the last unit reads the rest as it parses")
    func tail() throws {
        // Incident 5 is longer than what the stream hands out at once (64 kB), so no cut comes in time.
        let path = try Self.feed(broken: "<iodef:Description>" + String(repeating: "long ", count: 20_000) + "</iodef:Description>", at: 5)
        let units = try Self.units(path, unitBytes: 1, maxUnitBytes: 1_000)
        #expect(units.count == 6)
        #expect(units.dropLast().allSatisfy { $0.tail == nil } && units.last?.tail != nil)
        let parse = UnitParse(path: path, mapping: nil, limits: .standard, cancellation: ParseCancellation())
        let items = units.flatMap { parse($0).items }
        #expect(items.count == 40)
        #expect(FeedResult(path: path, unitBytes: nil).reports.count == 40)
    }

    @Test("a cancelled parse (its feed failed in an earlier unit) stops at its next read, also in a tail unit, and builds no failed part")
    func cancelled() throws {
        let path = try Self.feed(broken: "<iodef:Description>" + String(repeating: "long ", count: 20_000) + "</iodef:Description>", at: 5)
        let units = try Self.units(path, unitBytes: 1, maxUnitBytes: 1_000)
        let cancellation = ParseCancellation()
        let parse = UnitParse(path: path, mapping: nil, limits: .standard, cancellation: cancellation)
        #expect(parse(units[0]).items.count == 1)
        cancellation.cancel()
        for unit in units.dropFirst() {
            let result = parse(unit)
            #expect(result.items.isEmpty && result.failure == nil)
        }
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
