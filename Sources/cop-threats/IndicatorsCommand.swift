import ArgumentParser
import Foundation
import Indicators
import ReportStore
import SafeYAML

extension ObservationFormat: ExpressibleByArgument {}

/// `--indicators`, `--min-cell`, `--denominators`: shared by `indicators` and `report`.
struct IndicatorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The indicator definitions.", valueName: "path"))
    var indicators = "Indicators/indicators.yaml"

    @Option(help: ArgumentHelp(
        "Publish no count below this many reports: it is shown as <N, and further cells are hidden (x) so it cannot be recomputed.",
        valueName: "n"))
    var minCell = 5

    @Option(help: ArgumentHelp(
        "A CSV of children by country and year (header country,year,population_0_17), for reports per 100,000 children.",
        valueName: "file"))
    var denominators: String?

    func validate() throws {
        if minCell < 1 { throw ValidationError("Please give --min-cell a number of at least 1 (5 is the usual threshold).") }
    }

    /// Loads the indicator file (and the denominators); prints every located problem and exits 1 on errors.
    func load() throws -> (IndicatorSet, Denominators?) {
        do {
            return (try IndicatorSet.load(from: indicators), try denominators.map { try Denominators.load(from: $0) })
        } catch let error as DiagnosticsError {
            for diagnostic in error.diagnostics { Diagnostics.print(diagnostic) }
            Diagnostics.say("Fix the problem(s) above, then run the command again.")
            throw ExitCode(1)
        }
    }
}

struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute the indicators of a period from a store of classified reports, with disclosure control.",
        discussion: """
            Prints every indicator of the indicator file for one period (a year 2026, a quarter \
            2026-Q1 or a month 2026-03): reports by threat (parents count a report once), the share \
            of reports by threat with 95% Wilson intervals, the change against the previous period \
            and against the same period a year earlier (flagged significant only when the intervals \
            do not overlap), and, with --denominators, reports per 100,000 children.
            --by platform, age-band or reporter breaks counts and shares down by what the texts \
            show (the app or game named, the children's age bands, who wrote: parent, child or \
            professional); _U is a report whose text shows none. Each is a table of its own.
            Counts below --min-cell are shown as <5 and further cells of the same total as x, so no \
            small count can be recomputed; values derived from hidden counts are hidden too.
            csv and json are in long format: one observation per row with indicator, breakdowns \
            (_T for a total, _U for an unknown country or facet), period, value, unit and flags.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var taxonomy: TaxonomyOptions
    @OptionGroup var options: IndicatorOptions

    @Option(help: ArgumentHelp("The period: a year (2026), a quarter (2026-Q1) or a month (2026-03).", valueName: "period"))
    var period: String

    @Option(help: ArgumentHelp("Break the indicators down by these, comma-separated: country, month, platform, age-band, reporter (where the indicator allows it).", valueName: "fields"))
    var by: String?

    @Option(help: "The output format.")
    var format: ObservationFormat = .table

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if Period(period) == nil {
            throw ValidationError("'\(period)' is not a period; give a year (2026), a quarter (2026-Q1) or a month (2026-03).")
        }
        _ = try breakdowns()
    }

    func breakdowns() throws -> [Breakdown] {
        try (by ?? "").split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let breakdown = Breakdown(rawValue: name), breakdown != .threat else {
                throw ValidationError("'\(name)' is not a breakdown; use country, month, platform, age-band or reporter (threat is always one).")
            }
            return breakdown
        }
    }

    func run() throws {
        let period = Period(period)!
        let (indicators, denominators) = try options.load()
        let reportStore = try store.open(create: false)
        let taxonomy = try taxonomy.load()
        let engine = IndicatorEngine(
            indicators: indicators, threats: taxonomy.nodes.map(\.id), disclosure: DisclosureControl(threshold: options.minCell),
            denominators: denominators)
        let observations = try engine.observations(period: period, by: try breakdowns(), records: reportStore.countingRecords(months:))
        let text = ObservationRenderer.render(observations, as: format, indicators: indicators, threshold: options.minCell)
        let sink = try openOutput(output)
        try sink.write(Array(text.utf8))
        try sink.flush()
        if try reportStore.countingRecords(months: period.months).isEmpty {
            let months = try reportStore.months()
            Diagnostics.say("The store has no reports dated in \(period)\(months.isEmpty ? " (none of its reports has a date)" : "; its reports run from \(months.first!) to \(months.last!)").")
        }
        if denominators == nil {
            Diagnostics.say("Reports per 100,000 children need --denominators FILE.csv (country,year,population_0_17) and --by country.")
        } else if !(try breakdowns()).contains(.country) {
            Diagnostics.say("Reports per 100,000 children are computed by country: add --by country.")
        }
    }
}
