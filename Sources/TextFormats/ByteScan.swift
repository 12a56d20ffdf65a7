/// Finds bytes in a buffer eight at a time (SWAR: one 64-bit word holds eight bytes), for the
/// scanners that look at every byte of their input: the feed's byte guard and the JSON writer.
///
/// `matches` and `below` set the high bit of a byte of the result for the bytes that match. The
/// lowest set bit is always a true match (a false one can only follow a true one, through the
/// borrow), so `firstMatch` is exact.
public enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = ones &* 0x80

    /// The high bit of each byte of `word` that equals `byte`.
    @inline(__always)
    public static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// The high bit of each byte of `word` that is below `limit` (at most 128).
    @inline(__always)
    public static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highs
    }

    /// The index within the word (0 for its first byte in memory) of the first match in `found`,
    /// which is not zero.
    @inline(__always)
    public static func firstMatch(_ found: UInt64) -> Int {
        found.trailingZeroBitCount >> 3
    }

    /// The eight bytes at `pointer`, first byte lowest.
    @inline(__always)
    public static func word(at pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }
}
