#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A window on a byte stream from which whole records (lines, CSV rows) are cut without copying.
///
/// The buffer holds one chunk at a time and grows only to hold a record longer than a chunk,
/// up to `maxRecordLength`; memory stays bounded whatever the size of the input.
struct RecordBuffer<Stream: ByteStream> {
    /// Finds the end of the record at the start of `bytes`: its length and the length of its
    /// terminator, or `nil` when the record goes past the bytes available. `atEnd`: no more
    /// bytes will come (a `nil` then makes the rest of the input the last record).
    typealias Boundary = (_ bytes: UnsafeBufferPointer<UInt8>, _ atEnd: Bool) -> (length: Int, terminator: Int)?

    private var stream: Stream
    private var bytes: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private let chunkSize: Int
    let maxRecordLength: Int
    /// The newlines inside the part of the last oversized record that was not handed over
    /// (a CSV row with line breaks in quotes), so that line numbers stay right.
    private(set) var droppedNewlines = 0

    init(stream: Stream, chunkSize: Int = 1 << 18, maxRecordLength: Int = RecordLimit.defaultBytes) {
        self.stream = stream
        self.chunkSize = chunkSize
        self.maxRecordLength = maxRecordLength
        self.bytes = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Cuts the next record and hands it to `body` (without its terminator). A record longer
    /// than `maxRecordLength` is handed over truncated with `oversized` set, and the rest of it
    /// is skipped: up to its end when the buffer holds it, else up to the first newline after
    /// the cut (so the lines inside the part handed over are not read again). Returns `nil` at
    /// the end of the stream.
    mutating func next<R>(
        boundary: Boundary, _ body: (_ record: UnsafeBufferPointer<UInt8>, _ oversized: Bool) -> R
    ) throws -> R? {
        while true {
            if start == end {
                if atEOF { return nil }
                try refill()
                continue
            }
            let (s, e) = (start, end)
            let found = bytes.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[s..<e]) }
                .withMemoryRebound(to: UInt8.self) { boundary($0, atEOF) }
            if let found, found.length > maxRecordLength {
                droppedNewlines = bytes[s + maxRecordLength..<s + found.length].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                start += found.length + found.terminator
                return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<s + maxRecordLength]), true) }
            }
            if let found {
                start += found.length + found.terminator
                return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<s + found.length]), false) }
            }
            if atEOF {
                start = end
                return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<e]), false) }
            }
            if e - s >= maxRecordLength {
                let result = bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[s..<s + maxRecordLength]), true) }
                start = s + maxRecordLength
                droppedNewlines = 0
                try skipPastNewline()
                return result
            }
            try refill()
        }
    }

    /// Moves the unread bytes to the front, grows the buffer if they fill it, and reads more.
    private mutating func refill() throws {
        let pending = end - start
        if pending == 0 && bytes.count > chunkSize { bytes = [UInt8](repeating: 0, count: chunkSize) }
        if start > 0 {
            if pending > 0 { bytes.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: $0.baseAddress! + start, count: pending) } }
            start = 0
            end = pending
        }
        if end == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
        let offset = end
        let n = try bytes.withUnsafeMutableBytes { raw in
            try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[offset...]))
        }
        if n == 0 { atEOF = true } else { end += n }
    }

    private mutating func skipPastNewline() throws {
        while true {
            if let newline = bytes[start..<end].firstIndex(of: 0x0A) {
                start = newline + 1
                return
            }
            start = end
            if atEOF { return }
            try refill()
        }
    }
}

/// The record-size cap of the batch readers (`--max-record-bytes`): a longer record is one
/// rejected record, and reading it takes no more memory than the cap.
public enum RecordLimit {
    /// 16 MB.
    public static let defaultBytes = 16 << 20
    /// How much of an oversized record `--rejects` keeps.
    static let keptBytes = 64 << 10

    /// A size for messages: "16 MB", "512 KB" or "1000 bytes".
    public static func describe(_ bytes: Int) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
        return "\(bytes) bytes"
    }

    /// Why an oversized record is rejected.
    static func reason(_ what: String, limit: Int) -> String {
        "\(what) is longer than \(describe(limit)) (--max-record-bytes), so it is not read; --rejects keeps its first \(describe(min(limit, keptBytes)))"
    }

    /// The start of an oversized record and a note saying it was cut, for `--rejects`.
    static func kept(_ bytes: some Collection<UInt8>, limit: Int) -> [UInt8] {
        Array(bytes.prefix(keptBytes)) + Array(" [cut by cop-threats: the record is longer than \(describe(limit)); only its first \(describe(min(limit, keptBytes))) are kept here]".utf8)
    }
}

/// Line boundaries: up to and including `\n`; a `\r` before it is left to the reader.
func lineBoundary(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> (length: Int, terminator: Int)? {
    guard let base = bytes.baseAddress, let hit = memchr(base, 0x0A, bytes.count) else { return nil }
    return (UnsafeRawPointer(hit) - UnsafeRawPointer(base), 1)
}
