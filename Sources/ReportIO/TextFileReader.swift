/// A text file read whole as one report.
public enum TextFileReader {
    /// The report in `stream`; a file longer than `maxBytes` is rejected.
    public static func read<S: ByteStream>(_ stream: S, name: String, id: String, maxBytes: Int) -> any ReportSource {
        var stream = stream
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let location = RecordLocation(file: name, line: 1)
        do {
            while true {
                let n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[..<n])
                if bytes.count > maxBytes {
                    return SingleItemSource(rejecting: name, line: 1, reason: "the file is longer than \(RecordLimit.describe(maxBytes)) (--max-record-bytes), too long for one report")
                }
            }
        } catch {
            return SingleItemSource(rejecting: name, line: 1, reason: "cannot read this file: \(error)")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return SingleItemSource(rejecting: name, line: 1, reason: "the file is not valid UTF-8 text (a file saved as Windows-1252 or Latin-1 reads with --encoding windows-1252)")
        }
        if text.allSatisfy(\.isWhitespace) { return SingleItemSource(rejecting: name, line: 1, reason: "the text is empty") }
        return SingleItemSource(.report(Report(id: id, text: text, origin: location)))
    }
}
