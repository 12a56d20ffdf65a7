/// Cuts a feed into `ParseUnit`s of about `unitBytes` each, at record boundaries, while the byte
/// guard checks every byte on its way.
///
/// A cut is made only right after the end tag of an element at the record level (the depth of
/// the feed's records), so every unit holds whole records. The start tags of the elements that
/// enclose the records (for IODEF, the `IODEF-Document` root with its namespaces and `xml:lang`)
/// are kept and put in front of each later unit, so its records read exactly as in the feed.
/// A record larger than `maxUnitBytes` ends the splitting: the last unit then reads the rest of
/// the file as it is parsed, so memory stays bounded whatever the feed.
struct FeedSplitter {
    private let stream: GuardedStream
    private let splitDepth: Int
    private let unitBytes: Int?
    private let maxUnitBytes: Int
    /// The start tags of the open elements above the record level, outermost first.
    private var enclosing: [[UInt8]] = []
    private var index = 0
    private var line = 1
    private var column = 1
    private var finished = false

    /// `splitDepth`: the depth of the feed's records (2 for IODEF incidents), as given to the guard;
    /// `unitBytes`: `nil` for the whole feed as one unit, read as it is parsed.
    init(stream: GuardedStream, splitDepth: Int, unitBytes: Int?, maxUnitBytes: Int = 16 << 20) {
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
        let prefix = index == 0 ? [] : Self.oneLine(Array(enclosing.joined()))
        var bytes = prefix
        bytes.reserveCapacity(prefix.count + unitBytes + (1 << 16))
        var cuts: [Int] = []
        let start = (line, column)
        defer { index += 1 }
        func unit(tail: GuardedStream? = nil, stop: ParseUnit.Stop? = nil, openAtEnd: Int = 0) -> ParseUnit {
            ParseUnit(
                index: index, bytes: bytes, cuts: cuts, prefixLength: prefix.count, firstLine: start.0, firstColumn: start.1,
                tail: tail, stop: stop, openAtEnd: openAtEnd)
        }
        while true {
            guard let piece = stream.next(max: 1 << 16) else {
                finished = true
                let stop: ParseUnit.Stop = stream.violation.map { .violation($0) } ?? .readFailure(stream.readFailure ?? "unknown error")
                return unit(stop: stop)
            }
            if piece.isEmpty {
                finished = true
                return unit(openAtEnd: stream.byteGuard.depth)
            }
            let pieceStart = bytes.count
            bytes.append(contentsOf: piece)
            cuts.append(bytes.count)
            advancePosition(over: piece)
            switch stream.byteGuard.lastCut {
            case .startTag(let depth, let selfClosing, let tagStart) where depth < splitDepth && !selfClosing:
                enclosing.removeLast(max(0, enclosing.count - (depth - 1)))
                let tagOffset = pieceStart - (stream.byteGuard.offset - piece.count - tagStart)
                enclosing.append(Array(bytes[tagOffset...]))
            case .endTag(let depthAfter) where depthAfter < splitDepth:
                enclosing.removeLast(max(0, enclosing.count - depthAfter))
                if depthAfter == splitDepth - 1 && bytes.count - prefix.count >= unitBytes {
                    for tag in enclosing.reversed() { bytes += Self.endTag(for: tag) }
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

    /// Moves the file position (line, column) past `piece`.
    private mutating func advancePosition(over piece: UnsafeRawBufferPointer) {
        line += Self.countNewlines(piece)
        if let last = piece.lastIndex(of: UInt8(ascii: "\n")) {
            column = piece.count - last
        } else {
            column += piece.count
        }
    }

    /// The line breaks in `bytes`, eight bytes at a time (a byte equals `\n` when XOR-ing it
    /// with `\n` leaves zero; the high bit of each byte of `t` is set for the non-zero ones).
    static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = ones &* 0x7F
        var total = 0
        var i = 0
        while i + 8 <= bytes.count {
            let x = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ (ones &* UInt64(UInt8(ascii: "\n")))
            let t = ((x & low7) &+ low7) | x
            total += (~t & (ones << 7)).nonzeroBitCount
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") { total += 1 }
            i += 1
        }
        return total
    }

    /// `tags` with line breaks turned into spaces, so that the prefix takes one line.
    private static func oneLine(_ tags: [UInt8]) -> [UInt8] {
        tags.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: " ") : $0 }
    }

    /// `</name>` for the start tag `<name ...>`.
    private static func endTag(for startTag: [UInt8]) -> [UInt8] {
        let name = startTag.dropFirst().prefix { !Self.endsName($0) }
        return Array("</".utf8) + name + [UInt8(ascii: ">")]
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }
}
