/// Reads a stream line by line with bounded memory; for inputs that are not report batches
/// (classified output, lists).
public struct LineReader<Stream: ByteStream> {
    private var buffer: RecordBuffer<Stream>
    private var line = 0

    public init(stream: Stream) { buffer = RecordBuffer(stream: stream) }

    /// The next line's 1-based number and bytes, without its `\n`; `nil` at the end.
    public mutating func next() throws -> (number: Int, bytes: [UInt8])? {
        guard let bytes = try buffer.next(boundary: lineBoundary, { bytes, _ in Array(bytes) }) else { return nil }
        line += 1
        return (line, bytes)
    }
}
