import ReportIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A known line start in a feed file (the last record looked up), from which `TextPosition` scans
/// forward instead of from the top of the file: the rejected records of a feed come in file order,
/// so finding all of them reads the file about once.
final class LineCursor {
    private(set) var line: Int
    private(set) var offset: Int

    init(line: Int = 1, offset: Int = 0) {
        self.line = line
        self.offset = offset
    }

    /// Where to start scanning for `target`: here when it is not behind, else the top of the file.
    func start(for target: Int) -> (line: Int, offset: Int) { target >= line ? (line, offset) : (1, 0) }

    /// Records that `line` starts at `offset`, if that is further on.
    func found(line: Int, at offset: Int) {
        guard line > self.line else { return }
        (self.line, self.offset) = (line, offset)
    }
}

/// Line arithmetic on a feed file, for messages and rejected parts. Used on the error path and for
/// rejected records, so it re-reads the file (from a `LineCursor` when one is given) instead of
/// counting lines while parsing.
enum TextPosition {
    /// The line and column of byte `offset` in the file at `path`.
    /// (Line 0 when the file cannot be read again, e.g. standard input.)
    static func locate(offset: Int, in path: String) -> RecordLocation {
        if path == "-" { return RecordLocation(file: "<stdin>", line: 0) }
        var line = 1
        var lineStart = 0
        var position = 0
        scan(path) { chunk in
            for byte in chunk {
                if position >= offset { return false }
                position += 1
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    lineStart = position
                }
            }
            return true
        }
        return RecordLocation(file: path, line: line, column: offset - lineStart + 1)
    }

    /// The bytes of the file from the start of line `firstLine` to the end of line `lastLine`
    /// (to the end of the file when `nil`), at most `limit` of them.
    static func lines(_ firstLine: Int, through lastLine: Int?, of path: String, limit: Int = 1 << 20, from cursor: LineCursor? = nil) -> [UInt8] {
        var line = firstLine
        var result: [UInt8] = []
        scan(fromLine: firstLine, of: path, cursor: cursor) { chunk in
            for byte in chunk {
                if let lastLine, line > lastLine { return false }
                if result.count >= limit { return false }
                result.append(byte)
                if byte == UInt8(ascii: "\n") { line += 1 }
            }
            return true
        }
        return result
    }

    /// The lines of one record: from `firstLine` through the first later line that closes
    /// `closingTag` (`</Incident>` or `</iodef:Incident>`), at most `limit` bytes.
    static func record(startingAt firstLine: Int, closingTag: String, in path: String, limit: Int = 1 << 20, from cursor: LineCursor? = nil) -> [UInt8] {
        let needle = Array((closingTag + ">").utf8)
        var current: [UInt8] = []
        var result: [UInt8] = []
        scan(fromLine: firstLine, of: path, cursor: cursor) { chunk in
            for byte in chunk {
                current.append(byte)
                guard byte == UInt8(ascii: "\n") else { continue }
                result += current
                if closes(current, needle) || result.count >= limit { return false }
                current.removeAll(keepingCapacity: true)
            }
            return true
        }
        if !current.isEmpty && !closes(result, needle) { result += current }
        return Array(result.prefix(limit))
    }

    /// Whether `line` holds `</name>` or `</prefix:name>` (not a start tag `<prefix:name>`).
    private static func closes(_ line: [UInt8], _ needle: [UInt8]) -> Bool {
        guard line.count > needle.count + 1 else { return false }
        for start in 2...(line.count - needle.count) where line[start..<start + needle.count].elementsEqual(needle) {
            var before = start - 1
            if line[before] == UInt8(ascii: ":") {
                // Back over the prefix to the `/` that must precede it.
                before -= 1
                while before > 0, Self.isNameByte(line[before]) { before -= 1 }
            }
            if before > 0 && line[before] == UInt8(ascii: "/") && line[before - 1] == UInt8(ascii: "<") { return true }
        }
        return false
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
    }

    /// Calls `body` with successive chunks of the file from the start of line `firstLine` until it
    /// returns `false` or the file ends. Scans from `cursor` when that is not past the line, and
    /// tells it where the line starts.
    private static func scan(fromLine firstLine: Int, of path: String, cursor: LineCursor?, _ body: (UnsafeRawBufferPointer) -> Bool) {
        var (line, offset) = cursor?.start(for: firstLine) ?? (1, 0)
        scan(path, from: offset) { chunk in
            defer { offset += chunk.count }
            var start = 0
            if line < firstLine {
                while line < firstLine {
                    guard let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) else { return true }
                    start = newline + 1
                    line += 1
                }
                cursor?.found(line: line, at: offset + start)
            }
            return start == chunk.count || body(UnsafeRawBufferPointer(rebasing: chunk[start...]))
        }
    }

    /// Calls `body` with successive chunks of the file from byte `offset` until it returns `false`
    /// or the file ends.
    private static func scan(_ path: String, from offset: Int = 0, _ body: (UnsafeRawBufferPointer) -> Bool) {
        guard path != "-" else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if offset > 0 && lseek(fd, off_t(offset), SEEK_SET) < 0 { return }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n <= 0 || !body(UnsafeRawBufferPointer(rebasing: buffer[..<n])) { return }
        }
    }
}
