import Atomics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parse of one unit on a thread of its own, joined when its result is taken or when it is
/// dropped, so that no parse outlives its feed. Units run on threads of their own rather than on
/// Dispatch's pool, whose threads are limited to the processor count and may be the very ones
/// waiting for the result (the command itself runs on that pool).
final class UnitThread {
    /// The unit being parsed.
    let unit: ParseUnit
    private var thread: pthread_t?
    /// Where the thread puts the result. The thread holds this box, not the `UnitThread`, so that
    /// the last reference to the `UnitThread` (whose `deinit` joins) is always its owner's.
    private let parsed = ResultBox()

    /// Starts parsing `unit`; with no thread to be had (a resource limit), parses it here.
    init(_ unit: ParseUnit, _ parse: UnitParse) {
        self.unit = unit
        let parsed = parsed
        let job = Unmanaged.passRetained(Job { parsed.value = parse(unit) })
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let started = pthread_create(&thread, nil, { argument in
            Unmanaged<Job>.fromOpaque(argument!).takeRetainedValue().body()
            return nil
        }, job.toOpaque())
        if started == 0 {
            self.thread = thread
        } else {
            job.takeRetainedValue().body()
        }
    }

    deinit { join() }

    /// Waits for the parse to end and gives its result.
    func result() -> UnitResult {
        join()
        return parsed.value
    }

    private func join() {
        guard let thread else { return }
        self.thread = nil
        pthread_join(thread, nil)
    }

    private final class ResultBox: @unchecked Sendable {
        var value = UnitResult()
    }

    private final class Job {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}

/// Tells the parses of a feed's units to stop early: the feed failed in an earlier unit, or its
/// reader was dropped. Checked at every read of the parser.
final class ParseCancellation: Sendable {
    private let flag = ManagedAtomic(false)

    var isCancelled: Bool { flag.load(ordering: .relaxed) }

    func cancel() { flag.store(true, ordering: .relaxed) }
}
