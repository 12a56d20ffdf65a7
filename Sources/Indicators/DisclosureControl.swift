/// Why a cell is not published.
public enum Suppression: String, Sendable, Hashable {
    /// Fewer reports than the threshold, but more than none: published as `<5`.
    case small = "confidential-small"
    /// Hidden (`x`) so that a small cell cannot be recomputed from its total and the other cells.
    case secondary = "confidential-secondary"
}

/// Primary and secondary cell suppression of a count table.
///
/// Primary: a count from 1 to `threshold - 1` is hidden (zeros are published: they tell about
/// no child). Secondary: in every group of cells that adds up to a published total (the
/// countries of one threat and month, the months of one threat and country), a single hidden
/// cell could be recomputed by subtraction, so the smallest other non-zero cell of the group is
/// hidden too (or the total, when no other cell can be); repeated until no group has exactly
/// one hidden cell.
public struct DisclosureControl: Sendable {
    public var threshold: Int

    public init(threshold: Int = 5) { self.threshold = max(1, threshold) }

    public func suppressions(in table: CountTable) -> [CellKey: Suppression] {
        var hidden: [CellKey: Suppression] = [:]
        for key in table.allKeys where (1..<threshold).contains(table[key]) { hidden[key] = .small }
        let lines = table.additiveLines
        var changed = true
        while changed {
            changed = false
            for line in lines {
                let cells = line.members + [line.total]
                guard cells.filter({ hidden[$0] != nil }).count == 1 else { continue }
                let candidate = line.members.filter { hidden[$0] == nil && table[$0] > 0 }
                    .min { (table[$0], $0) < (table[$1], $1) }
                if let next = candidate ?? (hidden[line.total] == nil ? line.total : nil) {
                    hidden[next] = .secondary
                    changed = true
                }
            }
        }
        return hidden
    }
}
