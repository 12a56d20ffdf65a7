import ArgumentParser
import Foundation
import Pipeline
import ReportIO
import Reporting
import TextFormats

/// `cop-threats classify`: label every report of a batch and count them.
struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Label each report of a batch with the threats it describes, and count them.",
        discussion: """
            Inputs are JSON Lines, CSV with a header, plain-text files, folders of these (read recursively; \
            each .txt file is one report named by its path), partner XML feeds, or - for standard input. \
            .gz files are read directly. Output is one JSON line (or CSV row) per report, in input order.
            A record that cannot be read (bad JSON, a CSV row with the wrong number of fields, an empty text, \
            invalid UTF-8, an unreadable file) is skipped, reported on stderr as file:line: reason, and \
            counted; --rejects keeps it so it can be fixed and run again.
            Output files (-o, --rejects, --summary) are written aside and put in place at the end: an \
            interrupted run (SIGINT, SIGTERM; exit status 130, 143) leaves the old files as they were.
            Exit status: 0 when every record was classified, 2 when any was rejected, 1 when the run could \
            not start (a bad taxonomy, an unknown option value, an output that is an input or cannot be written).
            """)

    @OptionGroup var input: InputOptions

    @OptionGroup var taxonomy: TaxonomyOptions

    @Option(help: ArgumentHelp("Further fields to copy into the output's \"extra\", comma-separated.", valueName: "fields"))
    var carry: String?
    @Option(name: .shortAndLong, help: ArgumentHelp("Write the results to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "The output format: one JSON object per line, or CSV rows (id, metadata, carried fields, labels, scores, codes).")
    var format: ClassificationWriter.Format = .json

    @Flag(help: "Leave out the evidence (matched rules and text) of each label.")
    var noEvidence = false

    @OptionGroup var summaryOptions: SummaryOptions

    @Option(help: ArgumentHelp("Write the summary counts as JSON to this file (mergeable with `merge`).", valueName: "file"))
    var summary: String?

    @Flag(help: "Write the --summary as one JSON line: with --summary - each shard that Spark's pipe or Hadoop Streaming runs hands back its counts as one line, and `merge` reads a file of such lines.")
    var summaryLine = false

    @Flag(help: "Print the summary table on stderr at the end even when stderr is not a terminal.")
    var summaryTable = false

    @Option(help: ArgumentHelp(
        "Write the rejected records, as they were read, to this file (CSV rows of another header, or JSONL lines after CSV rows, to files beside it).",
        valueName: "file"))
    var rejects: String?

    @Flag(help: "Keep incidents of XML feeds whose partner and id were already read in this run (default: skip and report them).")
    var keepDuplicates = false

    @Option(help: ArgumentHelp("Number of classifying threads (default: one per core).", valueName: "n"))
    var workers: Int?

    func validate() throws {
        try checkWorkers(workers)
        _ = try summaryOptions.dimensions(carried: carried)
        _ = try summaryOptions.crosswalkRelations()
    }

    func run() throws {
        var configuration = try input.configuration(carrying: carried)
        configuration.keepDuplicates = keepDuplicates
        try checkOutputs(
            ["-o": output ?? "-", "--rejects": rejects, "--summary": summary],
            inputs: configuration.inputs.map(\.path), alsoReading: ["--taxonomy": taxonomy.resolvedPath])
        Interruption.install(command: "cop-threats classify")
        let ruleSet = try taxonomy.compile()
        let codes = try summaryOptions.codeResolver(for: ruleSet.taxonomy)
        let out = try openOutput(output)
        let rejectsWriter = try rejects.map { RejectsWriter(sink: try openOutput($0), path: $0 == "-" ? nil : $0) }
        let summarySink = try summary.map(openOutput)
        let showTable = summaryTable || Diagnostics.stderrIsTerminal
        // When the reader of stdout goes away (`| head`), only these still need the whole batch.
        let needsEveryRecord = summary != nil || summaryTable || rejects != nil
        let writer = ClassificationWriter(
            format: format, evidence: !noEvidence, codes: codes, carried: configuration.fields.carry,
            rules: ruleSet.taxonomy.rulesHash.isEmpty ? nil : ruleSet.taxonomy.rulesHash)
        var builder = SummaryBuilder(taxonomy: ruleSet.taxonomy, by: try summaryOptions.dimensions(carried: carried), codes: codes)
        let progress = ProgressDisplay(enabled: Diagnostics.stderrIsTerminal)
        let batch = BatchRun(configuration, warn: progress.say)

        if let header = writer.header { try out.write(header) }
        do {
            try batch.run(ruleSet, evidence: !noEvidence, workers: workers, summary: &builder, render: writer.append) { event in
                switch event {
                case .classified(_, let rendered):
                    try out.write(rendered.line)
                    if out.isClosed && !needsEveryRecord { throw OutputClosed() }
                case .rejected(let record, let csvHeader):
                    progress.say(record.message)
                    try rejectsWriter?.write(record, csvHeader: csvHeader)
                case .progress(let counts, let bytes):
                    progress.update(counts, bytes: bytes)
                }
            }
        } catch is OutputClosed {
            progress.clear()
            return
        }
        progress.clear()
        let counts = builder.summary
        try summarySink?.write(Array(counts.jsonData(oneLine: summaryLine)) + [0x0A])
        try OutputSink.commit([out] + (rejectsWriter?.outputs ?? []) + [summarySink].compactMap { $0 })
        rejectsWriter.map(sayWhereRejectsAre)
        try finish(counts, showTable: showTable)
    }

    /// Prints the summary table and the final line, and decides the exit status.
    private func finish(_ counts: Summary, showTable: Bool) throws {
        if showTable { StandardError.write(counts.rendered(as: .table)) }
        for warning in counts.metadata?.warnings ?? [] { Diagnostics.say("cop-threats classify: warning: \(warning)") }
        Diagnostics.say("cop-threats classify: \(counts.totalsLine)")
        if counts.rejected > 0 || (counts.inputsFailed ?? 0) > 0 { throw ExitCode(2) }
    }

    /// `--carry`, split at commas.
    private var carried: [String] {
        carry.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
    }
}

/// Thrown to stop the batch when the reader of stdout has gone and nothing else needs the rest.
private struct OutputClosed: Error {}
