extension NormalizedText {
    /// The variants of a normalized term that a matcher adds so that its `i` and `l` also match
    /// ``ambiguousOne`` (a leetspeak `1`): every combination of replacing letters `i`/`l` of
    /// Latin words by ``ambiguousOne``, the term itself first, at most `limit` in all (the
    /// variants with fewest replacements come first).
    public static func ambiguousOneVariants(of term: [UInt8], limit: Int = 16) -> [[UInt8]] {
        let positions = term.indices.filter { term[$0] == 0x69 || term[$0] == 0x6C }
        var variants: [[UInt8]] = [term]
        var frontier: [([UInt8], Int)] = [(term, 0)]
        while !frontier.isEmpty && variants.count < limit {
            var next: [([UInt8], Int)] = []
            for (variant, from) in frontier {
                for k in from..<positions.count where variants.count < limit {
                    var copy = variant
                    copy[positions[k]] = ambiguousOne
                    variants.append(copy)
                    next.append((copy, k + 1))
                }
            }
            frontier = next
        }
        return variants
    }
}
