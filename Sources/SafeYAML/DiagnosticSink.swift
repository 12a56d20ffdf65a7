/// Collects every problem found while reading hand-edited files, with the source line each one
/// points at, so that all of them are reported at once rather than the first alone.
public final class DiagnosticSink {
    private var diagnostics: [Diagnostic] = []
    /// The text of each file read so far, by path, its lines once a diagnostic quoted one, and
    /// the order files were read in.
    private var texts: [String: String] = [:]
    private var lines: [String: [Substring]] = [:]
    private var fileOrder: [String: Int] = [:]

    /// FNV-1a (64 bits) over the texts of the files read, in reading order: it changes with any
    /// edit of any of them (a taxonomy's rules hash).
    public private(set) var contentHash: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// The text of the file at `path` as it was read, if it was.
    public func text(of path: String) -> String? { texts[path] }

    /// Remembers a file's text so diagnostics can quote it, and adds it to `contentHash`.
    public func register(path: String, text: String) {
        for byte in text.utf8 { contentHash = (contentHash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        contentHash = contentHash &* 0x100_0000_01b3  // the 0 byte that ends each file
        texts[path] = text
        lines[path] = nil
        fileOrder[path] = fileOrder[path] ?? fileOrder.count
    }

    public func error(_ message: String, at location: SourceLocation) {
        report(.error, message, at: location)
    }

    public func warning(_ message: String, at location: SourceLocation) {
        report(.warning, message, at: location)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// All diagnostics in file order: files in the order read, then line, then column.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            let key = { (l: SourceLocation) in [self.fileOrder[l.file] ?? Int.max, l.line, l.column] }
            let (kx, ky) = (key(x), key(y))
            return kx == ky ? a.offset < b.offset : kx.lexicographicallyPrecedes(ky)
        }.map(\.element)
    }

    private func report(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation) {
        let fileLines = lines(of: location.file)
        let line = location.line > 0 && location.line <= fileLines.count ? String(fileLines[location.line - 1]) : nil
        diagnostics.append(Diagnostic(severity: severity, location: location, message: message, sourceLine: line))
    }

    /// The lines of a file read, split when a diagnostic first quotes one.
    private func lines(of path: String) -> [Substring] {
        if let split = lines[path] { return split }
        guard let text = texts[path] else { return [] }
        let split = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.last == "\r" ? $0.dropLast() : $0 }
        lines[path] = split
        return split
    }
}
