import ArgumentParser
import Pipeline

extension TaxonomyCommand {
    /// `cop-threats taxonomy impact`: what a taxonomy change does to the counts, before shipping it.
    struct Impact: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "impact",
            abstract: "Show what a change to the taxonomy or its rules does to the counts of a batch.",
            discussion: """
                Classifies the same reports with the shipped (or --baseline) taxonomy and with the \
                changed one (--taxonomy), and lists every node whose count changes and the reports \
                whose labels change. Run it on last year's batch before shipping a rule change.

                Example (old version checked out in ../old):
                  cop-threats taxonomy impact Corpus/ --baseline ../old/Taxonomy/taxonomy.yaml --taxonomy Taxonomy/taxonomy.yaml
                """)

        @Argument(help: ArgumentHelp("Reports to classify (any input `classify` reads).", valueName: "input"))
        var inputs: [String]

        @Option(help: ArgumentHelp("The taxonomy before the change.", valueName: "path"))
        var baseline: String

        @OptionGroup var taxonomy: TaxonomyOptions

        @Option(help: "How many changed reports to list.")
        var examples = 20

        func run() throws {
            let new = try taxonomy.compile()
            let old = try TaxonomyOptions.compile(baseline)
            var configuration = BatchRun.Configuration(inputs: inputs.map { BatchRun.Input(path: $0) })
            configuration.keepDuplicates = true
            var impact = RuleChangeImpact(exampleLimit: examples)
            let counts = try BatchRun(configuration, warn: Diagnostics.say).run(RuleChangeImpact.classifiers(before: old, after: new)) { event in
                switch event {
                case .classified(let report, let labels): impact.add(id: report.id, before: labels.before, after: labels.after)
                case .rejected(let record, _): Diagnostics.say(record.message)
                case .progress: break
                }
            }
            try writeResult(impact.rendered(nodeOrder: new.taxonomy.nodes.map(\.id)))
            let rejected = counts.rejected + counts.inputsFailed
            if rejected > 0 {
                Diagnostics.say("\(rejected) record(s) could not be read and are not in the comparison.")
                throw ExitCode(2)
            }
        }
    }
}
