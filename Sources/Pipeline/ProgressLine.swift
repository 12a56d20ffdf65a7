import Foundation

/// The progress line shown on a terminal while a batch runs.
public enum ProgressLine {
    /// `1234 records (5 rejected)  2150 reports/s  3.2 MB/s`, for `seconds` since the start.
    public static func text(counts: BatchCounts, bytes: Int, seconds: Double) -> String {
        let elapsed = max(seconds, 0.001)
        let rate = Double(counts.recordsIn) / elapsed
        let megabytes = Double(bytes) / 1_000_000 / elapsed
        let rejected = counts.rejected > 0 ? " (\(counts.rejected) rejected)" : ""
        return "\(counts.recordsIn) records\(rejected)  \(Int(rate.rounded())) reports/s  \(String(format: "%.1f", megabytes)) MB/s"
    }
}
