extension Summary {
    /// Adds summaries of disjoint shards into the summary of the whole batch. Refuses summaries
    /// of different taxonomy versions or rules, breakdowns or code schemes: their counts do not
    /// add up.
    public static func merged(_ summaries: [Summary]) throws(SummaryMergeError) -> Summary {
        guard var result = summaries.first else { throw SummaryMergeError(index: 0, reason: "there are no summaries to merge") }
        for (index, other) in summaries.enumerated().dropFirst() {
            if other.taxonomy.version != result.taxonomy.version {
                throw SummaryMergeError(index: index, reason: "it was made with taxonomy version \(other.taxonomy.version), the first with \(result.taxonomy.version); re-run `classify` with one taxonomy")
            }
            if other.taxonomy.rules != result.taxonomy.rules {
                throw SummaryMergeError(index: index, reason: "it was made with rules \(other.taxonomy.rules ?? "of unknown hash"), the first with \(result.taxonomy.rules ?? "of unknown hash") (a rule file differs although both say taxonomy version \(other.taxonomy.version)); re-run `classify` with one taxonomy")
            }
            if other.taxonomy != result.taxonomy {
                throw SummaryMergeError(index: index, reason: "its taxonomy tree differs from the first one's although both say version \(other.taxonomy.version)")
            }
            if other.by != result.by {
                throw SummaryMergeError(index: index, reason: "it is broken down by \(Self.describe(other.by)), the first by \(Self.describe(result.by)); use the same --by for every shard")
            }
            if other.codeScheme != result.codeScheme {
                throw SummaryMergeError(index: index, reason: "it counts \(other.codeScheme.map { "'\($0)' codes" } ?? "no codes"), the first \(result.codeScheme.map { "'\($0)' codes" } ?? "no codes"); use the same --codes for every shard")
            }
            do {
                result.recordsIn = try CountOverflow.sum(result.recordsIn, other.recordsIn, "records_in")
                result.classified = try CountOverflow.sum(result.classified, other.classified, "classified")
                result.rejected = try CountOverflow.sum(result.rejected, other.rejected, "rejected")
                if let failed = other.inputsFailed {
                    result.inputsFailed = try CountOverflow.sum(result.inputsFailed ?? 0, failed, "inputs_failed")
                }
                try result.total.add(other.total)
                if let notes = other.metadata {
                    var merged = result.metadata ?? MetadataNotes()
                    try merged.add(notes)
                    result.metadata = merged
                }
                for (dimension, values) in other.breakdowns {
                    for (value, counts) in values {
                        try result.breakdowns[dimension, default: [:]][value, default: SummaryCounts(countingCodes: result.codeScheme != nil)].add(counts)
                    }
                }
            } catch {
                throw SummaryMergeError(index: index, reason: "its count '\(error.field)' is too large to add to the others' (the sum exceeds \(Int.max)); the summary is damaged")
            }
        }
        return result
    }

    private static func describe(_ by: [SummaryDimension]) -> String {
        by.isEmpty ? "nothing" : by.map(\.rawValue).joined(separator: ",")
    }
}

/// Why summaries cannot be merged; `index` is the position of the offending summary.
public struct SummaryMergeError: Error, Sendable, CustomStringConvertible {
    public var index: Int
    public var reason: String
    public var description: String { reason }
}
