import ReportIO
import ThreatRules

/// What a change to the taxonomy or its rules does to the counts of one batch: per node, how
/// many reports the old and the new rules label (a parent counts a report once when it or any
/// node below it matched), and which reports changed.
public struct RuleChangeImpact: Sendable {
    /// A report whose labels differ between the two rule sets.
    public struct ChangedReport: Sendable, Equatable {
        public var id: String
        /// Nodes (with their ancestors) only the old rules gave.
        public var removed: [String]
        /// Nodes (with their ancestors) only the new rules give.
        public var added: [String]
    }

    /// How many changed reports to keep as examples.
    public var exampleLimit: Int
    public private(set) var reports = 0
    public private(set) var changedReports = 0
    public private(set) var before: [String: Int] = [:]
    public private(set) var after: [String: Int] = [:]
    public private(set) var examples: [ChangedReport] = []

    public init(exampleLimit: Int = 20) { self.exampleLimit = exampleLimit }

    /// Counts one report classified by the old (`before`) and the new (`after`) rules.
    public mutating func add(id: String, before old: Classification, after new: Classification) {
        reports += 1
        let oldNodes = Self.nodes(of: old), newNodes = Self.nodes(of: new)
        for node in oldNodes { before[node, default: 0] += 1 }
        for node in newNodes { after[node, default: 0] += 1 }
        guard oldNodes != newNodes else { return }
        changedReports += 1
        if examples.count < exampleLimit {
            examples.append(ChangedReport(
                id: id, removed: oldNodes.subtracting(newNodes).sorted(), added: newNodes.subtracting(oldNodes).sorted()))
        }
    }

    /// Nodes whose count changed, in the order of `nodeOrder` (the new taxonomy's, then any
    /// node only the old one had), with the old and new counts.
    public func changedNodes(nodeOrder: [String]) -> [(node: String, before: Int, after: Int)] {
        let known = Set(nodeOrder)
        let order = nodeOrder + before.keys.filter { !known.contains($0) }.sorted()
        return order.compactMap { node in
            let (b, a) = (before[node] ?? 0, after[node] ?? 0)
            return b == a ? nil : (node, b, a)
        }
    }

    /// A table for a person: the changed nodes, then example reports.
    public func rendered(nodeOrder: [String]) -> String {
        var lines = ["\(reports) reports: \(changedReports) labelled differently by the new rules."]
        let rows = changedNodes(nodeOrder: nodeOrder)
        if rows.isEmpty {
            lines.append("No node's count changes.")
        } else {
            let width = max(4, rows.map(\.node.count).max() ?? 0)
            lines.append("")
            lines.append("node".padding(toLength: width, withPad: " ", startingAt: 0) + "   before    after   change")
            for row in rows {
                let change = row.after - row.before
                lines.append(row.node.padding(toLength: width, withPad: " ", startingAt: 0)
                    + Self.pad(row.before, 9) + Self.pad(row.after, 9) + Self.pad(change, 9, sign: true))
            }
        }
        if !examples.isEmpty {
            lines.append("")
            lines.append("Reports that changed\(changedReports > examples.count ? " (first \(examples.count))" : ""):")
            for example in examples {
                var parts: [String] = []
                if !example.removed.isEmpty { parts.append("no longer " + example.removed.joined(separator: ", ")) }
                if !example.added.isEmpty { parts.append("now " + example.added.joined(separator: ", ")) }
                lines.append("  \(example.id): " + parts.joined(separator: "; "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Workers that classify each report with the old (`before`) and the new (`after`) rules,
    /// without evidence, for `add(id:before:after:)`.
    public static func classifiers(
        before old: RuleSet, after new: RuleSet
    ) -> ClassifierFactory<(before: Classification, after: Classification)> {
        ClassifierFactory {
            let (oldScanner, newScanner) = (old.makeScanner(), new.makeScanner())
            return { report in
                (oldScanner.classify(report.text, language: report.lang, evidence: false),
                 newScanner.classify(report.text, language: report.lang, evidence: false))
            }
        }
    }

    private static func nodes(of classification: Classification) -> Set<String> {
        Set(classification.labels.flatMap(\.path))
    }

    private static func pad(_ value: Int, _ width: Int, sign: Bool = false) -> String {
        let text = sign && value > 0 ? "+\(value)" : "\(value)"
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
