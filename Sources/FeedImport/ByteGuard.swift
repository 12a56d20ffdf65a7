#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TextFormats

/// A problem the byte guard found, at a byte offset of the feed.
struct GuardViolation: Sendable, Hashable {
    var offset: Int
    var message: String
}

/// Checks the raw bytes of a feed on their way to libxml2, before the parser sees them.
///
/// It stops what the parser options cannot: any `<!DOCTYPE` or other markup declaration (the
/// door to entity expansion and external entities), start tags with too many attributes
/// (quadratic in libxml2 2.9), elements nested too deep, records and feeds over their size
/// caps, and non-UTF-8 encodings (a UTF-16 feed
/// would slip past a byte scan). Text, attribute values and the names in a tag are skipped
/// sixteen bytes at a time (`ByteScan`, and `memchr` for long runs); only comments' and CDATA's
/// endings and declarations are walked byte by byte.
///
/// It also cuts the input after every start or end tag at the record level or above
/// (`recordDepth`). libxml2's reader stops delivering nodes once a chunk fails to parse, so a
/// chunk that held the end of one record and a broken byte of the next would lose the complete
/// record; ending chunks at record tags (see `ReaderBlocks`) keeps every complete record before a failure.
struct ByteGuard {
    /// The result of checking bytes: how many may go to the parser now, or why none may.
    enum Outcome: Equatable {
        case accept(Int)
        case violation(GuardViolation)
    }

    private enum State {
        case text, tagOpen, startTag, quoted(UInt8), endTag
        /// After `<!`: `matched` bytes of `<!--` or of `<![CDATA[` (told apart by the first byte).
        case bang(matched: Int, cdata: Bool)
        case comment(dashes: Int), cdata(brackets: Int), instruction(question: Bool)
    }

    private let limits: FeedLimits
    private let recordDepth: Int
    private var state = State.text
    private var attributes = 0
    /// The last byte checked (for `/>` split across checks).
    private var previous: UInt8 = 0
    /// Elements open after the bytes checked so far.
    private(set) var depth = 0
    /// Where the record being read started (its start tag's `<`), while one is open.
    private var recordStart = 0
    /// Records (elements at `recordDepth`) whose end the bytes checked so far include.
    private(set) var recordsEnded = 0
    /// Where the last few of them ended, by `recordsEnded` modulo the count.
    private var recentRecordEnds = [Int](repeating: 0, count: 8)
    /// Bytes checked so far.
    private(set) var offset = 0

    /// `recordDepth`: the depth of the feed's records (2 for IODEF incidents).
    init(limits: FeedLimits, recordDepth: Int = 2) {
        self.limits = limits
        self.recordDepth = recordDepth
    }

