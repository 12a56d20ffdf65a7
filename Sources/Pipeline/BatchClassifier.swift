import Dispatch
import Foundation
import ReportIO
import ThreatRules

/// One record's outcome, handed back in input order: what the workers made of a report (its
/// `Classification`, usually), or the record that could not be read.
public enum BatchItem<Result> {
    case classified(Report, Result)
    case rejected(RejectedRecord)
}

/// Running totals of a batch. Always `recordsIn == classified + rejected`; inputs that could not
/// be read at all are counted apart.
public struct BatchCounts: Sendable, Hashable {
    public var classified = 0
    public var rejected = 0
    public var inputsFailed = 0
    public var recordsIn: Int { classified + rejected }
    public init() {}
}

/// Reads a source in chunks and classifies each chunk on all workers while the next chunk is
/// read and the previous one written, so reading, classifying and writing overlap. Results come
/// back in input order; at most two chunks are held at a time, whatever the input size.
/// `Result` is what a worker makes of one report: a `Classification`, or several (`taxonomy impact`).
public struct BatchClassifier<Result> {
    /// Worker threads that classify (default: one per core).
    public var workers: Int
    /// Records per chunk.
    public var chunkRecords: Int
    /// Text bytes per chunk, so that long reports do not make a chunk large.
    public var chunkBytes: Int
    private let factory: ClassifierFactory<Result>

    public init(factory: ClassifierFactory<Result>, workers: Int? = nil, chunkRecords: Int = 1024, chunkBytes: Int = 16 << 20) {
        self.factory = factory
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.chunkRecords = max(1, chunkRecords)
        self.chunkBytes = chunkBytes
    }

    /// Classifies every record of `source`, calling `handle` for each in input order and
    /// `progress` after each chunk. An error thrown by either stops the batch and is rethrown.
    public func run<Source: ReportSource>(
        _ source: inout Source,
        handle: (BatchItem<Result>) throws -> Void,
        progress: (BatchCounts) throws -> Void = { _ in }
    ) throws -> BatchCounts {
        let pool = WorkerPool(factory: factory, count: workers)
        var counts = BatchCounts()
        var pending: ChunkJob<Result>?
        defer { pending?.wait() }
        while true {
            let chunk = readChunk(&source)
            if let job = pending {
                job.wait()
                pending = chunk.isEmpty ? nil : ChunkJob(items: chunk, pool: pool)
                try emit(job, counts: &counts, handle: handle)
                try progress(counts)
            } else if !chunk.isEmpty {
                pending = ChunkJob(items: chunk, pool: pool)
            }
            if pending == nil { return counts }
        }
    }

    private func readChunk<Source: ReportSource>(_ source: inout Source) -> [ReportSourceItem] {
        var items: [ReportSourceItem] = []
        var bytes = 0
        while items.count < chunkRecords && bytes < chunkBytes, let item = source.next() {
            if case .report(let report) = item { bytes += report.text.utf8.count }
            items.append(item)
        }
        return items
    }

    private func emit(_ job: ChunkJob<Result>, counts: inout BatchCounts, handle: (BatchItem<Result>) throws -> Void) throws {
        for (index, item) in job.items.enumerated() {
            switch item {
            case .report(let report):
                counts.classified += 1
                try handle(.classified(report, job.results[index]!))
            case .rejected(let record):
                if record.isWholeInput { counts.inputsFailed += 1 } else { counts.rejected += 1 }
                try handle(.rejected(record))
            }
        }
    }
}

/// The classify functions of the workers; worker `w` is only ever used by one thread at a time.
private final class WorkerPool<Result>: @unchecked Sendable {
    let workers: [(Report) -> Result]
    init(factory: ClassifierFactory<Result>, count: Int) { workers = (0..<count).map { _ in factory.makeWorker() } }
}

/// One chunk being classified in the background; `wait()` before reading `results`.
private final class ChunkJob<Result>: @unchecked Sendable {
    let items: [ReportSourceItem]
    private(set) var results: [Result?]
    private let group = DispatchGroup()

    init(items: [ReportSourceItem], pool: WorkerPool<Result>) {
        self.items = items
        self.results = Array(repeating: nil, count: items.count)
        DispatchQueue.global().async(group: group) { [self] in
            let stride = pool.workers.count
            results.withUnsafeMutableBufferPointer { results in
                nonisolated(unsafe) let results = results
                DispatchQueue.concurrentPerform(iterations: stride) { worker in
                    let classify = pool.workers[worker]
                    for index in Swift.stride(from: worker, to: items.count, by: stride) {
                        if case .report(let report) = items[index] { results[index] = classify(report) }
                    }
                }
            }
        }
    }

    func wait() { group.wait() }
}
