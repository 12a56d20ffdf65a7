import ArgumentParser
import Reporting
import ThreatTaxonomy

/// `--names` and `--bom`: summaries written as CSV for spreadsheets (`summarize`, `merge`).
struct SummaryCSVOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "With --format wide-csv: head the node columns with the nodes' names in this language (ar, zh, en, fr, ru, es), as the taxonomy (--taxonomy) gives them, instead of their ids.",
        valueName: "lang"))
    var names: String?

    @Flag(help: "With --format csv or wide-csv: start with a UTF-8 byte order mark, so that spreadsheets (Excel) show non-Latin names right.")
    var bom = false

    /// Refuses the options with a format they do not apply to.
    func validate(for format: SummaryFormat) throws {
        if names != nil && format != .wideCSV { throw ValidationError("--names goes with --format wide-csv.") }
        if bom && format != .csv && format != .wideCSV { throw ValidationError("--bom goes with --format csv or wide-csv.") }
    }

    /// The summary in `format`; the column names of `--names` come from `taxonomy`, loaded only
    /// then.
    func rendered(_ summary: Summary, as format: SummaryFormat, taxonomy: () throws -> Taxonomy) throws -> String {
        guard let names else { return (bom ? "\u{FEFF}" : "") + summary.rendered(as: format) }
        let loaded = try taxonomy()
        guard loaded.languages.contains(names) else {
            throw ValidationError("The taxonomy has no names in '\(names)'; please use one of: \(loaded.languages.joined(separator: ", ")).")
        }
        let text = summary.wideCSV(columnNames: loaded.nodes.reduce(into: [:]) { $0[$1.id] = $1.names[names] ?? $1.name })
        return (bom ? "\u{FEFF}" : "") + text
    }
}
