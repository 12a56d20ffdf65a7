import Dispatch
import Foundation
import Synchronization
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

/// What a worker made of a report, with the output it wrote for it (`BatchClassifier.Renderer`).
public struct Rendered<Result> {
    public var result: Result
    /// The bytes the renderer wrote for the report; a view of the chunk's buffer, so nothing is
    /// copied per report.
    public var line: ArraySlice<UInt8>
}

/// Reads a source in chunks and classifies each chunk on all workers while the next chunks are
/// read and the previous one written, so reading, classifying and writing overlap. Chunks are
/// classified one after another, the workers taking a chunk's reports a few at a time as they
/// come free, so a slow report holds up no other worker. Results come back in input order; at
/// most `chunksAhead + 1` chunks are held at a time, whatever the input size.
/// `Result` is what a worker makes of one report: a `Classification`, or several (`taxonomy impact`).
public struct BatchClassifier<Result> {
    /// Writes a classified report's output (its line) on the worker that classified it, so that
    /// the thread handing results back in order only copies bytes.
    public typealias Renderer = @Sendable (Report, Result, inout [UInt8]) -> Void

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
        try run(&source, render: nil, handle: { item in
            switch item {
            case .classified(let report, let rendered): try handle(.classified(report, rendered.result))
            case .rejected(let record): try handle(.rejected(record))
            }
        }, progress: progress)
    }

    /// As `run(_:handle:progress:)`, each report's output written by `render` on its worker.
    public func run<Source: ReportSource>(
        _ source: inout Source,
        render: Renderer?,
        handle: (BatchItem<Rendered<Result>>) throws -> Void,
        progress: (BatchCounts) throws -> Void = { _ in }
    ) throws -> BatchCounts {
        // One worker is the slower of the two threads, so the reading thread writes the lines
        // itself; with more, its share of the work would be the one to hold the batch up.
        let renderOnWorkers = workers > 1
        let pool = WorkerPool(factory: factory, count: workers, render: renderOnWorkers ? render : nil)
        var lines = LineRenderer(render: renderOnWorkers ? nil : render)
        var counts = BatchCounts()
        var queued: [ChunkJob<Result>] = []
        defer { for job in queued { job.wait() } }
        while true {
            while queued.count < Self.chunksAhead {
                let chunk = readChunk(&source)
                if chunk.isEmpty { break }
                queued.append(ChunkJob(items: chunk, pool: pool))
            }
            guard !queued.isEmpty else { return counts }
            let job = queued.removeFirst()
            job.wait()
            try emit(job, lines: &lines, counts: &counts, handle: handle)
            try progress(counts)
        }
    }

    /// Chunks read ahead of the one being written: enough that the workers always have one to
    /// classify while the thread that reads and writes is busy.
    static var chunksAhead: Int { 3 }

    private func readChunk<Source: ReportSource>(_ source: inout Source) -> [ReportSourceItem] {
        var items: [ReportSourceItem] = []
        var bytes = 0
        while items.count < chunkRecords && bytes < chunkBytes, let item = source.next() {
            if case .report(let report) = item { bytes += report.text.utf8.count }
            items.append(item)
        }
        return items
    }

    private func emit(
        _ job: ChunkJob<Result>, lines: inout LineRenderer<Result>, counts: inout BatchCounts,
        handle: (BatchItem<Rendered<Result>>) throws -> Void
    ) throws {
        for (index, item) in job.items.enumerated() {
            switch item {
            case .report(let report):
                counts.classified += 1
                let result = job.results[index]!
                let line = lines.line(report, result) ?? job.line(index)
                try handle(.classified(report, Rendered(result: result, line: line)))
            case .rejected(let record):
                if record.isWholeInput { counts.inputsFailed += 1 } else { counts.rejected += 1 }
                try handle(.rejected(record))
            }
        }
    }
}

/// Lines written on the thread that hands results back, into one reused buffer.
private struct LineRenderer<Result> {
    let render: BatchClassifier<Result>.Renderer?
    private var buffer: [UInt8] = []

