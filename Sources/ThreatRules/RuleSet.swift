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
    public convenience init(taxonomy: Taxonomy, denseBudget: Int) throws {
        self.init(taxonomy: taxonomy, compiled: try RuleCompiler.compile(taxonomy, denseBudget: denseBudget))
    }

    /// Rules compiled before (read back by `CompiledRulesCache`).
    init(taxonomy: Taxonomy, compiled: CompiledRules) {
        self.taxonomy = taxonomy
        self.compiled = compiled
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
            rules: compiled.rules.count, literals: compiled.literalCount, states: compiled.automaton.stateCount,
            memoryBytes: compiled.automaton.memoryBytes + MemoryLayout<LiteralUse>.stride * compiled.uses.count)
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

    /// Which languages' rules a report is matched with, and the language identified from its
    /// text when the report gave none (or one its text is not written in).
    struct LanguagePlan {
        var mask: UInt64
        /// The identified main language, when it replaces a missing or wrong one.
        var detected: String?
    }

    /// The given language's rules, plus those of any other language with a real share of the
    /// text (the English words of an Arabic report); without a usable language, the languages
    /// identified from the text (every language when it has no letters).
    func languagePlan(for language: String?, text: UnsafeBufferPointer<UInt8>) -> LanguagePlan {
        let identification = LanguageIdentifier.identify(text)
        let given = language.flatMap { languageIndex[$0] != nil ? $0 : languageIndex[Self.baseCode($0)] != nil ? Self.baseCode($0) : nil }
        let script = given.flatMap(LanguageIdentifier.script(of:))
        // Masks built as the identified languages are read, without a list per report.
        var identified: UInt64 = 0, others: UInt64 = 0
        var givenScriptFound = false
        for k in 0..<identification.count {
            let candidate = identification.language(at: k)
            guard let slot = languageIndex[candidate] else { continue }
            let bit: UInt64 = 1 << UInt64(slot)
            identified |= bit
            let candidateScript = LanguageIdentifier.script(of: candidate)
            if candidateScript == script { givenScriptFound = true }
            // Other scripts always count; of the same script only English, the language
            // reports switch into (Spanglish, franglais), and only when the text shows it.
            if candidate != given && (candidateScript != script || (candidate == "en" && identification.main != nil)) { others |= bit }
        }
        if let given, let slot = languageIndex[given] {
            let scriptAbsent = script != nil && identified != 0 && !givenScriptFound
            if !scriptAbsent { return LanguagePlan(mask: 1 << UInt64(slot) | others, detected: nil) }
        }
        guard identified != 0 else { return LanguagePlan(mask: allLanguages, detected: nil) }
        return LanguagePlan(mask: identified, detected: identification.main.flatMap { languageIndex[$0] != nil ? $0 : nil })
    }

    /// The language mask of a report text: see `languagePlan(for:text:)`.
    func languageMask(for language: String?, text: UnsafeBufferPointer<UInt8>) -> UInt64 {
        languagePlan(for: language, text: text).mask
    }

    /// `EN-us` → `en`.
    private static func baseCode(_ language: String) -> String {
        String(language.lowercased().prefix { $0 != "-" && $0 != "_" })
    }
}
