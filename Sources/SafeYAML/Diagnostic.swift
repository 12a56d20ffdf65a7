/// One problem in a hand-edited file (a taxonomy, a rule file, a feed mapping), located to the
/// line and column.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// An error stops the file from being used; a warning does not.
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong and, where possible, how to fix it.
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

/// Thrown when a hand-edited file (a taxonomy and its rule files, a feed mapping) has errors:
/// all of them, in file order.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// The errors, in file order.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Each error as `file:line:col: error: message`, then its line and a caret.
    public var description: String {
        diagnostics.map { $0.rendered() }.joined(separator: "\n")
    }
}
