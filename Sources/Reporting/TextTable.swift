import ReportIO

/// A table of strings aligned for a terminal (first column left, the others right) or written as
/// a Markdown pipe table.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Whether a terminal table has a line of dashes under its header.
    public var ruleUnderHeader: Bool

    public init(header: [String], rows: [[String]], ruleUnderHeader: Bool = true) {
        self.header = header
        self.rows = rows
        self.ruleUnderHeader = ruleUnderHeader
    }

    /// The table's lines joined by newlines, without a final newline. Control characters in
    /// cells are shown as escapes (`TerminalText`); in Markdown a `|` inside a cell is escaped.
    /// Columns are aligned by display width: a Chinese character takes two columns.
    public func rendered(markdown: Bool) -> String {
        let all = ([header] + rows).map { $0.map { markdown ? Self.escapingPipes(TerminalText.escaped($0)) : TerminalText.escaped($0) } }
        let (header, rows) = (all[0], all.dropFirst())
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? Self.displayWidth($0[i]) : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = header.indices.map { i -> String in
                let cell = cells.indices.contains(i) ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - Self.displayWidth(cell))
                return i == 0 ? cell + pad : pad + cell
            }
            return markdown ? "| " + padded.joined(separator: " | ") + " |" : padded.joined(separator: "  ")
        }
        var lines = [line(header)]
        if markdown {
            lines.append("|" + widths.enumerated().map {
                $0.offset == 0 ? " " + String(repeating: "-", count: $0.element) + " " : " " + String(repeating: "-", count: max(1, $0.element - 1)) + ": "
            }.joined(separator: "|") + "|")
        } else if ruleUnderHeader {
            lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        }
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    private static func escapingPipes(_ cell: String) -> String {
        cell.contains("|") ? cell.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") : cell
    }

    /// Columns a terminal gives the text: two for East Asian wide and full-width characters
    /// (CJK, Hangul, full-width forms), none for combining marks and format characters, one for
    /// the rest.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format: return width
            default: break
            }
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
                 0x20000...0x3FFFD:
                return width + 2
            default:
                return width + 1
            }
        }
    }
}
