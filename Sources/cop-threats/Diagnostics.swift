import Foundation
import ReportIO
import ThreatTaxonomy

/// Messages for the person at the terminal, always on stderr.
enum Diagnostics {
    /// Writes one line to stderr.
    static func say(_ message: String) {
        StandardError.write(message + "\n")
    }

    /// Writes a taxonomy problem as `file:line:col: error: message`, the line and a caret.
    static func print(_ diagnostic: TaxonomyDiagnostic) {
        say(diagnostic.rendered())
    }

    /// Whether stderr is a terminal (progress bars and tables only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
