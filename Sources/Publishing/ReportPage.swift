import Facets
import Foundation
import Indicators
import ReportStore
import ThreatTaxonomy

/// The indicators of one period, as computed (with disclosure control) for the page.
public struct PublishedPeriod: Sendable {
    public var period: Period
    public var observations: [Observation]

    public init(period: Period, observations: [Observation]) {
        self.period = period
        self.observations = observations
    }

    /// The breakdowns the page shows: by country, and by each facet (platform, age band, reporter).
    public static let facets: [Breakdown] = [.platform, .ageBand, .reporter]

    /// The page's indicators of `period`: by country, and by each facet, every cell given once.
    public static func computed(
        _ period: Period, engine: IndicatorEngine, records: ([String]) throws -> [CountingRecord]
    ) throws -> PublishedPeriod {
        let byCountry = try engine.observations(period: period, by: [.country], records: records)
        let byFacet = try engine.observations(period: period, by: facets, records: records).filter { observation in
            facets.contains { (observation.breakdown($0) ?? totalCode) != totalCode }
        }
        return PublishedPeriod(period: period, observations: byCountry + byFacet)
    }
}

/// What labelled the stored reports: shown on the page so a reader knows which rules counted.
public struct Provenance: Sendable, Hashable {
    public var taxonomyVersion: String
    public var rulesHash: String
    public var reports: Int

    public init(taxonomyVersion: String, rulesHash: String, reports: Int) {
        self.taxonomyVersion = taxonomyVersion
        self.rulesHash = rulesHash
        self.reports = reports
    }
}

/// A self-contained static page (HTML, inline CSS and SVG, no script, nothing fetched) and its
/// data as CSV and JSON. Everything on it comes from published observations, so nothing below
/// the disclosure threshold, and no report text or id, can reach it.
public struct ReportPage {
    public var taxonomy: Taxonomy
    public var indicators: IndicatorSet
    /// Oldest first.
    public var periods: [PublishedPeriod]
    public var provenance: [Provenance]
    public var threshold: Int
    /// One of ar, zh, en, fr, ru, es.
    public var language: String

    public init(taxonomy: Taxonomy, indicators: IndicatorSet, periods: [PublishedPeriod], provenance: [Provenance], threshold: Int, language: String) {
        self.taxonomy = taxonomy
        self.indicators = indicators
        self.periods = periods
        self.provenance = provenance
        self.threshold = threshold
        self.language = language
    }

    /// The languages a page can be written in.
    public static var languages: [String] { PageText.supported }

    /// File name → contents: `index.html`, `data.csv`, `data.json`.
    public func files() -> [String: String] {
        let all = periods.flatMap(\.observations)
        return [
            "index.html": html(),
            "data.csv": ObservationRenderer.csv(all),
            "data.json": ObservationRenderer.json(all, indicators: indicators, threshold: threshold),
        ]
    }

    private var text: PageText { PageText.forLanguage(language) }

    private func name(_ node: String) -> String {
        taxonomy[node].map { $0.names[language] ?? $0.name } ?? node
    }

