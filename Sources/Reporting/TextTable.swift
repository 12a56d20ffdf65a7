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
    /// cells are shown as escapes (`TerminalText`).
    public func rendered(markdown: Bool) -> String {
        let all = ([header] + rows).map { $0.map(TerminalText.escaped) }
        let (header, rows) = (all[0], all.dropFirst())
        let widths = header.indices.map { i in all.map { $0.indices.contains(i) ? $0[i].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = header.indices.map { i -> String in
                let cell = cells.indices.contains(i) ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
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
}
