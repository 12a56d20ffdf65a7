import ReportIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A feed file read through the byte guard: hands out the bytes that pass it, in pieces that end
/// at record-level tags (see `ByteGuard`). Owns the file descriptor.
///
/// Used by one thread at a time: the splitter reads it, and may hand it to the parse of the
/// feed's last unit.
final class GuardedStream: @unchecked Sendable {
    private let fd: Int32
    private(set) var byteGuard: ByteGuard
    /// Why the guard stopped the feed, if it did.
    private(set) var violation: GuardViolation?
    /// Why reading the file failed, if it did.
    private(set) var readFailure: String?
    /// Whether the whole file was read.
    private(set) var reachedEnd = false
    /// Bytes read from the file that the guard has not passed on yet.
    private let pending = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    private var pendingStart = 0
    private var pendingEnd = 0

    /// Opens `path` (`-`: standard input); throws when it cannot be opened or is an empty file.
    init(path: String, limits: FeedLimits, splitDepth: Int) throws(FeedError) {
        let fd = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FeedError(
                location: RecordLocation(file: path, line: 0),
                message: "the feed cannot be opened (\(String(cString: strerror(errno)))); check the path and its permissions")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size == 0 {
            close(fd)
            throw FeedError(location: RecordLocation(file: path, line: 0), message: "the feed is empty (0 bytes); ask the partner to send it again")
        }
        self.fd = fd
        byteGuard = ByteGuard(limits: limits, splitDepth: splitDepth)
    }

    deinit {
        pending.deallocate()
        close(fd)
    }

    /// Whether the guard or the file stopped the feed.
    var isStopped: Bool { violation != nil || readFailure != nil }

    /// The next at most `count` bytes that pass the guard, valid until the next call: empty at
    /// the end of the file, `nil` once the feed is stopped (`violation` or `readFailure` says why).
    func next(max count: Int) -> UnsafeRawBufferPointer? {
        if isStopped { return nil }
        if pendingStart == pendingEnd {
            var n: Int
            repeat { n = read(fd, pending.baseAddress, pending.count) } while n < 0 && errno == EINTR
            if n < 0 {
                readFailure = String(cString: strerror(errno))
                return nil
            }
            if n == 0 {
                reachedEnd = true
                return UnsafeRawBufferPointer(start: nil, count: 0)
            }
            if byteGuard.offset == 0, let message = ByteGuard.encodingProblem(UnsafeRawBufferPointer(rebasing: pending[..<n])) {
                violation = GuardViolation(offset: 0, message: message)
                return nil
            }
            (pendingStart, pendingEnd) = (0, n)
        }
        let available = UnsafeRawBufferPointer(rebasing: pending[pendingStart..<min(pendingEnd, pendingStart + count)])
        switch byteGuard.check(available) {
        case .violation(let problem):
            violation = problem
            return nil
        case .accept(let accepted):
            pendingStart += accepted
            return UnsafeRawBufferPointer(rebasing: available[..<accepted])
        }
    }
}
