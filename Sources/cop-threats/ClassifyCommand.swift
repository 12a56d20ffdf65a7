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

    @Argument(help: ArgumentHelp("Files or folders to classify; - reads standard input.", valueName: "input"))
    var inputs: [String]

    @OptionGroup var taxonomy: TaxonomyOptions

    @Option(help: ArgumentHelp("Read every input as this format instead of guessing from file names.", valueName: "format"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("The field (JSON key or CSV column) holding the report id.", valueName: "name"))
    var idField = "id"
    @Option(help: ArgumentHelp("The field holding the report text.", valueName: "name"))
    var textField = "text"
    @Option(help: ArgumentHelp("The field holding the language code (ar, zh, en, fr, ru, es).", valueName: "name"))
    var langField = "lang"
    @Option(help: ArgumentHelp("The field holding the country code.", valueName: "name"))
    var countryField = "country"
    @Option(help: ArgumentHelp("The field holding the partner that sent the report.", valueName: "name"))
    var partnerField = "partner"
    @Option(help: ArgumentHelp("The field holding the ISO 8601 date.", valueName: "name"))
    var dateField = "date"
    @Option(help: ArgumentHelp("Further fields to copy into the output's \"extra\", comma-separated.", valueName: "fields"))
    var carry: String?
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Metadata for reports that carry none, as field=value (lang, country, partner, date); repeat for several, as in --set country=FR --set partner=\"Helpline FR\". A report's own value wins.",
        valueName: "field=value"))
    var defaults: [String] = []

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

    @Option(help: ArgumentHelp(
        "The largest record read, in bytes (16777216 is 16 MB); a longer line, row or text file is one rejected record.",
        valueName: "n"))
    var maxRecordBytes = RecordLimit.defaultBytes

    @Option(help: ArgumentHelp(
        "The CSV field separator: comma, semicolon, tab or one character (default: what each file's header row uses).",
        valueName: "separator"))
    var delimiter: String?

    @Option(help: ArgumentHelp(
        "The encoding of the inputs when it is not UTF-8: windows-1252 or latin-1 (XML feeds declare their own).",
        valueName: "name"))
    var encoding: String?

    @Option(help: ArgumentHelp(
        "How many line breaks a quoted CSV field may hold; past them the row is rejected as an unclosed quote and reading goes on at its next line.",
        valueName: "n"))
    var maxFieldLines = CSVRecordParser.defaultMaxQuotedLines

    @Option(help: ArgumentHelp("Number of classifying threads (default: one per core).", valueName: "n"))
    var workers: Int?

    func validate() throws {
        try checkWorkers(workers)
        if maxRecordBytes < 1 { throw ValidationError("Please give --max-record-bytes a number of at least 1.") }
        if maxFieldLines < 0 { throw ValidationError("Please give --max-field-lines a number of at least 0.") }
        _ = try delimiterByte()
        _ = try inputEncoding()
        _ = try metadataDefaults()
        _ = try summaryOptions.dimensions()
        _ = try summaryOptions.crosswalkRelations()
    }

    func run() throws {
        try checkOutputs(
            ["-o": output ?? "-", "--rejects": rejects, "--summary": summary],
            inputs: inputs, alsoReading: ["--taxonomy": taxonomy.resolvedPath])
        Interruption.install(command: "cop-threats classify")
        let ruleSet = try taxonomy.compile()
        let codes = try summaryOptions.codeResolver(for: ruleSet.taxonomy)
        let out = try openOutput(output)
        let rejectsWriter = try rejects.map { RejectsWriter(sink: try openOutput($0), path: $0 == "-" ? nil : $0) }
        let summarySink = try summary.map(openOutput)
        let showTable = summaryTable || Diagnostics.stderrIsTerminal
        // When the reader of stdout goes away (`| head`), only these still need the whole batch.
        let needsEveryRecord = summary != nil || summaryTable || rejects != nil
        let writer = ClassificationWriter(format: format, evidence: !noEvidence, codes: codes, carried: fieldMapping.carry)
        var builder = SummaryBuilder(taxonomy: ruleSet.taxonomy, by: try summaryOptions.dimensions(), codes: codes)
        let progress = ProgressDisplay(enabled: Diagnostics.stderrIsTerminal)
        let batch = BatchRun(try batchConfiguration(), warn: progress.say)

        if let header = writer.header { try out.write(header) }
        var line = JSONOutput()
        do {
            try batch.run(ruleSet, evidence: !noEvidence, workers: workers, summary: &builder) { event in
                switch event {
                case .classified(let report, let classification):
                    line.bytes.removeAll(keepingCapacity: true)
                    writer.append(report, classification, to: &line)
                    try out.write(line.bytes)
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

    /// The inputs and how to read them.
    private func batchConfiguration() throws -> BatchRun.Configuration {
        var configuration = BatchRun.Configuration(inputs: inputs)
        configuration.format = inputFormat
        configuration.fields = fieldMapping
        configuration.maxRecordBytes = maxRecordBytes
        configuration.csvDelimiter = try delimiterByte()
        configuration.encoding = try inputEncoding()
        configuration.maxFieldLines = maxFieldLines
        configuration.defaults = try metadataDefaults()
        configuration.keepDuplicates = keepDuplicates
        return configuration
    }

    /// `--set field=value`, each once.
    private func metadataDefaults() throws -> MetadataDefaults {
        var result = MetadataDefaults()
        for assignment in defaults {
            do { try result.set(assignment) } catch { throw ValidationError("--set \(TerminalText.escaped(error.description)).") }
        }
        return result
    }

    /// `--encoding`, or `nil` for UTF-8.
    private func inputEncoding() throws -> SingleByteEncoding? {
        guard let encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) else { return nil }
        guard let known = SingleByteEncoding(name: encoding) else {
            throw ValidationError("'\(encoding)' is not an encoding this tool reads: give utf-8 (the default), windows-1252 or latin-1.")
        }
        return known
    }

    /// `--delimiter` as a byte: a name or one ASCII character other than a quote or a line break.
    private func delimiterByte() throws -> UInt8? {
        guard let delimiter else { return nil }
        switch delimiter.lowercased() {
        case "comma", ",": return UInt8(ascii: ",")
        case "semicolon", ";": return UInt8(ascii: ";")
        case "tab", "\\t", "\t": return 0x09
        default:
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D else {
                throw ValidationError("'\(delimiter)' is not a CSV separator: give comma, semicolon, tab or one character other than a quote.")
            }
            return byte
        }
    }

    private var fieldMapping: FieldMapping {
        FieldMapping(
            id: idField, text: textField, lang: langField, country: countryField, partner: partnerField,
            date: dateField, carry: carry.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [])
    }
}

/// Thrown to stop the batch when the reader of stdout has gone and nothing else needs the rest.
private struct OutputClosed: Error {}
