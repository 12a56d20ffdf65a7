import ReportIO

/// Reads the reports of one partner XML feed, streaming, in one pass: IODEF v1 or v2, or any
/// other schema through a `FeedMapping`.
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
    public init(path: String, mapping: FeedMapping? = nil, limits: FeedLimits = .standard) {
        state = State(path: path, mapping: mapping, limits: limits)
    }

    /// The error that stopped the feed early, if one did.
    public var failure: FeedError? { state.failure }

    /// The feed's format, once its root element has been read.
    public var format: FeedFormat? { state.format }

    public mutating func next() -> ReportSourceItem? { state.next() }

    private final class State {
        let path: String
        let mapping: FeedMapping?
        let limits: FeedLimits
        var reader: XMLStreamReader?
        var extractor: (any RecordExtractor)?
        var format: FeedFormat?
        var failure: FeedError?
        var finished = false

        init(path: String, mapping: FeedMapping?, limits: FeedLimits) {
            self.path = path
            self.mapping = mapping
            self.limits = limits
        }

        func next() -> ReportSourceItem? {
            guard !finished else { return nil }
            do throws(FeedError) {
                if reader == nil { reader = try start() }
                if let reader, let item = try extractor?.next(reader) { return item }
            } catch {
                return fail(error)
            }
            finished = true
            return nil
        }

        /// Opens the feed, reads up to its root element and picks the extractor for it.
        private func start() throws(FeedError) -> XMLStreamReader {
            let reader = try XMLStreamReader(path: path, limits: limits, recordDepth: mapping.map { $0.record.count + 1 } ?? 2)
            let format = try FeedFormat.root(of: reader)
            self.format = format
            if let mapping {
                extractor = try MappedExtractor(mapping: mapping, format: format, reader: reader)
                return reader
            }
            guard format == .iodef1 || format == .iodef2 else {
                throw reader.failure(
                    "the root element is \(format), not an IODEF v1 or v2 document "
                        + "(`IODEF-Document` in urn:ietf:params:xml:ns:iodef-1.0 or -2.0); "
                        + "to import another schema, give a mapping file with --mapping")
            }
            extractor = IODEFExtractor(version: format, reader: reader)
            return reader
        }

        /// Ends the feed on `error`: the rejected item that holds it, with the failed part from
        /// the record being read (between records: from the line of the error) to the end of the file.
        private func fail(_ error: FeedError) -> ReportSourceItem {
            failure = error
            finished = true
            let startLine = extractor?.recordStart ?? error.location.line
            let raw = startLine > 0 ? TextPosition.lines(startLine, through: nil, of: path, from: reader?.lines) : []
            extractor = nil
            reader = nil
            return .rejected(RejectedRecord(location: error.location, reason: error.message, raw: raw))
        }
    }
}
