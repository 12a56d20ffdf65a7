extension SIMDMask where Storage == SIMD16<Int8> {
    /// How many of the sixteen lanes of a byte comparison are true (the scanners that count bytes
    /// of a kind sixteen at a time use it).
    @inline(__always)
    var trueCount: Int {
        // A true lane is a byte of all ones: eight bits per lane.
        let bits = unsafeBitCast(self, to: (UInt64, UInt64).self)
        return (bits.0.nonzeroBitCount &+ bits.1.nonzeroBitCount) >> 3
    }
}
