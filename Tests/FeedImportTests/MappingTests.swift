import ReportIO
import SafeYAML
import Testing

@testable import FeedImport

@Suite("Mapped partner feeds")
struct MappingTests {
    @Test("a partner schema read through its mapping: attributes, labels, absolute paths, inherited xml:lang")
    func partnerFeed() throws {
        let mapping = try FeedMapping.load(path: try Fixture.path("partner-helpline.yaml"))
        let path = try Fixture.path("partner-helpline.xml")
        #expect(try FeedFormat.detect(path: path) == .other(root: "reports", namespace: "urn:example:helpline:reports:1"))
        let result = FeedResult(path: path, mapping: mapping)
        #expect(result.failure == nil)
        #expect(result.reports.count == 2)
        let first = try #require(result.reports.first)
        #expect(first.id == "HL-1")
        #expect(first.text == "Summary: Game chat contact\nDetails: A player asked a 10-year-old for photos in exchange for in-game currency.")
        #expect(first.country == "FR" && first.lang == "en" && first.partner == "Example Helpline" && first.date == "2024-05-01")
        #expect(first.partnerCodes == ["grooming", "gaming"])
        #expect(result.reports[1].lang == "ru" && result.reports[1].partnerCodes == ["bullying"])
        // HL-3 has no text: rejected with its lines, and counted.
        let rejected = try #require(result.rejected.first)
        #expect(result.rejected.count == 1 && rejected.location.line == 18 && rejected.reason.contains("HL-3"))
        #expect(String(decoding: rejected.raw, as: UTF8.self).hasSuffix("</hl:report>\n"))
    }

    @Test("the shipped RSS 2.0 mapping reads the shipped example feed")
    func shippedRSSMapping() throws {
        let root = Fixture.repositoryRoot
        let mapping = try FeedMapping.load(path: root.appending(path: "Mappings/rss-helpline.yaml").path)
        let result = FeedResult(path: root.appending(path: "Mappings/examples/rss-helpline.xml").path, mapping: mapping)
        #expect(result.failure == nil && result.rejected.isEmpty)
        #expect(result.reports.map(\.id) == ["case-2024-117", "case-2024-118"])
        #expect(result.reports.map(\.lang) == ["fr", "en"])
        #expect(result.reports.map(\.country) == ["FR", "IE"])
        #expect(result.reports.map(\.partner) == ["Example Helpline", "Example Helpline"])
        #expect(result.reports.map(\.partnerCodes) == [["grooming", "HL-GR-2"], ["sextortion"]])
        #expect(result.reports[1].text == "Title: Threat to share private images\nDetails: A 15-year-old is told to pay or her photos will be sent to her classmates.")
    }

    @Test("a feed whose root is not the mapping's root is an error naming both")
    func wrongRoot() throws {
        let mapping = try FeedMapping.load(path: try Fixture.path("partner-helpline.yaml"))
        let result = FeedResult(path: try Fixture.path("iodef2-multilingual.xml"), mapping: mapping)
        let failure = try #require(result.failure)
        #expect(failure.message.contains("{urn:ietf:params:xml:ns:iodef-2.0}IODEF-Document"))
        #expect(failure.message.contains("{urn:example:helpline:reports:1}reports"))
        #expect(result.reports.isEmpty && result.rejected.count == 1)
    }

    @Test("a mistake in a mapping file is a located error", arguments: [
        ("mapping-unknown-key.yaml", 6, 3, "unknown key 'langauge' in `fields`. Allowed keys: id, text, lang,"),
        ("mapping-undeclared-prefix.yaml", 6, 9, "the prefix `dc` is not declared"),
    ])
    func badMapping(file: String, line: Int, column: Int, message: String) throws {
        let path = try Fixture.path(file)
        let error = try #require(throws: DiagnosticsError.self) { try FeedMapping.load(path: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect((diagnostic.location.file, diagnostic.location.line, diagnostic.location.column) == (path, line, column))
        #expect(diagnostic.message.contains(message))
    }

    @Test("every mistake of a mapping file is reported, each with its line and a caret under it")
    func everyMistake() throws {
        let yaml = """
            root: rss
            record: channel/@item
            fields:
              id: guid
              text: description
              contry: country
            """
        let path = try Fixture.temporaryFile("two-mistakes.yaml", Array(yaml.utf8))
        let error = try #require(throws: DiagnosticsError.self) { try FeedMapping.load(path: path) }
        #expect(error.diagnostics.map(\.location) == [
            SourceLocation(file: path, line: 2, column: 9), SourceLocation(file: path, line: 6, column: 3),
        ])
        #expect(error.description == """
            \(path):2:9: error: `record` must name an element, not an attribute
            record: channel/@item
                    ^
            \(path):6:3: error: unknown key 'contry' in `fields`; did you mean 'country'? Allowed keys: id, text, lang, country, partner, date, codes.
              contry: country
              ^
            """)
    }

    @Test("a YAML syntax error in a mapping file is reported at its line")
    func syntaxError() throws {
        let yaml = "root: rss\nrecord: channel/item\nfields:\n  id: guid\n text: description\n"
        let path = try Fixture.temporaryFile("broken.yaml", Array(yaml.utf8))
        let error = try #require(throws: DiagnosticsError.self) { try FeedMapping.load(path: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect(diagnostic.location.line == 5 && diagnostic.message.hasPrefix("YAML syntax error"))
        #expect(diagnostic.sourceLine == " text: description")
    }

    @Test("a missing mapping file is an error naming the file")
    func missingFile() throws {
        let error = try #require(throws: DiagnosticsError.self) { try FeedMapping.load(path: "/nonexistent/mapping.yaml") }
        #expect(error.description == "/nonexistent/mapping.yaml: error: cannot read the mapping file: there is no such file")
    }

    @Test("anchors and aliases in a mapping file are refused before composing, with their location")
    func aliasesRefused() throws {
        var lines = [#"root: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#]
        for level in 1...8 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append("? *l8\n: x")
        let path = try Fixture.temporaryFile("bomb.yaml", Array(lines.joined(separator: "\n").utf8))
        let error = try #require(throws: DiagnosticsError.self) { try FeedMapping.load(path: path) }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect((diagnostic.location.line, diagnostic.location.column) == (1, 7))
        #expect(diagnostic.message == "YAML anchors (&l0) are not allowed in this file: write each value out where it is used")
    }

    @Test("an absolute field that would read the element holding the records is refused", arguments: ["/rss/channel", "/rss"])
    func fieldHoldingRecords(partner: String) throws {
        let yaml = """
            root: rss
            record: channel/item
            fields:
              id: guid
              text: description
              partner: \(partner)
            """
        let path = try Fixture.temporaryFile("holder.yaml", Array(yaml.utf8))
        let error = try #require(throws: DiagnosticsError.self) { try FeedMapping.load(path: path) }
        #expect(error.diagnostics.map(\.location.line) == [6])
        #expect(error.diagnostics[0].message.contains("`partner` reads an element that holds the records (\(partner))"))
    }
}
