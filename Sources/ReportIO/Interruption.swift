import Dispatch
import Foundation

/// What SIGINT and SIGTERM do during a run: remove the temporary files of every output not yet
/// committed (so the old files stay as they were), say so in one line on stderr, and exit with
/// status 128 + the signal (130, 143).
public enum Interruption {
    /// Installs the handlers; `command` starts the message ("cop-threats classify").
    public static func install(command: String) {
        for signal in [SIGINT, SIGTERM] {
            _ = Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { PendingFiles.shared.interrupted(by: signal, command: command) }
            source.resume()
            PendingFiles.shared.keep(source)
        }
    }
}

/// The temporary files of outputs being written, shared by the sinks and the signal handler.
final class PendingFiles: @unchecked Sendable {
    static let shared = PendingFiles()

    /// Guards everything below; recursive so that a commit can remove the files it renamed.
    private let lock = NSRecursiveLock()
    /// Each temporary file and the resolved path it becomes.
    private var temporaries: [String: String] = [:]
    private var committed = false
    private var wroteStandardOutput = false
    private var signalSources: [any DispatchSourceSignal] = []

    func add(_ temporary: String, becoming target: String) { lock.withLock { temporaries[temporary] = target } }
    func remove(_ temporary: String) { lock.withLock { temporaries[temporary] = nil } }
    /// Whether an output not yet committed will become `target` (a resolved path).
    func isPending(_ target: String) -> Bool { lock.withLock { temporaries.values.contains(target) } }
    func noteStandardOutput() { lock.withLock { wroteStandardOutput = true } }
    fileprivate func keep(_ source: any DispatchSourceSignal) { lock.withLock { signalSources.append(source) } }

    /// Runs `body` (the renames of a commit) so that no interruption happens halfway through.
    func committing(_ body: () throws -> Void) throws {
        try lock.withLock {
            committed = true
            try body()
        }
    }

    /// Removes every temporary file, says what was and was not written, and exits.
    fileprivate func interrupted(by signal: Int32, command: String) {
        lock.lock()
        for temporary in temporaries.keys { unlink(temporary) }
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        let outcome =
            committed ? "the output files had already been written"
            : wroteStandardOutput ? "the output on standard output is incomplete; no output file was written"
            : "nothing was written (output files already there are unchanged)"
        let clearLine = isatty(STDERR_FILENO) != 0 ? "\r\u{1B}[K" : ""
        StandardError.write("\(clearLine)\(command): interrupted by \(name); \(outcome).\n")
        _exit(128 + signal)
    }
}
