import SafeYAML
import ThreatTaxonomy
import Yams

/// How an indicator is computed from the counts of a period.
public enum Computation: String, Sendable, CaseIterable {
    case count
    case share
    case changeFromPreviousPeriod = "change-previous-period"
    case changeFromYearEarlier = "change-year-earlier"
    case ratePer100kChildren = "rate-per-100k-children"
}

/// A dimension an indicator can be broken down by. Threat is always one. Platform, age band
/// and reporter are facets found in the text at ingest; a table breaks down by one facet at a time.
public enum Breakdown: String, Sendable, CaseIterable, Comparable {
    case threat, country, month, platform
    case ageBand = "age-band"
    case reporter

    /// Whether it is a facet of the text rather than a field of the report.
    public var isFacet: Bool { [.platform, .ageBand, .reporter].contains(self) }

    public static func < (lhs: Breakdown, rhs: Breakdown) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One indicator of `Indicators/indicators.yaml`.
public struct IndicatorDefinition: Sendable, Hashable {
    /// Stable id, never renamed (published series are compared across years).
    public var id: String
    /// What the indicator measures, in English.
    public var definition: String
    public var unit: String
    /// The breakdowns it may be published by; always includes `threat`.
    public var breakdowns: [Breakdown]
    public var computation: Computation

    public init(id: String, definition: String, unit: String, breakdowns: [Breakdown], computation: Computation) {
        self.id = id
        self.definition = definition
        self.unit = unit
        self.breakdowns = breakdowns
        self.computation = computation
    }
}

/// The indicator file: its version and its indicators, in file order.
public struct IndicatorSet: Sendable {
    public var version: String
    public var indicators: [IndicatorDefinition]

    public init(version: String, indicators: [IndicatorDefinition]) {
        self.version = version
        self.indicators = indicators
    }

    /// Loads and validates the indicator file at `path`; throws every problem, in file order,
    /// each with its line, column and caret (as the taxonomy loader reports).
    public static func load(from path: String) throws(DiagnosticsError) -> IndicatorSet {
        let sink = DiagnosticSink()
        let set = YAMLFile.open(path, describedAs: "indicator file", referencedAt: nil, sink: sink).flatMap { file in
            IndicatorFileReader(file: file).read()
        }
        guard let set, !sink.hasErrors else { throw DiagnosticsError(diagnostics: sink.sorted) }
        return set
    }
}

/// Checks every key and value of an indicator file, reporting each problem to the file's sink.
private struct IndicatorFileReader {
    let file: YAMLFile

    static let topKeys = ["version", "indicators"]
    static let indicatorKeys = ["id", "definition", "unit", "breakdowns", "computation"]

    func read() -> IndicatorSet? {
        guard let root = file.root else {
            file.sink.error("the indicator file is empty; it needs the keys version and indicators", at: SourceLocation(file: file.path))
            return nil
        }
        guard let top = file.mapping(root, "the indicator file", allowed: Self.topKeys) else { return nil }
        var version = ""
        if let node = top["version"] {
            version = file.text(node, "the version") ?? ""
            let parts = version.split(separator: ".", omittingEmptySubsequences: false)
            if !version.isEmpty && (parts.count != 3 || !parts.allSatisfy({ Int($0) != nil })) {
                file.error("version '\(version)' is not major.minor.patch (e.g. \"1.0.0\")", at: node)
            }
        } else {
            file.missing("version", in: top, "the indicator file has no version; add `version: \"1.0.0\"` (major.minor.patch)")
        }
        var indicators: [IndicatorDefinition] = []
        var seen: [String: Int] = [:]
        if let node = top["indicators"] {
            let list = file.list(node, "indicators")
            for item in list {
                if let idNode = item.mapping?["id"], let id = idNode.string {
                    if let line = seen[id] { file.error("the indicator id '\(id)' is used twice (first at line \(line))", at: idNode) }
                    seen[id] = item.mark?.line ?? 0
                }
                if let indicator = readIndicator(item) { indicators.append(indicator) }
            }
            if list.isEmpty { file.error("the indicator file lists no indicators", at: node) }
        } else {
            file.missing("indicators", in: top, "the indicator file needs a list of indicators under `indicators:`")
        }
        return IndicatorSet(version: version, indicators: indicators)
    }

    private func readIndicator(_ node: Node) -> IndicatorDefinition? {
        let name = node.mapping?["id"]?.string.map { "indicator '\($0)'" } ?? "an indicator"
        guard let fields = file.mapping(node, name, allowed: Self.indicatorKeys) else { return nil }
        func required(_ key: String) -> String? {
            guard let value = fields[key] else {
                file.missing(key, in: fields, "\(name) has no \(key)")
                return nil
            }
            return file.text(value, "the \(key) of \(name)")
        }
        let id = required("id"), definition = required("definition"), unit = required("unit")
        if let id, id.contains(where: { !($0.isLetter && $0.isASCII && $0.isLowercase) && !$0.isNumber && $0 != "-" }) {
            file.error("the indicator id '\(id)' must be lower-case letters, digits and '-'", at: fields["id"]!)
        }
        var computation: Computation?
        if let kind = required("computation") {
            computation = Computation(rawValue: kind)
            if computation == nil {
                file.error("\(name): '\(kind)' is not a computation; use one of \(Computation.allCases.map(\.rawValue).joined(separator: ", "))", at: fields["computation"]!)
            }
        }
        var breakdowns: [Breakdown] = []
        if let list = fields["breakdowns"] {
            for item in file.list(list, "the breakdowns of \(name)") {
                if let breakdown = item.string.flatMap(Breakdown.init(rawValue:)) { breakdowns.append(breakdown) } else {
                    file.error("\(name): \(file.describe(item)) is not a breakdown; use \(Breakdown.allCases.map(\.rawValue).joined(separator: ", "))", at: item)
                }
            }
            if !breakdowns.contains(.threat) { file.error("\(name): the breakdowns must include threat", at: list) }
        } else {
            file.missing("breakdowns", in: fields, "\(name) needs a list of breakdowns, e.g. `breakdowns: [threat, country]`")
        }
        guard let id, let definition, let unit, let computation else { return nil }
        return IndicatorDefinition(id: id, definition: definition, unit: unit, breakdowns: breakdowns.sorted(), computation: computation)
    }
}
