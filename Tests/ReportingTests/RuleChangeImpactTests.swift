import Testing
import ThreatRules
@testable import Pipeline

@Suite struct RuleChangeImpactTests {
    static func labels(_ paths: [[String]]) -> Classification {
        Classification(labels: paths.map { Label(node: $0.last!, path: $0, score: 1, evidence: []) })
    }

    @Test func countsNodesWithAncestorsAndListsChangedReports() throws {
        var impact = RuleChangeImpact(exampleLimit: 1)
        impact.add(id: "a", before: Self.labels([["fraud", "scam"]]), after: Self.labels([["fraud", "scam"]]))
        impact.add(id: "b", before: Self.labels([["fraud", "scam"]]), after: Self.labels([["fraud", "phishing"]]))
        impact.add(id: "c", before: Self.labels([]), after: Self.labels([["hate", "bullying"]]))
        #expect(impact.reports == 3 && impact.changedReports == 2)
        let rows = impact.changedNodes(nodeOrder: ["fraud", "scam", "phishing", "hate", "bullying"])
        #expect(rows.map(\.node) == ["scam", "phishing", "hate", "bullying"])   // fraud stays at 2
        let scam = try #require(rows.first { $0.node == "scam" })
        #expect(scam.before == 2 && scam.after == 1)
        #expect(impact.examples == [.init(id: "b", removed: ["scam"], added: ["phishing"])])
        let text = impact.rendered(nodeOrder: ["fraud", "scam", "phishing", "hate", "bullying"])
        #expect(text.contains("3 reports: 2 labelled differently"))
        #expect(text.contains("b: no longer scam; now phishing"))
        #expect(text.contains("(first 1)"))
    }

    @Test func unchangedBatchSaysSo() {
        var impact = RuleChangeImpact()
        impact.add(id: "a", before: Self.labels([["x"]]), after: Self.labels([["x"]]))
        #expect(impact.rendered(nodeOrder: ["x"]).contains("No node's count changes."))
    }
}
