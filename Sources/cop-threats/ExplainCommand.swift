import ArgumentParser
import Foundation
import ThreatRules

/// `cop-threats explain`: why a text gets its labels.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show why a text gets its labels: the rules that matched, what cancelled them, and the scores.",
        discussion: """
            Give the text itself, or --id and a JSONL file to explain one report of a batch.

              cop-threats explain "He asked my son to send photos" --lang en
              cop-threats explain --id r-1042 reports.jsonl
            """)

    @OptionGroup var taxonomy: TaxonomyOptions

    @Argument(help: ArgumentHelp("The text to explain; with --id, the JSONL file to find the report in.", valueName: "text-or-file"))
    var input: String

    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "The text's language (en, fr, es, ru, ar, zh). Without it, the report's own language, else every language's rules.",
        valueName: "code"))
    var language: String?

    @Option(help: ArgumentHelp("The id of the report to explain, looked up in the JSONL file.", valueName: "id"))
    var id: String?

    func run() async throws {
        var text = input
        var language = self.language
        if let id {
            let report = try Self.findReport(id: id, in: input)
            text = report.text
            language = language ?? report.language
        }
        let rules = try taxonomy.compile()
        print(rules.explain(text, language: language).rendered(), terminator: "")
    }

    /// The text and language of the record with `id` in a JSONL file (`id`, `text`, `lang`).
    private static func findReport(id: String, in path: String) throws -> (text: String, language: String?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            Diagnostics.say("Cannot read \(path). Check the path; with --id, the argument is the JSONL file to search.")
            throw ExitCode(1)
        }
        var unreadable: [Int] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { $0 != UInt8(ascii: " ") }) {
            guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                unreadable.append(index + 1)
                continue
            }
            guard let recordID = record["id"].map({ "\($0)" }), recordID == id else { continue }
            guard let text = record["text"] as? String else {
                Diagnostics.say("\(path):\(index + 1): the report '\(id)' has no \"text\" field.")
                throw ExitCode(1)
            }
            return (text, record["lang"] as? String)
        }
        var message = "No report with id '\(id)' in \(path)."
        if !unreadable.isEmpty {
            let lines = unreadable.prefix(5).map(String.init).joined(separator: ", ")
            message += " \(unreadable.count) line(s) are not valid JSON and were skipped (line \(lines)\(unreadable.count > 5 ? ", …" : ""))."
        }
        Diagnostics.say(message)
        throw ExitCode(1)
    }
}
