import ArgumentParser
import Pipeline
import ThreatRules

/// `cop-threats explain`: why a text gets its labels.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why a text gets its labels: the rules that matched, what cancelled them, and the scores.",
        discussion: """
            Give the text itself, or --id and a batch file (JSONL, CSV, a folder, an XML feed) to \
            explain one report of a batch.

              cop-threats explain "He asked my son to send photos" --lang en
              cop-threats explain --id r-1042 reports.jsonl
            """)

    @OptionGroup var taxonomy: TaxonomyOptions

    @Argument(help: ArgumentHelp("The text to explain; with --id, the batch file to find the report in.", valueName: "text-or-file"))
    var input: String

    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "The text's language (en, fr, es, ru, ar, zh). Without it, the report's own language, else every language's rules.",
        valueName: "code"))
    var language: String?

    @Option(help: ArgumentHelp("The id of the report to explain, looked up in the batch file.", valueName: "id"))
    var id: String?

    @Flag(help: "Show every combination with a part found and every category with a match, not only what counted and the near misses.")
    var all = false

    func run() throws {
        var text = input
        var language = self.language
        if let id {
            let report = try Self.findReport(id: id, in: input)
            text = report.text
            language = language ?? report.language
        }
        let rules = try taxonomy.compile()
        try writeResult(rules.explain(text, language: language).rendered(all: all))
    }

    /// The text and language of the report with `id` in a batch file (any input `classify` reads).
    private static func findReport(id: String, in path: String) throws -> (text: String, language: String?) {
        var configuration = BatchRun.Configuration(inputs: [BatchRun.Input(path: path)])
        configuration.keepDuplicates = true
        var rejected = 0
        let report = BatchRun(configuration, warn: Diagnostics.say).report(withID: id) { record in
            rejected += 1
            if rejected <= 5 { Diagnostics.say(record.message) }
        }
        if let report { return (report.text, report.lang) }
        Diagnostics.say("No report with id '\(id)' in \(path)."
            + (rejected > 0 ? " \(rejected) record(s) could not be read and were skipped." : ""))
        throw ExitCode(1)
    }
}
