import Facets
import ReportStore

/// The code of a total in a breakdown (all threats, all countries, all months), as in SDMX.
public let totalCode = "_T"
/// The code of an unknown country.
public let unknownCode = "_U"

/// One cell of a count table: a threat (or `_T`, every classified report), a country, a month
/// and a value of the table's facet (platform, age band or reporter; `_U` for a report whose
/// text shows none), each `_T` when not broken down by it, or for the total over it.
public struct CellKey: Sendable, Hashable, Comparable {
    public var threat: String
    public var country: String
    public var month: String
    public var facet: String

    public init(threat: String, country: String = totalCode, month: String = totalCode, facet: String = totalCode) {
        self.threat = threat
        self.country = country
        self.month = month
        self.facet = facet
    }

    /// The same cell for every threat: the reports a share of this cell is taken of.
    public var allThreats: CellKey { CellKey(threat: totalCode, country: country, month: month, facet: facet) }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.threat, a.country, a.month, a.facet) < (b.threat, b.country, b.month, b.facet)
    }
}

/// Report counts of one period by threat and the chosen breakdowns, with every total.
/// Along country and along month the cells add up to their total (a report has one country and
/// one month); along threat they do not (a report can carry several threats), nor along a facet
/// (a text can name two platforms, or two children's ages).
public struct CountTable: Sendable {
    public private(set) var counts: [CellKey: Int] = [:]
    /// `_T` first, then the threats in taxonomy order.
    public let threats: [String]
    /// `_T` first, then the countries that have reports (`_U` for none given), when broken down by country.
    public let countries: [String]
    /// `_T` first, then every month of the period, when broken down by month.
    public let months: [String]
    /// The facet broken down by, if any.
    public let facet: Breakdown?
    /// `_T` first, then the facet's values found in the period (`_U` for none found), when broken down by a facet.
    public let facetValues: [String]

    public init(records: [CountingRecord], threats: [String], months: [String], byCountry: Bool, byMonth: Bool, facet: Breakdown? = nil) {
        self.threats = [totalCode] + threats
        let seen = Set(records.map { $0.country ?? unknownCode })
        countries = [totalCode] + (byCountry ? seen.sorted() : [])
        self.months = [totalCode] + (byMonth ? months : [])
        self.facet = facet
        func values(_ record: CountingRecord) -> [String] {
            guard let facet else { return [] }
            return record.facets[facet.rawValue].flatMap { $0.isEmpty ? nil : $0 } ?? [unknownCode]
        }
        facetValues = [totalCode] + (facet == nil ? [] : Set(records.flatMap(values)).sorted { Self.facetOrder($0, $1, facet) })
        let known = Set(threats)
        for record in records {
            let countryCodes = byCountry ? [totalCode, record.country ?? unknownCode] : [totalCode]
            let monthCodes = byMonth ? [totalCode, record.month] : [totalCode]
            let facetCodes = [totalCode] + values(record)
            for threat in [totalCode] + record.nodes.filter(known.contains) {
                for country in countryCodes {
                    for month in monthCodes {
                        for value in facetCodes { counts[CellKey(threat: threat, country: country, month: month, facet: value), default: 0] += 1 }
                    }
                }
            }
        }
        for key in allKeys where counts[key] == nil { counts[key] = 0 }
    }

    /// Age bands youngest first, reporters in their declared order, platforms by id; `_U` last.
    private static func facetOrder(_ a: String, _ b: String, _ facet: Breakdown?) -> Bool {
        func rank(_ value: String) -> Int {
            if value == unknownCode { return Int.max }
            switch facet {
            case .ageBand: return AgeBand.allCases.firstIndex { $0.rawValue == value } ?? Int.max - 1
            case .reporter: return Reporter.allCases.firstIndex { $0.rawValue == value } ?? Int.max - 1
            default: return 0
            }
        }
        return (rank(a), a) < (rank(b), b)
    }

    /// Every cell, totals included, in threat, country, month, facet order.
    public var allKeys: [CellKey] {
        threats.flatMap { threat in
            countries.flatMap { country in
                months.flatMap { month in facetValues.map { CellKey(threat: threat, country: country, month: month, facet: $0) } }
            }
        }
    }

    public subscript(key: CellKey) -> Int { counts[key] ?? 0 }

    /// The groups of cells that add up to a published total: for each threat, month and facet
    /// value, the countries and their total; for each threat, country and facet value, the
    /// months and their total.
    public var additiveLines: [(members: [CellKey], total: CellKey)] {
        var lines: [(members: [CellKey], total: CellKey)] = []
        for threat in threats {
            for value in facetValues {
                if countries.count > 1 {
                    for month in months {
                        lines.append((countries.dropFirst().map { CellKey(threat: threat, country: $0, month: month, facet: value) },
                                      CellKey(threat: threat, country: totalCode, month: month, facet: value)))
                    }
                }
                if months.count > 1 {
                    for country in countries {
                        lines.append((months.dropFirst().map { CellKey(threat: threat, country: country, month: $0, facet: value) },
                                      CellKey(threat: threat, country: country, month: totalCode, facet: value)))
                    }
                }
            }
        }
        return lines
    }
}
