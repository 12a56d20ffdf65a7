import TextNormalization
import ThreatTaxonomy

/// A candidate term mined from labelled data, for a maintainer to review (never added automatically).
public struct RuleSuggestion: Sendable, Equatable {
    /// The gold category word the term points to.
    public var category: String
    /// The term in normalised form (lowercase, folded), ready to paste into a rule file.
    public var term: String
    /// Lines of the category that contain the term.
    public var support: Int
    /// Of all lines containing the term, the share labelled with the category.
    public var precision: Double
    /// Benign lines (gold empty or hard negative) that contain the term: false alarms in waiting.
    public var benignHits: Int
}

/// Proposes discriminative word n-grams (1 to 3 words; 2 to 4 characters in Chinese) per category.
public struct RuleSuggester {
    public var minSupport = 5
    public var minPrecision = 0.6
    public var perCategory = 20
    public var hardNegatives: Set<String> = ["offensive"]

    public init() {}

    /// Candidate terms per gold category, best first; terms already written in `taxonomy`
    /// (any node, any language) are left out.
    public func suggest(from records: [GoldRecord], taxonomy: Taxonomy) -> [RuleSuggestion] {
        let known = Set(taxonomy.nodes.flatMap { node in
            node.rules.values.flatMap { $0.terms.map { Self.normalized($0.literal) } }
        })
        var lineCount: [String: Int] = [:]
        var perCategory: [String: [String: Int]] = [:]
        var benign: [String: Int] = [:]
        for record in records {
            let grams = Self.ngrams(of: record.text)
            let categories = Set(record.labels).subtracting(hardNegatives)
            for gram in grams {
                lineCount[gram, default: 0] += 1
                if categories.isEmpty { benign[gram, default: 0] += 1 }
                for category in categories { perCategory[category, default: [:]][gram, default: 0] += 1 }
            }
        }
        var suggestions: [RuleSuggestion] = []
        for category in perCategory.keys.sorted() {
            var candidates: [RuleSuggestion] = []
            for (gram, support) in perCategory[category, default: [:]] where support >= minSupport && !known.contains(gram) {
                let precision = Double(support) / Double(lineCount[gram] ?? support)
                guard precision >= minPrecision else { continue }
                candidates.append(RuleSuggestion(
                    category: category, term: gram, support: support, precision: precision, benignHits: benign[gram] ?? 0))
            }
            candidates.sort { a, b in
                let (x, y) = (a.precision * Double(a.support), b.precision * Double(b.support))
                return x != y ? x > y : a.term < b.term
            }
            suggestions += candidates.prefix(self.perCategory)
        }
        return suggestions
    }

    static func normalized(_ text: String) -> String {
        String(decoding: TextNormalizer.shared.normalize(text).bytes, as: UTF8.self)
    }

    /// The distinct n-grams of one text, after normalisation.
    static func ngrams(of text: String) -> Set<String> {
        var grams = Set<String>()
        for sentence in normalized(text).split(separator: "\n") {
            let words = sentence.split(separator: " ")
            for (i, word) in words.enumerated() {
                let scalars = Array(word.unicodeScalars)
                if let first = scalars.first, ScriptKind.of(scalar: first.value) == .cjk {
                    for n in 2...4 where scalars.count >= n {
                        for start in 0...(scalars.count - n) {
                            grams.insert(String(String.UnicodeScalarView(scalars[start..<start + n])))
                        }
                    }
                    continue
                }
                guard word.count >= 3 || i + 1 < words.count else { continue }
                for n in 1...3 where i + n <= words.count {
                    let gram = words[i..<i + n].joined(separator: " ")
                    if gram.count >= 3 { grams.insert(gram) }
                }
            }
        }
        return grams
    }
}
