import ArgumentParser
import Evaluation
import Foundation
import ReportIO

/// `cop-threats evaluate`: precision and recall of the rules on labelled data.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the rules against labelled reports: precision, recall, F1 and false alarms.",
        discussion: """
            Classifies every line of the gold file (JSON Lines with `id`, `text`, `labels` and any \
            other fields such as `lang` and `source`), maps the predicted nodes to the codes of a \
            crosswalk scheme, and compares them with the gold labels. `offensive` is a hard \
            negative: a threat predicted for such a line is a false positive.

            Examples:
              cop-threats evaluate --gold ../shared/eval/dev.jsonl --codes eval --by source,lang
              cop-threats evaluate --gold Corpus/ --codes node --format markdown
            """)

    @Option(help: ArgumentHelp("Labelled JSON Lines file, or a folder of them.", valueName: "file"))
    var gold: String

    @Option(help: ArgumentHelp("Crosswalk scheme of the gold labels (e.g. eval), or 'node' when the labels are node ids.", valueName: "scheme"))
    var codes: String

    @Option(help: ArgumentHelp("Break the scores down by these gold fields, comma-separated (e.g. source,lang).", valueName: "fields"))
    var by: String?

    @Option(help: ArgumentHelp("Average over exactly these codes, comma-separated (default: every code with gold lines).", valueName: "codes"))
    var categories: String?

    @Option(help: ArgumentHelp("Gold words that are hard negatives, comma-separated.", valueName: "words"))
    var hardNegatives: String = "offensive"

    @Option(help: "How many false positives and false negatives to show per code.")
    var examples: Int = 3

    @Option(help: "Output: table, markdown or json.")
    var format: OutputFormat = .table

    @Flag(help: "Same as --format json.")
    var json = false

    @OptionGroup var taxonomy: TaxonomyOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, markdown, json }

    func run() throws {
        let rules = try taxonomy.compile()
        var options = EvaluationOptions(scheme: codes)
        options.breakdownFields = list(by)
        options.categories = categories.map(list)
        options.hardNegatives = Set(list(hardNegatives))
        options.examplesPerCode = examples
        let (records, rejected) = try readGold(gold, fields: ["source"] + list(by))
        let report = try Evaluator.evaluate(records, rules: rules, options: options, rejectedLines: rejected.count)
        if json || format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writeResult(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        } else {
            try writeResult(report.rendered(markdown: format == .markdown))
        }
        if !rejected.isEmpty { throw ExitCode(2) }
    }

    private func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// The gold records at `path` and the lines that could not be used, each said on stderr; a
/// missing gold file stops the command (exit status 1).
func readGold(_ path: String, fields: [String] = ["source"]) throws -> (records: [GoldRecord], rejected: [RejectedRecord]) {
    do {
        let gold = try GoldFile.read(path, fields: fields)
        for record in gold.rejected { Diagnostics.say(record.message) }
        return gold
    } catch let error as EvaluationError {
        Diagnostics.say(error.description)
        throw ExitCode(1)
    }
}
