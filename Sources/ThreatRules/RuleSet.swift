import Foundation
import ThreatTaxonomy

/// A taxonomy's rules compiled once into one automaton: immutable, shared by all workers.
///
/// Every term, exclusion and near-rule part of every node and language is one literal of a
/// single automaton, so a report is normalised and scanned once whatever the number of rules.
/// For one text call `classify(_:language:)`; for many, give each worker its own
/// `makeScanner()` or call `classifyAll(_:workers:)`.
public final class RuleSet: Sendable {
    /// The taxonomy the rules came from.
    public let taxonomy: Taxonomy
    let compiled: CompiledRules
    /// Per node: its threshold, and the ids from the root down to it.
    let thresholds: [Double]
    let paths: [[String]]
    private let languageIndex: [String: Int]
    private let allLanguages: UInt64

    /// Compiles every term, exclusion and co-occurrence rule of every node and language.
    /// Throws `CompileError` for the first rule that cannot be compiled.
    public convenience init(taxonomy: Taxonomy) throws {
        try self.init(taxonomy: taxonomy, denseBudget: Automaton.defaultDenseBudget)
    }

    /// As `init(taxonomy:)`, with the byte budget of the automaton's dense table (for benchmarks).
    public init(taxonomy: Taxonomy, denseBudget: Int) throws {
        self.taxonomy = taxonomy
        compiled = try RuleCompiler.compile(taxonomy, denseBudget: denseBudget)
        thresholds = taxonomy.nodes.map(\.threshold)
        paths = taxonomy.nodes.map { taxonomy.path(to: $0.id) }
        languageIndex = Dictionary(uniqueKeysWithValues: compiled.languages.enumerated().map { ($1, $0) })
        allLanguages = compiled.languages.isEmpty ? 0 : UInt64.max >> UInt64(64 - compiled.languages.count)
    }

    /// Sizes of the compiled rules, for benchmarks and `cop-threats rules`.
    public struct Statistics: Sendable, Hashable {
        /// Rules of all kinds, over all nodes and languages.
        public var rules: Int
        /// Distinct byte strings in the automaton (terms, exclusions, near parts, spelling variants).
        public var literals: Int
        /// States of the automaton.
        public var states: Int
        /// Bytes held by the automaton and the literal tables.
        public var memoryBytes: Int
    }

    public var statistics: Statistics {
        Statistics(
            rules: compiled.rules.count, literals: compiled.literalLength.count,
            states: compiled.automaton.stateCount,
            memoryBytes: compiled.automaton.memoryBytes + 4 * (compiled.literalLength.count + compiled.useStart.count)
                + MemoryLayout<LiteralUse>.stride * compiled.uses.count)
    }

    /// Languages that have rules.
    public var languages: [String] { compiled.languages }

    /// A scanner with its own buffers, for one worker.
    public func makeScanner() -> ReportScanner { ReportScanner(ruleSet: self) }

    /// Labels one report text. `language` selects that language's rules; `nil` (or a language
    /// without rules) uses all.
    public func classify(_ text: String, language: String?) -> Classification {
        makeScanner().classify(text, language: language)
    }

    /// Labels many reports on `workers` threads; results are in input order.
    public func classifyAll(
        _ texts: [(text: String, language: String?)], workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        evidence: Bool = true
    ) -> [Classification] {
        let chunk = 256
        let chunks = (texts.count + chunk - 1) / chunk
        let workers = max(1, min(workers, chunks))
        return [Classification](unsafeUninitializedCapacity: texts.count) { buffer, count in
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let scanner = makeScanner()
                for c in stride(from: worker, to: chunks, by: workers) {
                    for i in c * chunk..<min(texts.count, (c + 1) * chunk) {
                        let classification = scanner.classify(texts[i].text, language: texts[i].language, evidence: evidence)
                        (results.baseAddress! + i).initialize(to: classification)
                    }
                }
            }
            count = texts.count
        }
    }

    /// The language mask of a report: its language's bit, or every language.
    func languageMask(for language: String?) -> UInt64 {
        guard let language else { return allLanguages }
        if let index = languageIndex[language] ?? languageIndex[Self.baseCode(language)] {
            return 1 << UInt64(index)
        }
        return allLanguages
    }

    /// `EN-us` → `en`.
    private static func baseCode(_ language: String) -> String {
        String(language.lowercased().prefix { $0 != "-" && $0 != "_" })
    }
}
