import Foundation
import ReportIO
import Testing

@testable import FeedImport

/// The hostile inputs of the research notes (shared/references/xml-feeds.md §4.4): each one
/// must end in a located error a person can act on, keep the complete incidents before the
/// break, read no file but the feed, and finish (the time limit only guards against a hang).
@Suite("Hostile and broken feeds", .timeLimit(.minutes(1)))
struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Builds the feed file and returns its path.
        var make: @Sendable () throws -> String
        var message: String
        var imported: Int
        var testDescription: String { name }
    }

    static let secret = "SECRET-\(UUID().uuidString)"
    /// A file outside the feed that an external entity would read.
    static let secretPath: String = {
        let path = FileManager.default.temporaryDirectory.appending(path: "feeds-secret-\(UUID().uuidString).txt").path
        precondition(FileManager.default.createFile(atPath: path, contents: Data(secret.utf8)), "cannot write \(path)")
        return path
    }()

    static func committed(_ name: String) -> @Sendable () throws -> String { { try Fixture.path("hostile/\(name)") } }

    /// A committed template with `@SECRET_PATH@` pointing at the secret file.
    static func withSecret(_ name: String) -> @Sendable () throws -> String {
        {
            let template = try String(contentsOfFile: try Fixture.path("hostile/\(name)"), encoding: .utf8)
            return try Fixture.temporaryFile(name, Array(template.replacingOccurrences(of: "@SECRET_PATH@", with: secretPath).utf8))
        }
    }

    /// An IODEF v2 feed: one good incident, then `hostile` inside a second one.
    static func generated(_ name: String, _ hostile: @escaping @Sendable () -> String) -> @Sendable () throws -> String {
        {
            let feed = """
                <?xml version="1.0" encoding="UTF-8"?>
                <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
                  <Incident purpose="reporting"><IncidentID name="p.example">1</IncidentID>
                    <Description>Fine.</Description></Incident>
                  <Incident purpose="reporting"><IncidentID name="p.example">2</IncidentID>
                    \(hostile())
                  </Incident>
                </IODEF-Document>

                """
            return try Fixture.temporaryFile(name, Array(feed.utf8))
        }
    }

    static let cases: [Case] = [
        Case(name: "XXE general entity", make: withSecret("xxe-general.xml"), message: "DOCTYPE", imported: 0),
        Case(name: "XXE parameter entity", make: withSecret("xxe-parameter.xml"), message: "DOCTYPE", imported: 0),
        Case(name: "billion laughs", make: committed("billion-laughs.xml"), message: "DOCTYPE", imported: 0),
        Case(name: "harmless DOCTYPE", make: committed("doctype-harmless.xml"), message: "DOCTYPE", imported: 0),
        Case(
            name: "quadratic blow-up (10 kB entity x 20 000 references)",
            make: {
                let entity = String(repeating: "a", count: 10_000)
                let feed = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"\(entity)\">]>\n<d>"
                    + String(repeating: "&a;", count: 20_000) + "</d>\n"
                return try Fixture.temporaryFile("quadratic.xml", Array(feed.utf8))
            }, message: "DOCTYPE", imported: 0),
        Case(
            name: "deep nesting (10 000 levels)",
            make: generated("deep.xml") { String(repeating: "<EventData>", count: 10_000) + String(repeating: "</EventData>", count: 10_000) },
            message: "nested more than 64 levels", imported: 1),
        Case(
            name: "huge text (2 MB description)",
            make: generated("huge-text.xml") { "<Description>" + String(repeating: "x", count: 2_000_000) + "</Description>" },
            message: "longer than the limit of 1048576 bytes", imported: 1),
        Case(
            name: "huge attribute count (100 000 on one element)",
            make: generated("attributes.xml") { "<Description " + (0..<100_000).map { "a\($0)=\"1\"" }.joined(separator: " ") + "/>" },
            message: "more than 64 attributes", imported: 1),
        Case(name: "invalid UTF-8", make: committed("invalid-utf8.xml"), message: "not valid UTF-8", imported: 2),
        Case(name: "truncated", make: committed("truncated.xml"), message: "truncated", imported: 2),
        Case(name: "empty", make: committed("empty.xml"), message: "the feed is empty", imported: 0),
        Case(name: "trailing garbage", make: committed("trailing-garbage.xml"), message: "content after the end of the document", imported: 2),
        Case(
            name: "unknown namespace", make: committed("unknown-namespace.xml"),
            message: "the root element is {urn:ietf:params:xml:ns:iodef-3.0}IODEF-Document, not an IODEF v1 or v2 document", imported: 0),
        Case(name: "UTF-16 with a BOM", make: committed("utf16-bom.xml"), message: "UTF-16", imported: 0),
        Case(
            name: "UCS-4 in an unusual byte order (3412), no BOM",
            make: { try Fixture.temporaryFile("ucs4-3412.xml", [0x00, 0x3C, 0x00, 0x00, 0x00, 0x72, 0x00, 0x00, 0x00, 0x3E, 0x00, 0x00]) },
            message: "UTF-16 or UTF-32", imported: 0),
        Case(
            name: "EBCDIC (IBM037) with a DOCTYPE",
            make: {
                // "<?xml version=\"1.0\" encoding=\"IBM037\"?><!DOCTYPE d>" in IBM037: never reaches libxml2.
                let ascii = Array("<?xml version=\"1.0\" encoding=\"IBM037\"?>\n<!DOCTYPE d>\n".utf8)
                let ebcdic: [UInt8: UInt8] = [
                    0x3C: 0x4C, 0x3F: 0x6F, 0x78: 0xA7, 0x6D: 0x94, 0x6C: 0x93, 0x20: 0x40, 0x76: 0xA5, 0x65: 0x85, 0x72: 0x99,
                    0x73: 0xA2, 0x69: 0x89, 0x6F: 0x96, 0x6E: 0x95, 0x3D: 0x7E, 0x22: 0x7F, 0x31: 0xF1, 0x2E: 0x4B, 0x30: 0xF0,
                    0x63: 0x83, 0x64: 0x84, 0x67: 0x87, 0x49: 0xC9, 0x42: 0xC2, 0x4D: 0xD4, 0x33: 0xF3, 0x37: 0xF7, 0x3E: 0x6E,
                    0x0A: 0x25, 0x21: 0x5A, 0x44: 0xC4, 0x4F: 0xD6, 0x43: 0xC3, 0x54: 0xE3, 0x59: 0xE8, 0x50: 0xD7, 0x45: 0xC5,
                ]
                return try Fixture.temporaryFile("ebcdic.xml", ascii.map { ebcdic[$0] ?? 0x40 })
            }, message: "may be EBCDIC or another encoding", imported: 0),
        Case(name: "a non-UTF-8 encoding declaration", make: committed("latin1-declared.xml"), message: "encoding=\"ISO-8859-1\"", imported: 0),
        Case(name: "undefined namespace prefix", make: committed("undefined-prefix.xml"), message: "namespace prefix", imported: 1),
    ]

    @Test("ends in a located error, keeps what came before, reads no other file", arguments: cases)
    func hostile(_ testCase: Case) throws {
        let path = try testCase.make()
        let result = FeedResult(path: path)
        let failure = try #require(result.failure)
        #expect(failure.message.contains(testCase.message), "\(failure)")
        #expect(failure.location.file == path)
        #expect(failure.location.line > 0 || testCase.name == "empty")
        #expect(result.reports.count == testCase.imported)
        // Records in = imported + rejected: the broken part is one rejected record, with the failure.
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.location == failure.location)
        #expect(!result.allOutput.contains(Self.secret))
    }

    @Test("the failed part starts at the incident that broke and runs to the end of the feed")
    func failedPart() throws {
        let result = FeedResult(path: try Fixture.path("hostile/truncated.xml"))
        let raw = String(decoding: try #require(result.rejected.first).raw, as: UTF8.self)
        #expect(raw.hasPrefix("  <Incident purpose=\"reporting\">\n    <IncidentID name=\"partner.example\">3</IncidentID>"))
    }

    @Test("errors carry the line and column where the feed breaks")
    func locations() throws {
        let doctype = try #require(FeedResult(path: try Fixture.path("hostile/doctype-harmless.xml")).failure)
        #expect(doctype.location.line == 2 && doctype.location.column == 3)
        let garbage = try #require(FeedResult(path: try Fixture.path("hostile/trailing-garbage.xml")).failure)
        #expect(garbage.location.line == 16)
    }

    @Test("limits can be lowered, e.g. for a test or a stricter partner")
    func lowerLimits() throws {
        let path = try Fixture.path("iodef2-multilingual.xml")
        let text = FeedResult(path: path, limits: FeedLimits(maxTextBytes: 50))
        #expect(text.failure?.message.contains("longer than the limit of 50 bytes") == true)
        let size = FeedResult(path: path, limits: FeedLimits(maxBytes: 1_000))
        #expect(size.failure?.message.contains("larger than the limit of 1000 bytes") == true)
        let depth = FeedResult(path: path, limits: FeedLimits(maxDepth: 3))
        #expect(depth.failure?.message.contains("nested more than 3 levels") == true)
        let attributes = FeedResult(path: path, limits: FeedLimits(maxAttributesPerElement: 2))
        #expect(attributes.failure?.message.contains("more than 2 attributes") == true)
    }

    @Test("an incident larger than the record limit stops the feed at its start; the incidents before it are kept")
    func recordLimit() throws {
        let filler = (0..<400).map { "<Description>part \($0)</Description>" }.joined()
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
              <Incident purpose="reporting"><IncidentID name="p.example">1</IncidentID><Description>small</Description></Incident>
              <Incident purpose="reporting"><IncidentID name="p.example">2</IncidentID>\(filler)</Incident>
              <Incident purpose="reporting"><IncidentID name="p.example">3</IncidentID><Description>after</Description></Incident>
            </IODEF-Document>
            """
        let path = try Fixture.temporaryFile("record-limit.xml", Array(feed.utf8))
        let limited = FeedResult(path: path, limits: FeedLimits(maxRecordBytes: 4_096))
        #expect(limited.reports.map(\.id) == ["1"])
        let failure = try #require(limited.failure)
        #expect(failure.message.contains("larger than the limit of 4096 bytes"))
        #expect(failure.location.line == 4)
        // Under the default limit the same feed is read whole.
        #expect(FeedResult(path: path).reports.map(\.id) == ["1", "2", "3"])
    }

    @Test("the text limit counts a field's text and CDATA together")
    func textLimitCountsEveryPart() throws {
        let part = String(repeating: "x", count: 40)
        let feed = """
            <?xml version="1.0" encoding="UTF-8"?>
            <IODEF-Document version="2.00" xmlns="urn:ietf:params:xml:ns:iodef-2.0">
              <Incident purpose="reporting"><IncidentID name="p.example">1</IncidentID>
                <Description>\(part) and the end</Description></Incident>
              <Incident purpose="reporting"><IncidentID name="p.example">2</IncidentID>
                <Description>\(part)<![CDATA[\(part)]]></Description></Incident>
            </IODEF-Document>
            """
        let path = try Fixture.temporaryFile("text-parts.xml", Array(feed.utf8))
        let result = FeedResult(path: path, limits: FeedLimits(maxTextBytes: 60))
        #expect(result.reports.map(\.text) == [part + " and the end"])
        #expect(result.failure?.message.contains("longer than the limit of 60 bytes") == true)
    }
}
