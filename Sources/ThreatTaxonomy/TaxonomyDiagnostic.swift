/// One problem in a taxonomy file, located to the line and column.
public struct TaxonomyDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The line of the file the problem sits on, as written, when known.
    public var sourceLine: String?

    public init(severity: Severity, location: SourceLocation, message: String, sourceLine: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `file:line:col: error: message`, on one line.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }

    /// The one-line form, then the offending source line with a caret under the column:
    ///
    ///     Taxonomy/taxonomy.yaml:12:5: error: unknown key 'defintion' in a node; did you mean 'definition'?
    ///         defintion: >-
    ///         ^
    public func rendered() -> String {
        guard let line = sourceLine, location.column > 0 else { return description }
        return description + "\n" + line + "\n" + Self.caretPadding(line, column: location.column) + "^"
    }

    /// Blanks that reach `column` (1-based, in Unicode scalars) on a terminal: tabs are kept,
    /// wide East Asian characters take two cells.
    private static func caretPadding(_ line: String, column: Int) -> String {
        var padding = ""
        for scalar in line.unicodeScalars.prefix(column - 1) {
            if scalar == "\t" {
                padding.append("\t")
            } else {
                padding.append(scalar.isWide ? "  " : " ")
            }
        }
        return padding
    }
}

/// Thrown when a taxonomy has errors; holds all of them, in file order.
public struct TaxonomyLoadError: Error, Sendable, CustomStringConvertible {
    /// The errors, in file order.
    public var diagnostics: [TaxonomyDiagnostic]
    /// Warnings found on the way, in file order.
    public var warnings: [TaxonomyDiagnostic]

    public init(diagnostics: [TaxonomyDiagnostic], warnings: [TaxonomyDiagnostic] = []) {
        self.diagnostics = diagnostics
        self.warnings = warnings
    }

    public var description: String {
        diagnostics.map { $0.rendered() }.joined(separator: "\n")
    }
}

extension Unicode.Scalar {
    /// Whether a terminal shows this scalar in two cells (CJK, Hangul, full-width forms).
    fileprivate var isWide: Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
