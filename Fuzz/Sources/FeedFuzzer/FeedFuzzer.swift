import FeedImport
import FuzzDriver
import ReportIO

#if canImport(Glibc)
import Glibc
#endif

/// Where each input is written: the importer reads feeds from files, as in production.
private let feedPath = "/dev/shm/cop-threats-fuzz-\(getpid()).xml"

/// Small limits, so the fuzzer reaches every limit check with small inputs.
private let limits = FeedLimits(maxBytes: 1 << 20, maxDepth: 32, maxTextBytes: 4096, maxAttributesPerElement: 16, maxRecordBytes: 8192)

/// The entry point (see `runFuzzer`).
@_cdecl("FeedFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, testOneInput: fuzzOneInput)
}

/// libFuzzer's entry point: import one input as a feed, as IODEF and through a mapping.
/// Crashes, hangs and leaks are what the fuzzer looks for; the checks below turn a broken
/// promise of `FeedReader` into a crash too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let fd = open(feedPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    _ = try? FeedFormat.detect(path: feedPath, limits: limits)
    importAll(FeedReader(path: feedPath, limits: limits))
    if let mapping { importAll(FeedReader(path: feedPath, mapping: mapping, limits: limits)) }
    return 0
}

/// A mapping covering attributes, labels and absolute paths, for the mapped extractor.
private let mapping: FeedMapping? = {
    let path = "/dev/shm/cop-threats-fuzz-\(getpid())-mapping.yaml"
    let yaml = """
        namespaces: { p: "urn:p" }
        root: r
        record: p:c/i
        fields:
          id: "@id"
          text: [{ label: T, path: t }, p:d]
          lang: l
          partner: /r/@from
          codes: [k, "k/@v"]
        """
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return nil }
    _ = yaml.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
    close(fd)
    return try? FeedMapping.load(path: path)
}()

/// Reads a feed to its end and checks the source's promises.
private func importAll(_ source: FeedReader) {
    var reader = source
    var last: ReportSourceItem?
    while let item = reader.next() {
        if case .report(let report) = item, report.id.isEmpty || report.text.isEmpty { fatalError("a report without id or text") }
        last = item
    }
    if reader.failure != nil, case .report = last { fatalError("a failed feed must end with its rejected part") }
    if reader.next() != nil { fatalError("a finished source must stay finished") }
}
