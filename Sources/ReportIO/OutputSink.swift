#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to stdout or a file. A reader that goes away (`| head`) is not an error:
/// the sink notes it in `isClosed` and drops further output. (The process must ignore SIGPIPE.)
public final class OutputSink {
    private let fd: Int32
    private let owned: Bool
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Whether the reader closed the pipe; nothing more will be written.
    public private(set) var isClosed = false

    /// Writes to standard output.
    public init(standardOutputWithCapacity capacity: Int = 1 << 18) {
        self.fd = STDOUT_FILENO
        self.owned = false
        self.capacity = capacity
    }

    /// Creates (or empties) the file at `path`.
    public init(path: String, capacity: Int = 1 << 18) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ByteStreamError("cannot write \(path): \(FileByteStream.systemReason())") }
        self.fd = fd
        self.owned = true
        self.capacity = capacity
    }

    deinit {
        try? flush()
        if owned { close(fd) }
    }

    /// Appends bytes, writing them out when the buffer is full.
    public func write(_ bytes: [UInt8]) throws {
        guard !isClosed else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends a string's UTF-8.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes out everything buffered.
    public func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < buffer.count && !isClosed {
            let n = buffer.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if n >= 0 { offset += n; continue }
            switch errno {
            case EINTR: continue
            case EPIPE: isClosed = true
            default: throw ByteStreamError("cannot write the output: \(FileByteStream.systemReason())")
            }
        }
    }
}

/// Writes rejected records back out as they were read, so they can be fixed and re-run:
/// one JSON line per line, CSV rows under their header (written once, before the first row).
public final class RejectsWriter {
    private let sink: OutputSink
    private var wroteHeader = false

    public init(sink: OutputSink) { self.sink = sink }

    /// Appends one record; `csvHeader` is the header row of the CSV file it came from, if any.
    /// Records with no raw bytes (an unreadable file) have nothing to write.
    public func write(_ record: RejectedRecord, csvHeader: [UInt8]?) throws {
        guard !record.raw.isEmpty else { return }
        if let csvHeader, !wroteHeader {
            try sink.write(csvHeader + [0x0A])
            wroteHeader = true
        }
        try sink.write(record.raw + [0x0A])
    }

    public func flush() throws { try sink.flush() }
}
