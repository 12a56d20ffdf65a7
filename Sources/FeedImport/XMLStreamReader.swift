internal import CLibXML2
import ReportIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only reader over one unit of a feed (or the whole feed): libxml2's `xmlTextReader`,
/// fed through the byte guard, with the safe parser options and the limits. Owns the C reader (freed in `deinit`).
///
/// Every method that moves the reader throws a located `FeedError` when the feed turns out to be
/// broken or hostile; after that the reader must not be used.
final class XMLStreamReader {
    enum NodeKind { case element, endElement, text, other }

    let path: String
    let limits: FeedLimits
    private let input: UnitInput
    private let reader: xmlTextReaderPtr
    /// Set by `skipSubtree`: the reader already stands on the next node (or at the end).
    private var held: Bool?
    /// The kind of the current node.
    private(set) var kind = NodeKind.other
    /// libxml2's error when it ended a unit cut from the middle of the feed: its code, its
    /// message (with file lines) and the file line it is on.
    private(set) var parserErrorInCutUnit: (code: Int32, detail: String, line: Int)?
    /// Where rejected records of this unit are looked up in the file from.
    let lines: LineCursor
    /// `readText`'s buffer, kept between calls.
    private var textBytes: [UInt8] = []

    /// Opens `path` (`-`: standard input) and reads it as one unit; throws when it cannot be
    /// opened, is empty, or libxml2 refuses to start.
    convenience init(path: String, limits: FeedLimits = .standard) throws(FeedError) {
        let stream = try GuardedStream(path: path, limits: limits, splitDepth: 2)
        try self.init(unit: .whole(stream), path: path, limits: limits)
    }

    /// libxml2 asks threaded programs to initialise it once, before any parse. Every reader
    /// touches this; a `static let` runs once, and readers starting on other threads meanwhile wait for it.
    private static let parserReady: Void = xmlInitParser()

