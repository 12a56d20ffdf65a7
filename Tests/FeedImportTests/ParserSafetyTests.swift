import Testing

@testable import FeedImport

@Suite("Parser options and byte guard")
struct ParserSafetyTests {
    @Test("the parser options are NONET | NOERROR | NOWARNING and nothing unsafe", arguments: ParserOptions.forbidden.map(\.name))
    func noUnsafeOption(name: String) throws {
        let option = try #require(ParserOptions.forbidden.first { $0.name == name })
        #expect(ParserOptions.safe & option.value == 0, "\(name) must never be set")
    }

    @Test("the parser options are exactly the three safe ones")
    func exactOptions() {
        #expect(ParserOptions.flags.map(\.name) == ["XML_PARSE_NONET", "XML_PARSE_NOERROR", "XML_PARSE_NOWARNING"])
        #expect(ParserOptions.safe == ParserOptions.flags.reduce(0) { $0 | $1.value })
    }

    /// Runs the guard over `text` read `size` bytes at a time; the accepted pieces, or the violation.
    func pieces(_ text: String, chunk size: Int, limits: FeedLimits = .standard) -> ([String], GuardViolation?) {
        var byteGuard = ByteGuard(limits: limits)
        let bytes = Array(text.utf8)
        var start = 0
        var pieces: [String] = []
        while start < bytes.count {
            let chunk = bytes[start..<min(start + size, bytes.count)]
            switch chunk.withUnsafeBytes({ byteGuard.check($0) }) {
            case .violation(let violation): return (pieces, violation)
            case .accept(let count):
                pieces.append(String(decoding: chunk.prefix(count), as: UTF8.self))
                start += count
            }
        }
        return (pieces, nil)
    }

    func check(_ text: String, chunk size: Int, limits: FeedLimits = .standard) -> GuardViolation? {
        pieces(text, chunk: size, limits: limits).1
    }

    @Test("input is cut after every record-level tag, so a broken record cannot swallow the one before")
    func recordPieces() {
        let (parts, violation) = pieces("<r>\n<i a='/'>x<b/>y</i><i/>\n<i>z</i></r>", chunk: 4096)
        #expect(violation == nil)
        #expect(parts == ["<r>", "\n<i a='/'>", "x<b/>y</i>", "<i/>", "\n<i>", "z</i>", "</r>"])
    }

    @Test("the guard cuts a feed at the same record tags and stops at the same byte, however it is read", arguments: [1, 2, 3, 5, 7, 8, 9, 13, 16, 31, 63, 64, 65, 100])
    func sameCutsForEveryChunkSize(size: Int) {
        // Quotes holding `>`, `=`, `/` and the other quote; CDATA and comments with near-endings;
        // a processing instruction; records written `<i/>`; a record whose tag spans words.
        let feed = """
            <?xml version="1.0"?>\n<r xmlns="urn:x" a='1'>\n<i id="a>b" q='say "hi"' e="x=y"><t><![CDATA[a ]] b ]> c]]></t>\
            <!-- a - b -- c ---></i><i/><?pi x?>\n<i   long-attribute-name = "value with / and '>'"   ><b/><c d=''/></i >\n</r>\n
            """
        let whole = pieces(feed, chunk: 1 << 20)
        let cuts = { (parts: [String]) in parts.reduce(into: [0]) { $0.append($0.last! + $1.utf8.count) } }
        let (parts, violation) = pieces(feed, chunk: size)
        #expect(whole.1 == nil && violation == nil)
        #expect(parts.joined() == feed)
        // Every cut of the whole read is also a cut of the chunked one (which also cuts at chunk ends).
        #expect(Set(cuts(whole.0)).isSubset(of: Set(cuts(parts))))
        #expect(whole.0 == [
            "<?xml version=\"1.0\"?>\n<r xmlns=\"urn:x\" a='1'>", "\n<i id=\"a>b\" q='say \"hi\"' e=\"x=y\">",
            "<t><![CDATA[a ]] b ]> c]]></t><!-- a - b -- c ---></i>", "<i/>",
            "<?pi x?>\n<i   long-attribute-name = \"value with / and '>'\"   >", "<b/><c d=''/></i >", "\n</r>", "\n",
        ])
        for attack in ["<r><i a='>' b='1' c='2' d='3'/></r>", "<r><!-- x --><![CDATA[x]]><!DOCTYPE r></r>"] {
            let expected = pieces(attack, chunk: 1 << 20, limits: FeedLimits(maxAttributesPerElement: 2)).1
            #expect(expected != nil)
            #expect(pieces(attack, chunk: size, limits: FeedLimits(maxAttributesPerElement: 2)).1 == expected)
        }
    }

    @Test("DOCTYPE is caught even when split across reads; comments, CDATA and PIs are not mistaken for it", arguments: [1, 2, 7, 4096])
    func chunking(size: Int) {
        #expect(check("<?xml version=\"1.0\"?>\n<!DOCTYPE x>\n<x/>", chunk: size)?.offset == 24)
        #expect(check("<x><!-- <!DOCTYPE x> --><![CDATA[<!DOCTYPE x>]]><?pi <!DOCTYPE?><y a=\"<!DOCTYPE\"/></x>", chunk: size) == nil)
        #expect(check("<x><!ENTITY a \"b\"></x>", chunk: size) != nil)
        #expect(check("<x a='1' b=\"2\" c='3'/>", chunk: size, limits: FeedLimits(maxAttributesPerElement: 2)) != nil)
        #expect(check("<x a='=' b=\"==\"/><y a='1'/><z b='2'/>", chunk: size, limits: FeedLimits(maxAttributesPerElement: 2)) == nil)
    }
}
