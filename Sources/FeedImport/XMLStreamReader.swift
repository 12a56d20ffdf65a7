internal import CLibXML2
import ReportIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import TextFormats
#endif

/// A forward-only reader over a feed: libxml2's `xmlTextReader`, fed through the byte guard,
/// with the safe parser options and the limits. Owns the C reader (freed in `deinit`).
///
/// Every method that moves the reader throws a located `FeedError` when the feed turns out to be
/// broken or hostile; after that the reader must not be used.
final class XMLStreamReader {
    enum NodeKind { case element, endElement, text, other }

    let path: String
    let limits: FeedLimits
    private let input: ReaderInput
    private let reader: xmlTextReaderPtr
    /// Set by `skipSubtree`: the reader already stands on the next node (or at the end).
    private var held: Bool?
    /// A break that `skipSubtreeReportingLater` found, thrown by the next `read()`.
    private var deferred: FeedError?
    /// The kind of the current node.
    private(set) var kind = NodeKind.other
    /// The current node, asked of libxml2 once per move.
    private var node: xmlNodePtr?
    /// Where rejected records are looked up in the file from.
    let lines = LineCursor()
    /// `readText`'s buffer, kept between calls.
    private var textBytes: [UInt8] = []

    /// Opens the feed at `path` (`-`: standard input), with its records at `recordDepth` (2 for
    /// IODEF incidents); throws when it cannot be opened, is empty, or libxml2 refuses to start.
    init(path: String, limits: FeedLimits = .standard, recordDepth: Int = 2) throws(FeedError) {
        _ = Self.parserReady
        self.path = path
        self.limits = limits
        input = ReaderInput(try GuardedStream(path: path, limits: limits, recordDepth: recordDepth))
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard let reader = xmlReaderForIO(
            { context, buffer, count in
                guard let context, let buffer else { return -1 }
                return Unmanaged<ReaderInput>.fromOpaque(context).takeUnretainedValue().read(into: UnsafeMutableRawPointer(buffer), count: Int(count))
            },
            { _ in 0 }, context, path, nil, ParserOptions.safe)
        else {
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "libxml2 could not start reading the feed (out of memory?)")
        }
        self.reader = reader
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                // Validity messages (such as an `xml:id` given twice) are not well-formedness errors.
                guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue,
                      error.pointee.domain != Int32(XML_FROM_VALID.rawValue)
                else { return }
                let input = Unmanaged<ReaderInput>.fromOpaque(context).takeUnretainedValue()
                guard input.parserError == nil else { return }
                let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
                input.parserError = (
                    Int32(error.pointee.code), message.trimmingWhitespace(), Int(error.pointee.line), Int(error.pointee.int2)
                )
            }, context)
    }

    deinit { xmlFreeTextReader(reader) }

    /// libxml2 asks threaded programs to initialise it once, before any parse. Every reader
    /// touches this; a `static let` runs once, and readers starting on other threads meanwhile wait for it.
    private static let parserReady: Void = xmlInitParser()

    /// Moves to the next node; `false` at the end of the document.
    func read() throws(FeedError) -> Bool {
        if let deferred {
            self.deferred = nil
            throw deferred
        }
        let status: Int32
        if let held {
            self.held = nil
            status = held ? 1 : 0
        } else {
            status = xmlTextReaderRead(reader)
            try checkErrors(status: status)
        }
        // (Nesting deeper than `limits.maxDepth` never gets here: the byte guard stops it.)
        node = status == 1 ? xmlTextReaderCurrentNode(reader) : nil
        kind = node.map(currentKind) ?? .other
        return status == 1
    }

    /// The current element with its whole subtree, parsed at once (at most `limits.maxRecordBytes`
    /// of the feed, which the byte guard enforces): one record's fields are then read from the
    /// tree without going back to the parser node by node. The reader stays on the element;
    /// `skipSubtree()` moves past it.
    ///
    /// `record`: the element's place among the record-level elements (1 for the first). libxml2
    /// completes a subtree only once it has seen what follows it, so a feed that breaks right
    /// after a record fails the expansion; the record is still whole if its end was parsed, and
    /// is returned then, the break being reported by the next move.
    func expand(record: Int) throws(FeedError) -> XMLElement {
        if let element = xmlTextReaderExpand(reader) { return XMLElement(node: element, reader: self) }
        // Whole when the parser got past its end tag before it failed.
        if let end = input.stream.end(ofRecord: record), Int(xmlTextReaderByteConsumed(reader)) > end,
           let element = xmlTextReaderCurrentNode(reader) {
            return XMLElement(node: element, reader: self)
        }
        try explainErrors(status: -1)
        preconditionFailure("explainErrors throws for a negative status")
    }

    /// Skips the current element's subtree (its bytes are still checked by the parser); the
    /// next `read()` returns the node after it.
    func skipSubtree() throws(FeedError) {
        if isEmptyElement { return }
        let status = xmlTextReaderNext(reader)
        node = nil
        try checkErrors(status: status)
        held = status == 1
    }

    /// Skips the current element's subtree now, while its nodes are still in the cache, and
    /// reports a break found on the way with the next `read()`: the record just read is then
    /// handed on before the break.
    func skipSubtreeReportingLater() {
        do { try skipSubtree() } catch { deferred = error }
    }

    /// The kind of the node the reader stands on. A text or CDATA node is told by its own type:
    /// the reader's node type would also walk the text to tell blank text from other text.
    private func currentKind(_ node: xmlNodePtr) -> NodeKind {
        if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE { return .text }
        return Self.kind(of: xmlTextReaderNodeType(reader))
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

    /// The current node read in place, as the nodes of an expanded subtree are.
    private var current: XMLElement? { node.map { XMLElement(node: $0, reader: self) } }

    /// The current node's local name, as stored in the reader's dictionary.
    var internedLocalName: InternedName {
        // An element's local name is its node's name (what `xmlTextReaderConstLocalName` returns).
        if let current, current.isElement { return current.internedLocalName }
        return InternedName(address: xmlTextReaderConstLocalName(reader))
    }

    /// A namespace that elements are tested for, with its declaration in scope at the root
    /// element: that declaration lives as long as the document, so elements that use it are
    /// told by its address, and only others (a namespace declared again further down) by URI.
    struct Namespace {
        fileprivate let uri: StaticString
        fileprivate let rootDeclaration: xmlNsPtr?
    }

    /// The namespace `uri`; the reader must stand on the root element.
    func namespace(_ uri: StaticString) -> Namespace {
        let root = xmlTextReaderCurrentNode(reader)
        return Namespace(uri: uri, rootDeclaration: root.flatMap { xmlSearchNsByHref($0.pointee.doc, $0, uri.utf8Start) })
    }

    /// Whether the current element is in `namespace`.
    func isIn(_ namespace: Namespace) -> Bool { current?.isIn(namespace) ?? false }

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
    var xmlLang: String? { current?.xmlLang }

    /// The attribute `name` (no namespace) of the current element.
    func attribute(_ name: String) -> String? {
        // A qualified name or `xmlns` (the namespace declaration) goes to libxml2's lookup.
        let isPlain = name != "xmlns" && name.utf8.withContiguousStorageIfAvailable { !$0.contains(UInt8(ascii: ":")) } == true
        if isPlain, let element = node {
            return xmlHasNsProp(element, name, nil).map(Self.value(of:))
        }
        guard let value = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { cxml_free(value) }
        return String(cString: value)
    }

    /// The value of an attribute, as libxml2's `xmlGetProp` gives it; read in place when it is
    /// one text node, as most values are, instead of a copy to free.
    fileprivate static func value(of attribute: xmlAttrPtr) -> String {
        guard let children = attribute.pointee.children else { return "" }
        if children.pointee.next == nil, children.pointee.type == XML_TEXT_NODE || children.pointee.type == XML_CDATA_SECTION_NODE {
            return children.pointee.content.map { String(cString: $0) } ?? ""
        }
        guard let value = xmlNodeListGetString(attribute.pointee.doc, children, 1) else { return "" }
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
        // Most fields are one text node: it becomes the string at once; only a second one (text
        // and CDATA, say) joins them in the buffer.
        var text = ""
        var parts = 0
        var total = 0
        while try read() {
            switch kind {
            case .text:
                guard let value = xmlTextReaderConstValue(reader) else { continue }
                let bytes = UnsafeBufferPointer(start: value, count: strlen(value))
                total += bytes.count
                if total > limits.maxTextBytes { throw failure(Self.textTooLong(limits)) }
                if parts == 0 {
                    text = String(decoding: bytes, as: UTF8.self)
                } else {
                    if parts == 1 {
                        textBytes.removeAll(keepingCapacity: true)
                        textBytes.append(contentsOf: text.utf8)
                    }
                    textBytes.append(contentsOf: bytes)
                }
                parts += 1
            case .endElement where depth == elementDepth:
                return parts > 1 ? String(decoding: textBytes, as: UTF8.self) : text
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
        return RecordLocation(file: path, line: line)
    }

    /// A located error at the parser's current position.
    /// Why a field over `limits.maxTextBytes` is refused.
    fileprivate static func textTooLong(_ limits: FeedLimits) -> String {
        "a text field is longer than the limit of \(limits.maxTextBytes) bytes; ask the partner to shorten it, or raise the limit"
    }

    func failure(_ message: String) -> FeedError {
        FeedError(
            location: RecordLocation(
                file: path, line: Int(xmlTextReaderGetParserLineNumber(reader)), column: Int(xmlTextReaderGetParserColumnNumber(reader))),
            message: message)
    }

    @inline(__always)
    private func checkErrors(status: Int32) throws(FeedError) {
        if status < 0 || input.halted { try explainErrors(status: status) }
    }

    private func explainErrors(status: Int32) throws(FeedError) {
        var parserError: FeedError?
        if let error = input.parserError {
            parserError = FeedError(
                location: RecordLocation(file: path, line: error.line, column: error.column),
                message: ParserMessages.explain(code: error.code, detail: error.message, openAtEnd: input.openElements(atErrorLine: error.line)))
        }
        if input.stopped, let violation = input.stream.violation {
            // The guard reads ahead of the parser: an error the parser found earlier in the file
            // comes first, however the bytes were handed over.
            let stop = FeedError(location: TextPosition.locate(offset: violation.offset, in: path), message: violation.message)
            if let parserError, (parserError.location.line, parserError.location.column) < (stop.location.line, stop.location.column) {
                throw parserError
            }
            throw stop
        }
        if input.stopped, let failure = input.stream.readFailure {
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "the feed could not be read (\(failure))")
        }
        if let parserError { throw parserError }
        if status < 0 { throw failure("the feed is not well-formed XML; libxml2 stopped here") }
    }
}

/// An element of a subtree that `XMLStreamReader.expand()` parsed (or the reader's current node),
/// read in place: valid until the reader moves past it.
struct XMLElement {
    fileprivate let node: xmlNodePtr
    /// Used only while the reader reads the subtree (for its limits and the file's name).
    fileprivate unowned(unsafe) let reader: XMLStreamReader

    /// The element children, in document order (text, comments and instructions left out).
    var children: Children { Children(following: node.pointee.children, reader: reader) }

    /// The element children of an element, one after the other.
    struct Children: Sequence, IteratorProtocol {
        fileprivate var following: xmlNodePtr?
        fileprivate unowned(unsafe) let reader: XMLStreamReader

        mutating func next() -> XMLElement? {
            while let current = following {
                following = current.pointee.next
                if current.pointee.type == XML_ELEMENT_NODE { return XMLElement(node: current, reader: reader) }
            }
            return nil
        }
    }

    /// The namespace of `xml:lang` (libxml2's `XML_XML_NAMESPACE`, a macro Swift does not import).
    private static let xmlNamespace: StaticString = "http://www.w3.org/XML/1998/namespace"

    /// Whether this is an element (the reader's current node may be text or another kind).
    var isElement: Bool { node.pointee.type == XML_ELEMENT_NODE }

    /// The local name, as stored in the reader's dictionary.
    var internedLocalName: XMLStreamReader.InternedName { XMLStreamReader.InternedName(address: node.pointee.name) }

    /// Whether the element is in `namespace`.
    func isIn(_ namespace: XMLStreamReader.Namespace) -> Bool {
        guard let declaration = node.pointee.ns else { return false }
        return declaration == namespace.rootDeclaration || xmlStrEqual(declaration.pointee.href, namespace.uri.utf8Start) == 1
    }

    /// The attribute `name` (no namespace, no prefix).
    func attribute(_ name: StaticString) -> String? {
        xmlHasNsProp(node, name.utf8Start, nil).map(XMLStreamReader.value(of:))
    }

    /// `xml:lang` of the node, inherited from its ancestors.
    var xmlLang: String? {
        var ancestor: xmlNodePtr? = node
        while let element = ancestor {
            if let lang = xmlHasNsProp(element, "lang", Self.xmlNamespace.utf8Start) { return XMLStreamReader.value(of: lang) }
            ancestor = element.pointee.parent
        }
        return nil
    }

    /// The text inside the element (CDATA included, child elements' text included, in document
    /// order), as `XMLStreamReader.readText()` reads it; throws past `limits.maxTextBytes`.
    func text() throws(FeedError) -> String {
        // Most fields are one text node: it becomes the string at once.
        if let only = node.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE || only.pointee.type == XML_CDATA_SECTION_NODE {
            let bytes = only.pointee.content.map { UnsafeBufferPointer(start: $0, count: strlen($0)) } ?? UnsafeBufferPointer(start: nil, count: 0)
            try checkLength(bytes.count)
            return String(decoding: bytes, as: UTF8.self)
        }
        var parts: [UnsafeBufferPointer<UInt8>] = []
        var total = 0
        try collect(node.pointee.children, into: &parts, total: &total)
        if parts.count == 1 { return String(decoding: parts[0], as: UTF8.self) }
        var joined: [UInt8] = []
        joined.reserveCapacity(total)
        for part in parts { joined.append(contentsOf: part) }
        return String(decoding: joined, as: UTF8.self)
    }

    private func collect(
        _ first: xmlNodePtr?, into parts: inout [UnsafeBufferPointer<UInt8>], total: inout Int
    ) throws(FeedError) {
        var child = first
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content {
                    let bytes = UnsafeBufferPointer(start: content, count: strlen(content))
                    total += bytes.count
                    try checkLength(total)
                    parts.append(bytes)
                }
            case XML_ELEMENT_NODE:
                try collect(current.pointee.children, into: &parts, total: &total)
            default:
                break
            }
            child = current.pointee.next
        }
    }

    private func checkLength(_ count: Int) throws(FeedError) {
        guard count > reader.limits.maxTextBytes else { return }
        throw FeedError(
            location: RecordLocation(file: reader.path, line: Int(xmlGetLineNo(node))), message: XMLStreamReader.textTooLong(reader.limits))
    }
}
