import Foundation
import Testing
@testable import ThreatRules
import ThreatTaxonomy

@Suite("Binary archive of compiled rules")
struct BinaryArchiveTests {
    /// Writes with `write`, then reads the file back with `read` (given the file's size).
    static func roundTrip<Result>(
        _ write: (inout BinaryArchive.Writer) -> Void, truncatedTo keep: Int? = nil,
        read: (inout BinaryArchive.Reader) throws -> Result
    ) throws -> Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)").path
        defer { unlink(path) }
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var out = BinaryArchive.Writer(descriptor: output)
        write(&out)
        #expect(out.flush() && close(output) == 0)
        if let keep { #expect(truncate(path, off_t(keep)) == 0) }
        let input = open(path, O_RDONLY)
        defer { close(input) }
        var status = stat()
        #expect(fstat(input, &status) == 0)
        var reader = BinaryArchive.Reader(descriptor: input, size: Int(status.st_size))
        return try read(&reader)
    }

    static let long = String(repeating: "é long string ", count: 120_000)  // 1.8 MB: longer than the read buffer
    static let numbers = (0..<400_000).map { Int32(truncatingIfNeeded: $0 &* 7919) }  // 1.6 MB

    static func writeAll(_ out: inout BinaryArchive.Writer) {
        out.int(-42)
        out.string("short")
        out.string(long)
        for name in ["rules/en.yaml", "rules/en.yaml", "rules/fr.yaml", "rules/en.yaml"] { out.string(name) }
        out.array(numbers)
        out.table(Table(numbers))  // after an odd number of bytes: padded to be used in place
        out.double(0.25)
        out.strings(["", "a", long])
        out.value(out.checksum.value)
    }

    @Test("values, strings longer than the read buffer and large arrays read back as written, checksum included")
    func valuesReadBack() throws {
        try Self.roundTrip(Self.writeAll) { (input: inout BinaryArchive.Reader) throws in
            #expect(try input.int() == -42)
            #expect(try input.string() == "short")
            #expect(try input.string() == Self.long)
            #expect(try (0..<4).map { _ in try input.repeatedString() } == ["rules/en.yaml", "rules/en.yaml", "rules/fr.yaml", "rules/en.yaml"])
            #expect(try input.array() as [Int32] == Self.numbers)
            let table: Table<Int32> = try input.table()
            #expect(Array(table.elements) == Self.numbers)
            #expect(Int(bitPattern: table.elements.baseAddress) % BinaryArchive.Reader.tableAlignment == 0)
            #expect(try input.double() == 0.25)
            #expect(try input.strings() == ["", "a", Self.long])
            let expected = input.checksum.value
            #expect(try input.value() as UInt64 == expected)
            #expect(input.remaining == 0)
        }
    }

    @Test("a table read from a file that cannot be mapped (a pipe) is read into memory, the same values")
    func tableFromPipe() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString)").path
        defer { unlink(path) }
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var out = BinaryArchive.Writer(descriptor: output)
        out.string("odd")
        out.table(Table(Self.numbers))
        out.int(7)
        #expect(out.flush() && close(output) == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let writer = Thread {
            bytes.withUnsafeBytes { all in
                var done = 0
                while done < all.count {
                    let n = write(writeEnd, all.baseAddress! + done, all.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        var input = BinaryArchive.Reader(descriptor: readEnd, size: bytes.count)
        #expect(try input.string() == "odd")
        let table: Table<Int32> = try input.table()
        #expect(Array(table.elements) == Self.numbers)
        #expect(try input.int() == 7)
        #expect(input.remaining == 0)
    }

    @Test("a truncated file is an error wherever it stops", arguments: [3, 20, 1_000_000, 2_000_000, 3_000_000, 3_500_000, 5_000_000])
    func truncatedFileThrows(keep: Int) {
        #expect(throws: BinaryArchive.Reader.Truncated.self) {
            try Self.roundTrip(Self.writeAll, truncatedTo: keep) { (input: inout BinaryArchive.Reader) throws in
                _ = (try input.int(), try input.string(), try input.string())
                for _ in 0..<4 { _ = try input.repeatedString() }
                _ = try input.array() as [Int32]
                _ = try input.table() as Table<Int32>
                _ = (try input.double(), try input.strings(), try input.value() as UInt64)
            }
        }
    }

    @Test("the checksum changes when any one byte of a piece changes, whatever its length")
    func checksumSeesEveryByte() {
        func checksum(_ bytes: [UInt8]) -> UInt64 {
            var checksum = FNVChecksum()
            bytes.withUnsafeBytes { checksum.add($0) }
            return checksum.value
        }
        for length in [1, 7, 8, 31, 64, 100, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            let original = checksum(bytes)
            for position in 0..<length {
                var changed = bytes
                changed[position] ^= 0x10
                #expect(checksum(changed) != original, "length \(length), byte \(position)")
            }
            // Two words swapped between lanes are a change too.
            if length >= 64 {
                var swapped = bytes
                swapped.swapAt(0, 8)
                #expect(checksum(swapped) != original)
            }
        }
    }
}
