#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a new thread of its own. Feed units are parsed on such threads rather than on
/// Dispatch's pool, whose threads are limited to the processor count and may be the very ones
/// waiting for the result (the command itself runs on that pool).
func runOnNewThread(_ body: @escaping @Sendable () -> Void) {
    final class Job {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let job = Unmanaged.passRetained(Job(body))
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t?
    #endif
    let started = pthread_create(&thread, nil, { argument in
        Unmanaged<Job>.fromOpaque(argument!).takeRetainedValue().body()
        return nil
    }, job.toOpaque())
    guard started == 0 else {
        // No thread to be had (a resource limit): do the work here rather than lose it.
        job.takeRetainedValue().body()
        return
    }
    pthread_detach(thread)
}
