import FeedImport
import Foundation
import ReportIO

/// Opens batch inputs (files, folders, `-` for stdin) as report sources, choosing the reader
/// from the file name or a forced format: JSON Lines, CSV, text files, gzip, and partner XML
/// feeds. Opening never fails: an input that cannot be read becomes one rejected record, so the
/// batch goes on and the count stays honest.
public struct InputOpener {
    /// The format for every file, instead of guessing from names (`--input-format`).
    public var format: InputFormat?
    /// The field names to read.
    public var fields: FieldMapping
    /// The largest record read (`--max-record-bytes`); a longer one is one rejected record.
    public var maxRecordBytes = RecordLimit.defaultBytes
    /// The CSV field separator (`--delimiter`); `nil`: each file's header row tells.
    public var csvDelimiter: UInt8?
    /// The encoding of JSONL, CSV and text inputs when it is not UTF-8 (`--encoding`).
    public var encoding: SingleByteEncoding?
    /// Metadata for reports that carry none (`--set`).
    public var defaults = MetadataDefaults()
    /// How many line breaks a quoted CSV field may hold (`--max-field-lines`).
    public var maxFieldLines = CSVRecordParser.defaultMaxQuotedLines
    /// The duplicate filter every XML feed of the batch goes through, so that overlapping feeds
    /// are counted once; `nil` keeps every incident (`--keep-duplicates`).
    public var feeds: DeduplicatingSource.Shared? = DeduplicatingSource.Shared()
    /// Bytes read from every input opened, for progress.
    public let counter = ByteCounter()
    /// The header row of each CSV file that had a rejected row, by file name as in messages.
    public let csvHeaders = CSVHeaders()
    /// Receives warnings about inputs passed over (`file: warning: reason`); they are not records.
    public var warn: (String) -> Void
    /// The files read so far and the names they were read under: a file given twice (the same
    /// path, another spelling, a link, a folder and a file in it) is read once.
    private let read = ReadFiles()

    public init(format: InputFormat? = nil, fields: FieldMapping = FieldMapping(), warn: @escaping (String) -> Void = { _ in }) {
        self.format = format
        self.fields = fields
        self.warn = warn
    }

    /// All inputs one after another, in the order given.
    public func open(_ paths: [String]) -> InputSource { open(paths.map { (path: $0, fields: fields) }) }

    /// All inputs one after another, in the order given, each read with its own field names.
    public func open(_ inputs: [(path: String, fields: FieldMapping)]) -> InputSource {
        InputSource(inputs: inputs, opener: self)
    }

