import Foundation
import Indicators
import ReportStore
import SafeYAML
import Testing

/// The small fixture every value below was checked by hand against (Wilson bounds with
/// z = 1.96 from the formula of Wilson 1927, as in Newcombe 1998, method 3).
///
/// 2026-Q1 (January): FR 20 reports (8 bullying, 3 scam, 9 none), BE 6 (2 bullying, 4 none),
/// DE 10 (5 bullying, 5 scam). 2025-Q4 (November): FR 40 reports (5 bullying, 2 scam, 33 none).
/// Nothing in 2025-Q1. Tree: harm > bullying, scam.
enum Fixture {
    static let threats = ["harm", "bullying", "scam"]

    static func records(_ country: String, _ month: String, bullying: Int = 0, scam: Int = 0, none: Int = 0) -> [CountingRecord] {
        Array(repeating: CountingRecord(country: country, month: month, nodes: ["harm", "bullying"]), count: bullying)
            + Array(repeating: CountingRecord(country: country, month: month, nodes: ["harm", "scam"]), count: scam)
            + Array(repeating: CountingRecord(country: country, month: month, nodes: []), count: none)
    }

    static let all = records("FR", "2026-01", bullying: 8, scam: 3, none: 9) + records("BE", "2026-01", bullying: 2, none: 4)
        + records("DE", "2026-01", bullying: 5, scam: 5) + records("FR", "2025-11", bullying: 5, scam: 2, none: 33)

    static func select(_ months: [String]) -> [CountingRecord] { all.filter { months.contains($0.month) } }

    static var indicators: IndicatorSet {
        get throws { try IndicatorSet.load(from: root.appendingPathComponent("Indicators/indicators.yaml").path) }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func observations(by: [Breakdown] = [], minCell: Int = 5, denominators: Denominators? = nil) throws -> [Observation] {
        let engine = IndicatorEngine(indicators: try indicators, threats: threats, disclosure: DisclosureControl(threshold: minCell), denominators: denominators)
        return try engine.observations(period: Period("2026-Q1")!, by: by, records: select)
    }
}

extension [Observation] {
    func find(_ indicator: String, _ threat: String, country: String? = nil, month: String? = nil) -> Observation? {
        first { $0.indicator == indicator && $0.breakdown(.threat) == threat && $0.breakdown(.country) == country && $0.breakdown(.month) == month }
    }
}

@Suite struct IndicatorValueTests {
    @Test func countsRollUpToParentsAndTotalIsEveryReport() throws {
        let all = try Fixture.observations()
        #expect(all.find("reports-by-threat", "_T")?.value == 36)
        #expect(all.find("reports-by-threat", "harm")?.value == 23)
        #expect(all.find("reports-by-threat", "bullying")?.value == 15)
        #expect(all.find("reports-by-threat", "scam")?.value == 8)
    }

    @Test func sharesCarryTheirWilsonInterval() throws {
        let bullying = try #require(try Fixture.observations().find("share-of-reports-by-threat", "bullying"))
        #expect(bullying.value == 41.67 && bullying.lower == 27.14 && bullying.upper == 57.8 && bullying.unit == "percent")
        let harm = try #require(try Fixture.observations().find("share-of-reports-by-threat", "harm"))
        #expect(harm.value == 63.89 && harm.lower == 47.58 && harm.upper == 77.52)
        // Textbook values: 0 of 10 gives [0, 27.75%], 10 of 10 gives [72.25%, 100%].
        let none = wilsonInterval(0, 10), every = wilsonInterval(10, 10)
        #expect(abs(none.upper - 0.2775) < 0.00005 && none.lower == 0)
        #expect(abs(every.lower - 0.7225) < 0.00005 && abs(every.upper - 1) < 1e-12)
    }

    @Test func changeIsFlaggedOnlyWhenTheIntervalsDoNotOverlap() throws {
        // All countries: bullying 15/36 [27.14, 57.80] against 5/40 [5.46, 26.11]: +29.17 points, significant.
        let all = try Fixture.observations()
        let bullying = try #require(all.find("change-from-previous-period", "bullying"))
        #expect(bullying.value == 29.17 && bullying.flags == ["significant"] && bullying.unit == "percentage points")
        // France alone: 8/20 [21.88, 61.34] against 5/40 [5.46, 26.11]: +27.5 points, but the intervals overlap.
        let france = try #require(try Fixture.observations(by: [.country]).find("change-from-previous-period", "bullying", country: "FR"))
        #expect(france.value == 27.5 && france.flags.isEmpty)
        // Scam in 2025-Q4 is 2 reports, below the threshold: the change would reveal it.
        #expect(all.find("change-from-previous-period", "scam")?.value == nil)
        #expect(all.find("change-from-previous-period", "scam")?.flags == ["confidential"])
        // Nothing stored a year earlier.
        #expect(all.find("change-from-year-earlier", "bullying")?.flags == ["no-comparison-data"])
    }

