#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to stdout or a file. A reader that goes away (`| head`) is not an error:
/// the sink notes it in `isClosed` and drops further output. (The process must ignore SIGPIPE.)
///
/// A file is written under a hidden temporary name in its folder and renamed over `path` by
/// `commit`, so the old file stays as it was until the run has finished, and a run that is
/// interrupted or fails (the sink released uncommitted) leaves no trace. Devices and pipes
/// (`/dev/null`) are written directly.
public final class OutputSink {
    private let fd: Int32
    private let owned: Bool
    /// The temporary file being written and the path it becomes, until committed.
    private var pending: (temporary: String, path: String)?
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

    /// Starts a new version of the file at `path`, which `commit` puts in place (in the file a
    /// link leads to, when `path` is a link).
    public init(path: String, capacity: Int = 1 << 18) throws {
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists && (info.st_mode & S_IFMT) != S_IFREG {
            fd = open(path, O_WRONLY | O_TRUNC)
        } else {
            let target = exists ? Self.resolved(path) : path
            let folder = OutputCheck.parentFolder(target)
            let name = target.split(separator: "/").last.map(String.init) ?? target
            var created: (Int32, String) = (-1, "")
            repeat {
                let temporary = "\(folder)/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
                created = (open(temporary, O_WRONLY | O_CREAT | O_EXCL, exists ? info.st_mode & 0o7777 : 0o666), temporary)
            } while created.0 < 0 && errno == EEXIST
            fd = created.0
            if fd >= 0 {
                pending = (created.1, target)
                PendingFiles.shared.add(created.1, becoming: OutputCheck.resolved(target) ?? target)
            }
        }
        guard fd >= 0 else { throw ByteStreamError("cannot write \(path): \(FileByteStream.systemReason())") }
        self.owned = true
        self.capacity = capacity
    }

    /// The path with its links resolved.
    private static func resolved(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    deinit {
        if let pending {
            close(fd)
            unlink(pending.temporary)
            PendingFiles.shared.remove(pending.temporary)
            return
        }
        try? flush()
        if owned { close(fd) }
    }

    /// Appends bytes, writing them out when the buffer is full.
    public func write(_ bytes: [UInt8]) throws { try write(bytes[...]) }

    /// Appends bytes (a view of a larger buffer: a line a worker wrote), writing them out when
    /// the buffer is full.
    public func write(_ bytes: ArraySlice<UInt8>) throws {
        guard !isClosed else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends a string's UTF-8.
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Writes out everything buffered.
    public func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        if !owned && !buffer.isEmpty { PendingFiles.shared.noteStandardOutput() }
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

    /// Writes out everything and puts every file in place at once, so that an interruption sees
    /// either none or all of them committed.
    public static func commit(_ sinks: [OutputSink]) throws {
        for sink in sinks {
            try sink.flush()
            if sink.pending != nil, fsync(sink.fd) != 0 {
                throw ByteStreamError("cannot write \(sink.pending!.path): \(FileByteStream.systemReason())")
            }
        }
        try PendingFiles.shared.committing {
            for sink in sinks {
                guard let (temporary, path) = sink.pending else { continue }
                guard rename(temporary, path) == 0 else {
                    throw ByteStreamError("cannot replace \(path): \(FileByteStream.systemReason())")
                }
                sink.pending = nil
                PendingFiles.shared.remove(temporary)
            }
        }
    }
}

/// Writes rejected records back out as they were read, so they can be fixed and re-run. Each
/// kind of record has a file of its own: lines (JSONL, text, feed parts), or the rows of the CSV
/// files with one header, under that header. The first kind met goes to the file given; each
/// other kind to a new file beside it (`rejects.2.csv`, `rejects.3.jsonl`), listed in `files`.
/// On standard output (no path) every kind goes to the one stream.
public final class RejectsWriter {
    /// One file of rejects and what it holds.
    public struct File {
        /// Where it is written (`-` for standard output).
        public var path: String
        /// The header of its CSV rows; `nil` for lines.
        public var csvHeader: [UInt8]?
        /// The input its first record came from.
        public var firstInput: String
        let sink: OutputSink
    }

    private let path: String?
    private let first: OutputSink
    public private(set) var files: [File] = []
    /// The number the next file beside the first may take.
    private var nextNumber = 2

    /// Writes to `sink`, opened at `path` (`nil` for standard output).
    public init(sink: OutputSink, path: String?) {
        self.first = sink
        self.path = path
    }

    /// Appends one record; `csvHeader` is the header row of the CSV file it came from, if any.
    /// Records with no raw bytes (an unreadable file) have nothing to write.
    public func write(_ record: RejectedRecord, csvHeader: [UInt8]?) throws {
        guard !record.raw.isEmpty else { return }
        let file = try files.first { $0.csvHeader == csvHeader }?.sink ?? open(csvHeader, for: record)
        try file.write(record.raw + [0x0A])
    }

    /// Every file written to, for `OutputSink.commit`; the first one even when nothing was rejected.
    public var outputs: [OutputSink] { [first] + files.dropFirst().filter { $0.sink !== first }.map(\.sink) }

    /// The file for a new kind of record, its CSV header written.
    private func open(_ csvHeader: [UInt8]?, for record: RejectedRecord) throws -> OutputSink {
        let (sink, name): (OutputSink, String)
        if files.isEmpty || path == nil {
            (sink, name) = (first, path ?? "-")
        } else {
            (name, nextNumber) = Self.besides(path!, from: nextNumber, csv: csvHeader != nil)
            sink = try OutputSink(path: name)
        }
        if let csvHeader { try sink.write(csvHeader + [0x0A]) }
        files.append(File(path: name, csvHeader: csvHeader, firstInput: record.location.file, sink: sink))
        return sink
    }

    /// `rejects.N.csv` (or `.jsonl`) beside `path`, the first N from `number` where no file is
    /// and no other output of the run will be, and the number after it.
    private static func besides(_ path: String, from number: Int, csv: Bool) -> (String, Int) {
        let folder = OutputCheck.parentFolder(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.lastIndex(of: ".").map { name[..<$0] }.flatMap { $0.isEmpty ? nil : String($0) } ?? name
        var number = number
        while true {
            let candidate = (path.contains("/") ? folder + "/" : "") + "\(stem).\(number).\(csv ? "csv" : "jsonl")"
            if access(candidate, F_OK) != 0, !PendingFiles.shared.isPending(OutputCheck.resolved(candidate) ?? candidate) {
                return (candidate, number + 1)
            }
            number += 1
        }
    }
}
