import Dispatch
import ReportIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the reports of one partner XML feed, streaming: IODEF v1 or v2, or any other schema
/// through a `FeedMapping`.
///
/// The feed is cut at record boundaries into units of about half a megabyte (`FeedSplitter`), which
/// `workers` libxml2 readers parse at the same time; reports still come out in feed order, and
/// at most `workers` units (of at most 4 MiB each) are held at once, so memory stays flat. A
/// mapping that reads fields from the document around the records (absolute paths) needs the records in one pass,
/// so such a feed is parsed as one unit.
///
/// Like every `ReportSource` it never throws. An incident without an id or text comes out as
/// `.rejected` and reading goes on. When the feed itself breaks (not well-formed, hostile,
/// over a limit, an unknown root), every complete record before the break has already come
/// out, then one `.rejected` item holds the error's location, its reason and the failed part
/// (from the start of the record being read to the end of the file), and the source ends;
/// `failure` then holds the error.
public struct FeedReader: ReportSource {
    private let state: State

    /// Reads `path`; with a `mapping`, the feed must have the mapping's root element.
    /// `workers`: units parsed at the same time (default: one more than the processor count, at
    /// most 5, so that a parsed unit is ready when the reading thread wants it); `unitBytes`: the
    /// size of a unit (`nil`: the whole feed in one pass).
    public init(path: String, mapping: FeedMapping? = nil, limits: FeedLimits = .standard, workers: Int? = nil, unitBytes: Int? = 1 << 19) {
        state = State(
            parse: UnitParse(path: path, mapping: mapping, limits: limits, cancellation: ParseCancellation()),
            workers: max(1, workers ?? min(4, sysconf(Int32(_SC_NPROCESSORS_ONLN))) + 1), unitBytes: unitBytes)
    }

    /// The error that stopped the feed early, if one did.
    public var failure: FeedError? { state.failure }

    /// The feed's format, once its root element has been read.
    public var format: FeedFormat? { state.format }

    public mutating func next() -> ReportSourceItem? { state.next() }

    private final class State {
        let parse: UnitParse
        let workers: Int
        let unitBytes: Int?
        var splitter: FeedSplitter?
        var inFlight: [UnitThread] = []
        var items: [ReportSourceItem] = []
        var nextItem = 0
        var format: FeedFormat?
        var failure: FeedError?
        var finished = false

        init(parse: UnitParse, workers: Int, unitBytes: Int?) {
            self.parse = parse
            self.workers = workers
            self.unitBytes = unitBytes
        }

        func next() -> ReportSourceItem? {
            while nextItem == items.count {
                guard !finished else { return nil }
                if splitter == nil {
                    do throws(FeedError) { try start() } catch { return fail(error) }
                }
                while inFlight.count < workers, let unit = splitter?.next() { inFlight.append(UnitThread(unit, parse)) }
                guard !inFlight.isEmpty else {
                    finished = true
                    return nil
                }
                let result = inFlight.removeFirst().result()
                format = format ?? result.format
                items = result.items
                nextItem = 0
                if var (error, rejected) = result.failure {
                    if let message = truncation(of: result) {
                        error.message = message
                        rejected.reason = message
                    }
                    failure = error
                    items.append(.rejected(rejected))
                    finish()
                }
            }
            defer { nextItem += 1 }
            return items[nextItem]
        }

        /// libxml2's error at the end of a unit cut from the middle of the feed, explained as a
        /// truncated feed when the feed ends right after that unit (as in one pass, where the
        /// parser reaches the end of the file itself); `nil` otherwise.
        private func truncation(of result: UnitResult) -> String? {
            // The unit after it: in flight, or (the feed is being dropped anyway) the splitter's next.
            guard let error = result.parserErrorInCutUnit,
                  let open = (inFlight.first?.unit ?? splitter?.next())?.blankEnd?.openElements(atErrorLine: error.line), open > 0
            else { return nil }
            return ParserMessages.explain(code: error.code, detail: error.detail, openAtEnd: open)
        }

        private func start() throws(FeedError) {
            let splitDepth = parse.mapping.map { $0.record.count + 1 } ?? 2
            let stream = try GuardedStream(path: parse.path, limits: parse.limits, splitDepth: splitDepth)
            let readsAround = parse.mapping?.fields.contains { $0.path.isAbsolute } ?? false
            splitter = FeedSplitter(stream: stream, splitDepth: splitDepth, unitBytes: readsAround ? nil : unitBytes)
        }

        /// Ends the feed on `error` (the file could not be opened): the rejected item that says so.
        private func fail(_ error: FeedError) -> ReportSourceItem {
            failure = error
            finish()
            return .rejected(RejectedRecord(location: error.location, reason: error.message, raw: []))
        }

        /// Drops the rest of the feed: units still being parsed stop at their next read.
        private func finish() {
            finished = true
            splitter = nil
            parse.cancellation.cancel()
            inFlight = []
        }

        deinit { parse.cancellation.cancel() }
    }
}
