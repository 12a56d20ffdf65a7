import Foundation
import ThreatTaxonomy
import SafeYAML

/// Children (population aged 0–17) by country and year, from a CSV with the header
/// `country,year,population_0_17`.
public struct Denominators: Sendable {
    private var population: [String: Int]

    public init(_ population: [String: [Int: Int]]) {
        var flat: [String: Int] = [:]
        for (country, years) in population { for (year, count) in years { flat[Self.key(country, year)] = count } }
        self.population = flat
    }

    public func children(country: String, year: Int) -> Int? { population[Self.key(country, year)] }

    private static func key(_ country: String, _ year: Int) -> String { "\(country.uppercased())/\(year)" }

    /// Reads the CSV at `path`; every bad row is reported with its line.
    public static func load(from path: String) throws(DiagnosticsError) -> Denominators {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw DiagnosticsError(diagnostics: [problem(path, 0, "the denominators file cannot be read: \(error.localizedDescription)")])
        }
        var problems: [Diagnostic] = []
        var table: [String: [Int: Int]] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let header = lines.first?.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        guard header == ["country", "year", "population_0_17"] else {
            throw DiagnosticsError(diagnostics: [problem(path, 1, "the first line must be the header country,year,population_0_17")])
        }
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, !fields[0].isEmpty, let year = Int(fields[1]), let count = Int(fields[2]), count > 0 else {
                problems.append(problem(path, offset + 1, "expected a country code, a year and a population above 0, as in FR,2026,14200000; got '\(line)'"))
                continue
            }
            if table[fields[0].uppercased()]?[year] != nil {
                problems.append(problem(path, offset + 1, "\(fields[0]) \(year) is given twice"))
            }
            table[fields[0].uppercased(), default: [:]][year] = count
        }
        guard problems.isEmpty else { throw DiagnosticsError(diagnostics: problems) }
        return Denominators(table)
    }

    private static func problem(_ path: String, _ line: Int, _ message: String) -> Diagnostic {
        Diagnostic(severity: .error, location: SourceLocation(file: path, line: line), message: message)
    }
}
