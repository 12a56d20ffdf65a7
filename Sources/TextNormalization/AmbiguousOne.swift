extension NormalizedText {
    /// `bytes` with every ``ambiguousOne`` read as `letter` (`i` or `l`), written into `reading`
    /// (same length, so offsets stay valid). A matcher scans each reading and keeps the matches
    /// that cover an ``ambiguousOne``: "k1ll" is found as "kill", "1ove" as "love".
    public static func read(
        ambiguousOneAs letter: UInt8, in bytes: UnsafeBufferPointer<UInt8>, into reading: inout [UInt8]
    ) {
        reading.removeAll(keepingCapacity: true)
        reading.reserveCapacity(bytes.count)
        for byte in bytes { reading.append(byte == ambiguousOne ? letter : byte) }
    }
}
