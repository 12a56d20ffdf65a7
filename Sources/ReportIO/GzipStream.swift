internal import CZlib

/// Inflates a gzip (or zlib) stream while it is read, so compressed batches never sit in memory
/// whole. Concatenated gzip members (as written by `cat a.gz b.gz`) are read one after another.
public final class GzipStream<Base: ByteStream>: ByteStream {
    private var base: Base
    private var zstream = z_stream()
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var finished = false

    /// Wraps `base`, whose bytes are gzip data.
    public init(_ base: Base, inputChunkSize: Int = 1 << 16) throws {
        self.base = base
        self.input = [UInt8](repeating: 0, count: inputChunkSize)
        // 15 window bits + 32: detect a gzip or zlib header automatically.
        let status = inflateInit2_(&zstream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ByteStreamError("the gzip decompressor could not start (zlib error \(status))") }
    }

    deinit { inflateEnd(&zstream) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        while true {
            if inputStart == inputEnd {
                let n = try input.withUnsafeMutableBytes { raw in try base.read(into: raw) }
                inputStart = 0
                inputEnd = n
                if n == 0 {
                    finished = true
                    if zstream.total_in > 0 || zstream.total_out > 0 {
                        throw ByteStreamError("the gzip data ends early (the file is truncated)")
                    }
                    return 0
                }
            }
            let (status, produced, consumed) = input.withUnsafeMutableBufferPointer { inBuf in
                let available = inputEnd - inputStart
                zstream.next_in = inBuf.baseAddress! + inputStart
                zstream.avail_in = UInt32(available)
                zstream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                zstream.avail_out = UInt32(buffer.count)
                let status = inflate(&zstream, Z_NO_FLUSH)
                return (status, buffer.count - Int(zstream.avail_out), available - Int(zstream.avail_in))
            }
            inputStart += consumed
            switch status {
            case Z_STREAM_END:
                // Another member may follow; reset and go on with the remaining input.
                inflateReset(&zstream)
                zstream.total_in = 0
                zstream.total_out = 0
                if produced > 0 { return produced }
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if status == Z_BUF_ERROR && consumed == 0 && inputStart < inputEnd {
                    throw ByteStreamError("the gzip data is corrupt")
                }
            default:
                let detail = zstream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw ByteStreamError("the gzip data is corrupt (\(detail))")
            }
        }
    }
}
