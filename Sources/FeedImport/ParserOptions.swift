internal import CLibXML2

/// The libxml2 parser options used for every partner feed, in one place.
///
/// Only: no network access, and no error printing (errors come through the structured handler).
/// Never entity substitution, DTD loading or validation, XInclude, HUGE or RECOVER: those let a
/// feed read local files, fetch URLs, expand to gigabytes or turn a broken feed into partial data.
enum ParserOptions {
    /// The options `safe` is made of, with their libxml2 names.
    static let flags: [(name: String, value: Int32)] = [
        ("XML_PARSE_NONET", XML_PARSE_NONET), ("XML_PARSE_NOERROR", XML_PARSE_NOERROR),
        ("XML_PARSE_NOWARNING", XML_PARSE_NOWARNING),
    ].map { ($0.0, Int32(bitPattern: $0.1.rawValue)) }

    /// The value passed to libxml2 for every feed.
    static let safe: Int32 = flags.reduce(0) { $0 | $1.value }

    /// Options that must never be part of `safe` (a test checks each one).
    static let forbidden: [(name: String, value: Int32)] = [
        ("XML_PARSE_NOENT", XML_PARSE_NOENT), ("XML_PARSE_DTDLOAD", XML_PARSE_DTDLOAD),
        ("XML_PARSE_DTDATTR", XML_PARSE_DTDATTR), ("XML_PARSE_DTDVALID", XML_PARSE_DTDVALID),
        ("XML_PARSE_XINCLUDE", XML_PARSE_XINCLUDE), ("XML_PARSE_HUGE", XML_PARSE_HUGE),
        ("XML_PARSE_RECOVER", XML_PARSE_RECOVER),
    ].map { ($0.0, Int32(bitPattern: $0.1.rawValue)) }
}
