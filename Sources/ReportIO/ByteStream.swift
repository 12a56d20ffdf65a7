#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source of raw bytes read in chunks: a file, stdin, or a decompressor over one of those.
public protocol ByteStream {
    /// Reads up to `count` bytes into `buffer`; returns how many were read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Why bytes could not be read, in words an analyst can act on.
public struct ByteStreamError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads a file descriptor with `read(2)`; owns the descriptor unless it is stdin.
public final class FileByteStream: ByteStream {
    private let fd: Int32
    private let owned: Bool
    private let counter: ByteCounter?

    /// Opens a file for reading; throws with the system's reason ("no such file or directory").
    /// Bytes read are added to `counter`, for progress.
    public init(path: String, counter: ByteCounter? = nil) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ByteStreamError(Self.systemReason()) }
        self.fd = fd
        self.owned = true
        self.counter = counter
    }

    /// Reads the process's standard input.
    public init(standardInputCountingInto counter: ByteCounter? = nil) {
        self.fd = STDIN_FILENO
        self.owned = false
        self.counter = counter
    }

    deinit { if owned { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            #else
            let n = Darwin.read(fd, buffer.baseAddress, buffer.count)
            #endif
            if n >= 0 { counter?.count += n; return n }
            if errno == EINTR { continue }
            throw ByteStreamError(Self.systemReason())
        }
    }

    static func systemReason() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

/// A running total of input bytes read, shared by the streams of one batch (for MB/s).
public final class ByteCounter {
    public var count = 0
    public init() {}
}
