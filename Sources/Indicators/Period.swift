/// A reference period: a year (`2026`), a quarter (`2026-Q1`) or a month (`2026-03`).
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable { case year, quarter, month }
    public var year: Int
    public var kind: Kind
    /// The quarter (1–4) or month (1–12); unused for a year.
    public var index: Int

    /// Parses `2026`, `2026-Q1` or `2026-03`; `nil` otherwise.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        self.year = year
        switch parts.count {
        case 1:
            (kind, index) = (.year, 0)
        case 2 where parts[1].hasPrefix("Q"):
            guard let q = Int(parts[1].dropFirst()), (1...4).contains(q), parts[1].count == 2 else { return nil }
            (kind, index) = (.quarter, q)
        case 2:
            guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            (kind, index) = (.month, m)
        default:
            return nil
        }
    }

    init(year: Int, kind: Kind, index: Int) {
        self.year = year
        self.kind = kind
        self.index = index
    }

    /// `2026`, `2026-Q1` or `2026-03`.
    public var description: String {
        switch kind {
        case .year: "\(year)"
        case .quarter: "\(year)-Q\(index)"
        case .month: "\(year)-\(index < 10 ? "0" : "")\(index)"
        }
    }

    /// The months it covers, as `YYYY-MM`.
    public var months: [String] {
        let range: ClosedRange<Int> = switch kind {
        case .year: 1...12
        case .quarter: (3 * index - 2)...(3 * index)
        case .month: index...index
        }
        return range.map { "\(year)-\($0 < 10 ? "0" : "")\($0)" }
    }

    /// The period of the same kind just before.
    public var previous: Period {
        switch kind {
        case .year: Period(year: year - 1, kind: .year, index: 0)
        case .quarter: index == 1 ? Period(year: year - 1, kind: .quarter, index: 4) : Period(year: year, kind: .quarter, index: index - 1)
        case .month: index == 1 ? Period(year: year - 1, kind: .month, index: 12) : Period(year: year, kind: .month, index: index - 1)
        }
    }

    /// The same period one year earlier.
    public var yearEarlier: Period { Period(year: year - 1, kind: kind, index: index) }
}

/// The 95% Wilson score interval of a proportion `successes / trials`, as fractions.
public func wilsonInterval(_ successes: Int, _ trials: Int, z: Double = 1.959963984540054) -> (lower: Double, upper: Double) {
    guard trials > 0 else { return (0, 1) }
    let n = Double(trials), p = Double(successes) / n, z2 = z * z
    let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    return (max(0, centre - half), min(1, centre + half))
}
