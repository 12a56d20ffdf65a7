import FeedImport
import ReportIO

#if canImport(Glibc)
import Glibc
#endif

/// Where each input is written: the importer reads feeds from files, as in production.
private let feedPath = "/dev/shm/cop-threats-fuzz-\(getpid()).xml"

/// Small limits, so the fuzzer reaches every limit check with small inputs.
private let limits = FeedLimits(maxBytes: 1 << 20, maxDepth: 32, maxTextBytes: 4096, maxAttributesPerElement: 16)

/// SwiftPM links an executable's entry point under the name `<target>_main`, which replaces
/// libFuzzer's own `main`; hand control to libFuzzer's driver from there.
@_cdecl("FeedFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput)
}

/// libFuzzer's driver (`int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*)(const uint8_t *, size_t))`).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

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
    sameWhole(importAll(FeedReader(path: feedPath, limits: limits, unitBytes: nil)), importAll(FeedReader(path: feedPath, limits: limits, workers: 2, unitBytes: 64)))
    if let mapping { _ = importAll(FeedReader(path: feedPath, mapping: mapping, limits: limits, workers: 2, unitBytes: 64)) }
    if let relativeMapping {
        sameWhole(
            importAll(FeedReader(path: feedPath, mapping: relativeMapping, limits: limits, unitBytes: nil)),
            importAll(FeedReader(path: feedPath, mapping: relativeMapping, limits: limits, workers: 2, unitBytes: 64)))
    }
    return 0
}

/// A feed cut into units must read exactly as in one pass: same reports, same rejected records
/// (locations and failed parts included). Two differences are allowed, both in the failure that
/// ends the feed and both because libxml2 holds back a broken tag until it sees more input (a unit
/// gives it more: the copied end tags): where the byte guard stops the feed right after such a tag,
/// one pass names the guard's violation and a unit the parser's error just before it; and an error
/// on the last line is explained as a truncated file, or not, depending on how far the parser had
/// read. The records kept are the same either way.
private func sameWhole(_ whole: [ReportSourceItem], _ split: [ReportSourceItem]) {
    guard whole.count == split.count else { fatalError("one pass read \(whole.count) items, units read \(split.count)") }
    var whole = whole, split = split
    if case .rejected(let one) = whole.last, case .rejected(let other) = split.last, one != other {
        let parserBeforeGuard = !one.reason.contains("(libxml2:") && other.reason.contains("(libxml2:")
            && (other.location.line, other.location.column) < (one.location.line, one.location.column)
        let truncationWording = one.location == other.location && one.raw == other.raw
            && [one, other].contains { $0.reason.contains("element(s) still open") }
        if parserBeforeGuard || truncationWording {
            whole.removeLast()
            split.removeLast()
        }
    }
    for (one, other) in zip(whole, split) {
        switch (one, other) {
        case (.report(let a), .report(let b)) where a == b: continue
        case (.rejected(let a), .rejected(let b)) where a == b: continue
        default: fatalError("one pass and units differ: \(one) versus \(other)")
        }
    }
}

/// A mapping covering attributes, labels and absolute paths, for the mapped extractor (read in one pass).
private let mapping = loadMapping("mapping", partner: "/r/@from")

/// The same mapping without its absolute path, so that its feeds are cut into units.
private let relativeMapping = loadMapping("relative", partner: "@from")

private func loadMapping(_ name: String, partner: String) -> FeedMapping? {
    let path = "/dev/shm/cop-threats-fuzz-\(getpid())-\(name).yaml"
    let yaml = """
        namespaces: { p: "urn:p" }
        root: r
        record: p:c/i
        fields:
          id: "@id"
          text: [{ label: T, path: t }, p:d]
          lang: l
          partner: \(partner)
          codes: [k, "k/@v"]
        """
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return nil }
    _ = yaml.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
    close(fd)
    return try? FeedMapping.load(path: path)
}

/// Reads a feed to its end, checks the source's promises and returns what it read.
@discardableResult
private func importAll(_ source: FeedReader) -> [ReportSourceItem] {
    var reader = source
    var items: [ReportSourceItem] = []
    while let item = reader.next() {
        if case .report(let report) = item, report.id.isEmpty || report.text.isEmpty { fatalError("a report without id or text") }
        items.append(item)
    }
    if reader.failure != nil, case .report = items.last { fatalError("a failed feed must end with its rejected part") }
    if reader.next() != nil { fatalError("a finished source must stay finished") }
    return items
}
