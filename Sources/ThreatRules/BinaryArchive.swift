#if canImport(Glibc)
import Glibc
#endif
import ThreatTaxonomy

/// The byte format of compiled rules on disk: integers, strings and arrays of plain values, each
/// array as its count and then its memory as it is. Only the build that wrote a file reads it
/// (the cache key names the executable), so no byte order or layout is translated (padding bytes
/// inside structures are written as they are: two files of the same rules may differ there, and
/// the checksum covers them like any other byte). The unsafe
/// byte copies of the rules' on-disk form all live here; the two large tables are not copied but
/// used where the file is mapped (`Table`, `FileMapping`).
enum BinaryArchive {
    /// Writes values to an open file through a small buffer; `checksum` covers everything
    /// written. `failed` tells whether a write went wrong (the file is then useless).
    struct Writer {
        private let descriptor: Int32
        private var buffer: [UInt8] = []
        private(set) var checksum = FNVChecksum()
        private(set) var failed = false
        /// Bytes written so far (buffered ones included).
        private var offset = 0

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

        /// The count, zero bytes up to a multiple of `Reader.tableAlignment` from the start of
        /// the file, then the elements' memory: a reader can use them in place.
        mutating func table<Element: BitwiseCopyable>(_ values: Table<Element>) {
            int(values.count)
            raw([UInt8](repeating: 0, count: Reader.padding(before: offset)))
            bytes(UnsafeRawBufferPointer(values.elements))
        }

        private mutating func raw<Element: BitwiseCopyable>(_ values: [Element]) {
            values.withUnsafeBytes { bytes($0) }
        }

        private mutating func bytes(_ memory: UnsafeRawBufferPointer) {
            checksum.add(memory)
            offset += memory.count
            if memory.count >= 1 << 16 {
                _ = flush()
                put(memory)
            } else {
                buffer.append(contentsOf: memory)
                if buffer.count >= 1 << 20 { _ = flush() }
            }
        }
    }

    /// Reads what a `Writer` wrote, in the same order, from an open file; every read checks that
    /// the bytes are there, so a truncated file is an error, never a short array. Small values
    /// come from a buffer filled a megabyte at a time (one system call for thousands of them, no
    /// allocation per value); large arrays are read straight into their own memory.
    struct Reader {
        struct Truncated: Error {}

        private let descriptor: Int32
        /// The whole file, mapped, for `table()`; `nil` where it could not be mapped.
        private let mapping: FileMapping?
        private let size: Int
        /// Bytes left in the file (buffered ones included), checked before each allocation so a
        /// corrupt count cannot ask for more memory than the file holds.
        private(set) var remaining: Int
        private(set) var checksum = FNVChecksum()
        private var buffer: [UInt8] = []
        /// The last string `repeatedString()` read.
        private var lastRepeated = ""
        /// The unread part of `buffer`.
        private var position = 0
        private static let bufferSize = 1 << 20

        init(descriptor: Int32, size: Int) {
            self.descriptor = descriptor
            self.size = size
            remaining = size
            mapping = FileMapping(descriptor: descriptor, size: size)
        }

        /// Where a table's elements start in the file: at a multiple of this many bytes.
        static let tableAlignment = 16

        /// Zero bytes a `Writer` puts before a table's elements at file offset `offset`.
        static func padding(before offset: Int) -> Int { (tableAlignment - offset % tableAlignment) % tableAlignment }

        /// What `Writer.table` wrote: a view of the mapped file (the values are not copied), or
        /// the values read into memory of their own where the file is not mapped.
        mutating func table<Element: BitwiseCopyable>() throws -> Table<Element> {
            let count = try int()
            let padding = Self.padding(before: size - remaining)
            try take(padding)  // the zero bytes, in the checksum as the writer put them there
            position += padding
            guard let mapping else { return Table(try array(count: count)) }
            let stride = MemoryLayout<Element>.stride
            guard count >= 0, count <= remaining / max(stride, 1) else { throw Truncated() }
            let offset = size - remaining
            checksum.add(UnsafeRawBufferPointer(start: mapping.base + offset, count: count * stride))
            try skip(count * stride)
            return Table(mapping, offset: offset, count: count)
        }

        /// Moves past the next `count` bytes, the buffered ones first; the caller has added them
        /// to the checksum.
        private mutating func skip(_ count: Int) throws {
            guard count >= 0, count <= remaining else { throw Truncated() }
            let buffered = min(count, buffer.count - position)
            position += buffered
            if count > buffered && lseek(descriptor, off_t(count - buffered), SEEK_CUR) < 0 { throw Truncated() }
            remaining -= count
        }

        mutating func int() throws -> Int { Int(try value() as Int64) }

        mutating func bool() throws -> Bool { try int() != 0 }

        mutating func double() throws -> Double { try value() }

