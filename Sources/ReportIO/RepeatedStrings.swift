/// Field values that repeat from record to record (a partner's name, a country, a date), kept
/// once each: a value whose raw bytes were read before is the same `String` again, so it costs
/// neither a decoding nor an allocation. Short values (15 bytes or fewer: Swift keeps them
/// inline, without allocating) are not kept; at most `capacity` values are, the first ones met.
struct RepeatedStrings {
    private static let slots = 512
    private static let capacity = 256
    /// A value's hash (`Hasher`'s, never 0: 0 marks a free slot), its raw bytes and its string;
    /// empty until a first value is kept, so an unused one costs nothing.
    private var hashes: [UInt64] = []
    private var raws: [[UInt8]] = []
    private var strings: [String] = []
    private var count = 0

    /// The string of the raw bytes `raw`: the one kept for them, else `decode(raw)`, kept when
    /// it is long enough and there is room. Errors of `decode` are thrown as they are.
    mutating func string<Failure: Error>(
        _ raw: UnsafeBufferPointer<UInt8>, decode: (UnsafeBufferPointer<UInt8>) throws(Failure) -> String
    ) throws(Failure) -> String {
        guard raw.count > 15 else { return try decode(raw) }
        if hashes.isEmpty {
            hashes = [UInt64](repeating: 0, count: Self.slots)
            raws = [[UInt8]](repeating: [], count: Self.slots)
            strings = [String](repeating: "", count: Self.slots)
        }
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(raw))
        let hash = UInt64(bitPattern: Int64(hasher.finalize())) | 1
        var slot = Int(truncatingIfNeeded: hash >> 32) & (Self.slots - 1)
        while hashes[slot] != 0 {
            if hashes[slot] == hash && raws[slot].elementsEqual(raw) { return strings[slot] }
            slot = (slot + 1) & (Self.slots - 1)
        }
        let string = try decode(raw)
        if count < Self.capacity {
            hashes[slot] = hash
            raws[slot] = Array(raw)
            strings[slot] = string
            count += 1
        }
        return string
    }
}
