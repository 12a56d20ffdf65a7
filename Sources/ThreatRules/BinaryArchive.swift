#if canImport(Glibc)
import Glibc
#endif

/// The byte format of compiled rules on disk: integers, strings and arrays of plain values, each
/// array as its count and then its memory as it is. Only the build that wrote a file reads it
/// (the cache key names the executable), so no byte order or layout is translated (padding bytes
/// inside structures are written as they are: two files of the same rules may differ there, and
/// the checksum covers them like any other byte). The unsafe
/// byte copies of the rules' on-disk form all live here.
enum BinaryArchive {
    /// Writes values to an open file through a small buffer; `checksum` covers everything
    /// written. `failed` tells whether a write went wrong (the file is then useless).
    struct Writer {
        private let descriptor: Int32
        private var buffer: [UInt8] = []
        private(set) var checksum = Checksum()
        private(set) var failed = false

        init(descriptor: Int32) { self.descriptor = descriptor }

        /// Writes out what is buffered; false when the file could not take it all.
        mutating func flush() -> Bool {
            buffer.withUnsafeBytes { put($0) }
            buffer.removeAll(keepingCapacity: true)
            return !failed
        }

        private mutating func put(_ bytes: UnsafeRawBufferPointer) {
            var done = 0
            while !failed && done < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if n <= 0 { failed = true } else { done += n }
            }
        }

        mutating func int(_ value: Int) { raw([Int64(value)]) }

        mutating func bool(_ value: Bool) { int(value ? 1 : 0) }

        mutating func double(_ value: Double) { raw([value]) }

        mutating func value<Element: BitwiseCopyable>(_ value: Element) { raw([value]) }

        mutating func string(_ value: String) { array(Array(value.utf8)) }

        mutating func strings(_ values: [String]) {
            int(values.count)
            for value in values { string(value) }
        }

        /// The count, then the elements' memory.
        mutating func array<Element: BitwiseCopyable>(_ values: [Element]) {
            int(values.count)
            raw(values)
        }

        private mutating func raw<Element: BitwiseCopyable>(_ values: [Element]) {
            values.withUnsafeBytes { memory in
                checksum.add(memory)
                if memory.count >= 1 << 16 {
                    _ = flush()
                    put(memory)
                } else {
                    buffer.append(contentsOf: memory)
                    if buffer.count >= 1 << 20 { _ = flush() }
                }
            }
        }
    }

    /// Reads what a `Writer` wrote, in the same order, from an open file; every read checks that
    /// the bytes are there, so a truncated file is an error, never a short array.
    struct Reader {
        struct Truncated: Error {}

        private let descriptor: Int32
        /// Bytes left in the file, checked before each allocation so a corrupt count cannot ask
        /// for more memory than the file holds.
        private var remaining: Int
        private(set) var checksum = Checksum()

        init(descriptor: Int32, size: Int) {
            self.descriptor = descriptor
            remaining = size
        }

        mutating func int() throws -> Int {
            let value: [Int64] = try elements(count: 1)
            return Int(value[0])
        }

        mutating func bool() throws -> Bool { try int() != 0 }

        mutating func double() throws -> Double { try elements(count: 1)[0] }

        mutating func string() throws -> String { String(decoding: try array() as [UInt8], as: UTF8.self) }

        mutating func strings() throws -> [String] {
            let count = try int()
            guard count >= 0, count <= remaining else { throw Truncated() }
            return try (0..<count).map { _ in try string() }
        }

        mutating func array<Element: BitwiseCopyable>() throws -> [Element] {
            try elements(count: try int())
        }

        /// One value of a plain type.
        mutating func value<Element: BitwiseCopyable>() throws -> Element { try elements(count: 1)[0] }

        private mutating func elements<Element: BitwiseCopyable>(count: Int) throws -> [Element] {
            let size = MemoryLayout<Element>.stride
            guard count >= 0, count <= remaining / max(size, 1) else { throw Truncated() }
            let result = try [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                var done = 0
                while done < raw.count {
                    let n = read(descriptor, raw.baseAddress! + done, raw.count - done)
                    if n <= 0 { throw Truncated() }
                    done += n
                }
                checksum.add(UnsafeRawBufferPointer(raw))
                initialized = count
            }
            remaining -= count * size
            return result
        }
    }

    /// FNV-1a over 8-byte words (and the tail): catches a damaged or truncated file, fast enough
    /// for tens of megabytes. Not a defence against a file crafted on purpose.
    struct Checksum {
        private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var i = 0
            while i + 8 <= bytes.count {
                value = (value ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                i += 8
            }
            while i < bytes.count {
                value = (value ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3
                i += 1
            }
        }
    }
}
