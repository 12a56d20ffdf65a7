import Foundation
import ReportIO
import Pipeline

/// The progress line on stderr, redrawn at most five times a second; silent when stderr is not
/// a terminal. Messages printed through it clear the line first so they never mix.
final class ProgressDisplay {
    private let enabled: Bool
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    /// Redraws the line if 0.2 s have passed since the last time.
    func update(_ counts: BatchCounts, bytes: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(200) { return }
        lastDraw = now
        let line = ProgressLine.text(counts: counts, bytes: bytes, seconds: seconds(now - start))
        StandardError.write("\r\u{1B}[K\(line)")
        shown = true
    }

    /// Prints a message on its own line.
    func say(_ message: String) {
        clear()
        Diagnostics.say(message)
    }

    /// Removes the progress line.
    func clear() {
        guard shown else { return }
        StandardError.write("\r\u{1B}[K")
        shown = false
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
