/// Storage management of ``NormalizedText`` for the normalizer: the pass writes into `scratch`
/// and `spans`, which keep their size between uses, and the result is copied to `bytes`, so
/// reusing one value for many texts allocates nothing once it has grown.
extension NormalizedText {
    /// Makes `scratch` (and `spans`, when kept) hold at least `capacity` elements.
    mutating func reserve(_ capacity: Int, spans keep: Bool) {
        if scratch.count < capacity { scratch.append(contentsOf: repeatElement(0, count: capacity - scratch.count)) }
        if keep && spans.count < capacity { spans.append(contentsOf: repeatElement(0, count: capacity - spans.count)) }
    }

    /// Calls `body` with pointers to the first `capacity` elements of `scratch` and, when kept,
    /// of `spans`.
    mutating func withBuffers<R>(capacity: Int, spans keep: Bool, _ body: (OutputBuffers) -> R) -> R {
        scratch.withUnsafeMutableBufferPointer { bytes in
            guard keep else { return body(OutputBuffers(bytes: bytes.baseAddress!, spans: nil, capacity: capacity)) }
            return spans.withUnsafeMutableBufferPointer { spans in
                body(OutputBuffers(bytes: bytes.baseAddress!, spans: spans.baseAddress!, capacity: capacity))
            }
        }
    }

    /// Sets `bytes` to the first `count` bytes written.
    mutating func finish(count: Int) {
        scratch.withUnsafeBufferPointer { bytes.replaceSubrange(bytes.indices, with: UnsafeBufferPointer(rebasing: $0[..<count])) }
    }
}

/// The original byte range of one normalized byte, packed in 64 bits: start in the low half,
/// end in the high half.
enum PackedRange {
    @inline(__always)
    static func make(from start: Int, to end: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: start)) | UInt64(truncatingIfNeeded: end) << 32
    }

    /// The difference between the spans of two consecutive bytes of a one-byte-per-byte copy.
    static let oneByte: UInt64 = 1 << 32 | 1

    static func start(_ span: UInt64) -> Int { Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: span)) }
    static func end(_ span: UInt64) -> Int { Int(truncatingIfNeeded: span >> 32) }
}
