#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ReportIO

/// Passes on the reports of several sources once each: a report whose `ReportKey` was already
/// seen comes out as `.rejected`, naming where the first copy was, so that overlapping feeds in
/// one run are not counted twice. Other rejected records pass through unchanged.
public struct DuplicateFilter {
    private var seen = SeenKeys()
    /// How many duplicates were turned into rejected records.
    public private(set) var duplicates = 0

    public init() {}

    /// The item to pass on for `item`.
    public mutating func filter(_ item: consuming ReportSourceItem) -> ReportSourceItem {
        // Consumed, so that the report is moved through, not copied (a copy retains every field).
        let report: Report
        switch consume item {
        case .report(let read): report = read
        case let other: return other
        }
        let key = ReportKey(report)
        guard let first = seen.insert(key, at: report.origin) else { return .report(report) }
        duplicates += 1
        return .rejected(RejectedRecord(
            location: report.origin,
            reason: "duplicate of incident \(key), first read at \(first); skipped (use --keep-duplicates to keep both)",
            raw: [], kind: .duplicate))
    }
}

/// The keys seen so far with where each was first read, kept compact: a run over millions of
/// incidents keeps one entry per incident, so an entry holds no `String` of its own (the key's
/// bytes sit in one shared buffer, the file is an index into the files seen).
///
/// Written by hand because a `Dictionary<ReportKey, RecordLocation>` costs three times the memory
/// per entry (two strings and a location of its own, in a table that is copied as it grows), and
/// touching that memory was a tenth of an import's time. Keys are hashed with the standard
/// library's `Hasher`, seeded per process, so a hostile feed cannot choose colliding ids.
struct SeenKeys {
    private struct Entry {
        var hash: Int
        /// The key's bytes in `bytes`: the partner, a 0xFF byte (never in UTF-8), the id.
        var start: Int
        var count: Int32
        var file: Int32
        var line: Int32
        var column: Int32
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing over `entries`: an index, or -1 for a free slot; a power of two long.
    private var slots = [Int32](repeating: -1, count: 1024)
    private var files: [String] = []

    /// Records `key` first read at `location` and returns nil, or returns where it was first read.
    mutating func insert(_ key: ReportKey, at location: RecordLocation) -> RecordLocation? {
        let start = bytes.count
        bytes.append(contentsOf: key.partner.utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: key.id.utf8)
        let count = bytes.count - start
        let hash = bytes.withUnsafeBytes { all in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: all[start...]))
            return hasher.finalize()
        }
        let mask = slots.count - 1
        var slot = hash & mask
        while slots[slot] >= 0 {
            let entry = entries[Int(slots[slot])]
            if entry.hash == hash, Int(entry.count) == count, sameBytes(entry.start, start, count) {
                bytes.removeSubrange(start...)
                return RecordLocation(file: files[Int(entry.file)], line: Int(entry.line), column: Int(entry.column))
            }
            slot = (slot + 1) & mask
        }
        if files.last != location.file { files.append(location.file) }
        slots[slot] = Int32(entries.count)
        entries.append(Entry(
            hash: hash, start: start, count: Int32(count), file: Int32(files.count - 1),
            line: Int32(clamping: location.line), column: Int32(clamping: location.column)))
        if entries.count * 4 > slots.count * 3 { grow() }
        return nil
    }

    private func sameBytes(_ a: Int, _ b: Int, _ count: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            memcmp(all.baseAddress! + a, all.baseAddress! + b, count) == 0
        }
    }

    /// Doubles the slots and places every entry again by its kept hash.
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = entry.hash & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}

/// Reads another source through a duplicate filter that several sources share, so that
/// overlapping feeds given in one run (`classify a.xml b.xml`) are counted once.
public struct DeduplicatingSource: ReportSource {
    /// The filter shared by every feed of one run.
    public final class Shared {
        var filter = DuplicateFilter()
        public init() {}
    }

    private var base: any ReportSource
    private let shared: Shared

    public init(_ base: any ReportSource, sharing shared: Shared) {
        self.base = base
        self.shared = shared
    }

    public mutating func next() -> ReportSourceItem? {
        base.next().map { shared.filter.filter($0) }
    }
}
