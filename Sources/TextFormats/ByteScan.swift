#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds bytes in a buffer sixteen at a time (`SIMD16`: one vector compare per byte looked
/// for), for the scanners that look at every byte of their input: the feed's byte guard and the
/// JSON writer. Written with the standard library's SIMD types, which compile to the CPU's
/// vector compares (SSE2 on x86-64, NEON on arm64) without C or intrinsics.
public enum ByteScan {
    /// The sixteen bytes at `pointer`.
    @inlinable @inline(__always)
    public static func block(at pointer: UnsafePointer<UInt8>) -> SIMD16<UInt8> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<UInt8>.self)
    }

    /// The lane (0 for the block's first byte) of the first match in `found`, or nil when none.
    @inlinable @inline(__always)
    public static func firstLane(_ found: SIMDMask<SIMD16<Int8>>) -> Int? {
        // A true lane is a byte of all ones: the first set bit of the two halves, over eight.
        let lanes = unsafeBitCast(found, to: (UInt64, UInt64).self)
        if lanes.0 != 0 { return lanes.0.trailingZeroBitCount >> 3 }
        if lanes.1 != 0 { return 8 + lanes.1.trailingZeroBitCount >> 3 }
        return nil
    }

    /// The index of the first of `a`, `b` or `c` in `base[start..<end]`, or `end` (pass a byte
    /// twice to look for two).
    @inlinable
    public static func firstIndex(
        of a: UInt8, _ b: UInt8, _ c: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        var i = start
        let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b), vc = SIMD16<UInt8>(repeating: c)
        while i + 16 <= end {
            let bytes = block(at: base + i)
            if let lane = firstLane((bytes .== va) .| (bytes .== vb) .| (bytes .== vc)) { return i + lane }
            i += 16
        }
        while i < end && base[i] != a && base[i] != b && base[i] != c { i += 1 }
        return i
    }

    /// The index of the first `byte` in `base[start..<end]`, or `end`. Runs to the next byte
    /// looked for are mostly short (text between tags, an attribute value): the first sixteen
    /// bytes are looked at in one compare, and only a longer run goes to `memchr`.
    @inlinable
    public static func firstIndex(of byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        if start + 16 <= end {
            if let lane = firstLane(block(at: base + start) .== SIMD16<UInt8>(repeating: byte)) { return start + lane }
            guard let hit = memchr(base + start + 16, Int32(byte), end - start - 16) else { return end }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        var i = start
        while i < end && base[i] != byte { i += 1 }
        return i
    }
}
