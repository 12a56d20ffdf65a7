import ReportIO

/// What parsing one `ParseUnit` produced.
struct UnitResult: Sendable {
    /// The unit's reports and rejected records, in feed order.
    var items: [ReportSourceItem] = []
    /// The feed's format, once its root element was read.
    var format: FeedFormat?
    /// The error that stopped the feed in this unit, with the rejected item that holds it.
    var failure: (error: FeedError, rejected: RejectedRecord)?
    /// When the failure is libxml2's error in a unit cut from the middle of the feed: its code,
    /// message and line, to explain it again if the feed turns out to end right after the unit.
    var parserErrorInCutUnit: (code: Int32, detail: String, line: Int)?
}

/// Parses one unit of a feed with its own libxml2 reader and extractor.
struct UnitParse: Sendable {
    let path: String
    let mapping: FeedMapping?
    let limits: FeedLimits
    /// Shared by the units of one feed.
    let cancellation: ParseCancellation

    func callAsFunction(_ unit: ParseUnit) -> UnitResult {
        var result = UnitResult()
        var extractor: (any RecordExtractor)?
        var openReader: XMLStreamReader?
        do throws(FeedError) {
            let reader = try XMLStreamReader(unit: unit, path: path, limits: limits, cancellation: cancellation)
            openReader = reader
            let format = try FeedFormat.root(of: reader)
            result.format = format
            extractor = try makeExtractor(format: format, reader: reader)
            while let item = try extractor?.next(reader) { result.items.append(item) }
        } catch {
            // A cancelled unit's result is never read: skip the file I/O below.
            if cancellation.isCancelled { return UnitResult() }
            // The failed part runs from the record being read (between records: from the line of
            // the error) to the end of the file.
            let startLine = extractor?.recordStart ?? error.location.line
            let raw = startLine > 0 ? TextPosition.lines(startLine, through: nil, of: path, from: openReader?.lines) : []
            result.failure = (error, RejectedRecord(location: error.location, reason: error.message, raw: raw))
            result.parserErrorInCutUnit = openReader?.parserErrorInCutUnit
        }
        return result
    }

    private func makeExtractor(format: FeedFormat, reader: XMLStreamReader) throws(FeedError) -> any RecordExtractor {
        if let mapping { return try MappedExtractor(mapping: mapping, format: format, reader: reader) }
        switch format {
        case .iodef1, .iodef2:
            return IODEFExtractor(version: format, reader: reader)
        case .other:
            throw reader.failure(
                "the root element is \(format), not an IODEF v1 or v2 document "
                    + "(`IODEF-Document` in urn:ietf:params:xml:ns:iodef-1.0 or -2.0); "
                    + "to import another schema, give a mapping file with --mapping")
        }
    }
}
