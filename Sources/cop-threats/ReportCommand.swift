import ArgumentParser
import Foundation
import Indicators
import Publishing
import ReportStore

/// `cop-threats report`: the static page a ministry can publish, and its data.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a publishable static page of the store's indicators, with its data as CSV and JSON.",
        discussion: """
            Writes index.html (inline SVG charts, no script, nothing loaded from the network), \
            data.csv and data.json into the output folder: the threat mix of every quarter the store \
            has reports for, the latest quarter by country, by threat with 95% intervals, and by the \
            platforms, children's age bands and reporters the texts show, the \
            indicator definitions, and the taxonomy and rule files that labelled the reports. Threat \
            names are in the chosen language (ar, zh, en, fr, ru, es); Arabic pages run right to left.
            Only published indicator values reach the page: no report text or id, and no count \
            below --min-cell (shown <5, with further cells hidden as x).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var taxonomy: TaxonomyOptions
    @OptionGroup var options: IndicatorOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the page and its data into (created when missing).", valueName: "folder"))
    var output: String

    @Option(help: ArgumentHelp("The page's language: ar, zh, en, fr, ru or es.", valueName: "code"))
    var lang = "en"

    func validate() throws {
        if !ReportPage.languages.contains(lang) {
            throw ValidationError("'\(lang)' is not a language of the page; use one of \(ReportPage.languages.joined(separator: ", ")).")
        }
    }

    func run() throws {
        let (indicators, denominators) = try options.load()
        let reportStore = try store.open(create: false)
        let taxonomy = try taxonomy.load()
        let months = try reportStore.months()
        guard !months.isEmpty else {
            Diagnostics.say("The store at \(store.db) has no dated reports: the page counts reports by quarter of their date.")
            throw ExitCode(1)
        }
        let quarters = Array(Set(months.compactMap { month -> String? in
            guard let period = Period(month) else { return nil }
            return "\(period.year)-Q\((period.index + 2) / 3)"
        })).sorted().compactMap(Period.init)
        let engine = IndicatorEngine(
            indicators: indicators, threats: taxonomy.nodes.map(\.id), disclosure: DisclosureControl(threshold: options.minCell),
            denominators: denominators)
        let periods = try quarters.map {
            try PublishedPeriod.computed($0, engine: engine, records: reportStore.countingRecords(months:))
        }
        let page = ReportPage(
            taxonomy: taxonomy, indicators: indicators, periods: periods,
            provenance: try reportStore.labelledBy().map { Provenance(taxonomyVersion: $0.taxonomyVersion, rulesHash: $0.rulesHash, reports: $0.reports) },
            threshold: options.minCell, language: lang)
        let folder = URL(fileURLWithPath: output)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, contents) in page.files() {
                try Data(contents.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
            }
        } catch {
            Diagnostics.say("The page cannot be written to \(output): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        Diagnostics.say("cop-threats report: \(folder.appendingPathComponent("index.html").path), \(quarters.count) quarter(s) from \(quarters.first!) to \(quarters.last!), in \(lang)")
    }
}