    @Test func ratesPer100kChildrenUseTheCountryAndYearOfThePeriod() throws {
        let denominators = Denominators(["FR": [2026: 1_000_000, 2025: 10], "BE": [2026: 500_000]])
        let all = try Fixture.observations(by: [.country], denominators: denominators)
        #expect(all.find("reports-per-100k-children", "bullying", country: "FR")?.value == 0.8)
        #expect(all.find("reports-per-100k-children", "_T", country: "FR")?.value == 2)
        #expect(all.find("reports-per-100k-children", "bullying", country: "BE")?.flags == ["confidential"])
        #expect(all.find("reports-per-100k-children", "bullying", country: "DE")?.flags == ["no-denominator"])
        // Without --by country there is no rate to give.
        #expect(try Fixture.observations(denominators: denominators).allSatisfy { $0.indicator != "reports-per-100k-children" })
    }

    @Test func periodsKnowTheirMonthsAndWhatCameBefore() throws {
        let q1 = try #require(Period("2026-Q1"))
        #expect(q1.months == ["2026-01", "2026-02", "2026-03"])
        #expect(q1.previous.description == "2025-Q4" && q1.yearEarlier.description == "2025-Q1")
        #expect(Period("2026-01")?.previous.description == "2025-12")
        #expect(Period("2026")?.months.count == 12)
        #expect(Period("2026-Q5") == nil && Period("26-Q1") == nil && Period("2026-13") == nil)
    }
}

@Suite struct DisclosureControlTests {
    @Test func smallCountsAreShownBelowTheThresholdAndTheirRowCannotGiveThemAway() throws {
        let all = try Fixture.observations(by: [.country])
        func shown(_ threat: String, _ country: String) -> String? {
            all.find("reports-by-threat", threat, country: country)?.displayed(threshold: 5)
        }
        // Bullying: FR 8, BE 2, DE 5, total 15. BE is small; DE, the smallest other, is hidden too.
        #expect([shown("bullying", "FR"), shown("bullying", "BE"), shown("bullying", "DE"), shown("bullying", "_T")] == ["8", "<5", "x", "15"])
        // Scam: FR 3, BE 0, DE 5, total 8. Zeros tell about no child and stay.
        #expect([shown("scam", "FR"), shown("scam", "BE"), shown("scam", "DE"), shown("scam", "_T")] == ["<5", "0", "x", "8"])
        // Harm: FR 11, BE 2, DE 10: DE (10) is the smallest other non-zero cell.
        #expect([shown("harm", "FR"), shown("harm", "BE"), shown("harm", "DE")] == ["11", "<5", "x"])
        // Every report: FR 20, BE 6, DE 10, nothing small.
        #expect([shown("_T", "FR"), shown("_T", "BE"), shown("_T", "DE")] == ["20", "6", "10"])
        // What is derived from a hidden count is hidden too.
        #expect(all.find("share-of-reports-by-threat", "bullying", country: "DE")?.displayed(threshold: 5) == "x")
        #expect(all.find("share-of-reports-by-threat", "bullying", country: "FR")?.value == 40)
    }

    @Test func theThresholdIsAnOption() throws {
        let all = try Fixture.observations(by: [.country], minCell: 2)
        #expect(all.find("reports-by-threat", "bullying", country: "BE")?.value == 2)
        #expect(all.find("reports-by-threat", "bullying", country: "DE")?.value == 5)
        #expect(try Fixture.observations(by: [.country], minCell: 10).find("reports-by-threat", "harm", country: "BE")?.displayed(threshold: 10) == "<10")
    }

