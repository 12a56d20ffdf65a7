import ArgumentParser
import ReportIO
import ThreatTaxonomy

/// The `cop-threats` command: classify reports of online threats to children and count them.
@main
struct CopThreats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cop-threats",
        abstract: "Classify reports of online threats to children against a threat taxonomy, and count them.",
        subcommands: [
            ClassifyCommand.self,
            SummarizeCommand.self,
            MergeCommand.self,
            ExplainCommand.self,
            EvaluateCommand.self,
            ImportCommand.self,
            TaxonomyCommand.self,
            RulesCommand.self,
            StoreCommand.self,
            IndicatorsCommand.self,
            ReportCommand.self,
        ])

    /// The tool's own version.
    static let version = "1.1.0"

    /// Every command runs with usable standard streams and SIGPIPE ignored. `cop-threats
    /// --version` names the tool, the default taxonomy's version and the hash of its rule files,
    /// so two runs can be told apart even when someone edited a rule file.
    static func main() {
        StandardStreams.prepare()
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(versionText(taxonomyPath: ShippedTaxonomy.defaultPath()))
            return
        }
        main(nil)
    }

    static func versionText(taxonomyPath: String) -> String {
        let rules: String
        if let taxonomy = TaxonomyLoader.check(taxonomyPath).taxonomy {
            rules = "taxonomy \(taxonomy.version) (\(taxonomyPath)), rules \(taxonomy.rulesHash)"
        } else {
            rules = "taxonomy: none usable at \(taxonomyPath) (run `cop-threats taxonomy check \(taxonomyPath)`)"
        }
        return "cop-threats \(version); \(rules)"
    }
}
