/// A unit as libxml2's read callback sees it: its bytes, piece by piece up to each cut, then its
/// tail. Collects the parser's first error.
final class UnitInput {
    let unit: ParseUnit
    private let cancellation: ParseCancellation?
    private var position = 0
    private var nextCut = 0
    /// The rest of a tail piece that was not handed over yet (less than a block).
    private var carried: [UInt8] = []
    private var blocks = ReaderBlocks()
    /// Whether the unit was read to its end.
    private(set) var reachedEnd = false
    /// Whether the parse was stopped (the guard or the file stopped the feed, or it was cancelled).
    private(set) var stopped = false
    /// The first error-level message of libxml2's structured handler.
    var parserError: (code: Int32, message: String, line: Int, column: Int)?

    init(_ unit: ParseUnit, cancellation: ParseCancellation? = nil) {
        self.unit = unit
        self.cancellation = cancellation
    }

    /// Why the feed stopped before libxml2 could read on, if it did.
    var stop: ParseUnit.Stop? {
        guard stopped else { return nil }
        return unit.tail.map(\.stop) ?? unit.stop
    }

    /// Elements left open when the file ended, for an error at `line` of the file: 0 unless the
    /// file ends there (a truncated feed), not later, whether or not the parser read that far.
    func openElements(atErrorLine line: Int) -> Int {
        let end = reachedEnd ? unit.tail.map(\.end) ?? unit.end : blankRestEnd()
        return end?.openElements(atErrorLine: line) ?? 0
    }

    /// The end of the file, when nothing but blanks is left of it after what the parser read
    /// (a unit cut from the middle of the feed cannot tell: `nil`).
    private func blankRestEnd() -> ParseUnit.End? {
        guard unit.bytes[position...].allSatisfy(ParseUnit.isBlank), carried.allSatisfy(ParseUnit.isBlank) else { return nil }
        guard let tail = unit.tail else { return unit.end }
        while let piece = tail.next(max: GuardedStream.bufferBytes) {
            if piece.isEmpty { return tail.end }
            guard piece.allSatisfy(ParseUnit.isBlank) else { return nil }
        }
        return nil
    }

    /// Fills `buffer` with at most `count` next bytes; 0 at the end, -1 stops the parse.
    ///
    /// A read hands over one piece (or the part of it that `ReaderBlocks` allows), except the
    /// reader's first read of a few bytes, which is filled whatever the pieces.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int32 {
        if cancellation?.isCancelled == true {
            stopped = true
            return -1
        }
        let isFirst = count < ReaderBlocks.size
        var written = 0
        while written < count {
            // The bytes handed over from the next piece: nil when the feed stopped, 0 at its end.
            let taken: Int? = withNextPiece(max: count - written) { piece, source in
                guard let piece else { return nil }
                let taken = isFirst ? piece.count : blocks.take(piece.count)
                if taken > 0 { (buffer + written).copyMemory(from: piece.baseAddress!, byteCount: taken) }
                if source == .tail && taken < piece.count { carried = Array(piece[taken...]) }
                return taken
            }
            guard let taken else {
                if written > 0 { break }  // the next read says the feed stopped
                stopped = true
                return -1
            }
            if taken == 0 {
                if written == 0 { reachedEnd = true }
                break
            }
            written += taken
            if !isFirst { break }
        }
        blocks.handed(written)
        return Int32(written)
    }

    private enum Source { case carried, bytes, tail }

    /// Calls `body` with the next bytes, up to the next cut and at most `count` (empty at the end
    /// of the unit, `nil` when the guard or the file stopped the feed) and where they come from;
    /// then marks the bytes `body` took as handed over.
    private func withNextPiece(max count: Int, _ body: (UnsafeRawBufferPointer?, Source) -> Int?) -> Int? {
        if !carried.isEmpty {
            let taken = carried.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<min(count, $0.count)]), .carried) }
            carried.removeFirst(taken ?? 0)
            return taken
        }
        if position < unit.bytes.count {
            while nextCut < unit.cuts.count && unit.cuts[nextCut] <= position { nextCut += 1 }
            let end = min(nextCut < unit.cuts.count ? unit.cuts[nextCut] : unit.bytes.count, position + count)
            let taken = unit.bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[position..<end]), .bytes) }
            position += taken ?? 0
            return taken
        }
        guard let tail = unit.tail else { return body(unit.stop == nil ? UnsafeRawBufferPointer(start: nil, count: 0) : nil, .bytes) }
        return body(tail.next(max: count), .tail)
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
/// `FeedSplittingTests` checks the effect (a record right before a broken one is kept).
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
