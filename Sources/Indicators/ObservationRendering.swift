import Foundation
import TextFormats

/// How `cop-threats indicators` prints observations.
public enum ObservationFormat: String, Sendable, CaseIterable {
    case table, csv, json
}

extension Observation {
    /// The value as published: `<5` for a small count, `x` for any other hidden value, empty
    /// when there is nothing to compute.
    public func displayed(threshold: Int) -> String {
        if let value {
            return value.rounded() == value && unit == "reports" ? String(Int(value)) : String(format: "%.2f", value)
        }
        if flags.contains(Suppression.small.rawValue) { return "<\(threshold)" }
        if flags.contains(where: { $0.hasPrefix("confidential") }) { return "x" }
        return ""
    }
}

public enum ObservationRenderer {
    public static func render(_ observations: [Observation], as format: ObservationFormat, indicators: IndicatorSet, threshold: Int) -> String {
        switch format {
        case .csv: csv(observations)
        case .json: json(observations, indicators: indicators, threshold: threshold)
        case .table: table(observations, indicators: indicators, threshold: threshold)
        }
    }

    /// One row per observation: indicator, period, threat, country, month, platform, age_band,
    /// reporter (empty when not broken down by it), value, lower, upper, unit, flags.
    public static func csv(_ observations: [Observation]) -> String {
        var lines = ["indicator,period,threat,country,month,platform,age_band,reporter,value,lower,upper,unit,flags"]
        for o in observations {
            let fields = [o.indicator, o.period] + Breakdown.allCases.map { o.breakdown($0) ?? "" } + [
                o.value.map(number) ?? "", o.lower.map(number) ?? "", o.upper.map(number) ?? "", o.unit, o.flags.joined(separator: " "),
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"indicators_version": ..., "threshold": ..., "observations": [{"indicator", "breakdowns": {...}, "period", "value", "unit", "flags"}]}`.
    public static func json(_ observations: [Observation], indicators: IndicatorSet, threshold: Int) -> String {
        var rows: [String] = []
        for o in observations {
            var fields = [
                "\"indicator\":\(quoted(o.indicator))",
                "\"breakdowns\":{" + o.breakdowns.map { "\(quoted($0.0.rawValue)):\(quoted($0.1))" }.joined(separator: ",") + "}",
                "\"period\":\(quoted(o.period))",
                "\"value\":\(o.value.map(number) ?? "null")",
            ]
            if let lower = o.lower, let upper = o.upper { fields.append("\"ci95\":[\(number(lower)),\(number(upper))]") }
            fields.append("\"unit\":\(quoted(o.unit))")
            fields.append("\"flags\":[" + o.flags.map(quoted).joined(separator: ",") + "]")
            rows.append("{" + fields.joined(separator: ",") + "}")
        }
        return "{\"indicators_version\":\(quoted(indicators.version)),\"min_cell\":\(threshold),\"observations\":[\n"
            + rows.joined(separator: ",\n") + "\n]}\n"
    }

    /// Per indicator: its definition, then one line per observation.
    public static func table(_ observations: [Observation], indicators: IndicatorSet, threshold: Int) -> String {
        var out: [String] = []
        for indicator in indicators.indicators {
            let rows = observations.filter { $0.indicator == indicator.id }
            guard let first = rows.first else { continue }
            out.append("\(indicator.id) (\(indicator.unit)), \(first.period)")
            let dimensions = first.breakdowns.map(\.0)
            var table = [dimensions.map(\.rawValue) + ["value", "95% CI", "flags"]]
            for row in rows {
                let interval = row.lower.flatMap { l in row.upper.map { u in String(format: "%.2f–%.2f", l, u) } } ?? ""
                let flags = row.flags.filter { !$0.hasPrefix("confidential") }.joined(separator: " ")
                table.append(row.breakdowns.map(\.1) + [row.displayed(threshold: threshold), interval, flags])
            }
            let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
            for line in table {
                out.append(zip(line, widths).enumerated().map { index, pair in
                    let (text, width) = pair
                    let pad = String(repeating: " ", count: width - text.count)
                    return index < dimensions.count ? text + pad : pad + text
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            }
            out.append("")
        }
        out.append("<\(threshold): fewer than \(threshold) reports; x: hidden so that a small count cannot be recomputed from its total.")
        return out.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func quoted(_ text: String) -> String { JSONOutput.quoted(text) }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
