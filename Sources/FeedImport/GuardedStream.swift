import ReportIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A feed file read through the byte guard: hands out the bytes that pass it, in pieces that end
/// at record-level tags (see `ByteGuard`). Owns the file descriptor.
final class GuardedStream {
    private let fd: Int32
    private var byteGuard: ByteGuard
    /// Why the guard stopped the feed, if it did.
    private(set) var violation: GuardViolation?
    /// A violation found after bytes that passed: those go out first, then the feed stops.
    private var violationAhead: GuardViolation?
    /// Why reading the file failed, if it did.
    private(set) var readFailure: String?
    /// Bytes handed out so far.
    private var handedOut = 0
    /// Line breaks among them, counted as they go out when the file cannot be read again
    /// (standard input, a pipe); else counted only when asked for (`end`, after an error).
    private var newlinesHandedOut = 0
    private let countsAsRead: Bool
    /// Bytes read from the file that the guard has not passed on yet (allocated once the file is
    /// open: a throwing initialiser does not run `deinit`).
    private let pending: UnsafeMutableRawBufferPointer
    private var pendingStart = 0
    private var pendingEnd = 0

    /// Opens `path` (`-`: standard input); throws when it cannot be opened or is an empty file.
    init(path: String, limits: FeedLimits, recordDepth: Int) throws(FeedError) {
        let fd = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FeedError(
                location: RecordLocation(file: path, line: 0),
                message: "the feed cannot be opened (\(String(cString: strerror(errno)))); check the path and its permissions")
        }
        var info = stat()
        let isRegularFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if isRegularFile, info.st_size == 0 {
            close(fd)
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "the feed is empty (0 bytes); ask the partner to send it again")
        }
        self.fd = fd
        countsAsRead = path == "-" || !isRegularFile
        byteGuard = ByteGuard(limits: limits, recordDepth: recordDepth)
        pending = .allocate(byteCount: Self.bufferBytes, alignment: 1)
    }

    deinit {
        pending.deallocate()
        close(fd)
    }

    /// The offset just past the end tag of record `record` (1 for the first) if the guard has
    /// passed it, and it is one of the last few records.
    func end(ofRecord record: Int) -> Int? { byteGuard.end(ofRecord: record) }

    /// Whether the guard or the file stopped the feed.
    var isStopped: Bool { violation != nil || readFailure != nil }

    /// The line the file ends on, once it was read to its end, and the elements still open there.
    var end: (line: Int, openElements: Int) { (1 + newlines(), byteGuard.depth) }

    /// The line breaks in the bytes handed out so far (read again from the file unless counted as read).
    private func newlines() -> Int {
        if countsAsRead { return newlinesHandedOut }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferBytes, alignment: 1)
        defer { buffer.deallocate() }
        var total = 0
        var offset = 0
        while offset < handedOut {
            let n = pread(fd, buffer.baseAddress, min(buffer.count, handedOut - offset), off_t(offset))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            total += Self.countNewlines(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
            offset += n
        }
        return total
    }

    /// The most bytes read from the file at once, and so the largest piece `next` hands out.
    static let bufferBytes = 1 << 16

    /// The next at most `count` bytes that pass the guard, valid until the next call: empty at
    /// the end of the file, `nil` once the feed is stopped (`violation` or `readFailure` says why).
    func next(max count: Int) -> UnsafeRawBufferPointer? {
        if let violationAhead {
            violation = violationAhead
            self.violationAhead = nil
        }
        if isStopped { return nil }
        if pendingStart == pendingEnd {
            var n: Int
            repeat { n = read(fd, pending.baseAddress, pending.count) } while n < 0 && errno == EINTR
            if n < 0 {
                readFailure = String(cString: strerror(errno))
                return nil
            }
            if n == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
            if byteGuard.offset == 0, let message = ByteGuard.encodingProblem(UnsafeRawBufferPointer(rebasing: pending[..<n])) {
                violation = GuardViolation(offset: 0, message: message)
                return nil
            }
            (pendingStart, pendingEnd) = (0, n)
        }
        let available = UnsafeRawBufferPointer(rebasing: pending[pendingStart..<min(pendingEnd, pendingStart + count)])
        let windowStart = byteGuard.offset
        switch byteGuard.check(available) {
        case .violation(let problem):
            // The bytes before the violation passed: the parser gets them, so that an error it finds
            // there (earlier in the file) is reported first, whichever way the feed is cut.
            let passed = min(problem.offset - windowStart, available.count)
            guard passed > 0 else {
                violation = problem
                return nil
            }
            violationAhead = problem
            return accept(UnsafeRawBufferPointer(rebasing: available[..<passed]))
        case .accept(let accepted):
            return accept(UnsafeRawBufferPointer(rebasing: available[..<accepted]))
        }
    }

    /// Hands out `piece`, the next bytes of the pending buffer.
    private func accept(_ piece: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        pendingStart += piece.count
        handedOut += piece.count
        if countsAsRead { newlinesHandedOut += Self.countNewlines(piece) }
        return piece
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
}
