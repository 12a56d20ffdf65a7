import ReportStore

/// One published value, in long format: an indicator, its breakdowns, a period, a value, a unit
/// and flags (SDMX-like: one observation per row).
public struct Observation: Sendable {
    public var indicator: String
    /// Threat, and country and month when broken down by them; `_T` for a total.
    public var breakdowns: [(Breakdown, String)]
    public var period: String
    /// `nil` when not published (see `flags`).
    public var value: Double?
    /// The 95% Wilson interval of a share, in percent.
    public var lower: Double?
    public var upper: Double?
    public var unit: String
    /// `confidential-small` (shown `<5`), `confidential-secondary` (shown `x`), `confidential`
    /// (derived from a hidden count), `significant` (a change whose intervals do not overlap),
    /// `no-reports`, `no-comparison-data`, `no-denominator`.
    public var flags: [String]

    public func breakdown(_ dimension: Breakdown) -> String? { breakdowns.first { $0.0 == dimension }?.1 }
}

/// Computes the indicators of a period from stored reports, with disclosure control.
public struct IndicatorEngine {
    public var indicators: IndicatorSet
    /// Threat node ids in taxonomy order.
    public var threats: [String]
    public var disclosure: DisclosureControl
    public var denominators: Denominators?

    public init(indicators: IndicatorSet, threats: [String], disclosure: DisclosureControl = DisclosureControl(), denominators: Denominators? = nil) {
        self.indicators = indicators
        self.threats = threats
        self.disclosure = disclosure
        self.denominators = denominators
    }

    /// A count table and its suppressions.
    struct Protected {
        var table: CountTable
        var hidden: [CellKey: Suppression]

        func count(_ key: CellKey) -> (value: Int, hidden: Suppression?) { (table[key], hidden[key]) }
    }

    /// Every indicator for `period`, broken down by `by` where each indicator allows it.
    /// `records` gives the stored reports of the months asked for. Each facet asked for is a
    /// table of its own (with the country and month breakdowns asked for); the cells of its
    /// total over the facet are those of the first table, given once.
    public func observations(
        period: Period, by: [Breakdown], records: ([String]) throws -> [CountingRecord]
    ) throws -> [Observation] {
        var cache: [String: Protected] = [:]
        func protected(_ period: Period, _ dimensions: Set<Breakdown>, _ facet: Breakdown?) throws -> Protected {
            let key = "\(period)|\(dimensions.sorted().map(\.rawValue))|\(facet?.rawValue ?? "")"
            if let hit = cache[key] { return hit }
            let table = CountTable(
                records: try records(period.months), threats: threats, months: period.months,
                byCountry: dimensions.contains(.country), byMonth: dimensions.contains(.month), facet: facet)
            let result = Protected(table: table, hidden: disclosure.suppressions(in: table))
            cache[key] = result
            return result
        }
        var all: [Observation] = []
        for indicator in indicators.indicators {
            let allowed = Set(by).intersection(indicator.breakdowns).subtracting([.threat])
            let dimensions = allowed.filter { !$0.isFacet }
            if indicator.computation == .ratePer100kChildren && (denominators == nil || !dimensions.contains(.country)) { continue }
            let facets: [Breakdown?] = by.filter { allowed.contains($0) && $0.isFacet }
            for (index, facet) in (facets.isEmpty ? [nil] : facets).enumerated() {
                let now = try protected(period, dimensions, facet)
                let comparison: Protected? = switch indicator.computation {
                case .changeFromPreviousPeriod: try protected(period.previous, dimensions, facet)
                case .changeFromYearEarlier: try protected(period.yearEarlier, dimensions, facet)
                default: nil
                }
                for key in now.table.allKeys where index == 0 || key.facet != totalCode {
                    if let observation = observation(indicator, key, period: period, now: now, then: comparison, dimensions: dimensions, facet: facet) {
                        all.append(observation)
                    }
                }
            }
        }
        return all
    }

    private func observation(
        _ indicator: IndicatorDefinition, _ key: CellKey, period: Period, now: Protected, then: Protected?, dimensions: Set<Breakdown>,
        facet: Breakdown?
    ) -> Observation? {
        var breakdowns: [(Breakdown, String)] = [(.threat, key.threat)]
        if dimensions.contains(.country) { breakdowns.append((.country, key.country)) }
        if dimensions.contains(.month) { breakdowns.append((.month, key.month)) }
        if let facet { breakdowns.append((facet, key.facet)) }
        var result = Observation(
            indicator: indicator.id, breakdowns: breakdowns, period: period.description, value: nil, unit: indicator.unit, flags: [])
        switch indicator.computation {
        case .count:
            let (count, hidden) = now.count(key)
            if let hidden { result.flags = [hidden.rawValue] } else { result.value = Double(count) }
        case .share:
            guard key.threat != totalCode else { return nil }
            guard let share = share(key, in: now, flags: &result.flags) else { break }
            (result.value, result.lower, result.upper) = (round2(share.p * 100), round2(share.lower * 100), round2(share.upper * 100))
        case .changeFromPreviousPeriod, .changeFromYearEarlier:
            guard key.threat != totalCode, let then else { return nil }
            guard let current = share(key, in: now, flags: &result.flags) else { break }
            guard then.table[key.allThreats] > 0 else {
                result.flags = ["no-comparison-data"]
                break
            }
            guard let earlier = share(key, in: then, flags: &result.flags) else { break }
            result.value = round2((current.p - earlier.p) * 100)
            if current.lower > earlier.upper || current.upper < earlier.lower { result.flags = ["significant"] }
        case .ratePer100kChildren:
            guard key.country != totalCode else { return nil }
            guard let children = denominators?.children(country: key.country, year: period.year) else {
                result.flags = ["no-denominator"]
                break
            }
            let (count, hidden) = now.count(key)
            if hidden != nil { result.flags = ["confidential"] } else { result.value = round2(Double(count) / Double(children) * 100_000) }
        }
        return result
    }

    /// The share of the threat's cell among all reports of the same country, month and facet value, or `nil`
    /// (with the reason in `flags`) when there are no reports or a count behind it is hidden.
    private func share(_ key: CellKey, in counts: Protected, flags: inout [String]) -> (p: Double, lower: Double, upper: Double)? {
        let (n, totalHidden) = counts.count(key.allThreats), (x, hidden) = counts.count(key)
        if hidden != nil || totalHidden != nil {
            flags = ["confidential"]
            return nil
        }
        guard n > 0 else {
            flags = ["no-reports"]
            return nil
        }
        let interval = wilsonInterval(x, n)
        return (Double(x) / Double(n), interval.lower, interval.upper)
    }

    private func round2(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