    /// Bullying FR January 3, FR February 10, BE January 7, BE February 9: the small cell makes
    /// its month and its country lines hide one more cell each, and then the other month too.
    /// The margins (FR 13, BE 16, January 10, February 19) stay published; four unknowns
    /// against three independent sums cannot be solved.
    @Test func secondarySuppressionRunsAlongCountriesAndMonths() throws {
        let records = Fixture.records("FR", "2026-01", bullying: 3) + Fixture.records("FR", "2026-02", bullying: 10)
            + Fixture.records("BE", "2026-01", bullying: 7) + Fixture.records("BE", "2026-02", bullying: 9)
        let table = CountTable(records: records, threats: Fixture.threats, months: ["2026-01", "2026-02", "2026-03"], byCountry: true, byMonth: true)
        let hidden = DisclosureControl().suppressions(in: table)
        func cell(_ country: String, _ month: String) -> Suppression? { hidden[CellKey(threat: "bullying", country: country, month: month)] }
        #expect(cell("FR", "2026-01") == .small)
        #expect(cell("FR", "2026-02") == .secondary && cell("BE", "2026-01") == .secondary && cell("BE", "2026-02") == .secondary)
        #expect(cell("FR", "_T") == nil && cell("BE", "_T") == nil && cell("_T", "2026-01") == nil && cell("_T", "2026-02") == nil)
        #expect(table[CellKey(threat: "bullying", country: "FR")] == 13)
        // No additive line is left with a single hidden cell.
        for line in table.additiveLines {
            #expect((line.members + [line.total]).filter { hidden[$0] != nil }.count != 1)
        }
    }
}

@Suite struct IndicatorFileTests {
    @Test func theShippedFileDefinesTheIndicators() throws {
        let set = try Fixture.indicators
        #expect(set.version == "1.1.0")
        #expect(set.indicators.map(\.computation) == [.count, .share, .changeFromPreviousPeriod, .changeFromYearEarlier, .ratePer100kChildren])
        #expect(set.indicators.allSatisfy { !$0.definition.isEmpty && $0.breakdowns.first == .threat })
    }

    @Test func mistakesAreReportedWithTheirLineAndColumn() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("indicators-\(UUID().uuidString).yaml")
        try """
            version: "1.0"
            indicators:
              - id: counts
                definitionn: Reports.
                unit: reports
                breakdowns: [threat, region]
                computation: sum
              - id: counts
                definition: Again.
                unit: reports
                breakdowns: [country]
                computation: count
            """.write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: DiagnosticsError.self) { try IndicatorSet.load(from: file.path) }
        let messages = error.diagnostics.map(\.description)
        let name = file.path
        #expect(messages.contains("\(name):1:10: error: version '1.0' is not major.minor.patch (e.g. \"1.0.0\")"), "\(messages)")
        #expect(messages.contains("\(name):4:5: error: unknown key 'definitionn' in indicator 'counts'; did you mean 'definition'? Allowed keys: id, definition, unit, breakdowns, computation."), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("\(name):6:26: error: indicator 'counts': 'region' is not a breakdown") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("\(name):7:18: error: indicator 'counts': 'sum' is not a computation") }, "\(messages)")
        #expect(messages.contains("\(name):8:9: error: the indicator id 'counts' is used twice (first at line 3)"), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("\(name):11:17: error: indicator 'counts': the breakdowns must include threat") }, "\(messages)")
        #expect(error.diagnostics.map(\.location.line) == error.diagnostics.map(\.location.line).sorted())
        let typo = try #require(error.diagnostics.first { $0.message.hasPrefix("unknown key") })
        #expect(typo.rendered().hasSuffix("    definitionn: Reports.\n    ^"))
    }

    @Test func badDenominatorRowsAreLocated() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("children-\(UUID().uuidString).csv")
        try "country,year,population_0_17\nFR,2026,14000000\nBE,twenty,2000000\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: DiagnosticsError.self) { try Denominators.load(from: file.path) }
        #expect(error.diagnostics.map(\.location.line) == [3])
    }
}

/// Counts by what the texts show, checked by hand. 2026-01: FR 6 bullying naming Roblox, 2
/// bullying naming Roblox and Discord, 3 scam naming nothing, 4 none naming Discord; BE 5
/// bullying naming Roblox; DE 3 bullying naming Roblox. Age bands: the two Roblox-and-Discord reports give 9-12 and 13-15.
@Suite struct FacetBreakdownTests {
    static func record(_ country: String, _ nodes: Set<String>, _ facets: [String: [String]]) -> CountingRecord {
        CountingRecord(country: country, month: "2026-01", nodes: nodes, facets: facets)
    }

