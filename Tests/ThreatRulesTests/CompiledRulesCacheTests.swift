import Foundation
import Testing
import ThreatTaxonomy
@testable import ThreatRules

@Suite("Cache of compiled rules")
struct CompiledRulesCacheTests {
    static let texts = [
        "my son got robux and was told dont tell", "he sent me nudes", "they will leak your pics for a gift card",
        "news reports say a kid sent pics and keeping it quiet", "groomed the dog", "nothing to see here",
    ]

    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rules-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".rules") }.sorted()
    }

    static func labels(_ rules: RuleSet) -> [[Label]] {
        texts.map { rules.classify($0, language: "en").labels }
    }

    @Test("rules read back label every text as the freshly compiled rules do, evidence included")
    func readBackRulesLabelAlike() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        let taxonomy = CountingPathTests.taxonomy()
        let fresh = try RuleSet(taxonomy: taxonomy)
        let first = try cache.ruleSet(for: taxonomy, fingerprint: "a")
        #expect(try Self.files(in: cache.folder).count == 1)
        let second = try cache.ruleSet(for: taxonomy, fingerprint: "a")
        #expect(Self.labels(second) == Self.labels(fresh))
        #expect(Self.labels(first) == Self.labels(fresh))
        #expect(second.statistics == fresh.statistics)
        #expect(Self.labels(fresh).contains { !$0.isEmpty }, "the texts get labels")
    }

    @Test("a damaged or truncated file is compiled again and replaced", arguments: [true, false])
    func damagedFileIsReplaced(truncate: Bool) throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        let taxonomy = CountingPathTests.taxonomy()
        _ = try cache.ruleSet(for: taxonomy, fingerprint: "a")
        let path = cache.folder + "/" + (try Self.files(in: cache.folder)[0])
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var bytes = original
        let size = bytes.count
        if truncate { bytes = bytes.prefix(size / 2) } else { bytes[size / 2] ^= 0xFF }
        try bytes.write(to: URL(fileURLWithPath: path))
        let rules = try cache.ruleSet(for: taxonomy, fingerprint: "a")
        #expect(Self.labels(rules) == Self.labels(try RuleSet(taxonomy: taxonomy)))
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(rewritten.count == original.count && rewritten != bytes, "the file was written again")
    }

    @Test("another fingerprint is another file, and only the newest four are kept")
    func fingerprintsAndPruning() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        let taxonomy = CountingPathTests.taxonomy()
        for fingerprint in ["a", "b", "c", "d", "e", "f"] { _ = try cache.ruleSet(for: taxonomy, fingerprint: fingerprint) }
        #expect(try Self.files(in: cache.folder).count == CompiledRulesCache.keptFiles)
    }

    @Test("the folder: COP_THREATS_CACHE (or off), else XDG_CACHE_HOME, else ~/.cache")
    func standardFolder() {
        #expect(CompiledRulesCache.standard(environment: ["COP_THREATS_CACHE": "off", "HOME": "/h"]) == nil)
        #expect(CompiledRulesCache.standard(environment: ["COP_THREATS_CACHE": "/c", "HOME": "/h"])?.folder == "/c")
        #expect(CompiledRulesCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.folder == "/x/cop-threats")
        #expect(CompiledRulesCache.standard(environment: ["HOME": "/h"])?.folder == "/h/.cache/cop-threats")
        #expect(CompiledRulesCache.standard(environment: [:]) == nil)
    }
}
