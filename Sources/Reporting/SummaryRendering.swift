import Foundation
import ReportIO

/// The forms a summary can be written in.
public enum SummaryFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal.
    case table
    /// Long format, one count per row: `breakdown,value,kind,key,count`.
    case csv
    /// Wide format for spreadsheets: a row per breakdown value, a column per node.
    case wideCSV = "wide-csv"
    /// The mergeable summary itself, keys sorted.
    case json
    /// Tables for a report or a wiki.
    case markdown
}

extension Summary {
    /// The summary in `format`, ending with a newline.
    public func rendered(as format: SummaryFormat) -> String {
        switch format {
        case .json: String(decoding: jsonData(), as: UTF8.self) + "\n"
        case .csv: csv()
        case .wideCSV: wideCSV()
        case .table: SummaryTableLayout(self).text()
        case .markdown: SummaryTableLayout(self).markdown()
        }
    }

    /// Deterministic JSON: sorted keys, two-space indentation, or all on one line.
    public func jsonData(oneLine: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = oneLine ? [.sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try! encoder.encode(self)  // only strings, ints and dictionaries: cannot fail
    }

    /// Reads a summary written by `jsonData()`.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(Summary.self, from: jsonData)
    }

    /// One line a person reads at the end of a run: records in = classified + rejected.
    public var totalsLine: String {
        let failed = inputsFailed ?? 0
        return "\(recordsIn) record\(recordsIn == 1 ? "" : "s") in: \(classified) classified, \(rejected) rejected; \(total.noThreat) with no threat"
            + (failed == 0 ? "" : "; \(failed) input\(failed == 1 ? "" : "s") could not be read")
    }

