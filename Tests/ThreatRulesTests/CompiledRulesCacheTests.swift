import Foundation
import SafeYAML
import Testing
import ThreatTaxonomy
@testable import ThreatRules

@Suite("Cache of compiled rules")
struct CompiledRulesCacheTests {
    static let texts = [
        "my son got robux and was told dont tell", "he sent me nudes", "they will leak your pics for a gift card",
        "news reports say a kid sent pics and keeping it quiet", "groomed the dog", "nothing to see here",
    ]

    static func folder(_ name: String = "rules-cache") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".rules") }.sorted()
    }

    static func labels(_ rules: RuleSet) -> [[Label]] {
        texts.map { rules.classify($0, language: "en").labels }
    }

    /// A taxonomy in files, as an analyst keeps it: its English terms in a rule file, and a leaf
    /// without rules (a warning).
    struct Fixture {
        let taxonomy: String
        private(set) var loads = 0

        init() throws {
            let folder = try CompiledRulesCacheTests.folder("taxonomy")
            taxonomy = folder + "/taxonomy.yaml"
            try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
            try """
                version: "1.0.0"
                name: Cache test tree
                languages: [en]
                rule_files: [rules/en.yaml]
                schemes: {eval: {title: Eval labels, version: "1"}}
                nodes:
                  - {id: harm, name: {en: Harm}, definition: Any harm to a child.}
                  - id: grooming
                    parent: harm
                    name: {en: Grooming}
                    definition: Building trust to abuse.
                    crosswalks: {eval: [{code: grooming, relation: exact}]}
                  - {id: scam, parent: harm, name: {en: Scam}, definition: Scams.}
                """.write(toFile: taxonomy, atomically: true, encoding: .utf8)
            try setGroomingTerms("[groom*, dont tell]")
        }

        func setGroomingTerms(_ terms: String) throws {
            try "language: en\nnodes:\n  grooming:\n    terms: \(terms)\n"
                .write(toFile: (taxonomy as NSString).deletingLastPathComponent + "/rules/en.yaml", atomically: true, encoding: .utf8)
        }

        /// The cache's rules for this taxonomy, counting the times it had to load the files.
        mutating func ruleSet(_ cache: CompiledRulesCache) throws -> (ruleSet: RuleSet, warnings: [Diagnostic]) {
            try cache.ruleSet(taxonomyAt: taxonomy) { path in
                loads += 1
                return try TaxonomyLoader.load(from: path)
            }
        }
    }

    @Test("a taxonomy read back is the one loaded, with its warnings, and its rules label every text alike")
    func readBackTaxonomyAndRules() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        var fixture = try Fixture()
        let loaded = try TaxonomyLoader.load(from: fixture.taxonomy)
        let fresh = try RuleSet(taxonomy: loaded.taxonomy)
        let first = try fixture.ruleSet(cache)
        #expect(try Self.files(in: cache.folder).count == 1)
        let second = try fixture.ruleSet(cache)
        #expect(fixture.loads == 1, "the second run reads the kept file")
        #expect(second.ruleSet.taxonomy == loaded.taxonomy && first.ruleSet.taxonomy == loaded.taxonomy)
        #expect(second.warnings == loaded.warnings && !loaded.warnings.isEmpty)
        #expect(Self.labels(second.ruleSet) == Self.labels(fresh) && Self.labels(first.ruleSet) == Self.labels(fresh))
        #expect(second.ruleSet.statistics == fresh.statistics)
        #expect(Self.labels(fresh).contains { !$0.isEmpty }, "the texts get labels")
    }

    @Test("a changed rule file is loaded and compiled again")
    func changedRuleFileIsReadAgain() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        var fixture = try Fixture()
        let before = try fixture.ruleSet(cache)
        #expect(before.ruleSet.classify("nothing to see here", language: "en").labels.isEmpty)
        try fixture.setGroomingTerms("[groom*, nothing to see]")
        let after = try fixture.ruleSet(cache)
        #expect(fixture.loads == 2)
        #expect(after.ruleSet.classify("nothing to see here", language: "en").labels.map(\.node) == ["grooming"])
        _ = try fixture.ruleSet(cache)
        #expect(fixture.loads == 2, "the new rules were kept in place of the old")
    }

    @Test("a rule file that is no longer UTF-8 is not read from the cache: the load reports it")
    func ruleFileNoLongerUTF8() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        var fixture = try Fixture()
        _ = try fixture.ruleSet(cache)
        let rules = (fixture.taxonomy as NSString).deletingLastPathComponent + "/rules/en.yaml"
        var bytes = Array(try String(contentsOfFile: rules, encoding: .utf8).utf8)
        bytes[bytes.count - 3] = 0xFF  // inside the last term: no UTF-8 text holds this byte
        try Data(bytes).write(to: URL(fileURLWithPath: rules))
        #expect(throws: (any Error).self) { _ = try fixture.ruleSet(cache) }
        #expect(fixture.loads == 2, "the kept copy was not used")
    }

    @Test("a rule file saved while the taxonomy loads is read again by the next run")
    func editWhileLoading() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        var fixture = try Fixture()
        let first = try cache.ruleSet(taxonomyAt: fixture.taxonomy) { path in
            let loaded = try TaxonomyLoader.load(from: path)
            try fixture.setGroomingTerms("[groom*, nothing to see]")  // saved after it was read
            return loaded
        }
        #expect(first.ruleSet.classify("nothing to see here", language: "en").labels.isEmpty)
        let next = try fixture.ruleSet(cache)
        #expect(fixture.loads == 1, "the kept file is not used")
        #expect(next.ruleSet.classify("nothing to see here", language: "en").labels.map(\.node) == ["grooming"])
    }

    @Test("rule files that begin with a byte order mark are read back too")
    func byteOrderMark() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        var fixture = try Fixture()
        let rules = (fixture.taxonomy as NSString).deletingLastPathComponent + "/rules/en.yaml"
        try ("\u{FEFF}" + String(contentsOfFile: rules, encoding: .utf8)).write(toFile: rules, atomically: true, encoding: .utf8)
        _ = try fixture.ruleSet(cache)
        let second = try fixture.ruleSet(cache)
        #expect(fixture.loads == 1)
        #expect(Self.labels(second.ruleSet).contains { !$0.isEmpty })
    }

    @Test("every part of a taxonomy is written and read back as it was")
    func taxonomyRoundTrip() throws {
        let taxonomy = CountingPathTests.taxonomy()
        let path = try Self.folder() + "/taxonomy.bin"
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var out = BinaryArchive.Writer(descriptor: output)
        taxonomy.write(to: &out)
        #expect(out.flush() && close(output) == 0)
        let input = open(path, O_RDONLY)
        defer { close(input) }
        var reader = BinaryArchive.Reader(descriptor: input, size: Int(lseek(input, 0, SEEK_END)))
        lseek(input, 0, SEEK_SET)
        #expect(try Taxonomy(from: &reader) == taxonomy)
        #expect(reader.remaining == 0)
    }

    @Test("a damaged or truncated file is compiled again and replaced", arguments: [true, false])
    func damagedFileIsReplaced(truncate: Bool) throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        var fixture = try Fixture()
        let fresh = try RuleSet(taxonomy: TaxonomyLoader.load(from: fixture.taxonomy).taxonomy)
        _ = try fixture.ruleSet(cache)
        let path = cache.folder + "/" + (try Self.files(in: cache.folder)[0])
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var bytes = original
        let size = bytes.count
        if truncate { bytes = bytes.prefix(size / 2) } else { bytes[size / 2] ^= 0xFF }
        try bytes.write(to: URL(fileURLWithPath: path))
        let rules = try fixture.ruleSet(cache)
        #expect(fixture.loads == 2)
        #expect(Self.labels(rules.ruleSet) == Self.labels(fresh))
        let rewritten = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(rewritten.count == original.count && rewritten != bytes, "the file was written again")
    }

    @Test("another taxonomy is another file, and only the newest four are kept")
    func taxonomiesAndPruning() throws {
        let cache = CompiledRulesCache(folder: try Self.folder())
        for _ in 0..<6 {
            var fixture = try Fixture()
            _ = try fixture.ruleSet(cache)
        }
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
