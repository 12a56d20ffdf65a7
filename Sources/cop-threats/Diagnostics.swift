import Foundation
import ReportIO
import ThreatTaxonomy
import SafeYAML

/// Messages for the person at the terminal, always on stderr.
enum Diagnostics {
    /// Writes one line to stderr, control characters (from report text, file names, headers)
    /// shown as escapes so that they cannot drive the terminal.
    static func say(_ message: String) {
        StandardError.write(TerminalText.escaped(message) + "\n")
    }

    /// Writes a taxonomy problem as `file:line:col: error: message`, the line and a caret.
    static func print(_ diagnostic: Diagnostic) {
        say(diagnostic.rendered())
    }

    /// Whether stderr is a terminal (progress bars and tables only then).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
