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
            Each file is a summary written by `classify --summary`, or a file of them one per line \
            (`classify --summary - --summary-line` under Spark or Hadoop Streaming: each line is a shard; \
            equal lines are shards with equal counts, such as empty ones, and all count). The shards must not overlap, and must \
            have been made with the same taxonomy version, --by and --codes; merge refuses the others, a shard \
            given twice (the same file or a copy), and a summary whose counts do not hold together (negative \
            counts, records in other than classified + rejected, a node above its reports or its parent, an \
            unknown node, breakdowns that do not add up to the total).
            Exit status: 0 on success, 1 when a file cannot be read or the summaries do not add up.
            """)

    @Argument(help: ArgumentHelp(
        "Summaries written by `classify --summary`, or files of one-line summaries (`--summary-line`, one per shard); - reads standard input.",
        valueName: "summary.json"))
    var summaries: [String]

    @Option(help: "How to write the merged counts (csv: a count per row; wide-csv: a row per breakdown value, a column per node).")
    var format: SummaryFormat = .json

    @OptionGroup var csvOptions: SummaryCSVOptions

    @OptionGroup var taxonomy: TaxonomyOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the merged counts to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws { try csvOptions.validate(for: format) }

    func run() throws {
        try checkOutputs(["-o": output ?? "-"], inputs: summaries)
        Interruption.install(command: "cop-threats merge")
        try refuseRepeatedShards()
        let loaded = try summaries.flatMap(load)
        let merged: Summary
        do { merged = try Summary.merged(loaded.map(\.summary)) } catch {
            Diagnostics.say("\(loaded[error.index].name): cannot be merged with \(loaded[0].name): \(error.reason).")
            throw ExitCode(1)
        }
        let out = try openOutput(output)
        try out.write(try csvOptions.rendered(merged, as: format, taxonomy: taxonomy.load))
        try OutputSink.commit([out])
    }

    /// The summaries in one file, each named for messages: the file, or `file:line` in a file of
    /// one-line summaries (`classify --summary-line`, gathered from shards).
    private func load(_ path: String) throws -> [(name: String, summary: Summary)] {
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            Diagnostics.say("\(path): cannot read this file: \((error as NSError).localizedDescription)")
            throw ExitCode(1)
        }
        // Indented JSON opens with a line of its own; one-line summaries do not.
        guard data.first == UInt8(ascii: "{"), let second = data.dropFirst().first, second != 0x0A, second != 0x0D else {
            return [(path, try decode(data, name: path))]
        }
        return try data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated().compactMap { number, line in
            line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) ? nil : ("\(path):\(number + 1)", try decode(Data(line), name: "\(path):\(number + 1)"))
        }
    }

    private func decode(_ data: Data, name: String) throws -> Summary {
        let summary: Summary
        do { summary = try Summary(jsonData: data) } catch {
            Diagnostics.say("\(name): is not a summary written by `cop-threats classify --summary` (\(Self.reason(error))).")
            throw ExitCode(1)
        }
        do { try summary.validate() } catch {
            Diagnostics.say("\(name): this summary does not add up: \(error.reason); it was changed or damaged after `classify` wrote it, so it cannot be merged.")
            throw ExitCode(1)
        }
        return summary
    }

    /// Refuses a shard given twice: the same file under two names, or two files with the same
    /// bytes (a copy), would be counted twice.
    private func refuseRepeatedShards() throws {
        if summaries.filter({ $0 == "-" }).count > 1 {
            Diagnostics.say("-: standard input is given twice; it holds one summary, so give - once.")
            throw ExitCode(1)
        }
        if let (first, second, sameFile) = InputIdentity.firstRepeat(in: summaries, sameContent: true) {
            Diagnostics.say("\(summaries[second]): is \(sameFile ? "the same file as" : "a copy of") \(summaries[first]); each shard must be given once, or it is counted twice.")
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
