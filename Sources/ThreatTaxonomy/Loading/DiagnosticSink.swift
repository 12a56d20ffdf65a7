/// Collects every problem found while loading, with the source line each one points at.
final class DiagnosticSink {
    private(set) var diagnostics: [TaxonomyDiagnostic] = []
    /// Lines of each file read so far, by path, and the order files were read in.
    private var lines: [String: [Substring]] = [:]
    private var fileOrder: [String: Int] = [:]

    /// Remembers a file's text so diagnostics can quote it.
    /// FNV-1a (64 bits) over the texts of the files read, in reading order: it changes with any
    /// edit of the taxonomy or a rule file, even under an unchanged version.
    private(set) var contentHash: UInt64 = 0xcbf2_9ce4_8422_2325

    func register(path: String, text: String) {
        for byte in text.utf8 + [0] { contentHash = (contentHash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        lines[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.last == "\r" ? $0.dropLast() : $0 }
        fileOrder[path] = fileOrder[path] ?? fileOrder.count
    }

    func error(_ message: String, at location: SourceLocation) {
        report(.error, message, at: location)
    }

    func warning(_ message: String, at location: SourceLocation) {
        report(.warning, message, at: location)
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// All diagnostics in file order: files in the order read, then line, then column.
    var sorted: [TaxonomyDiagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            let key = { (l: SourceLocation) in [self.fileOrder[l.file] ?? Int.max, l.line, l.column] }
            let (kx, ky) = (key(x), key(y))
            return kx == ky ? a.offset < b.offset : kx.lexicographicallyPrecedes(ky)
        }.map(\.element)
    }

    private func report(_ severity: TaxonomyDiagnostic.Severity, _ message: String, at location: SourceLocation) {
        let fileLines = lines[location.file] ?? []
        let line = location.line > 0 && location.line <= fileLines.count ? String(fileLines[location.line - 1]) : nil
        diagnostics.append(TaxonomyDiagnostic(severity: severity, location: location, message: message, sourceLine: line))
    }
}
