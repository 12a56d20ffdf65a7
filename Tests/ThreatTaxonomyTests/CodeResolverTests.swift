import Testing
import ThreatTaxonomy
import SafeYAML

@Suite("Crosswalk codes of labelled nodes")
struct CodeResolverTests {
    static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    /// `scam` under `fraud`, mapped to codes of every relation.
    static func taxonomy() -> Taxonomy {
        func node(_ id: String, _ parent: String?, _ codes: [(String, CrosswalkRelation)]) -> TaxonomyNode {
            TaxonomyNode(
                id: id, parent: parent, names: ["en": id], definition: "", crosswalks: ["dsa": codes.map { CrosswalkEntry(code: $0.0, relation: $0.1) }],
                location: here)
        }
        return Taxonomy(
            version: "1.0.0", name: "t", languages: ["en"],
            schemes: ["dsa": CrosswalkScheme(key: "dsa", title: "DSA", version: "2")],
            nodes: [
                node("fraud", nil, [("STATEMENT_CATEGORY_FRAUD", .broad)]),
                node("scam", "fraud", [("SCAMS", .exact), ("PYRAMID", .narrow), ("GAMBLING", .related)]),
                node("phishing", "fraud", [("STATEMENT_CATEGORY_CYBER", .broad), ("STATEMENT_CATEGORY_PHISHING", .exact)]),
            ])
    }

    @Test("by default a report gets the codes that mean its node or contain it, its ancestors' included")
    func defaultRelations() throws {
        let resolver = try CodeResolver(taxonomy: Self.taxonomy(), scheme: "dsa")
        #expect(resolver.codes(of: ["scam"]) == ["SCAMS", "STATEMENT_CATEGORY_FRAUD"])
        #expect(resolver.identity == "dsa")
    }

    @Test("asked for, narrower and related codes come too, and the summary records it")
    func widened() throws {
        let resolver = try CodeResolver(taxonomy: Self.taxonomy(), scheme: "dsa", relations: Set(CrosswalkRelation.allCases))
        #expect(resolver.codes(of: ["scam"]) == ["GAMBLING", "PYRAMID", "SCAMS", "STATEMENT_CATEGORY_FRAUD"])
        #expect(resolver.identity == "dsa [broad,exact,narrow,related]")
    }

    @Test("the nearest code with a prefix: the node's own (exact before broad), else its parent's")
    func nearestCode() throws {
        let resolver = try CodeResolver(taxonomy: Self.taxonomy(), scheme: "dsa")
        #expect(resolver.nearestCode(of: "phishing", prefix: "STATEMENT_CATEGORY_") == "STATEMENT_CATEGORY_PHISHING")
        #expect(resolver.nearestCode(of: "scam", prefix: "STATEMENT_CATEGORY_") == "STATEMENT_CATEGORY_FRAUD")
        #expect(resolver.nearestCode(of: "scam", prefix: "KEYWORD_") == nil)
    }
}
