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
    /// terminator, or `nil` when the record goes past the bytes available.
    typealias Boundary = (_ bytes: UnsafeBufferPointer<UInt8>) -> (length: Int, terminator: Int)?

    private var stream: Stream
    private var bytes: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    private let chunkSize: Int
    let maxRecordLength: Int

    init(stream: Stream, chunkSize: Int = 1 << 18, maxRecordLength: Int = 64 << 20) {
        self.stream = stream
        self.chunkSize = chunkSize
        self.maxRecordLength = maxRecordLength
        self.bytes = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Cuts the next record and hands it to `body` (without its terminator). A record longer
    /// than `maxRecordLength` is handed over truncated with `oversized` set, and the rest of it,
    /// up to the next newline, is skipped. Returns `nil` at the end of the stream.
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
                .withMemoryRebound(to: UInt8.self) { boundary($0) }
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

/// Line boundaries: up to and including `\n`; a `\r` before it is left to the reader.
func lineBoundary(_ bytes: UnsafeBufferPointer<UInt8>) -> (length: Int, terminator: Int)? {
    guard let base = bytes.baseAddress, let hit = memchr(base, 0x0A, bytes.count) else { return nil }
    return (UnsafeRawPointer(hit) - UnsafeRawPointer(base), 1)
}
