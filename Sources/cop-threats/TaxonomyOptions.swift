import ArgumentParser
import Foundation
import ReportStore
import SafeYAML
import ThreatRules
import ThreatTaxonomy

/// `--taxonomy PATH`, shared by every command that needs the taxonomy.
struct TaxonomyOptions: ParsableArguments {
    @Option(
        name: .customLong("taxonomy"),
        help: ArgumentHelp(
            "The taxonomy file to use (default: $COP_THREATS_TAXONOMY, else Taxonomy/taxonomy.yaml here, else the one installed with the tool).",
            valueName: "path"))
    var path: String?

    /// The taxonomy path after defaults.
    var resolvedPath: String {
        path ?? ShippedTaxonomy.defaultPath()
    }

    /// Loads and validates the taxonomy; on errors prints each one and exits with status 1.
    func load() throws -> Taxonomy { try Self.load(resolvedPath) }

    /// Loads the taxonomy and compiles its rules once.
    func compile() throws -> RuleSet { try Self.compile(resolvedPath) }

    /// Loads and validates the taxonomy at `path`; on errors prints each one and exits with status 1.
    /// Its warnings are counted in one line on a terminal (`taxonomy check` lists them), as the
    /// summary table is shown there: batch logs keep only the run's own messages.
    static func load(_ path: String) throws -> Taxonomy {
        do {
            let loaded = try TaxonomyLoader.load(from: path)
            if !loaded.warnings.isEmpty && Diagnostics.stderrIsTerminal {
                Diagnostics.say("""
                    cop-threats: the taxonomy at \(path) has \(loaded.warnings.count) warning(s), such as \
                    \(loaded.warnings[0]); `cop-threats taxonomy check \(path)` lists them.
                    """)
            }
            return loaded.taxonomy
        } catch let error as DiagnosticsError {
            for diagnostic in error.diagnostics { Diagnostics.print(diagnostic) }
            Diagnostics.say("The taxonomy at \(path) has \(error.diagnostics.count) problem(s); run `cop-threats taxonomy check \(path)` for details.")
            throw ExitCode(1)
        }
    }

    /// Loads the taxonomy at `path` and compiles its rules once, or reads them from the cache of
    /// compiled rules when these files were compiled before by this build.
    static func compile(_ path: String) throws -> RuleSet {
        let taxonomy = try load(path)
        do {
            if let cache = CompiledRulesCache.standard(), let fingerprint = try? RuleFingerprint.of(taxonomyAt: path) {
                return try cache.ruleSet(for: taxonomy, fingerprint: fingerprint)
            }
            return try RuleSet(taxonomy: taxonomy)
        } catch {
            Diagnostics.say("The rules of \(path) could not be compiled: \(error)")
            throw ExitCode(1)
        }
    }
}
