import ReportIO

/// A run of whole records of a feed that one libxml2 reader parses on its own, so that several
/// units of one feed can be parsed at the same time.
///
/// Its bytes are a well-formed document when the feed is: the start tags of the elements that
/// enclose the records (copied from the feed, on one line) as a prefix, then the feed's bytes
/// from one record boundary to the next, then the matching end tags. The feed's first unit has
/// no prefix, its last one no end tags; a unit that ends in a guard violation or a read error
/// stops there, and the last unit may go on reading the file (`tail`) instead of holding it.
///
/// Immutable once made, except `tail`, which only the parse of this unit reads.
final class ParseUnit: @unchecked Sendable {
    /// The bytes to parse.
    let bytes: [UInt8]
    /// Where libxml2 gets the bytes in separate reads: the ends of the pieces the guard passed,
    /// so that a piece never holds the end of one record and a broken part of the next.
    let cuts: [Int]
    /// The bytes at the start of `bytes` that are not the feed's own (the enclosing start tags).
    let prefixBytes: Int
    /// The same prefix in characters, as libxml2 counts columns.
    let prefixLength: Int
    /// The local names of the enclosing start tags in the prefix, outermost first, with the line
    /// of the file each starts on.
    let prefixTags: [(localName: String, line: Int)]
    /// Where the feed's bytes in this unit start in the file, and the file offset of that line's start.
    let firstLine: Int
    let firstColumn: Int
    let firstLineOffset: Int
    /// Goes on reading the rest of the file after `bytes`; set on the last unit when a record
    /// was too large to hold, or when the feed is read as one unit.
    let tail: GuardedStream?
    /// Why the guard or the file stopped the feed after `bytes`, if they did.
    let stop: Stop?
    /// The end of the file, when this unit holds it.
    let end: End?

    /// The end of the file: its line, and the elements still open there.
    struct End {
        var line: Int
        var openElements: Int

        /// The elements left open, for an error at `errorLine`: 0 unless the file ends on that
        /// line or the next (a truncated feed), not later.
        func openElements(atErrorLine errorLine: Int) -> Int { errorLine >= line - 1 ? openElements : 0 }
    }

    enum Stop {
        case violation(GuardViolation)
        case readFailure(String)
    }

    init(
        bytes: [UInt8], cuts: [Int], prefixBytes: Int = 0, prefixTags: [(localName: String, line: Int)] = [], firstLine: Int, firstColumn: Int,
        firstLineOffset: Int = 0, tail: GuardedStream? = nil, stop: Stop? = nil, end: End? = nil
    ) {
        self.bytes = bytes
        self.cuts = cuts
        self.prefixBytes = prefixBytes
        prefixLength = GuardedStream.characters(in: bytes[..<prefixBytes])
        self.prefixTags = prefixTags
        self.firstLine = firstLine
        self.firstColumn = firstColumn
        self.firstLineOffset = firstLineOffset
        self.tail = tail
        self.stop = stop
        self.end = end
    }

    /// The whole file as one unit, read as it is parsed.
    static func whole(_ stream: GuardedStream) -> ParseUnit {
        ParseUnit(bytes: [], cuts: [], firstLine: 1, firstColumn: 1, tail: stream)
    }

    /// Whether the unit was cut from the middle of the feed (copied end tags close it): whether
    /// the file ends right after it only the units after it can tell.
    var isCutFromMiddle: Bool { end == nil && tail == nil && stop == nil }

    /// The end of the file, when this unit holds it and nothing of the feed but blanks: the feed
    /// ended right before this unit.
    var blankEnd: End? {
        guard let end, tail == nil, stop == nil else { return nil }
        return bytes[prefixBytes...].allSatisfy(Self.isBlank) ? end : nil
    }

    /// XML's white space.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The file's line of the start tag of the element `localName` that libxml2 says starts on
    /// `line` of this unit: on the first line, an enclosing element's start tag is in the prefix.
    func fileLine(ofElement localName: Substring, line: Int) -> Int {
        if line == 1, let tag = prefixTags.last(where: { $0.localName == localName }) { return tag.line }
        return fileLocation(line: line, column: 1).line
    }

    /// The file's line and column of a line and column that libxml2 gives in this unit.
    func fileLocation(line: Int, column: Int) -> (line: Int, column: Int) {
        guard line > 0 else { return (line, column) }
        if line == 1 { return (firstLine, max(1, column - prefixLength - 1 + firstColumn)) }
        return (firstLine + line - 1, column)
    }
}
