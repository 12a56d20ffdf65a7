/// The legacy single-byte encodings that case-management exports are often saved in
/// (`--encoding`); their bytes are turned into UTF-8 as they are read.
public enum SingleByteEncoding: String, CaseIterable, Sendable {
    /// ISO 8859-1: each byte is the code point of the same number.
    case latin1 = "latin-1"
    /// Windows-1252: Latin-1 with printable characters (€, ‘’, “”, œ, Š, …) in 0x80–0x9F.
    case windows1252 = "windows-1252"

    /// The encoding a name stands for (`latin1`, `iso-8859-1`, `cp1252`, ... in any case).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        case "windows-1252", "cp1252", "win-1252", "windows1252": self = .windows1252
        default: return nil
        }
    }

    /// The code point of one byte.
    func scalar(_ byte: UInt8) -> UInt32 {
        if self == .windows1252, (0x80...0x9F).contains(byte) { return Self.windows1252High[Int(byte - 0x80)] }
        return UInt32(byte)
    }

    /// Windows-1252 0x80–0x9F; the five bytes it leaves undefined keep their Latin-1 (C1) value.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

/// A byte stream in a single-byte encoding, read as UTF-8.
public struct TranscodingByteStream<Base: ByteStream>: ByteStream {
    private var base: Base
    private let encoding: SingleByteEncoding
    private var pending: [UInt8] = []
    private var raw = [UInt8](repeating: 0, count: 1 << 16)

    public init(_ base: Base, from encoding: SingleByteEncoding) {
        self.base = base
        self.encoding = encoding
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if pending.isEmpty {
            // Each byte becomes at most 3 UTF-8 bytes: read a third of what is asked for.
            let want = max(1, min(raw.count, buffer.count / 3))
            let n = try raw.withUnsafeMutableBytes { try base.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<want])) }
            if n == 0 { return 0 }
            for byte in raw[..<n] { append(encoding.scalar(byte)) }
        }
        let count = min(buffer.count, pending.count)
        pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
        pending.removeFirst(count)
        return count
    }

    private mutating func append(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80: pending.append(UInt8(scalar))
        case ..<0x800:
            pending.append(UInt8(0xC0 | (scalar >> 6)))
            pending.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            pending.append(UInt8(0xE0 | (scalar >> 12)))
            pending.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            pending.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
