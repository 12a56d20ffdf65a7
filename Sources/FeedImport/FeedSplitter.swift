/// Cuts a feed into `ParseUnit`s of about `unitBytes` each, at record boundaries, while the byte
/// guard checks every byte on its way.
///
/// A cut is made only right after the end tag of an element at the record level (the depth of
/// the feed's records), so every unit holds whole records. The start tags of the elements that
/// enclose the records (for IODEF, the `IODEF-Document` root with its namespaces and `xml:lang`)
/// are kept and put in front of each later unit, so its records read exactly as in the feed.
/// A record (or comment) larger than `maxUnitBytes`, or enclosing start tags over 64 KiB, end the
/// splitting: the last unit then reads the rest of the file as it is parsed, so memory stays
/// bounded whatever the feed.
struct FeedSplitter {
    private let stream: GuardedStream
    private let splitDepth: Int
    private let unitBytes: Int?
    private let maxUnitBytes: Int
    /// The start tags of the open elements above the record level, outermost first, with the
    /// line of the file each starts on.
    private var enclosing: [(tag: [UInt8], line: Int)] = []
    private var isFirst = true
    private var finished = false

    /// `splitDepth`: the depth of the feed's records (2 for IODEF incidents), as given to the guard;
    /// `unitBytes`: `nil` for the whole feed as one unit, read as it is parsed.
    init(stream: GuardedStream, splitDepth: Int, unitBytes: Int?, maxUnitBytes: Int = 4 << 20) {
        self.stream = stream
        self.splitDepth = splitDepth
        self.unitBytes = unitBytes
        self.maxUnitBytes = max(unitBytes ?? 0, maxUnitBytes)
    }

    /// The next unit; `nil` after the last one.
    mutating func next() -> ParseUnit? {
        guard !finished else { return nil }
        guard let unitBytes else {
            finished = true
            return .whole(stream)
        }
        let prefix = isFirst ? [] : Self.oneLine(Array(enclosing.map(\.tag).joined()))
        let prefixTags = isFirst ? [] : enclosing.map { (localName: Self.localName(of: $0.tag), line: $0.line) }
        var bytes = prefix
        bytes.reserveCapacity(prefix.count + unitBytes + GuardedStream.bufferBytes)
        var cuts: [Int] = []
        let start = (stream.line, stream.column, stream.lineStart)
        defer { isFirst = false }
        func unit(tail: GuardedStream? = nil, stop: ParseUnit.Stop? = nil, end: ParseUnit.End? = nil) -> ParseUnit {
            ParseUnit(
                bytes: bytes, cuts: cuts, prefixBytes: prefix.count, prefixTags: prefixTags,
                firstLine: start.0, firstColumn: start.1, firstLineOffset: start.2, tail: tail, stop: stop, end: end)
        }
        while true {
            guard let piece = stream.next(max: GuardedStream.bufferBytes) else {
                finished = true
                return unit(stop: stream.stop)
            }
            if piece.isEmpty {
                finished = true
                return unit(end: stream.end)
            }
            let pieceStart = bytes.count
            bytes.append(contentsOf: piece)
            cuts.append(bytes.count)
            switch stream.lastCut {
            case .startTag(let depth, let selfClosing, let tagStart) where depth < splitDepth && !selfClosing:
                keepEnclosing(depth - 1)
                let tagOffset = pieceStart - (stream.byteGuard.offset - piece.count - tagStart)
                let tag = Array(bytes[tagOffset...])
                enclosing.append((tag, stream.line - tag.withUnsafeBytes { GuardedStream.countNewlines($0) }))
                if enclosing.reduce(0, { $0 + $1.tag.count }) > Self.maxPrefixBytes {
                    // Copying such tags into every unit would cost more than it saves: one pass.
                    finished = true
                    return unit(tail: stream)
                }
            case .endTag(let depthAfter) where depthAfter < splitDepth:
                keepEnclosing(depthAfter)
                if depthAfter == splitDepth - 1 && bytes.count - prefix.count >= unitBytes {
                    for (tag, _) in enclosing.reversed() { bytes += Array("</".utf8) + Self.name(of: tag) + [UInt8(ascii: ">")] }
                    return unit()
                }
            default:
                break
            }
            if bytes.count - prefix.count >= maxUnitBytes {
                finished = true
                return unit(tail: stream)
            }
        }
    }

    /// Keeps the start tags of the outermost `count` open elements. (Stray end tags in a broken
    /// feed can take the guard's depth below zero; the parser reports them.)
    private mutating func keepEnclosing(_ count: Int) {
        enclosing.removeLast(enclosing.count - min(enclosing.count, max(0, count)))
    }

    /// The most bytes of enclosing start tags copied into each unit (IODEF's root tag is a few hundred).
    static let maxPrefixBytes = 1 << 16

    /// `tags` with line breaks turned into spaces, so that the prefix takes one line.
    private static func oneLine(_ tags: [UInt8]) -> [UInt8] {
        tags.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: " ") : $0 }
    }

    /// The element name of the start tag `<prefix:name ...>` without its prefix, as libxml2 names
    /// elements in its messages.
    private static func localName(of startTag: [UInt8]) -> String {
        let name = Self.name(of: startTag)
        return String(decoding: name[(name.lastIndex(of: UInt8(ascii: ":")).map { $0 + 1 } ?? name.startIndex)...], as: UTF8.self)
    }

    /// The element name of the start tag `<name ...>`.
    private static func name(of startTag: [UInt8]) -> ArraySlice<UInt8> {
        startTag.dropFirst().prefix { !Self.endsName($0) }
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }
}
