import ReportStore

/// The code of a total in a breakdown (all threats, all countries, all months), as in SDMX.
public let totalCode = "_T"
/// The code of an unknown country.
public let unknownCode = "_U"

/// One cell of a count table: a threat (or `_T`, every classified report), a country and a
/// month (each `_T` when not broken down by it, or for the total over it).
public struct CellKey: Sendable, Hashable, Comparable {
    public var threat: String
    public var country: String
    public var month: String

    public init(threat: String, country: String = totalCode, month: String = totalCode) {
        self.threat = threat
        self.country = country
        self.month = month
    }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.threat, a.country, a.month) < (b.threat, b.country, b.month)
    }
}

/// Report counts of one period by threat and the chosen breakdowns, with every total.
/// Along country and along month the cells add up to their total (a report has one country and
/// one month); along threat they do not (a report can carry several threats).
public struct CountTable: Sendable {
    public private(set) var counts: [CellKey: Int] = [:]
    /// `_T` first, then the threats in taxonomy order.
    public let threats: [String]
    /// `_T` first, then the countries that have reports (`_U` for none given), when broken down by country.
    public let countries: [String]
    /// `_T` first, then every month of the period, when broken down by month.
    public let months: [String]

    public init(records: [CountingRecord], threats: [String], months: [String], byCountry: Bool, byMonth: Bool) {
        self.threats = [totalCode] + threats
        let seen = Set(records.map { $0.country ?? unknownCode })
        countries = [totalCode] + (byCountry ? seen.sorted() : [])
        self.months = [totalCode] + (byMonth ? months : [])
        let known = Set(threats)
        for record in records {
            let countryCodes = byCountry ? [totalCode, record.country ?? unknownCode] : [totalCode]
            let monthCodes = byMonth ? [totalCode, record.month] : [totalCode]
            for threat in [totalCode] + record.nodes.filter(known.contains) {
                for country in countryCodes {
                    for month in monthCodes { counts[CellKey(threat: threat, country: country, month: month), default: 0] += 1 }
                }
            }
        }
        for key in allKeys where counts[key] == nil { counts[key] = 0 }
    }

    /// Every cell, totals included, in threat, country, month order.
    public var allKeys: [CellKey] {
        threats.flatMap { threat in
            countries.flatMap { country in months.map { CellKey(threat: threat, country: country, month: $0) } }
        }
    }

    public subscript(key: CellKey) -> Int { counts[key] ?? 0 }

    /// The groups of cells that add up to a published total: for each threat and month, the
    /// countries and their total; for each threat and country, the months and their total.
    public var additiveLines: [(members: [CellKey], total: CellKey)] {
        var lines: [(members: [CellKey], total: CellKey)] = []
        for threat in threats {
            if countries.count > 1 {
                for month in months {
                    lines.append((countries.dropFirst().map { CellKey(threat: threat, country: $0, month: month) },
                                  CellKey(threat: threat, country: totalCode, month: month)))
                }
            }
            if months.count > 1 {
                for country in countries {
                    lines.append((months.dropFirst().map { CellKey(threat: threat, country: country, month: $0) },
                                  CellKey(threat: threat, country: country, month: totalCode)))
                }
            }
        }
        return lines
    }
}