    init(render: BatchClassifier<Result>.Renderer?) { self.render = render }

    /// The report's line, or `nil` when this thread writes none (the workers do, or nobody).
    mutating func line(_ report: Report, _ result: Result) -> ArraySlice<UInt8>? {
        guard let render else { return nil }
        buffer.removeAll(keepingCapacity: true)
        render(report, result, &buffer)
        return buffer[...]
    }
}

/// The classify functions of the workers and the queue that runs the chunks one after another;
/// worker `w` is only ever used by one thread at a time.
private final class WorkerPool<Result>: @unchecked Sendable {
    let workers: [(Report) -> Result]
    let render: BatchClassifier<Result>.Renderer?
    let queue = DispatchQueue(label: "cop-threats.classify")
    init(factory: ClassifierFactory<Result>, count: Int, render: BatchClassifier<Result>.Renderer?) {
        workers = (0..<count).map { _ in factory.makeWorker() }
        self.render = render
    }
}

/// One chunk being classified in the background; `wait()` before reading `results`. The workers
/// take the items `block` at a time, each from a shared counter, and render their lines one
/// after another into their own buffer.
private final class ChunkJob<Result>: @unchecked Sendable {
    let items: [ReportSourceItem]
    private(set) var results: [Result?]
    /// Per worker, the lines it rendered; item `i`'s is `lines[spans[i].worker][spans[i].start..<spans[i].end]`.
    private var lines: [[UInt8]]
    private var spans: [LineSpan]
    private let next = Atomic<Int>(0)
    private let group = DispatchGroup()
    private static var block: Int { 8 }

    init(items: [ReportSourceItem], pool: WorkerPool<Result>) {
        self.items = items
        self.results = Array(repeating: nil, count: items.count)
        let workers = pool.workers.count, renders = pool.render != nil
        lines = Array(repeating: [], count: renders ? workers : 0)
        spans = Array(repeating: LineSpan(), count: renders ? items.count : 0)
        pool.queue.async(group: group) { [self] in
            // One access to each buffer, from this thread, for the whole chunk; the workers
            // write disjoint entries through the pointers.
            results.withUnsafeMutableBufferPointer { results in
                lines.withUnsafeMutableBufferPointer { lines in
                    spans.withUnsafeMutableBufferPointer { spans in
                        let output = Output(results: results, lines: lines, spans: spans)
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            classify(on: worker, pool: pool, into: output)
                        }
                    }
                }
            }
        }
    }

    /// Where an item's line is: in which worker's buffer, from where to where.
    private struct LineSpan {
        var worker: Int32 = 0
        var start: Int32 = 0
        var end: Int32 = 0
    }

    /// Where the workers write a chunk's results and lines.
    private struct Output: @unchecked Sendable {
        let results: UnsafeMutableBufferPointer<Result?>
        let lines: UnsafeMutableBufferPointer<[UInt8]>
        let spans: UnsafeMutableBufferPointer<LineSpan>
    }

    /// Worker `worker`'s share of the chunk: blocks of items until none is left.
    private func classify(on worker: Int, pool: WorkerPool<Result>, into output: Output) {
        let classify = pool.workers[worker]
        let total = items.count
        while true {
            let first = next.add(Self.block, ordering: .relaxed).oldValue
            guard first < total else { return }
            for index in first..<min(first + Self.block, total) {
                guard case .report(let report) = items[index] else { continue }
                let result = classify(report)
                if let render = pool.render {
                    let start = output.lines[worker].count
                    render(report, result, &output.lines[worker])
                    output.spans[index] = LineSpan(worker: Int32(worker), start: Int32(start), end: Int32(output.lines[worker].count))
                }
                output.results[index] = result
            }
        }
    }

    func wait() { group.wait() }

    /// The line rendered for item `index` (empty without a renderer, or for a rejected record).
    func line(_ index: Int) -> ArraySlice<UInt8> {
        guard !lines.isEmpty else { return [] }
        let span = spans[index]
        return lines[Int(span.worker)][Int(span.start)..<Int(span.end)]
    }
}
