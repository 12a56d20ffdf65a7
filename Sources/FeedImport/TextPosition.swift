import ReportIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line arithmetic on a feed file, for messages and rejected parts. Only used on the error path,
/// so it re-reads the file instead of counting lines while parsing.
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
    static func lines(_ firstLine: Int, through lastLine: Int?, of path: String, limit: Int = 1 << 20) -> [UInt8] {
        var line = 1
        var result: [UInt8] = []
        scan(path) { chunk in
            for byte in chunk {
                if let lastLine, line > lastLine { return false }
                if line >= firstLine {
                    if result.count >= limit { return false }
                    result.append(byte)
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
            }
            return true
        }
        return result
    }

    /// The lines of one record: from `firstLine` through the first later line that closes
    /// `closingTag` (`</Incident>` or `</iodef:Incident>`), at most `limit` bytes.
    static func record(startingAt firstLine: Int, closingTag: String, in path: String, limit: Int = 1 << 20) -> [UInt8] {
        let needle = Array((closingTag + ">").utf8)
        var line = 1
        var current: [UInt8] = []
        var result: [UInt8] = []
        scan(path) { chunk in
            for byte in chunk where line >= firstLine || byte == UInt8(ascii: "\n") {
                if line < firstLine { line += 1; continue }
                current.append(byte)
                guard byte == UInt8(ascii: "\n") else { continue }
                result += current
                if closes(current, needle) || result.count >= limit { return false }
                current.removeAll(keepingCapacity: true)
                line += 1
            }
            return true
        }
        if !current.isEmpty && !closes(result, needle) { result += current }
        return Array(result.prefix(limit))
    }

    /// Whether `line` holds `</name>` or `</prefix:name>`.
    private static func closes(_ line: [UInt8], _ needle: [UInt8]) -> Bool {
        guard line.count > needle.count else { return false }
        for start in 1...(line.count - needle.count) where line[start..<start + needle.count].elementsEqual(needle) {
            let before = line[start - 1]
            if before == UInt8(ascii: "/") || before == UInt8(ascii: ":") { return true }
        }
        return false
    }

    /// Calls `body` with successive chunks of the file until it returns `false` or the file ends.
    private static func scan(_ path: String, _ body: (UnsafeRawBufferPointer) -> Bool) {
        guard path != "-" else { return }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n <= 0 || !body(UnsafeRawBufferPointer(rebasing: buffer[..<n])) { return }
        }
    }
}