    /// One input: `-` for stdin, a folder, or a file.
    public func open(_ path: String) -> any ReportSource {
        if path == "-" { return openStandardInput() }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return SingleItemSource(failing: path, reason: "cannot read this input: no such file or folder")
        }
        if isFolder.boolValue { return TextFolderReader(root: path, opener: self) }
        return openFile(path, name: path, id: path)
    }

    /// A file, named `name` in messages; `id` is the report id when the file is one text report.
    /// A file already read in this batch is passed over with a warning.
    func openFile(_ path: String, name: String, id: String) -> any ReportSource {
        if let identity = FileIdentity(path: path) {
            if let first = read.names[identity] {
                warn("\(name): warning: skipped: this file was already read as \(first), so it is not read again")
                return SingleItemSource(nil)
            }
            read.names[identity] = name
        }
        let format = format ?? InputFormat.detect(path: path)
        if format == .xml { return feed(path, name: name) }
        let file: FileByteStream
        do { file = try FileByteStream(path: path, counter: counter) } catch {
            return SingleItemSource(failing: name, reason: "cannot read this file: \(error)")
        }
        guard InputFormat.isGzip(path: path) else { return reader(format, stream: file, name: name, id: id) }
        do { return reader(format, stream: try GzipStream(file), name: name, id: id) } catch {
            return SingleItemSource(failing: name, reason: "cannot read this file: \(error)")
        }
    }

    private func openStandardInput() -> any ReportSource {
        let format = format ?? .jsonl
        if format == .xml { return feed("-", name: "<stdin>") }
        return reader(format, stream: FileByteStream(standardInputCountingInto: counter), name: "<stdin>", id: "stdin")
    }

    private func feed(_ path: String, name: String) -> any ReportSource {
        guard let feeds else { return FeedReader(path: path) }
        return DeduplicatingSource(FeedReader(path: path), sharing: feeds)
    }

    /// The reader of `format`; with none (a name that tells none), JSON Lines when the first byte
    /// is `{` (a shard cut by `split`), else one rejected record.
    private func reader<S: ByteStream>(_ format: InputFormat?, stream: S, name: String, id: String) -> any ReportSource {
        guard let format else {
            var peeked = PeekedByteStream(stream)
            do {
                if try peeked.firstByte() == UInt8(ascii: "{") { return reader(.jsonl, stream: peeked, name: name, id: id) }
            } catch {
                return SingleItemSource(failing: name, reason: "cannot read this file: \(error)")
            }
            let choices = InputFormat.allCases.map(\.rawValue).joined(separator: "|")
            return SingleItemSource(failing: name, reason: "cannot tell the format of this file from its name; use --input-format \(choices)")
        }
        if let encoding, format != .xml {
            var opener = self
            opener.encoding = nil
            return opener.reader(format, stream: TranscodingByteStream(stream, from: encoding), name: name, id: id)
        }
        return switch format {
        case .jsonl: JSONLReader(stream: stream, name: name, fields: fields, maxRecordBytes: maxRecordBytes)
        case .csv: CSVReader(
            stream: stream, name: name, fields: fields, maxRecordBytes: maxRecordBytes, delimiter: csvDelimiter,
            maxFieldLines: maxFieldLines)
        case .text: TextFileReader.read(stream, name: name, id: id, maxBytes: maxRecordBytes)
        case .xml: feed(name, name: name)
        }
    }
}

/// Several inputs read one after another as one batch.
public struct InputSource: ReportSource, CSVHeaderProviding {
    private var pending: ArraySlice<(path: String, fields: FieldMapping)>
    private var current: (any ReportSource)?
    private let opener: InputOpener

    init(inputs: [(path: String, fields: FieldMapping)], opener: InputOpener) {
        self.pending = inputs[...]
        self.opener = opener
    }

    public var header: [UInt8]? { (current as? any CSVHeaderProviding)?.header }

    public mutating func next() -> ReportSourceItem? {
        while true {
            if current == nil {
                guard let (path, fields) = pending.popFirst() else { return nil }
                var opener = opener
                opener.fields = fields
                current = opener.open(path)
            }
            if let item = current?.next() {
                switch item {
                case .rejected(let record):
                    if let header { opener.csvHeaders.headers[record.location.file] = header }
                case .report(var report) where !opener.defaults.isEmpty:
                    opener.defaults.apply(to: &report)
                    return .report(report)
                case .report: break
                }
                return item
            }
            current = nil
        }
    }
}

/// The files a batch has read, by identity, with the name each was first read under.
private final class ReadFiles {
    var names: [FileIdentity: String] = [:]
}

/// Header rows of CSV inputs, kept so that rejected rows can be written under their header.
public final class CSVHeaders {
    /// Raw header rows by file name (as in rejected records' locations).
    public internal(set) var headers: [String: [UInt8]] = [:]
    public subscript(file: String) -> [UInt8]? { headers[file] }
}

/// A stream whose first bytes can be looked at before it is read; they are read first then.
struct PeekedByteStream<Base: ByteStream>: ByteStream {
    private var base: Base
    private var head: [UInt8] = []
    private var offset = 0

    init(_ base: Base) { self.base = base }

    /// The stream's first byte, `nil` when it is empty.
    mutating func firstByte() throws -> UInt8? {
        if head.isEmpty {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = try chunk.withUnsafeMutableBytes { try base.read(into: $0) }
            head = Array(chunk[..<count])
        }
        return head.first
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard offset < head.count else { return try base.read(into: buffer) }
        let count = min(buffer.count, head.count - offset)
        head[offset..<offset + count].withUnsafeBytes { buffer.copyMemory(from: $0) }
        offset += count
        return count
    }
}
