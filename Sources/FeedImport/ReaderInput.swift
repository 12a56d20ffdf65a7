/// The guarded stream as libxml2's read callback sees it, piece by piece. Collects the parser's
/// first error.
final class ReaderInput {
    let stream: GuardedStream
    /// The rest of the stream's last piece that was not handed over yet (less than a block);
    /// valid until the stream is asked for its next piece, which waits until this is empty.
    private var carried = UnsafeRawBufferPointer(start: nil, count: 0)
    private var blocks = ReaderBlocks()
    /// Whether the file was read to its end.
    private(set) var reachedEnd = false
    /// Whether the guard or the file stopped the feed (`stream` says why).
    private(set) var stopped = false {
        didSet { halted = true }
    }
    /// The first error-level message of libxml2's structured handler.
    var parserError: (code: Int32, message: String, line: Int, column: Int)? {
        didSet { halted = true }
    }
    /// Whether the feed was stopped or the parser reported an error: the one test per node.
    private(set) var halted = false

    init(_ stream: GuardedStream) {
        self.stream = stream
    }

    /// Elements left open when the file ended, for an error at `line`: 0 unless the file ends
    /// there or on the next line (a truncated feed), whether or not the parser read that far.
    func openElements(atErrorLine line: Int) -> Int {
        guard reachedEnd || restIsBlank() else { return 0 }
        let end = stream.end
        return line >= end.line - 1 ? end.openElements : 0
    }

    /// Whether nothing but blanks is left of the file after what the parser read; reads it to its end.
    private func restIsBlank() -> Bool {
        guard carried.allSatisfy(Self.isBlank) else { return false }
        while let piece = stream.next(max: GuardedStream.bufferBytes) {
            if piece.isEmpty { return true }
            guard piece.allSatisfy(Self.isBlank) else { return false }
        }
        return false
    }

    /// XML's white space.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Fills `buffer` with at most `count` next bytes; 0 at the end, -1 stops the parse.
    ///
    /// A read hands over one piece (or the part of it that `ReaderBlocks` allows), except the
    /// reader's first read of a few bytes, which is filled whatever the pieces.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int32 {
        let isFirst = count < ReaderBlocks.size
        var written = 0
        while written < count {
            let room = count - written
            let taken: Int
            if carried.isEmpty {
                guard let piece = stream.next(max: room) else {
                    if written > 0 { break }  // the next read says the feed stopped
                    stopped = true
                    return -1
                }
                if piece.isEmpty {
                    if written == 0 { reachedEnd = true }
                    break
                }
                taken = isFirst ? piece.count : blocks.take(piece.count)
                (buffer + written).copyMemory(from: piece.baseAddress!, byteCount: taken)
                carried = UnsafeRawBufferPointer(rebasing: piece[taken...])
            } else {
                taken = min(room, isFirst ? carried.count : blocks.take(carried.count))
                (buffer + written).copyMemory(from: carried.baseAddress!, byteCount: taken)
                carried = UnsafeRawBufferPointer(rebasing: carried[taken...])
            }
            written += taken
            if !isFirst { break }
        }
        blocks.handed(written)
        return Int32(written)
    }
}

/// Keeps libxml2's reader from parsing the end of one record and the start of the next in one
/// step: an error in the next record would then also lose the complete record before it, which
/// the reader had parsed but not yet handed out.
///
/// The reader (`xmlTextReaderPushData`, libxml2 2.9) parses what it was given in blocks of
/// `size` bytes and reads again whenever fewer are left unparsed; only when a read leaves fewer
/// than a block does it parse that short rest on its own. So a piece that ends at a record-level
/// tag is handed over either whole, when it fits in the rest of a block, or up to the last block
/// boundary inside it, with its rest (less than a block) handed over by the next read.
/// `OnePassTests` checks the effect (a record right before a broken one is kept).
struct ReaderBlocks {
    static let size = 512
    /// Bytes handed to the reader that it has not parsed yet; less than a block when it reads.
    private var unparsed = 0

    /// How many bytes of a piece of `available` bytes to hand over now.
    func take(_ available: Int) -> Int {
        let total = unparsed + available
        return total < Self.size ? available : total / Self.size * Self.size - unparsed
    }

    /// Records that `count` bytes were handed over.
    mutating func handed(_ count: Int) {
        let total = unparsed + count
        unparsed = total < Self.size ? 0 : total % Self.size
    }
}
