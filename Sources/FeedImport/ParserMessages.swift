/// libxml2's error codes turned into sentences an analyst can act on; the parser's own wording
/// follows in parentheses for whoever debugs the feed with the partner.
enum ParserMessages {
    /// `openAtEnd`: elements still open when the file ended, for an error found there (then the file is truncated, whatever
    /// libxml2 says).
    static func explain(code: Int32, detail: String, openAtEnd: Int) -> String {
        if openAtEnd > 0 {
            // libxml2 words this case in several misleading ways ("Extra content ...").
            return "the feed ends before the document is complete (\(openAtEnd) element(s) still open); "
                + "the file looks truncated: ask the partner to send it again"
        }
        let sentence: String
        switch code {
        case 4: sentence = "the feed has no XML content"
        case 5: sentence = "there is content after the end of the document (a second root element or trailing garbage); the file may be two feeds joined together"
        case 9: sentence = "the feed has bytes that are not valid UTF-8 (or a forbidden control character); ask the partner to export it as UTF-8"
        case 26, 27: sentence = "the feed uses an entity (&name;) that is not defined; only &amp; &lt; &gt; &quot; &apos; and character references are allowed"
        case 32: sentence = "the feed declares an encoding this tool does not read; convert it to UTF-8"
        case 42: sentence = "an element repeats the same attribute"
        case 73, 74, 77: sentence = "the feed ends before the document is complete, or a tag is not closed; the file looks truncated or damaged"
        case 76: sentence = "an end tag does not match the start tag it closes; the feed is damaged there"
        case 89: sentence = "the feed defines entities that refer to each other (an entity-expansion attack)"
        case 201: sentence = "the feed uses a namespace prefix it never declares"
        case 202: sentence = "an element or attribute name has a malformed namespace prefix"
        case 203: sentence = "an element repeats the same attribute (once through a namespace prefix)"
        default: sentence = "the feed is not well-formed XML"
        }
        return "\(sentence) (libxml2: \(detail))"
    }
}
