import ArgumentParser

/// The `cop-threats` command: classify reports of online threats to children and count them.
@main
struct CopThreats: AsyncParsableCommand {
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
}
