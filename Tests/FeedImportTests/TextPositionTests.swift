import Testing

@testable import FeedImport

@Suite("Looking up a record's lines in the feed file")
struct TextPositionTests {
    static let feed = """
        <r xmlns:p="urn:p">
        <p:i>
        <p:d>one</p:d>
        </p:i>
        <i a="1">
        <d>two</d>
        </i>
        <p:i><p:d>three</p:d></p:i>
        </r>

        """

    @Test("a record ends at its end tag, prefixed or not; a prefixed start tag does not end it")
    func recordEnds() throws {
        let path = try Fixture.temporaryFile("records.xml", Array(Self.feed.utf8))
        let lines = Self.feed.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        #expect(TextPosition.record(startingAt: 2, closingTag: "i", in: path) == Array(lines[1...3].joined().utf8))
        #expect(TextPosition.record(startingAt: 5, closingTag: "i", in: path) == Array(lines[4...6].joined().utf8))
        #expect(TextPosition.record(startingAt: 8, closingTag: "i", in: path) == Array(lines[7].utf8))
        // A line that starts with a prefix and the name (no `</` before it) is not an end tag.
        let odd = try Fixture.temporaryFile("odd.xml", Array("<i>\n/p:i>\n</i>\n".utf8))
        #expect(TextPosition.record(startingAt: 1, closingTag: "i", in: odd).count == 15)
    }

    @Test("a cursor gives the same lines as a scan from the top, also for a line behind it")
    func cursor() throws {
        let path = try Fixture.temporaryFile("cursor.xml", Array(Self.feed.utf8))
        let cursor = LineCursor(line: 2, offset: 20)
        for (first, tag) in [(2, "i"), (5, "i"), (8, "i"), (1, "r"), (5, "i")] {
            #expect(TextPosition.record(startingAt: first, closingTag: tag, in: path, from: cursor)
                == TextPosition.record(startingAt: first, closingTag: tag, in: path), "line \(first)")
        }
        #expect(TextPosition.lines(6, through: nil, of: path, from: cursor) == TextPosition.lines(6, through: nil, of: path))
        #expect(cursor.line == 8)
    }
}
