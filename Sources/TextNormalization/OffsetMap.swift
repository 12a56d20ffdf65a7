/// Storage management of ``NormalizedText`` for the normalizer: the offset arrays keep their
/// size between uses (only `bytes` is cut to the normalized length), so reusing one value for
/// many texts allocates nothing once it has grown.
extension NormalizedText {
    /// Makes every array hold at least `capacity` elements.
    mutating func reserve(_ capacity: Int) {
        if bytes.count < capacity { bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count)) }
        if starts.count < capacity {
            starts.append(contentsOf: repeatElement(0, count: capacity - starts.count))
            ends.append(contentsOf: repeatElement(0, count: capacity - ends.count))
        }
    }

    /// Calls `body` with pointers to the first `capacity` elements of each array.
    mutating func withBuffers<R>(capacity: Int, _ body: (OutputBuffers) -> R) -> R {
        bytes.withUnsafeMutableBufferPointer { bytes in
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    body(OutputBuffers(bytes: bytes.baseAddress!, starts: starts.baseAddress!, ends: ends.baseAddress!, capacity: capacity))
                }
            }
        }
    }

    /// Cuts `bytes` to the normalized length.
    mutating func truncate(to count: Int) {
        bytes.removeSubrange(count...)
    }
}