    /// Reads one unit of the feed at `path`, until the unit ends or `cancellation` says so;
    /// throws when libxml2 refuses to start.
    init(unit: ParseUnit, path: String, limits: FeedLimits, cancellation: ParseCancellation? = nil) throws(FeedError) {
        _ = Self.parserReady
        self.path = path
        self.limits = limits
        lines = LineCursor(line: unit.firstLine, offset: unit.firstLineOffset)
        input = UnitInput(unit, cancellation: cancellation)
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard let reader = xmlReaderForIO(
            { context, buffer, count in
                guard let context, let buffer else { return -1 }
                return Unmanaged<UnitInput>.fromOpaque(context).takeUnretainedValue().read(into: UnsafeMutableRawPointer(buffer), count: Int(count))
            },
            { _ in 0 }, context, path, nil, ParserOptions.safe)
        else {
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "libxml2 could not start reading the feed (out of memory?)")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                // Validity messages (such as an `xml:id` given twice) are not well-formedness errors,
                // and the ID table they come from is per document: they would differ between units.
                guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue,
                      error.pointee.domain != Int32(XML_FROM_VALID.rawValue)
                else { return }
                let input = Unmanaged<UnitInput>.fromOpaque(context).takeUnretainedValue()
                guard input.parserError == nil else { return }
                let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
                input.parserError = (
                    Int32(error.pointee.code), message.trimmingWhitespace(), Int(error.pointee.line), Int(error.pointee.int2)
                )
            }, context)
    }

    deinit { xmlFreeTextReader(reader) }

    /// Moves to the next node; `false` at the end of the document.
    func read() throws(FeedError) -> Bool {
        let status: Int32
        if let held {
            self.held = nil
            status = held ? 1 : 0
        } else {
            status = xmlTextReaderRead(reader)
            try checkErrors(status: status)
        }
        kind = status == 1 ? Self.kind(of: xmlTextReaderNodeType(reader)) : .other
        if status == 1, kind == .element, depth > limits.maxDepth {
            throw failure("elements are nested more than \(limits.maxDepth) levels deep; this is not the structure of a partner feed")
        }
        return status == 1
    }

    /// Skips the current element's subtree (its bytes are still checked by the parser); the
    /// next `read()` returns the node after it.
    func skipSubtree() throws(FeedError) {
        if isEmptyElement { return }
        let status = xmlTextReaderNext(reader)
        try checkErrors(status: status)
        held = status == 1
    }

    private static func kind(of type: Int32) -> NodeKind {
        switch type {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue): .element
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue): .endElement
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue),
             Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue): .text
        default: .other
        }
    }

    /// 1 for the root element, 2 for its children, ...
    var depth: Int { Int(xmlTextReaderDepth(reader)) + 1 }

    /// Whether the current element is written `<x/>` (no end element follows).
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }

    /// A name stored once in the reader's dictionary. Node names come from that dictionary, so
    /// they compare with it by address: no string comparison per node.
    struct InternedName: Equatable {
        fileprivate let address: UnsafePointer<UInt8>?
    }

    /// `name`, stored in the reader's dictionary.
    func intern(_ name: StaticString) -> InternedName { InternedName(address: xmlTextReaderConstString(reader, name.utf8Start)) }

    /// The current node's local name and namespace URI, as stored in the reader's dictionary.
    var internedLocalName: InternedName { InternedName(address: xmlTextReaderConstLocalName(reader)) }
    var internedNamespace: InternedName { InternedName(address: xmlTextReaderConstNamespaceUri(reader)) }

    /// Whether the current node's local name is `name`, compared in place.
    func localNameIs(_ name: StaticString) -> Bool {
        xmlStrEqual(xmlTextReaderConstLocalName(reader), name.utf8Start) == 1
    }

    /// Whether the current node's namespace URI is `uri`, compared in place.
    func namespaceIs(_ uri: StaticString) -> Bool {
        xmlStrEqual(xmlTextReaderConstNamespaceUri(reader), uri.utf8Start) == 1
    }

    var localName: String { xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "" }
    var namespaceURI: String? { xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } }
    /// `xml:lang` of the current node, inherited from its ancestors.
    var xmlLang: String? { xmlTextReaderConstXmlLang(reader).map { String(cString: $0) } }

    /// The attribute `name` (no namespace) of the current element.
    func attribute(_ name: String) -> String? {
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { cxml_free(value) }
        return String(cString: value)
    }

    /// The attribute `local` in namespace `uri` of the current element.
    func attribute(_ local: String, namespace uri: String) -> String? {
        guard let value = xmlTextReaderGetAttributeNs(reader, local, uri) else { return nil }
        defer { cxml_free(value) }
        return String(cString: value)
    }

    /// The text inside the current element (CDATA included, child elements' text included),
    /// leaving the reader on its end; throws past `limits.maxTextBytes`.
    func readText() throws(FeedError) -> String {
        if isEmptyElement { return "" }
        let elementDepth = depth
        textBytes.removeAll(keepingCapacity: true)
        while try read() {
            switch kind {
            case .text:
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                let count = strlen(value)
                if textBytes.count + count > limits.maxTextBytes {
                    throw failure("a text field is longer than the limit of \(limits.maxTextBytes) bytes; "
                        + "ask the partner to shorten it, or raise the limit")
                }
                textBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: count))
            case .endElement where depth == elementDepth:
                return String(decoding: textBytes, as: UTF8.self)
            default:
                continue
            }
        }
        throw failure("the feed ends inside an element; the file looks truncated")
    }

    /// Where the current node starts (line only: libxml2 keeps no column for nodes).
    var nodeLocation: RecordLocation {
        let nodeLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? 0
        // Node lines saturate at 65535 without XML_PARSE_BIG_LINES; the parser's line is close.
        let line = nodeLine > 0 && nodeLine < 65535 ? nodeLine : Int(xmlTextReaderGetParserLineNumber(reader))
        return RecordLocation(file: path, line: input.unit.fileLocation(line: line, column: 1).line)
    }

    /// A located error at the parser's current position.
    func failure(_ message: String) -> FeedError {
        FeedError(
            location: location(line: Int(xmlTextReaderGetParserLineNumber(reader)), column: Int(xmlTextReaderGetParserColumnNumber(reader))),
            message: message)
    }

    /// libxml2's `detail` with the lines it names ("... Description line 5 and ...") as lines of the file.
    private func fileLines(in detail: String) -> String {
        var result = ""
        var rest = Substring(detail)
        while let word = rest.firstRange(of: " line ") {
            let element = rest[..<word.lowerBound].split(separator: " ").last ?? ""
            result += rest[..<word.upperBound]
            rest = rest[word.upperBound...]
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if let line = Int(digits) {
                result += String(input.unit.fileLine(ofElement: element, line: line))
                rest = rest.dropFirst(digits.count)
            }
        }
        return result + rest
    }

    /// The place in the file of a line and column in the unit.
    private func location(line: Int, column: Int) -> RecordLocation {
        let (line, column) = input.unit.fileLocation(line: line, column: column)
        return RecordLocation(file: path, line: line, column: column)
    }

    private func checkErrors(status: Int32) throws(FeedError) {
        guard status < 0 || input.stopped || input.parserError != nil else { return }
        var parserError: FeedError?
        if let error = input.parserError {
            let place = location(line: error.line, column: error.column)
            let detail = fileLines(in: error.message)
            if input.unit.isCutFromMiddle { parserErrorInCutUnit = (error.code, detail, place.line) }
            parserError = FeedError(
                location: place,
                message: ParserMessages.explain(code: error.code, detail: detail, openAtEnd: input.openElements(atErrorLine: place.line)))
        }
        switch input.stop {
        case .violation(let violation):
            // The guard reads ahead of the parser: an error the parser found earlier in the file
            // comes first, however the bytes were handed over.
            let stop = FeedError(location: TextPosition.locate(offset: violation.offset, in: path), message: violation.message)
            if let parserError, (parserError.location.line, parserError.location.column) < (stop.location.line, stop.location.column) {
                throw parserError
            }
            throw stop
        case .readFailure(let failure):
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "the feed could not be read (\(failure))")
        case nil:
            break
        }
        if let parserError { throw parserError }
        if status < 0 { throw failure("the feed is not well-formed XML; libxml2 stopped here") }
    }
}

extension String {
    /// The string lower-cased; itself, without a copy, when it is lower-case ASCII already (most
    /// partner names and language tags are).
    func lowercasedIfNeeded() -> String {
        utf8.contains { $0 >= 0x80 || (0x41...0x5A).contains($0) } ? lowercased() : self
    }

    /// The string without leading and trailing white space (Unicode's definition).
    func trimmingWhitespace() -> String {
        // Fast path: most fields start and end with a visible ASCII character.
        if let first = utf8.first, let last = utf8.last, Self.isVisibleASCII(first), Self.isVisibleASCII(last) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    private static func isVisibleASCII(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
}

