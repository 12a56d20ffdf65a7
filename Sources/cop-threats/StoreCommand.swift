import ArgumentParser
import Foundation
import Pipeline
import ReportIO
import ReportStore
import Reporting

/// `cop-threats store`: keep classified reports across runs, to count them over months and years.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Keep classified reports in a store file, to compute indicators over months and years.",
        subcommands: [Ingest.self, Reclassify.self])
}

/// `--db FILE`, shared by the commands that read or write a store.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The store file (SQLite); `store ingest` creates it when missing.", valueName: "file"))
    var db: String

    /// Opens the store; when it must already exist (`create: false`), a missing file is an error.
    func open(create: Bool) throws -> ReportStore {
        if !create && !FileManager.default.fileExists(atPath: db) {
            Diagnostics.say("There is no store at \(db): create it with `cop-threats store ingest REPORTS --db \(db)`.")
            throw ExitCode(1)
        }
        do { return try ReportStore(path: db) } catch {
            Diagnostics.say("The store at \(db) cannot be opened: \(error)")
            throw ExitCode(1)
        }
    }
}

extension TaxonomyOptions {
    /// The fingerprint of the taxonomy and rule files, stored with every label they give.
    func rulesFingerprint() throws -> String {
        do { return try RuleFingerprint.of(taxonomyAt: resolvedPath) } catch {
            Diagnostics.say("The rule files of \(resolvedPath) cannot be read to fingerprint them: \(error)")
            throw ExitCode(1)
        }
    }
}

extension StoreCommand {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Classify reports and keep them in the store, one row per partner and report id.",
            discussion: """
                Reads the inputs `classify` reads, with the same input options. Each report is kept under \
                its partner and id (the feed's file stands in for a missing partner) with its labels and \
                scores, language, country, date, the taxonomy version and a fingerprint of the rule files that labelled it.
                Ingesting the same records again changes nothing; a record whose text, language, country \
                or date changed replaces the stored one and is counted as replaced. Reports are written \
                in transactions of --batch reports: after a crash, run the same command again.
                The text is not kept unless --keep-text is given (`store reclassify` needs it).
                Exit status: 0 when every record was stored, 2 when any was rejected or an input could \
                not be read, 1 when the run could not start.
                """)

        @OptionGroup var input: InputOptions

        @OptionGroup var store: StoreOptions
        @OptionGroup var taxonomy: TaxonomyOptions

        @Flag(help: "Keep each report's text in the store (off by default: counts can be shared without narratives).")
        var keepText = false

        @Option(help: ArgumentHelp("Write the rejected records, as they were read, to this file.", valueName: "file"))
        var rejects: String?

        @Option(help: ArgumentHelp("Reports written per transaction.", valueName: "n"))
        var batch = 1000

        @Option(help: ArgumentHelp("Number of classifying threads (default: one per core).", valueName: "n"))
        var workers: Int?

        func validate() throws {
            try checkWorkers(workers)
            if batch < 1 { throw ValidationError("Please give --batch a number of at least 1.") }
        }

        func run() throws {
            signal(SIGPIPE, SIG_IGN)
            let ruleSet = try taxonomy.compile()
            let ingester = StoreIngester(
                store: try store.open(create: true), ruleSet: ruleSet, rulesHash: try taxonomy.rulesFingerprint(),
                keepText: keepText, batchSize: batch, workers: workers)
            // The store keeps one row per partner and id: an incident met twice is stored once, unchanged.
            var configuration = try input.configuration(carrying: [])
            configuration.keepDuplicates = true
            try checkOutputs(["--rejects": rejects], inputs: configuration.inputs.map(\.path))
            let rejectsWriter = try rejects.map { RejectsWriter(sink: try openOutput($0), path: $0 == "-" ? nil : $0) }
            let progress = ProgressDisplay(enabled: Diagnostics.stderrIsTerminal)
            let outcome: StoreIngester.Outcome
            do {
                outcome = try ingester.run(BatchRun(configuration, warn: progress.say)) { event in
                    switch event {
                    case .rejected(let record, let csvHeader):
                        progress.say(record.message)
                        try rejectsWriter?.write(record, csvHeader: csvHeader)
                    case .progress(let counts, let bytes):
                        progress.update(counts, bytes: bytes)
                    case .classified:
                        break
                    }
                }
            } catch {
                progress.clear()
                Diagnostics.say("""
                    The ingest stopped: \(error). The reports written before this are kept in \(store.db); \
                    run the same command again to finish.
                    """)
                throw ExitCode(1)
            }
            progress.clear()
            try OutputSink.commit(rejectsWriter?.outputs ?? [])
            rejectsWriter.map(sayWhereRejectsAre)
            let stored = outcome.stored
            let total = try ingester.store.counts().reports
            Diagnostics.say("""
                cop-threats store ingest: \(outcome.recordsIn) records in: \(stored.added) added, \(stored.replaced) replaced, \
                \(stored.relabelled) relabelled, \(stored.unchanged) unchanged, \(outcome.rejected) rejected\
                \(outcome.inputsFailed == 0 ? "" : "; \(outcome.inputsFailed) input\(outcome.inputsFailed == 1 ? "" : "s") could not be read"); the store holds \(total) reports
                """)
            if outcome.rejected > 0 || outcome.inputsFailed > 0 { throw ExitCode(2) }
        }
    }

    struct Reclassify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reclassify",
            abstract: "Label every stored report again with the current taxonomy, and show what moved.",
            discussion: """
                Needs the reports' texts: reports ingested without --keep-text keep the labels they \
                had, and are counted and named as such. Prints, per node, how many reports it labelled \
                before and after, and the first reports whose labels changed.
                Exit status: 0 when every stored report was reclassified, 2 when some had no text.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var taxonomy: TaxonomyOptions

        @Option(help: "How many changed reports to list.")
        var examples = 20

        @Option(help: ArgumentHelp("Number of classifying threads (default: one per core).", valueName: "n"))
        var workers: Int?

        func validate() throws { try checkWorkers(workers) }

        func run() throws {
            let ruleSet = try taxonomy.compile()
            let reclassifier = StoreReclassifier(
                store: try store.open(create: false), ruleSet: ruleSet, rulesHash: try taxonomy.rulesFingerprint(),
                workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
            let outcome = try reclassifier.run(exampleLimit: examples)
            print(outcome.impact.rendered(nodeOrder: ruleSet.taxonomy.nodes.map(\.id)), terminator: "")
            if outcome.withoutText > 0 {
                Diagnostics.say("""
                    \(outcome.withoutText) stored report(s) have no text (they were ingested without --keep-text) and \
                    cannot be reclassified: they keep the labels they had. Ingest them again with --keep-text to \
                    reclassify them.
                    """)
                throw ExitCode(2)
            }
        }
    }
}