    private func csv() -> String {
        var lines = ["breakdown,value,kind,key,count", "all,all,total,records_in,\(recordsIn)", "all,all,total,rejected,\(rejected)"]
        for row in csvRows {
            let prefix = "\(CSVField.quoted(row.breakdown)),\(CSVField.quoted(row.value))"
            lines.append("\(prefix),total,reports,\(row.counts.reports)")
            lines.append("\(prefix),total,no_threat,\(row.counts.noThreat)")
            for node in taxonomy.nodes { lines.append("\(prefix),node,\(CSVField.quoted(node.id)),\(row.counts.nodes[node.id] ?? 0)") }
            for (code, count) in (row.counts.codes ?? [:]).sorted(by: { $0.key < $1.key }) {
                lines.append("\(prefix),code,\(CSVField.quoted(code)),\(count)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The counts the CSV forms have a row (or rows) for: all reports, then each value of each
    /// breakdown, in the order of the tables.
    private var csvRows: [(breakdown: String, value: String, counts: SummaryCounts)] {
        [("all", "all", total)] + by.flatMap { dimension in
            SummaryTableLayout.sortedValues(breakdowns[dimension.rawValue] ?? [:], of: dimension).map { (dimension.rawValue, $0.0, $0.1) }
        }
    }
}

extension Summary {
    /// `breakdown,value,reports,no_threat`, a column per node (headed by its entry in
    /// `columnNames`, else its id) and per counted code (`scheme:code`); a row for all reports,
    /// then one per value of each breakdown.
    public func wideCSV(columnNames: [String: String] = [:]) -> String {
        let codes = (total.codes ?? [:]).keys.sorted()
        let header = ["breakdown", "value", "reports", "no_threat"] + taxonomy.nodes.map { columnNames[$0.id] ?? $0.id }
            + codes.map { "\(codeScheme ?? ""):\($0)" }
        var lines = [header.map(CSVField.quoted).joined(separator: ",")]
        for row in csvRows {
            let numbers = [row.counts.reports, row.counts.noThreat] + taxonomy.nodes.map { row.counts.nodes[$0.id] ?? 0 }
                + codes.map { row.counts.codes?[$0] ?? 0 }
            lines.append(([CSVField.quoted(row.breakdown), CSVField.quoted(row.value)] + numbers.map(String.init)).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The summary laid out as titled tables of rows, for the text and Markdown renderers.
struct SummaryTableLayout {
    struct Section {
        var title: String
        var columns: [String]
        var rows: [Row]
    }

    struct Row {
        var label: String
        var depth: Int
        var values: [String]
    }

    let summary: Summary
    let sections: [Section]

    init(_ summary: Summary) {
        self.summary = summary
        var sections = [Self.section(
            title: "All reports", columns: ["reports", "% of classified"], summary: summary,
            counts: [summary.total], percent: true)]
        for dimension in summary.by {
            let values = Self.sortedValues(summary.breakdowns[dimension.rawValue] ?? [:], of: dimension)
            if dimension.fields.count > 1 {
                sections.append(Self.crossSection(dimension, values: values, summary: summary))
            } else {
                sections.append(Self.section(
                    title: "By \(dimension.rawValue)", columns: values.map(\.0), summary: summary,
                    counts: values.map(\.1), percent: false))
            }
        }
        self.sections = sections
    }

    /// Values by falling report count, then by name; in their own order for months, quarters and
    /// joint breakdowns (`FR+2025-01`, `FR+2025-02`, ...); "unknown" last.
    static func sortedValues(_ values: [String: SummaryCounts], of dimension: SummaryDimension) -> [(String, SummaryCounts)] {
        let inOrder = dimension.isChronological || dimension.fields.count > 1
        return values.sorted { a, b in
            if (a.key == SummaryDimension.unknown) != (b.key == SummaryDimension.unknown) { return b.key == SummaryDimension.unknown }
            if inOrder || a.value.reports == b.value.reports { return a.key < b.key }
            return a.value.reports > b.value.reports
        }
    }

    /// A joint breakdown (`country+month`) as one row per combination and a column per top-level
    /// category: a combination per column would make the table as wide as the data is long.
    private static func crossSection(_ dimension: SummaryDimension, values: [(String, SummaryCounts)], summary: Summary) -> Section {
        let categories = summary.taxonomy.nodes.filter { $0.parent == nil }.map(\.id)
        let rows = values.map { value, counts in
            Row(label: value, depth: 0,
                values: [String(counts.reports), String(counts.noThreat)] + categories.map { String(counts.nodes[$0] ?? 0) })
        }
        return Section(
            title: "By \(dimension.fields.map(\.name).joined(separator: " × "))",
            columns: [dimension.rawValue, "reports", "no threat"] + categories, rows: rows)
    }

    private static func section(title: String, columns: [String], summary: Summary, counts: [SummaryCounts], percent: Bool) -> Section {
        func row(_ label: String, depth: Int, _ count: (SummaryCounts) -> Int) -> Row {
            var values = counts.map { String(count($0)) }
            if percent, let total = counts.first {
                let share = total.reports == 0 ? 0 : Double(count(total)) * 100 / Double(total.reports)
                values.append(String(format: "%.1f", share))
            }
            return Row(label: label, depth: depth, values: values)
        }
        var depth: [String: Int] = [:]
        var rows = [row("reports", depth: 0, \.reports), row("no threat", depth: 0, \.noThreat)]
        for node in summary.taxonomy.nodes {
            let level = node.parent.flatMap { depth[$0].map { $0 + 1 } } ?? 0
            depth[node.id] = level
            rows.append(row(node.id, depth: level) { $0.nodes[node.id] ?? 0 })
        }
        if let scheme = summary.codeScheme {
            let codes = Set(counts.flatMap { ($0.codes ?? [:]).keys }).sorted()
            for code in codes { rows.append(row("\(scheme): \(code)", depth: 0) { $0.codes?[code] ?? 0 }) }
        }
        return Section(title: title, columns: ["threat"] + columns, rows: rows)
    }

    private var heading: String {
        "\(summary.taxonomy.name) \(summary.taxonomy.version): \(summary.totalsLine)"
    }

    /// Aligned plain-text tables; control characters in values from the input are escaped.
    func text() -> String {
        var out = heading + "\n"
        for section in sections {
            let rows = section.rows.map { [String(repeating: "  ", count: $0.depth) + $0.label] + $0.values }
            out += "\n\(section.title)\n"
            out += TextTable(header: section.columns, rows: rows, ruleUnderHeader: false).rendered(markdown: false) + "\n"
        }
        return TerminalText.escaped(out)
    }

    /// GitHub-flavoured Markdown tables; control characters escaped as in `text()`.
    func markdown() -> String {
        var out = "**\(heading)**\n"
        for section in sections {
            out += "\n### \(section.title)\n\n"
            out += "| " + section.columns.joined(separator: " | ") + " |\n"
            out += "|---" + String(repeating: "|---:", count: section.columns.count - 1) + "|\n"
            for row in section.rows {
                let label = String(repeating: "\u{00A0}\u{00A0}", count: row.depth) + row.label.replacingOccurrences(of: "|", with: "\\|")
                out += "| " + ([label] + row.values).joined(separator: " | ") + " |\n"
            }
        }
        return TerminalText.escaped(out)
    }
}
