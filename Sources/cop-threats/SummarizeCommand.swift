import ArgumentParser
import Foundation
import ReportIO
import Reporting
import ThreatTaxonomy

/// `cop-threats summarize`: counts from classified output, without classifying again.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Count the threats in classified output, to re-cut counts without classifying again.",
        discussion: """
            Reads the JSON lines written by `classify` (.gz too, - for standard input) and counts each \
            node once per report, parents included, as `classify --summary` does. Records rejected by \
            the original run are not in its output, so they are not counted here. A line whose label \
            paths are not those of the taxonomy (output of another taxonomy, or edited) is rejected.
            Exit status: 0 when every line was read, 2 when a line or file could not be, 1 when the run \
            could not start.
            """)

    @Argument(help: ArgumentHelp("Output files of `classify`; - reads standard input.", valueName: "classified.jsonl"))
    var files: [String]

    @OptionGroup var taxonomy: TaxonomyOptions
    @OptionGroup var summaryOptions: SummaryOptions

    @Option(help: "How to write the counts (csv: a count per row; wide-csv: a row per breakdown value, a column per node).")
    var format: SummaryFormat = .table

    @OptionGroup var csvOptions: SummaryCSVOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the counts to this file instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        _ = try summaryOptions.dimensions()
        _ = try summaryOptions.crosswalkRelations()
        try csvOptions.validate(for: format)
    }

    func run() throws {
        try checkOutputs(["-o": output ?? "-"], inputs: files, alsoReading: ["--taxonomy": taxonomy.resolvedPath])
        Interruption.install(command: "cop-threats summarize")
        let taxonomy = try self.taxonomy.load()
        var builder = SummaryBuilder(taxonomy: taxonomy, by: try summaryOptions.dimensions(), codes: try summaryOptions.codeResolver(for: taxonomy))
        var failed = false
        for file in files {
            do {
                try count(try openBytes(file), name: file == "-" ? "<stdin>" : file, taxonomy: taxonomy, into: &builder)
            } catch {
                Diagnostics.say("\(file): cannot read this file: \(error)")
                failed = true
            }
        }
        let out = try openOutput(output)
        try out.write(try csvOptions.rendered(builder.summary, as: format, taxonomy: { taxonomy }))
        try OutputSink.commit([out])
        if failed || builder.summary.rejected > 0 { throw ExitCode(2) }
    }

    /// Counts every line of one classified file; a line that is not a classified report of
    /// `taxonomy` is reported and counted as rejected.
    private func count<S: ByteStream>(_ stream: S, name: String, taxonomy: Taxonomy, into builder: inout SummaryBuilder) throws {
        var reader = ClassifiedOutputReader(stream: stream, name: name, taxonomy: taxonomy)
        while let item = try reader.next() {
            switch item {
            case .record(let record): builder.add(record)
            case .invalid(let location, let reason):
                Diagnostics.say("\(location): \(reason)")
                builder.addRejected()
            }
        }
    }
}
