import ArgumentParser
import FeedImport
import ReportIO
import TextFormats

/// `cop-threats import`: partner XML feeds (IODEF v1/v2, or any schema through a mapping file)
/// into report JSONL that `classify` reads.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn partner XML feeds (IODEF v1/v2, or another schema with a mapping) into report JSONL.",
        discussion: """
            Each IODEF Incident (or each mapped record) becomes one JSON line with id, text, lang, country, \
            partner, date and partner_codes (the partner's own categories). An incident already imported \
            in this run (same partner and id) is reported and skipped. A feed that breaks part-way keeps \
            every complete incident before the break; the break is reported with its line and column. \
            Each feed is read in one streaming pass.
            Exit status: 0 when everything was imported, 2 when a feed or record was rejected or skipped as \
            a duplicate (as `classify` does), 1 when the run could not start (a wrong mapping file, an output \
            that is an input).
            """)

    @Argument(help: ArgumentHelp("The feeds to import.", valueName: "feed.xml"))
    var feeds: [String]

    @Option(help: ArgumentHelp("A mapping file for feeds that are not IODEF (see Mappings/).", valueName: "file"))
    var mapping: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the report JSONL (default: standard output).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Where to write the parts of feeds that could not be imported.", valueName: "file"))
    var rejects: String?

    @Flag(help: "Keep reports whose partner and id were already imported in this run.")
    var keepDuplicates = false

    func run() throws {
        try checkOutputs(["-o": output ?? "-", "--rejects": rejects], inputs: feeds, alsoReading: ["--mapping": mapping])
        Interruption.install(command: "cop-threats import")
        let mapping = try loadMapping()
        let out = try open(output, what: "output") ?? OutputSink()
        let rejectsWriter = try open(rejects, what: "rejects file").map { RejectsWriter(sink: $0, path: rejects) }
        var duplicates = DuplicateFilter()
        var imported = 0
        var rejected = 0
        var line = JSONOutput()
        for feed in feeds {
            var reader = FeedReader(path: feed, mapping: mapping)
            while var item = reader.next() {
                if !keepDuplicates { item = duplicates.filter(consume item) }
                switch consume item {
                case .report(let report):
                    imported += 1
                    line.bytes.removeAll(keepingCapacity: true)
                    ReportJSONL.append(report, to: &line)
                    try out.write(line.bytes)
                case .rejected(let record):
                    rejected += 1
                    Diagnostics.say("\(record.location): \(record.kind == .duplicate ? "warning" : "error"): \(record.reason)")
                    try rejectsWriter?.write(record, csvHeader: nil)
                }
            }
        }
        try OutputSink.commit([out] + (rejectsWriter?.outputs ?? []))
        let failed = rejected - duplicates.duplicates
        Diagnostics.say(
            "\(imported + rejected) records in \(feeds.count) feed(s): \(imported) imported, \(rejected) rejected"
                + " (\(duplicates.duplicates) duplicate(s) skipped, \(failed) failed)"
                + (failed > 0 && rejects == nil ? "; use --rejects FILE to keep the failed parts" : ""))
        if rejected > 0 { throw ExitCode(2) }
    }

    private func loadMapping() throws -> FeedMapping? {
        guard let mapping else { return nil }
        do {
            return try FeedMapping.load(path: mapping)
        } catch {
            Diagnostics.say(error.description)
            throw ExitCode(1)
        }
    }

    private func open(_ path: String?, what: String) throws -> OutputSink? {
        guard let path else { return nil }
        do {
            return try OutputSink(path: path)
        } catch {
            Diagnostics.say("cannot write the \(what) \(path): \(error)")
            throw ExitCode(1)
        }
    }
}
