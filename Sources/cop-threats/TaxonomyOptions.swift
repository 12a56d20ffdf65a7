import ArgumentParser
import Foundation
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
        let loaded = try checked(path) { try TaxonomyLoader.load(from: path) }
        mention(loaded.warnings, of: path)
        return loaded.taxonomy
    }

    /// Loads the taxonomy at `path` and compiles its rules once, or reads both from the cache of
    /// compiled rules when these files were read before by this build; errors and warnings as
    /// `load(_:)` reports them.
    static func compile(_ path: String) throws -> RuleSet {
        let compiled = try checked(path) {
            if let cache = CompiledRulesCache.standard() { return try cache.ruleSet(taxonomyAt: path, load: TaxonomyLoader.load(from:)) }
            let loaded = try TaxonomyLoader.load(from: path)
            return (try RuleSet(taxonomy: loaded.taxonomy), loaded.warnings)
        }
        mention(compiled.warnings, of: path)
        return compiled.ruleSet
    }

    /// `body`'s result; a taxonomy with problems has each printed, rules that cannot be compiled
    /// are said so, and the run exits with status 1.
    private static func checked<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as DiagnosticsError {
            for diagnostic in error.diagnostics { Diagnostics.print(diagnostic) }
            Diagnostics.say("The taxonomy at \(path) has \(error.diagnostics.count) problem(s); run `cop-threats taxonomy check \(path)` for details.")
            throw ExitCode(1)
        } catch {
            Diagnostics.say("The rules of \(path) could not be compiled: \(error)")
            throw ExitCode(1)
        }
    }

    private static func mention(_ warnings: [Diagnostic], of path: String) {
        guard !warnings.isEmpty && Diagnostics.stderrIsTerminal else { return }
        Diagnostics.say("""
            cop-threats: the taxonomy at \(path) has \(warnings.count) warning(s), such as \
            \(warnings[0]); `cop-threats taxonomy check \(path)` lists them.
            """)
    }
}