    public func html() -> String {
        let text = text
        var body: [String] = []
        body.append("<h1>\(escape(text.title))</h1>")
        if let first = periods.first, let last = periods.last {
            body.append("<p>\(escape(text.intro).filled(isolated(first.period.description), isolated(last.period.description)))</p>")
        }
        body.append("<section><h2>\(escape(text.mixOverTime))</h2>\(mixChart())</section>")
        // The latest quarter with enough reports to publish its total (the newest may be just begun).
        if let latest = periods.last(where: { count($0.observations, threat: totalCode).value ?? 0 > 0 }) ?? periods.last {
            body.append("<section><h2>\(escape(text.countries).filled(isolated(latest.period.description)))</h2>\(countryChart(latest))</section>")
            body.append("<section><h2>\(escape(text.latestShares).filled(isolated(latest.period.description)))</h2>\(shareTable(latest))</section>")
            for (facet, heading) in [(Breakdown.platform, text.platforms), (.ageBand, text.ageBands), (.reporter, text.reporters)] {
                body.append("<section><h2>\(escape(heading).filled(isolated(latest.period.description)))</h2>\(facetChart(latest, facet))</section>")
            }
        }
        body.append("<p class=\"note\">\(escape(text.suppressed.filled(String(threshold), String(threshold))))</p>")
        body.append("<section><h2>\(escape(text.definitions))</h2><dl>"
            + indicators.indicators.map { "<dt><code>\(escape($0.id))</code> (\(escape($0.unit)))</dt><dd lang=\"en\">\(escape($0.definition))</dd>" }.joined()
            + "</dl></section>")
        var about = "<ul><li>\(escape(text.taxonomy)): \(escape(taxonomy.name)) \(escape(taxonomy.version))</li>"
        for source in provenance {
            about += "<li>\(escape(text.taxonomy)) \(escape(source.taxonomyVersion)), rules <code>\(escape(String(source.rulesHash.prefix(12))))</code>: \(source.reports)</li>"
        }
        about += "<li>\(escape(text.indicatorsFile)): \(escape(indicators.version)), min. \(threshold)</li>"
        about += "<li>\(escape(text.data)): <a href=\"data.csv\">data.csv</a>, <a href=\"data.json\">data.json</a></li></ul>"
        body.append("<section><h2>\(escape(text.about))</h2>\(about)</section>")
        let direction = language == "ar" ? "rtl" : "ltr"
        return """
            <!DOCTYPE html>
            <html lang="\(language)" dir="\(direction)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(text.title))</title>
            <style>
            body{font-family:system-ui,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
            h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
            table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:start}
            td.n{text-align:end;font-variant-numeric:tabular-nums}.child td:first-child{padding-inline-start:1.6rem}
            svg text{font-size:12px;fill:#1b1b1b}.note{color:#555;font-size:.9rem}dd{margin-bottom:.6rem}
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// Whether an observation is of every country and every facet value.
    private static func isOverall(_ observation: Observation) -> Bool {
        ([Breakdown.country] + PublishedPeriod.facets).allSatisfy { (observation.breakdown($0) ?? totalCode) == totalCode }
    }

    /// The published count of a cell: its number, or `<5` / `x`.
    private func count(
        _ observations: [Observation], threat: String, country: String = totalCode, facet: (Breakdown, String)? = nil
    ) -> (value: Double?, shown: String) {
        let cell = observations.first { observation in
            observation.indicator == countIndicator && observation.breakdown(.threat) == threat
                && (observation.breakdown(.country) ?? totalCode) == country && (observation.breakdown(.month) ?? totalCode) == totalCode
                && PublishedPeriod.facets.allSatisfy { (observation.breakdown($0) ?? totalCode) == (facet?.0 == $0 ? facet!.1 : totalCode) }
        }
        return (cell?.value, cell?.displayed(threshold: threshold) ?? "")
    }

    private var countIndicator: String { indicators.indicators.first { $0.computation == .count }?.id ?? "" }
    private var shareIndicator: String { indicators.indicators.first { $0.computation == .share }?.id ?? "" }

    /// For each top-level threat, one bar per period.
    private func mixChart() -> String {
        let roots = taxonomy.roots.map(\.id)
        var rows: [(label: String, value: Double?, shown: String, heading: Bool)] = []
        for root in roots {
            rows.append((name(root), nil, "", true))
            for period in periods {
                let cell = count(period.observations, threat: root)
                rows.append((period.period.description, cell.value, cell.shown, false))
            }
        }
        return barChart(rows)
    }

    /// Every report of the period by country.
    private func countryChart(_ period: PublishedPeriod) -> String {
        let countries = Set(period.observations.compactMap { $0.breakdown(.country) }).subtracting([totalCode]).sorted()
        return barChart(countries.map { country in
            let cell = count(period.observations, threat: totalCode, country: country)
            return (country == unknownCode ? "?" : country, cell.value, cell.shown, false)
        })
    }

    /// Every report of the period by the values of a facet; `_U` (none stated) last.
    private func facetChart(_ period: PublishedPeriod, _ facet: Breakdown) -> String {
        var values: [String] = []
        for observation in period.observations where observation.indicator == countIndicator && observation.breakdown(.threat) == totalCode {
            if let value = observation.breakdown(facet), value != totalCode, !values.contains(value) { values.append(value) }
        }
        return barChart(values.map { value in
            let cell = count(period.observations, threat: totalCode, facet: (facet, value))
            return (facetName(facet, value), cell.value, cell.shown, false)
        })
    }

    /// A facet value as the page's reader says it: the platform's published name, the reporter in the page's language.
    private func facetName(_ facet: Breakdown, _ value: String) -> String {
        if value == unknownCode { return text.notStated }
        switch facet {
        case .platform: return PlatformLexicon.shipped.platforms.first { $0.id == value }?.name ?? value
        case .reporter: return Reporter.allCases.firstIndex { $0.rawValue == value }.map { text.reporterNames[$0] } ?? value
        default: return value
        }
    }

    /// Horizontal bars; a hidden value gets no bar, only its `<5` or `x`.
    private func barChart(_ rows: [(label: String, value: Double?, shown: String, heading: Bool)]) -> String {
        let maximum = max(1, rows.compactMap(\.value).max() ?? 1)
        let rowHeight = 20, labelWidth = 260, barWidth = 420
        var svg = "<svg role=\"img\" width=\"\(labelWidth + barWidth + 60)\" height=\"\(rows.count * rowHeight + 10)\" viewBox=\"0 0 \(labelWidth + barWidth + 60) \(rows.count * rowHeight + 10)\">"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 15
            if row.heading {
                svg += "<text x=\"0\" y=\"\(y)\" font-weight=\"bold\">\(escape(row.label))</text>"
                continue
            }
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y)\" text-anchor=\"end\">\(escape(row.label))</text>"
            let width = row.value.map { Int(($0 / maximum * Double(barWidth)).rounded()) } ?? 0
            if width > 0 { svg += "<rect x=\"\(labelWidth)\" y=\"\(y - 11)\" width=\"\(width)\" height=\"14\" fill=\"#2b6cb0\"></rect>" }
            svg += "<text x=\"\(labelWidth + width + 4)\" y=\"\(y)\">\(escape(row.shown))</text>"
        }
        return "<figure dir=\"ltr\">" + svg + "</svg></figure>"
    }

    /// Every threat's share of the period's reports, with its interval.
    private func shareTable(_ period: PublishedPeriod) -> String {
        let text = text
        var rows = "<table><thead><tr><th>\(escape(text.threat))</th><th>\(escape(text.reports))</th><th>\(escape(text.share))</th><th>\(escape(text.interval))</th></tr></thead><tbody>"
        for node in taxonomy.nodes {
            let cell = count(period.observations, threat: node.id)
            let share = period.observations.first { observation in
                observation.indicator == shareIndicator && observation.breakdown(.threat) == node.id && Self.isOverall(observation)
            }
            let interval = share.flatMap { s in s.lower.flatMap { l in s.upper.map { String(format: "%.1f–%.1f", l, $0) } } } ?? ""
            let shown = share.map { $0.value.map { String(format: "%.1f", $0) } ?? $0.displayed(threshold: threshold) } ?? ""
            rows += "<tr\(node.parent == nil ? "" : " class=\"child\"")><td>\(escape(name(node.id)))</td><td class=\"n\">\(escape(cell.shown))</td><td class=\"n\">\(escape(shown))</td><td class=\"n\">\(escape(interval))</td></tr>"
        }
        return rows + "</tbody></table>"
    }

    /// A code such as `2026-Q1` kept left to right inside Arabic text.
    private func isolated(_ code: String) -> String { "<bdi dir=\"ltr\">\(escape(code))</bdi>" }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
