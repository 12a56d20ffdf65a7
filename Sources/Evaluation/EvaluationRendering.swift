import Foundation
import Reporting

extension EvaluationReport {
    /// Above this many averaged codes, breakdown tables leave out the per-code F1 columns.
    static let maxCodeColumns = 12

    /// The report for a person: aligned tables (`markdown: false`) or Markdown pipe tables.
    public func rendered(markdown: Bool) -> String {
        var out: [String] = []
        func table(_ header: [String], _ rows: [[String]]) {
            out.append(TextTable(header: header, rows: rows).rendered(markdown: markdown))
        }
        func pct(_ x: Double) -> String { String(format: "%.3f", x) }
        let averagedSet = Set(averagedOver)

        out.append("Scheme: \(scheme)   taxonomy \(taxonomyVersion)   gold lines: \(lines)" + (rejectedLines > 0 ? "   unreadable lines: \(rejectedLines)" : ""))
        out.append("")
        table(["category", "gold", "predicted", "precision", "recall", "F1"], categories.map { c in
            [c.code + (averagedSet.contains(c.code) ? "" : " *"), "\(c.gold)", "\(c.predicted)", pct(c.precision), pct(c.recall), pct(c.f1)]
        })
        out.append("")
        out.append("macro-F1 \(pct(macroF1))   micro-F1 \(pct(microF1))   over \(averagedOver.count) categories: \(averagedOver.joined(separator: ", "))")
        if categories.contains(where: { !averagedSet.contains($0.code) }) {
            out.append("* not in the averages (no gold lines, or not asked for with --categories).")
        }
        out.append("False alarms on benign lines: \(falseAlarms) of \(benignLines) = \(pct(falseAlarmRate))")
        if !hardNegatives.isEmpty {
            out.append("Hard negatives (\(hardNegatives.joined(separator: ", "))) count as benign: any threat predicted for them is a false positive of that threat.")
        }
        if !notCovered.isEmpty {
            out.append("Not covered (gold words with no crosswalk target in '\(scheme)'; not scored): "
                + notCovered.keys.sorted().map { "\($0) (\(notCovered[$0]!))" }.joined(separator: ", "))
        }
        for breakdown in breakdowns {
            out.append("")
            out.append("By \(breakdown.field):")
            // Per-code columns only while the table stays readable (the `node` scheme has dozens).
            let columns = averagedOver.count <= Self.maxCodeColumns ? averagedOver : []
            table([breakdown.field, "lines", "macro-F1", "benign", "false alarms", "rate"] + columns, breakdown.groups.map { g in
                let f1ByCode = Dictionary(uniqueKeysWithValues: g.categories.map { ($0.code, $0) })
                return [g.value, "\(g.lines)", g.macroF1.map(pct) ?? "-", "\(g.benignLines)", "\(g.falseAlarms)", pct(g.falseAlarmRate)]
                    + columns.map { code in f1ByCode[code].map { $0.gold > 0 ? pct($0.f1) : ($0.predicted > 0 ? "fp \($0.predicted)" : "-") } ?? "-" }
            })
        }
        if !confusion.isEmpty {
            out.append("")
            out.append("Confusion (gold code missed or benign line → what was predicted instead):")
            table(["gold", "predicted instead", "lines"], confusion.keys.sorted().flatMap { gold in
                confusion[gold, default: [:]].sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { [gold, $0.key, "\($0.value)"] }
            })
        }
        for (title, examples) in [("Worst false positives (what fired):", worstFalsePositives), ("False negatives (what was missed):", worstFalseNegatives)] where !examples.isEmpty {
            out.append("")
            out.append(title)
            for e in examples {
                let source = [e.fields["source"], e.fields["lang"]].compactMap { $0 }.joined(separator: "/")
                out.append("- [\(e.code)] \(e.id) \(source) gold \(e.gold) predicted \(e.predicted): \(e.excerpt)")
                for line in e.evidence.prefix(6) { out.append("    \(line)") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
