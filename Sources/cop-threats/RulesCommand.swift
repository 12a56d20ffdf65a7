import ArgumentParser
import Evaluation
import Foundation

/// `cop-threats rules`: tools for the people who maintain the rules.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Tools for rule maintainers.",
        subcommands: [Suggest.self])

    /// `cop-threats rules suggest`: candidate terms mined from labelled data.
    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
            abstract: "Propose candidate terms per category from labelled data, for a person to review.",
            discussion: """
                Lists word n-grams (Chinese: 2 to 4 characters) that occur mostly in lines of one \
                category, with their precision (share of lines containing the term that have the \
                category), support (how many such lines) and benign hits (benign or hard-negative \
                lines containing it: false alarms waiting to happen). Terms the taxonomy already has \
                are left out. Nothing is added to the taxonomy: review each candidate, and prefer \
                words that describe the threat over words that happen to occur in the data.

                Example:
                  cop-threats rules suggest --gold ../shared/eval/train.jsonl --category eating_disorder
                """)

        @Option(help: ArgumentHelp("Labelled JSON Lines file (fields text and labels).", valueName: "file"))
        var gold: String

        @Option(help: ArgumentHelp("Only this category word.", valueName: "word"))
        var category: String?

        @Option(help: "Minimum number of category lines a term must occur in.")
        var minSupport = 5

        @Option(help: "Minimum precision (0 to 1).")
        var minPrecision = 0.6

        @Option(help: "Candidates per category.")
        var top = 20

        @OptionGroup var taxonomy: TaxonomyOptions

        func run() throws {
            guard (0...1).contains(minPrecision) else { throw ValidationError("Please give --min-precision between 0 and 1.") }
            let loaded = try taxonomy.load()
            let (records, _) = try readGold(gold)
            var suggester = RuleSuggester()
            suggester.minSupport = minSupport
            suggester.minPrecision = minPrecision
            suggester.perCategory = top
            var lines: [String] = []
            var current = ""
            for s in suggester.suggest(from: records, taxonomy: loaded) where category == nil || s.category == category {
                if s.category != current {
                    current = s.category
                    lines.append("\n\(current):")
                    lines.append("  precision  support  benign  term")
                }
                lines.append(String(format: "  %9.2f  %7d  %6d  ", s.precision, s.support, s.benignHits) + s.term)
            }
            try writeResult((lines.isEmpty ? "No candidates at this support and precision." : lines.joined(separator: "\n")) + "\n")
        }
    }
}