    /// Checks the next bytes of the feed: accepts a prefix of `chunk` (all of it, or up to the
    /// end of a record-level tag), or finds a violation, after which nothing may be parsed.
    mutating func check(_ chunk: UnsafeRawBufferPointer) -> Outcome {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .accept(0) }
        var i = 0
        let n = chunk.count
        scan: while i < n {
            switch state {
            // Text and tags, one after the other, in one loop: the state is written only when the
            // chunk ends inside a tag, or at a comment, CDATA section or instruction.
            case .text, .tagOpen:
                // At `.tagOpen` the last chunk ended with a `<`: this one starts with what follows it.
                var afterOpen = if case .tagOpen = state { true } else { false }
                state = .text
                while true {
                    if !afterOpen {
                        i = Self.next(UInt8(ascii: "<"), in: base, from: i, to: n) + 1
                        guard i < n else {
                            state = i > n ? .text : .tagOpen
                            i = n
                            continue scan
                        }
                    }
                    afterOpen = false
                    let byte = base[i]
                    i += 1
                    switch byte {
                    case UInt8(ascii: "!"):
                        state = .bang(matched: 0, cdata: false)
                        continue scan
                    case UInt8(ascii: "?"):
                        state = .instruction(question: false)
                        continue scan
                    case UInt8(ascii: "/"):
                        i = Self.next(UInt8(ascii: ">"), in: base, from: i, to: n)
                        guard i < n else {
                            state = .endTag
                            continue scan
                        }
                        i += 1
                        if closed(endingAt: i) { break scan }
                    default:
                        if let violation = opened(at: i - 2) { return .violation(violation) }
                        switch startTag(base, from: i, to: n) {
                        case .ended(let end):
                            i = end
                            if elementEnded(base, at: end) { break scan }
                        case .open(let quote):
                            state = quote.map { .quoted($0) } ?? .startTag
                            i = n
                            continue scan
                        case .violation(let violation):
                            return .violation(violation)
                        }
                    }
                }
            case .startTag:
                switch startTag(base, from: i, to: n) {
                case .ended(let end):
                    i = end
                    state = .text
                    if elementEnded(base, at: end) { break scan }
                case .open(let quote):
                    if let quote { state = .quoted(quote) }
                    i = n
                case .violation(let violation):
                    return .violation(violation)
                }
            case .quoted(let quote):
                i = Self.next(quote, in: base, from: i, to: n)
                guard i < n else { continue }
                i += 1
                state = .startTag
            case .endTag:
                i = Self.next(UInt8(ascii: ">"), in: base, from: i, to: n)
                guard i < n else { continue }
                i += 1
                state = .text
                if closed(endingAt: i) { break scan }
            case .bang(let matched, var cdata):
                if matched == 0 { cdata = base[i] == UInt8(ascii: "[") }
                let opening = cdata ? Self.cdataOpen : Self.commentOpen
                guard base[i] == opening[matched] else {
                    return .violation(GuardViolation(offset: offset + i, message: Self.declarationMessage))
                }
                state = matched + 1 < opening.count ? .bang(matched: matched + 1, cdata: cdata)
                    : cdata ? .cdata(brackets: 0) : .comment(dashes: 0)
                i += 1
            case .comment(let dashes):
                if dashes == 0 {
                    i = Self.next(UInt8(ascii: "-"), in: base, from: i, to: n)
                    guard i < n else { continue }
                }
                let byte = base[i]
                state = byte == UInt8(ascii: ">") && dashes >= 2 ? .text
                    : .comment(dashes: byte == UInt8(ascii: "-") ? dashes + 1 : 0)
                i += 1
            case .cdata(let brackets):
                if brackets == 0 {
                    i = Self.next(UInt8(ascii: "]"), in: base, from: i, to: n)
                    guard i < n else { continue }
                }
                let byte = base[i]
                state = byte == UInt8(ascii: ">") && brackets >= 2 ? .text
                    : .cdata(brackets: byte == UInt8(ascii: "]") ? brackets + 1 : 0)
                i += 1
            case .instruction(let question):
                let byte = base[i]
                state = byte == UInt8(ascii: ">") && question ? .text
                    : .instruction(question: byte == UInt8(ascii: "?"))
                i += 1
            }
        }
        if i > 0 { previous = base[i - 1] }
        offset += i
        if depth >= recordDepth, offset - recordStart > limits.maxRecordBytes {
            return .violation(GuardViolation(
                offset: recordStart,
                message: "a record (an incident) is larger than the limit of \(limits.maxRecordBytes) bytes; "
                    + "this is not an incident a partner sends: ask the partner to check the feed"))
        }
        if offset > limits.maxBytes {
            return .violation(GuardViolation(
                offset: limits.maxBytes,
                message: "the feed is larger than the limit of \(limits.maxBytes) bytes; split it into smaller files"))
        }
        return .accept(i)
    }

    /// Counts a start tag whose `<` is at `index` of the chunk; a violation when it nests too deep.
    @inline(__always)
    private mutating func opened(at index: Int) -> GuardViolation? {
        attributes = 0
        depth += 1
        if depth == recordDepth { recordStart = offset + index }
        guard depth > limits.maxDepth else { return nil }
        return GuardViolation(
            offset: offset + index,
            message: "elements are nested more than \(limits.maxDepth) levels deep; this is not the structure of a partner feed")
    }

    /// How the rest of a start tag from some byte ends within a chunk.
    private enum StartTagScan {
        /// At `>`, the byte before `end`.
        case ended(Int)
        /// The chunk ends inside the tag, inside an attribute value opened with `quote` if one is given.
        case open(UInt8?)
        case violation(GuardViolation)
    }

    /// Reads a start tag on from `start`: names and the rest do not matter, so it jumps from quote
    /// to quote and to `>`. An attribute is counted at its value's opening quote: libxml2 parses
    /// none without one.
    @inline(__always)
    private mutating func startTag(_ base: UnsafePointer<UInt8>, from start: Int, to n: Int) -> StartTagScan {
        var i = start
        while true {
            i = Self.nextInStartTag(base, from: i, to: n)
            guard i < n else { return .open(nil) }
            let quote = base[i]
            if quote == UInt8(ascii: ">") { return .ended(i + 1) }
            attributes += 1
            if attributes > limits.maxAttributesPerElement {
                return .violation(GuardViolation(
                    offset: offset + i,
                    message: "an element has more than \(limits.maxAttributesPerElement) attributes; "
                        + "this is not a partner feed a person can use (and parsing it would take minutes)"))
            }
            i = Self.next(quote, in: base, from: i + 1, to: n)
            guard i < n else { return .open(quote) }
            i += 1
        }
    }

    /// Counts the end of a start tag whose `>` is the byte before `end` (written `<x/>`, the
    /// element ends there too); whether the chunk is to end there, at a record-level tag.
    @inline(__always)
    private mutating func elementEnded(_ base: UnsafePointer<UInt8>, at end: Int) -> Bool {
        let elementDepth = depth
        if (end >= 2 ? base[end - 2] : previous) == UInt8(ascii: "/") { _ = closed(endingAt: end) }
        return elementDepth <= recordDepth
    }

    /// Counts the end of an element whose last byte is before `end` of the chunk; whether the
    /// chunk is to end there, at a record-level tag.
    @inline(__always)
    private mutating func closed(endingAt end: Int) -> Bool {
        if depth == recordDepth {
            recordsEnded += 1
            recentRecordEnds[recordsEnded % recentRecordEnds.count] = offset + end
        }
        depth -= 1
        return depth < recordDepth
    }

    /// The offset just past the end tag of record `record` (1 for the first), if it is one of the
    /// last few that ended.
    func end(ofRecord record: Int) -> Int? {
        guard record <= recordsEnded, recordsEnded - record < recentRecordEnds.count else { return nil }
        return recentRecordEnds[record % recentRecordEnds.count]
    }

    /// The index of the next quote or `>` in `base[start..<end]`, or `end`.
    private static func nextInStartTag(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        ByteScan.firstIndex(of: UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ">"), in: base, from: start, to: end)
    }

    /// The index of the next `byte` in `base[start..<end]`, or `end`.
    private static func next(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        ByteScan.firstIndex(of: byte, in: base, from: start, to: end)
    }

    /// What follows `<!` in a comment and in a CDATA section.
    private static let commentOpen: [UInt8] = Array("--".utf8)
    private static let cdataOpen: [UInt8] = Array("[CDATA[".utf8)

    static let declarationMessage =
        "the feed has a DOCTYPE (or another markup declaration); partner feeds must not carry a DTD, "
        + "because it can define entities that read local files or expand to gigabytes: ask the partner to remove it"

    /// Why the first bytes of a feed (its first read, not libxml2's 4-byte probe) show a feed that
    /// is not UTF-8, if they do.
    static func encodingProblem(_ head: UnsafeRawBufferPointer) -> String? {
        let bytes = Array(head.prefix(1024))
        let utf16: [[UInt8]] = [[0xFE, 0xFF], [0xFF, 0xFE], [0x00, 0x3C, 0x00, 0x3F], [0x3C, 0x00, 0x3F, 0x00]]
        let utf32: [[UInt8]] = [[0x00, 0x00, 0xFE, 0xFF], [0x00, 0x00, 0x00, 0x3C], [0x3C, 0x00, 0x00, 0x00]]
        // A NUL among the first bytes: UTF-16 or UTF-32 in some byte order, never UTF-8 XML.
        if utf32.contains(where: { bytes.starts(with: $0) }) || utf16.contains(where: { bytes.starts(with: $0) })
            || bytes.prefix(4).contains(0) {
            return "the feed is encoded in UTF-16 or UTF-32; only UTF-8 feeds are accepted: convert it first "
                + "(for example `iconv -f UTF-16 -t UTF-8 FEED.xml > FEED-utf8.xml`)"
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        // UTF-8 XML starts with '<' after optional blanks; anything else (EBCDIC's "<?xm" is
        // 4C 6F A7 94) is another encoding, refused before libxml2 could switch to it.
        if let first = body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }), first != UInt8(ascii: "<") {
            return "the feed does not start with an XML tag in UTF-8 (first byte 0x\(String(first, radix: 16, uppercase: true))): "
                + "it may be EBCDIC or another encoding; only UTF-8 feeds are accepted: convert it first"
        }
        guard body.starts(with: Array("<?xml".utf8)),
              let end = body.firstIndex(of: UInt8(ascii: ">")),
              let declared = encodingDeclared(in: String(decoding: body[..<end], as: UTF8.self))
        else { return nil }
        if ["utf-8", "utf8", "us-ascii", "ascii"].contains(declared.lowercased()) { return nil }
        return "the feed declares encoding=\"\(declared)\"; only UTF-8 feeds are accepted: convert it first "
            + "(for example `iconv -f \(declared) -t UTF-8`) and change the declaration to UTF-8"
    }

    /// The value of `encoding="..."` in an XML declaration.
    private static func encodingDeclared(in declaration: String) -> String? {
        guard let key = declaration.firstRange(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }
}
