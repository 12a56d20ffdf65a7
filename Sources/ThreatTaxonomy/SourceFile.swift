import SafeYAML

/// A file a taxonomy was read from, with a digest of the text the loader parsed: a kept copy of
/// the loaded taxonomy is still good while `digest(ofFileAt:)` of every one of its files gives
/// the same digest. The digest is of the text parsed, not of the file read again later, so an
/// edit saved while a taxonomy loads is seen as one.
public struct SourceFile: Sendable, Hashable {
    public var path: String
    public var digest: UInt64

    /// `FNVChecksum` of `text`'s UTF-8, mixed with its length.
    public static func digest(of text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { digest(ofBytes: UnsafeRawBufferPointer($0)) }
    }

    private static func digest(ofBytes bytes: UnsafeRawBufferPointer) -> UInt64 {
        var checksum = FNVChecksum()
        checksum.add(bytes)
        return checksum.value ^ UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
    }

    /// The digest of the file at `path` as the loader reads it (without a leading byte order
    /// mark); `nil` when it cannot be read. The bytes are hashed as they are, without decoding
    /// them: a UTF-8 file's bytes are its text's, and a file that is no longer UTF-8 has bytes
    /// no loaded text had, so its digest is not the kept one.
    public static func digest(ofFileAt path: String) -> UInt64? {
        YAMLFile.bytes(at: path).map { $0.withUnsafeBytes(digest(ofBytes:)) }
    }
}

/// FNV-1a over 8-byte words (in four lanes over a long piece) and the tail, added to piece by
/// piece: catches a changed, damaged or truncated file, fast enough for tens of megabytes. Not a
/// defence against a file crafted on purpose.
public struct FNVChecksum: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        if bytes.count >= 64 {
            // Four lanes over 32-byte blocks, so that each multiplication does not wait for the
            // one before (a compiled taxonomy's tens of megabytes are checked at every start),
            // then folded into `value` in order.
            var lanes = (value, value ^ 1, value ^ 2, value ^ 3)
            while i + 32 <= bytes.count {
                lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* Self.prime
                lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* Self.prime
                lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* Self.prime
                lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* Self.prime
                i += 32
            }
            value = (((lanes.0 ^ lanes.1) &* Self.prime ^ lanes.2) &* Self.prime ^ lanes.3) &* Self.prime
        }
        while i + 8 <= bytes.count {
            value = (value ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* Self.prime
            i += 8
        }
        while i < bytes.count {
            value = (value ^ UInt64(bytes[i])) &* Self.prime
            i += 1
        }
    }
}
