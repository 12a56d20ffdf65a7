import FuzzDriver
import ReportIO
import ThreatRules
import ThreatTaxonomy

#if canImport(Glibc)
import Glibc
#endif

/// Where each input is written when read as a taxonomy: the loader reads files, as in production.
private let folder = "/dev/shm/cop-threats-input-fuzz-\(getpid())"

@_cdecl("InputFuzzer_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    mkdir(folder, 0o700)
    mkdir(folder + "/rules", 0o700)
    return runFuzzer(argc, argv, testOneInput: fuzzOneInput)
}

/// One input read three ways: as JSON Lines, as CSV (in awkward 7-byte chunks, so records cross
/// reads), and as a taxonomy file. Besides crashes, hangs and leaks, a broken promise is a crash:
/// every item a report with text or a located rejection, nothing lost, a loaded taxonomy compiles
/// or refuses with a `CompileError`, and classifying never fails.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    check(JSONLReader(stream: MemoryByteStream(bytes, chunkSize: 7), name: "in.jsonl", maxRecordBytes: 4096), bytes: bytes)
    check(CSVReader(stream: MemoryByteStream(bytes, chunkSize: 7), name: "in.csv", maxRecordBytes: 4096), bytes: bytes)
    loadAsTaxonomy(bytes)
    return 0
}

private func check(_ source: some ReportSource, bytes: [UInt8]) {
    var source = source
    var items = 0
    while let item = source.next() {
        items += 1
        if items > bytes.count + 2 { fatalError("more items than bytes: the reader does not move on") }
        switch item {
        case .report(let report):
            if report.text.isEmpty { fatalError("a report with an empty text was not rejected") }
        case .rejected(let rejected):
            if rejected.reason.isEmpty { fatalError("a rejected record without a reason") }
            if rejected.location.line < 1 { fatalError("a rejected record without a line") }
        }
    }
    if source.next() != nil { fatalError("a finished reader produced another item") }
}

/// The input as `taxonomy.yaml` next to a small valid rule file.
private func loadAsTaxonomy(_ bytes: [UInt8]) {
    let path = folder + "/taxonomy.yaml"
    write(bytes, to: path)
    write(Array("language: en\nclasses:\n  a: [abc, \"{x|y} z*\"]\nnodes: {}\n".utf8), to: folder + "/rules/en.yaml")
    let result = TaxonomyLoader.check(path)
    if result.taxonomy == nil && result.errors.isEmpty { fatalError("no taxonomy and no error") }
    guard let taxonomy = result.taxonomy else { return }
    do {
        let rules = try RuleSet(taxonomy: taxonomy)
        _ = rules.classify("abc x zeta, a secret gift; كلمة 词语 слово", language: nil)
    } catch is CompileError {
    } catch {
        fatalError("compiling failed with \(error), not a CompileError")
    }
}

private func write(_ bytes: [UInt8], to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return }
    _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    close(fd)
}