        mutating func string() throws -> String {
            try nextString { String(decoding: $0, as: UTF8.self) }
        }

        /// A string that is most often the one this read before (a file name in locations): then
        /// that one is returned, sharing its memory, instead of a copy.
        mutating func repeatedString() throws -> String {
            let last = lastRepeated
            lastRepeated = try nextString { $0.elementsEqual(last.utf8) ? last : String(decoding: $0, as: UTF8.self) }
            return lastRepeated
        }

        /// `make` of the next string's bytes: read in the buffer, or into an array of their own
        /// when longer than it.
        private mutating func nextString(_ make: (UnsafeBufferPointer<UInt8>) -> String) throws -> String {
            let count = try int()
            if count > Self.bufferSize {
                let bytes: [UInt8] = try array(count: count)
                return bytes.withUnsafeBufferPointer(make)
            }
            try take(count)
            defer { position += count }
            return buffer.withUnsafeBufferPointer { make(UnsafeBufferPointer(rebasing: $0[position..<position + count])) }
        }

        mutating func strings() throws -> [String] {
            let count = try int()
            guard count >= 0, count <= remaining else { throw Truncated() }
            return try (0..<count).map { _ in try string() }
        }

        mutating func array<Element: BitwiseCopyable>() throws -> [Element] {
            try array(count: try int())
        }

        private mutating func array<Element: BitwiseCopyable>(count: Int) throws -> [Element] {
            let size = MemoryLayout<Element>.stride
            guard count >= 0, count <= remaining / max(size, 1) else { throw Truncated() }
            return try [Element](unsafeUninitializedCapacity: count) { elements, initialized in
                Self.adviseHugePages(UnsafeMutableRawBufferPointer(elements))
                try fill(UnsafeMutableRawBufferPointer(elements))
                initialized = count
            }
        }

        /// Asks the kernel to back the 2 MiB-aligned inside of a large array's memory with huge
        /// pages before the array is read in: the array then faults in a page per 2 MiB rather
        /// than per 4 KiB. That took a fifth off start-up while the matcher's tables were read
        /// this way; with them mapped (`table()`), the uses of the literals are what it still
        /// speeds up (a twentieth of start-up). Only advice: where the system does not follow it,
        /// nothing changes.
        private static func adviseHugePages(_ memory: UnsafeMutableRawBufferPointer) {
#if os(Linux)
            let huge = 1 << 21
            guard memory.count >= 2 * huge, let base = memory.baseAddress else { return }
            let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
            let end = (Int(bitPattern: base) + memory.count) & ~(huge - 1)
            guard end > start else { return }
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
#endif
        }

        /// One value of a plain type.
        mutating func value<Element: BitwiseCopyable>() throws -> Element {
            let size = MemoryLayout<Element>.size
            try take(size)
            defer { position += size }
            return buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: Element.self) }
        }

        /// Makes the next `count` bytes (at most the buffer's size) readable at `position`, and
        /// adds them to the checksum.
        private mutating func take(_ count: Int) throws {
            guard count >= 0, count <= remaining else { throw Truncated() }
            if buffer.count - position < count {
                if count > Self.bufferSize { throw Truncated() }
                buffer.removeFirst(position)
                position = 0
                let kept = buffer.count
                let wanted = min(Self.bufferSize, remaining) - kept
                buffer.append(contentsOf: repeatElement(0, count: wanted))
                let descriptor = descriptor
                try buffer.withUnsafeMutableBytes { try Self.readFully(UnsafeMutableRawBufferPointer(rebasing: $0[kept...]), from: descriptor) }
            }
            buffer.withUnsafeBytes { checksum.add(UnsafeRawBufferPointer(rebasing: $0[position..<position + count])) }
            remaining -= count
        }

        /// Fills `memory` with the next bytes: those still buffered first, then straight from the file.
        private mutating func fill(_ memory: UnsafeMutableRawBufferPointer) throws {
            guard memory.count <= remaining else { throw Truncated() }
            guard let start = memory.baseAddress else { return }
            let buffered = min(memory.count, buffer.count - position)
            if buffered > 0 { buffer.withUnsafeBytes { start.copyMemory(from: $0.baseAddress! + position, byteCount: buffered) } }
            position += buffered
            try Self.readFully(UnsafeMutableRawBufferPointer(rebasing: memory[buffered...]), from: descriptor)
            checksum.add(UnsafeRawBufferPointer(memory))
            remaining -= memory.count
        }

        private static func readFully(_ memory: UnsafeMutableRawBufferPointer, from descriptor: Int32) throws {
            guard let start = memory.baseAddress else { return }
            var done = 0
            while done < memory.count {
                let n = read(descriptor, start + done, memory.count - done)
                if n <= 0 { throw Truncated() }
                done += n
            }
        }
    }
}
