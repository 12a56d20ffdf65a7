import Foundation
import ThreatTaxonomy
import Yams
import SafeYAML

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

    /// Loads and validates the indicator file at `path`; throws `IndicatorFileError` listing
    /// every problem with its line and column.
    public static func load(from path: String) throws -> IndicatorSet {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw IndicatorFileError(diagnostics: [Diagnostic(
                severity: .error, location: SourceLocation(file: path),
                message: "the indicator file cannot be read: \(error.localizedDescription)")])
        }
        var reader = IndicatorFileReader(path: path, text: text)
        return try reader.read()
    }
}

/// Every problem found in an indicator file, in file order.
public struct IndicatorFileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map { $0.rendered() }.joined(separator: "\n") }
}

/// Reads the YAML with positions, checks every key and value, and collects all problems.
private struct IndicatorFileReader {
    let path: String
    let lines: [String]
    let text: String
    var problems: [Diagnostic] = []

    static let topKeys = ["version", "indicators"]
    static let indicatorKeys = ["id", "definition", "unit", "breakdowns", "computation"]

    init(path: String, text: String) {
        self.path = path
        self.text = text
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    mutating func read() throws -> IndicatorSet {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw IndicatorFileError(diagnostics: [Diagnostic(
                severity: .error, location: SourceLocation(file: path), message: "the indicator file is not valid YAML: \(error)")])
        }
        guard let mapping = root?.mapping else {
            fail("the indicator file must be a mapping with the keys version and indicators", at: root)
            throw IndicatorFileError(diagnostics: problems)
        }
        checkKeys(mapping, allowed: Self.topKeys, in: "the indicator file")
        let version = mapping["version"]?.string ?? ""
        if mapping["version"] == nil {
            fail("the indicator file has no version; add `version: \"1.0.0\"` (major.minor.patch)", at: root)
        } else if version.split(separator: ".").count != 3 || !version.split(separator: ".").allSatisfy({ Int($0) != nil }) {
            fail("version '\(version)' is not major.minor.patch (e.g. \"1.0.0\")", at: mapping["version"])
        }
        var indicators: [IndicatorDefinition] = []
        var seen: [String: Int] = [:]
        if let list = mapping["indicators"]?.sequence {
            for item in list {
                if let id = item.mapping?["id"]?.string {
                    if let line = seen[id] {
                        fail("the indicator id '\(id)' is used twice (first at line \(line))", at: item.mapping?["id"])
                    }
                    seen[id] = item.mark?.line ?? 0
                }
                if let indicator = readIndicator(item) { indicators.append(indicator) }
            }
            if list.isEmpty { fail("the indicator file lists no indicators", at: mapping["indicators"]) }
        } else {
            fail("the indicator file needs a list of indicators under `indicators:`", at: mapping["indicators"] ?? root)
        }
        guard problems.isEmpty else {
            throw IndicatorFileError(diagnostics: problems.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
        }
        return IndicatorSet(version: version, indicators: indicators)
    }

    private mutating func readIndicator(_ node: Node) -> IndicatorDefinition? {
        guard let mapping = node.mapping else {
            fail("each indicator must be a mapping with the keys \(Self.indicatorKeys.joined(separator: ", "))", at: node)
            return nil
        }
        let name = mapping["id"]?.string.map { "indicator '\($0)'" } ?? "an indicator"
        checkKeys(mapping, allowed: Self.indicatorKeys, in: name)
        var complete = true
        func required(_ key: String) -> String? {
            guard let value = mapping[key]?.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                fail("\(name) has no \(key)", at: mapping[key] ?? node)
                complete = false
                return nil
            }
            return value
        }
        let id = required("id"), definition = required("definition"), unit = required("unit")
        if let id, id.contains(where: { !($0.isLetter && $0.isASCII && $0.isLowercase) && !$0.isNumber && $0 != "-" }) {
            fail("the indicator id '\(id)' must be lower-case letters, digits and '-'", at: mapping["id"])
        }
        var computation: Computation?
        if let kind = required("computation") {
            computation = Computation(rawValue: kind)
            if computation == nil {
                fail("\(name): '\(kind)' is not a computation; use one of \(Computation.allCases.map(\.rawValue).joined(separator: ", "))", at: mapping["computation"])
            }
        }
        var breakdowns: [Breakdown] = []
        if let list = mapping["breakdowns"]?.sequence {
            for item in list {
                if let breakdown = item.string.flatMap(Breakdown.init(rawValue:)) { breakdowns.append(breakdown) } else {
                    fail("\(name): '\(item.string ?? "?")' is not a breakdown; use \(Breakdown.allCases.map(\.rawValue).joined(separator: ", "))", at: item)
                }
            }
            if !breakdowns.contains(.threat) { fail("\(name): the breakdowns must include threat", at: mapping["breakdowns"]) }
        } else {
            fail("\(name) needs a list of breakdowns, e.g. `breakdowns: [threat, country]`", at: mapping["breakdowns"] ?? node)
        }
        guard complete, let id, let definition, let unit, let computation else { return nil }
        return IndicatorDefinition(id: id, definition: definition, unit: unit, breakdowns: breakdowns.sorted(), computation: computation)
    }

    private mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], in context: String) {
        for key in mapping.keys {
            guard let name = key.string, !allowed.contains(name) else { continue }
            let suggestion = allowed.min { distance($0, name) < distance($1, name) }.flatMap { distance($0, name) <= 2 ? $0 : nil }
            fail("unknown key '\(name)' in \(context)\(suggestion.map { "; did you mean '\($0)'?" } ?? ".") Allowed keys: \(allowed.joined(separator: ", ")).", at: key)
        }
    }

    private mutating func fail(_ message: String, at node: Node?) {
        let line = node?.mark?.line ?? 0, column = node?.mark?.column ?? 0
        problems.append(Diagnostic(
            severity: .error, location: SourceLocation(file: path, line: line, column: column), message: message,
            sourceLine: line > 0 && line <= lines.count ? lines[line - 1] : nil))
    }

    /// Levenshtein distance, for "did you mean".
    private func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }
}
