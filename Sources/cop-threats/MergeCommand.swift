import ArgumentParser
import Foundation
import ReportIO
import Reporting

/// `cop-threats merge`: adds the summaries of shards into the summary of the whole batch.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Add up summaries of separate shards of a batch into one.",
        discussion: """
            Each file is a summary written by `classify --summary`. The shards must not overlap, and must \
            have been made with the same taxonomy version, --by and --codes; merge refuses the others.
            Exit status: 0 on success, 1 when a file cannot be read or the summaries do not add up.
            """)

    @Argument(help: ArgumentHelp("Summaries written by `classify --summary`.", valueName: "summary.json"))
    var summaries: [String]

    @Option(help: "How to write the merged counts.")
    var format: SummaryFormat = .json

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the merged counts to this file instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        try checkOutputs(["-o": output ?? "-"], inputs: summaries)
        Interruption.install(command: "cop-threats merge")
        let loaded = try summaries.map(load)
        let merged: Summary
        do { merged = try Summary.merged(loaded) } catch {
            Diagnostics.say("\(summaries[error.index]): cannot be merged with \(summaries[0]): \(error.reason).")
            throw ExitCode(1)
        }
        let out = try openOutput(output)
        try out.write(merged.rendered(as: format))
        try OutputSink.commit([out])
    }

    private func load(_ path: String) throws -> Summary {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            Diagnostics.say("\(path): cannot read this file: \((error as NSError).localizedDescription)")
            throw ExitCode(1)
        }
        do { return try Summary(jsonData: data) } catch {
            Diagnostics.say("\(path): is not a summary written by `cop-threats classify --summary` (\(Self.reason(error))).")
            throw ExitCode(1)
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "it has no '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has an unexpected value"
        default: "it is not valid JSON"
        }
    }
}