    static let records: [CountingRecord] =
        Array(repeating: record("FR", ["harm", "bullying"], ["platform": ["roblox"]]), count: 6)
        + Array(repeating: record("FR", ["harm", "bullying"], ["platform": ["discord", "roblox"], "age-band": ["9-12", "13-15"]]), count: 2)
        + Array(repeating: record("FR", ["harm", "scam"], [:]), count: 3)
        + Array(repeating: record("FR", [], ["platform": ["discord"]]), count: 4)
        + Array(repeating: record("BE", ["harm", "bullying"], ["platform": ["roblox"]]), count: 5)
        + Array(repeating: record("DE", ["harm", "bullying"], ["platform": ["roblox"]]), count: 3)

    static func observations(by: [Breakdown]) throws -> [Observation] {
        let engine = IndicatorEngine(indicators: try Fixture.indicators, threats: Fixture.threats)
        return try engine.observations(period: Period("2026-Q1")!, by: by, records: { months in records.filter { months.contains($0.month) } })
    }

    static func shown(_ all: [Observation], _ indicator: String, _ threat: String, _ facet: Breakdown, _ value: String, country: String? = nil) -> String? {
        all.first {
            $0.indicator == indicator && $0.breakdown(.threat) == threat && $0.breakdown(facet) == value && $0.breakdown(.country) == country
        }?.displayed(threshold: 5)
    }

    @Test func platformsBreakCountsAndSharesDownAndNeedNotAddUp() throws {
        let all = try Self.observations(by: [.platform])
        let count = "reports-by-threat"
        #expect(Self.shown(all, count, "_T", .platform, "_T") == "23")
        #expect(Self.shown(all, count, "_T", .platform, "roblox") == "16")
        #expect(Self.shown(all, count, "bullying", .platform, "roblox") == "16")
        #expect(Self.shown(all, count, "_T", .platform, "discord") == "6")
        #expect(Self.shown(all, count, "bullying", .platform, "discord") == "<5")
        // Reports whose text names no platform are `_U`; 16 + 6 + 3 = 25 > 23: two name two platforms.
        #expect(Self.shown(all, count, "_T", .platform, "_U") == "<5")
        #expect(Self.shown(all, count, "scam", .platform, "roblox") == "0")
        // The share is of the platform's reports: 16 of 16 Roblox reports are bullying.
        #expect(Self.shown(all, "share-of-reports-by-threat", "bullying", .platform, "roblox") == "100.00")
        #expect(Self.shown(all, "share-of-reports-by-threat", "bullying", .platform, "discord") == "x")
    }

    @Test func eachFacetIsATableOfItsOwnAndTheirTotalIsGivenOnce() throws {
        let all = try Self.observations(by: [.platform, .ageBand, .reporter])
        let totals = all.filter { $0.indicator == "reports-by-threat" && $0.breakdown(.threat) == "_T" }
        // One total over all facets (in the first facet's table), then each facet's own values.
        #expect(totals.filter { $0.breakdowns.dropFirst().allSatisfy { $0.1 == "_T" } }.count == 1)
        #expect(Self.shown(all, "reports-by-threat", "_T", .ageBand, "9-12") == "<5")
        #expect(Self.shown(all, "reports-by-threat", "_T", .ageBand, "_U") == "21")
        #expect(Self.shown(all, "reports-by-threat", "_T", .reporter, "_U") == "23")
        #expect(!all.contains { $0.breakdown(.platform) != nil && $0.breakdown(.ageBand) != nil })
    }

    @Test func suppressionRunsAlongCountriesWithinEachPlatform() throws {
        let all = try Self.observations(by: [.country, .platform])
        let count = "reports-by-threat"
        // Bullying on Roblox: FR 8, BE 5, DE 3 (small), total 16: BE, the smallest other, is hidden too.
        #expect(Self.shown(all, count, "bullying", .platform, "roblox", country: "FR") == "8")
        #expect(Self.shown(all, count, "bullying", .platform, "roblox", country: "BE") == "x")
        #expect(Self.shown(all, count, "bullying", .platform, "roblox", country: "DE") == "<5")
        #expect(Self.shown(all, count, "bullying", .platform, "roblox", country: "_T") == "16")
        // Bullying on Discord: FR 2, BE 0, DE 0; the total is 2, small itself. Zeros stay.
        #expect(Self.shown(all, count, "bullying", .platform, "discord", country: "FR") == "<5")
        #expect(Self.shown(all, count, "bullying", .platform, "discord", country: "BE") == "0")
        #expect(Self.shown(all, count, "bullying", .platform, "discord", country: "_T") == "<5")
    }
}
