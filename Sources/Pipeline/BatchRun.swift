import FeedImport
import ReportIO
import Reporting
import ThreatRules

/// One run over a batch, the way every command that reads reports goes through it: opens the
/// inputs (JSONL, CSV, text folders, gzip and partner XML feeds, overlapping feeds deduplicated),
/// classifies them on the workers, and hands each outcome to the caller in input order, as an
/// event. Commands keep only their arguments, output files, messages and exit statuses.
public struct BatchRun {
    /// What a run reads and how (the input options of `classify`).
    public struct Configuration: Sendable {
        /// Files, folders, `-` for stdin, with their own field names if any; read in this order.
        public var inputs: [Input]
        /// The format of every input, instead of guessing from names (`--input-format`).
        public var format: InputFormat?
        /// The field names to read, where an input names none of its own.
        public var fields = FieldMapping()
        /// The largest record read; a longer one is one rejected record.
        public var maxRecordBytes = RecordLimit.defaultBytes
        /// The CSV field separator; `nil`: each file's header row tells.
        public var csvDelimiter: UInt8?
        /// The encoding of JSONL, CSV and text inputs when it is not UTF-8.
        public var encoding: SingleByteEncoding?
        /// How many line breaks a quoted CSV field may hold.
        public var maxFieldLines = CSVRecordParser.defaultMaxQuotedLines
        /// Metadata for reports that carry none (`--set`).
        public var defaults = MetadataDefaults()
        /// Keep incidents of XML feeds whose partner and id were already read in this run;
        /// otherwise each copy after the first is a rejected record naming the first.
        public var keepDuplicates = false

        public init(inputs: [Input]) { self.inputs = inputs }
    }

    /// One outcome of a run, in input order; `Result` is what the workers made of a report.
    public enum Event<Result> {
        case classified(Report, Result)
        /// A record that could not be read, with the header row of its CSV file (to write it
        /// back under that header), if it came from one.
        case rejected(RejectedRecord, csvHeader: [UInt8]?)
        /// The running counts after each chunk, and the bytes read from the inputs so far.
        case progress(BatchCounts, bytes: Int)
    }

    public var configuration: Configuration
    /// Receives warnings about inputs passed over (`file: warning: reason`); they are not records.
    public var warn: (String) -> Void

    public init(_ configuration: Configuration, warn: @escaping (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.warn = warn
    }

    /// Classifies every record with workers from `factory`, calling `handle` for each event. An
    /// error thrown by `handle` stops the run and is rethrown. Records in = classified + rejected.
    public func run<Result>(
        _ factory: ClassifierFactory<Result>, workers: Int? = nil, handle: (Event<Result>) throws -> Void
    ) throws -> BatchCounts {
        try run(factory, workers: workers, render: nil) { event in
            switch event {
            case .classified(let report, let rendered): try handle(.classified(report, rendered.result))
            case .rejected(let record, let csvHeader): try handle(.rejected(record, csvHeader: csvHeader))
            case .progress(let counts, let bytes): try handle(.progress(counts, bytes: bytes))
            }
        }
    }

    /// As `run(_:workers:handle:)`, each report's output written by `render` on the worker
    /// that classified it.
    public func run<Result>(
        _ factory: ClassifierFactory<Result>, workers: Int? = nil, render: BatchClassifier<Result>.Renderer?,
        handle: (Event<Rendered<Result>>) throws -> Void
    ) throws -> BatchCounts {
        let opener = makeOpener()
        var source = open(with: opener)
        return try BatchClassifier(factory: factory, workers: workers).run(&source, render: render, handle: { item in
            switch item {
            case .classified(let report, let rendered): try handle(.classified(report, rendered))
            case .rejected(let record): try handle(.rejected(record, csvHeader: opener.csvHeaders[record.location.file]))
            }
        }, progress: { try handle(.progress($0, bytes: opener.counter.count)) })
    }

    /// Classifies every record with `rules`, counting each outcome into `summary` (a rejected
    /// record, or an input that could not be read at all) before handing it to `handle`, with
    /// the line `render` wrote for it on its worker.
    public func run(
        _ rules: RuleSet, evidence: Bool, workers: Int? = nil, summary: inout SummaryBuilder,
        render: @escaping BatchClassifier<Classification>.Renderer, handle: (Event<Rendered<Classification>>) throws -> Void
    ) throws {
        _ = try run(ClassifierFactory(ruleSet: rules, evidence: evidence), workers: workers, render: render) { event in
            switch event {
            case .classified(let report, let rendered): summary.add(report, rendered.result)
            case .rejected(let record, _): if record.isWholeInput { summary.addFailedInput() } else { summary.addRejected() }
            case .progress: break
            }
            try handle(event)
        }
    }

    /// The first report with `id`, read without classifying; every record that could not be
    /// read before it (or in the whole batch, when there is none) goes to `rejected`.
    public func report(withID id: String, rejected: (RejectedRecord) -> Void) -> Report? {
        var source = open(with: makeOpener())
        while let item = source.next() {
            switch item {
            case .report(let report) where report.id == id: return report
            case .report: continue
            case .rejected(let record): rejected(record)
            }
        }
        return nil
    }

    /// Every input, one after another, each with its field names.
    private func open(with opener: InputOpener) -> InputSource {
        opener.open(configuration.inputs.map { (path: $0.path, fields: $0.fields(over: configuration.fields)) })
    }

    /// The opener of this run's inputs; XML feeds go through one duplicate filter for the run.
    private func makeOpener() -> InputOpener {
        var opener = InputOpener(format: configuration.format, warn: warn)
        if configuration.keepDuplicates { opener.feeds = nil }
        opener.maxRecordBytes = configuration.maxRecordBytes
        opener.csvDelimiter = configuration.csvDelimiter
        opener.maxFieldLines = configuration.maxFieldLines
        opener.encoding = configuration.encoding
        opener.defaults = configuration.defaults
        return opener
    }
}
