import Facets
import FeedImport
import Foundation
import GRDB

/// What one ingest did to the store. `added + unchanged + replaced + relabelled` is the number
/// of reports handed in.
public struct IngestCounts: Sendable, Hashable {
    /// Keys the store did not hold.
    public var added = 0
    /// The same record, labelled by the same rules, with the text kept or not as before: nothing written.
    public var unchanged = 0
    /// A record whose content (text, language, country or date) changed: the old one is replaced.
    public var replaced = 0
    /// The same record labelled by other rules, or with its text now kept or dropped.
    public var relabelled = 0

    public init() {}

    public static func += (lhs: inout IngestCounts, rhs: IngestCounts) {
        lhs.added += rhs.added
        lhs.unchanged += rhs.unchanged
        lhs.replaced += rhs.replaced
        lhs.relabelled += rhs.relabelled
    }
}

/// The reports of every ingest, one row per (partner, id), in an SQLite file.
///
/// Each `ingest` and each `relabel` call is one transaction: a crash loses at most the batch
/// being written, and running the same ingest again completes the store.
public final class ReportStore: Sendable {
    /// The store's file.
    public let path: String
    let pool: DatabasePool

    /// Opens the store at `path`, creating it (and its tables) when the file does not exist.
    public init(path: String) throws {
        self.path = path
        pool = try Self.open(path)
    }

    /// How long opening waits for another process that is opening or writing the same store.
    static let openTimeout: TimeInterval = 10

    /// Opens the pool and creates the tables, idempotently, so that two processes opening a new
    /// store at once both succeed. Switching a new file to WAL takes a lock that SQLite's busy
    /// handler does not wait for, so a busy or locked answer while opening is retried until
    /// `openTimeout`.
    private static func open(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(openTimeout)
        configuration.foreignKeysEnabled = true
        let deadline = Date(timeIntervalSinceNow: openTimeout)
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try db.execute(sql: schema)
                        return .commit
                    }
                }
                return pool
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && Date() < deadline
            {
                Thread.sleep(forTimeInterval: .random(in: 0.005...0.05))
            }
        }
    }

    private static let schema = """
        CREATE TABLE IF NOT EXISTS report (
            partner TEXT NOT NULL, id TEXT NOT NULL,
            lang TEXT, country TEXT, date TEXT, month TEXT,
            text TEXT, content_hash TEXT NOT NULL,
            taxonomy_version TEXT NOT NULL, rules_hash TEXT NOT NULL,
            PRIMARY KEY (partner, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS report_month ON report (month);
        CREATE TABLE IF NOT EXISTS label (
            partner TEXT NOT NULL, id TEXT NOT NULL,
            node TEXT NOT NULL, path TEXT NOT NULL, score REAL NOT NULL,
            PRIMARY KEY (partner, id, node),
            FOREIGN KEY (partner, id) REFERENCES report (partner, id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS facet (
            partner TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (partner, id, kind, value),
            FOREIGN KEY (partner, id) REFERENCES report (partner, id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        """

    /// Stores `batch` in one transaction. A key given twice in the batch keeps the last record.
    @discardableResult
    public func ingest(_ batch: [StoredReport]) throws -> IngestCounts {
        try pool.write { db in
            var counts = IngestCounts()
            for report in batch {
                let old = try Row.fetchOne(
                    db, sql: "SELECT content_hash, rules_hash, text IS NOT NULL AS has_text FROM report WHERE partner = ? AND id = ?",
                    arguments: [report.key.partner, report.key.id])
                if let old {
                    let sameContent = old["content_hash"] as String == report.contentHash
                    if sameContent && old["rules_hash"] as String == report.rulesHash && old["has_text"] as Bool == (report.text != nil) {
                        counts.unchanged += 1
                        continue
                    }
                    if sameContent { counts.relabelled += 1 } else { counts.replaced += 1 }
                    try db.execute(sql: "DELETE FROM report WHERE partner = ? AND id = ?", arguments: [report.key.partner, report.key.id])
                } else {
                    counts.added += 1
                }
                try Self.insert(report, into: db)
            }
            return counts
        }
    }

    /// Replaces the labels (and what labelled them) of reports already stored, in one transaction.
    public func relabel(_ reports: [StoredReport]) throws {
        try pool.write { db in
            for report in reports {
                try db.execute(
                    sql: "UPDATE report SET taxonomy_version = ?, rules_hash = ? WHERE partner = ? AND id = ?",
                    arguments: [report.taxonomyVersion, report.rulesHash, report.key.partner, report.key.id])
                try db.execute(sql: "DELETE FROM label WHERE partner = ? AND id = ?", arguments: [report.key.partner, report.key.id])
                try Self.insertLabels(of: report, into: db)
            }
        }
    }

    private static func insert(_ report: StoredReport, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO report (partner, id, lang, country, date, month, text, content_hash, taxonomy_version, rules_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                report.key.partner, report.key.id, report.lang, report.country, report.date, report.month, report.text,
                report.contentHash, report.taxonomyVersion, report.rulesHash,
            ])
        try insertLabels(of: report, into: db)
        for (kind, values) in [("platform", report.platforms), ("age-band", report.ageBands), ("reporter", report.reporter.map { [$0] } ?? [])] {
            for value in values {
                try db.execute(
                    sql: "INSERT INTO facet (partner, id, kind, value) VALUES (?, ?, ?, ?)",
                    arguments: [report.key.partner, report.key.id, kind, value])
            }
        }
    }

    /// Youngest band first; a value this version does not know goes last.
    private static func bandOrder(_ band: String) -> Int {
        AgeBand.allCases.firstIndex { $0.rawValue == band } ?? AgeBand.allCases.count
    }

    private static func insertLabels(of report: StoredReport, into db: Database) throws {
        for label in report.labels {
            try db.execute(
                sql: "INSERT INTO label (partner, id, node, path, score) VALUES (?, ?, ?, ?, ?)",
                arguments: [report.key.partner, report.key.id, label.node, label.path.joined(separator: "/"), label.score])
        }
    }

    /// Reports in key order, `limit` at a time after `key` (keyset paging, for walking a large store).
    public func reports(after key: ReportKey?, limit: Int) throws -> [StoredReport] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM report WHERE ? IS NULL OR (partner, id) > (?, ?)
                    ORDER BY partner, id LIMIT ?
                    """,
                arguments: [key?.partner, key?.partner, key?.id, limit])
            guard let first = rows.first, let last = rows.last else { return [] }
            let labelRows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM label WHERE (partner, id) BETWEEN (?, ?) AND (?, ?) ORDER BY partner, id, path",
                arguments: [first["partner"] as String, first["id"] as String, last["partner"] as String, last["id"] as String])
            var labels: [ReportKey: [StoredLabel]] = [:]
            for row in labelRows {
                labels[ReportKey(partner: row["partner"], id: row["id"]), default: []].append(StoredLabel(
                    node: row["node"], path: (row["path"] as String).split(separator: "/").map(String.init), score: row["score"]))
            }
            var facets: [String: [ReportKey: [String]]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT * FROM facet WHERE (partner, id) BETWEEN (?, ?) AND (?, ?) ORDER BY partner, id, kind, value",
                arguments: [first["partner"] as String, first["id"] as String, last["partner"] as String, last["id"] as String]) {
                facets[row["kind"], default: [:]][ReportKey(partner: row["partner"], id: row["id"]), default: []].append(row["value"])
            }
            return rows.map { row in
                let key = ReportKey(partner: row["partner"], id: row["id"])
                return StoredReport(
                    key: key, lang: row["lang"], country: row["country"], date: row["date"], text: row["text"],
                    contentHash: row["content_hash"], labels: labels[key] ?? [], platforms: facets["platform"]?[key] ?? [],
                    ageBands: (facets["age-band"]?[key] ?? []).sorted { Self.bandOrder($0) < Self.bandOrder($1) },
                    reporter: facets["reporter"]?[key]?.first, taxonomyVersion: row["taxonomy_version"],
                    rulesHash: row["rules_hash"])
            }
        }
    }

    /// Every stored report, in key order (for small stores and tests; large ones page with `reports(after:limit:)`).
    public func allReports() throws -> [StoredReport] {
        var all: [StoredReport] = []
        var page = try reports(after: nil, limit: 4096)
        while let last = page.last {
            all += page
            page = try reports(after: last.key, limit: 4096)
        }
        return all
    }

    /// How many reports the store holds, and how many of them without their text.
    public func counts() throws -> (reports: Int, withoutText: Int) {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, count(*) - count(text) AS bare FROM report")
            return (row?["n"] ?? 0, row?["bare"] ?? 0)
        }
    }
}

/// What counting needs of one stored report: where and when, and every node it counts under.
public struct CountingRecord: Sendable, Hashable {
    public var country: String?
    /// `YYYY-MM`.
    public var month: String
    /// Labelled nodes and their ancestors.
    public var nodes: Set<String>
    /// Facet kind (`platform`, `age-band`, `reporter`) → the values found in the text; a kind
    /// with none found is absent.
    public var facets: [String: [String]]

    public init(country: String?, month: String, nodes: Set<String>, facets: [String: [String]] = [:]) {
        self.country = country
        self.month = month
        self.nodes = nodes
        self.facets = facets
    }
}

extension ReportStore {
    /// The reports dated in one of `months` (`YYYY-MM`), without texts or ids.
    public func countingRecords(months: [String]) throws -> [CountingRecord] {
        guard !months.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: months.count).joined(separator: ", ")
        return try pool.read { db in
            var records: [String: (country: String?, month: String, nodes: Set<String>)] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.partner || char(10) || r.id AS key, r.country, r.month, l.path FROM report r
                    LEFT JOIN label l ON l.partner = r.partner AND l.id = r.id
                    WHERE r.month IN (\(placeholders))
                    """,
                arguments: StatementArguments(months))
            while let row = try rows.next() {
                let key: String = row["key"]
                var record = records[key] ?? (row["country"], row["month"], [])
                if let path: String = row["path"] { record.nodes.formUnion(path.split(separator: "/").map(String.init)) }
                records[key] = record
            }
            var facets: [String: [String: [String]]] = [:]
            let facetRows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT r.partner || char(10) || r.id AS key, f.kind, f.value FROM report r
                    JOIN facet f ON f.partner = r.partner AND f.id = r.id
                    WHERE r.month IN (\(placeholders))
                    """,
                arguments: StatementArguments(months))
            while let row = try facetRows.next() {
                facets[row["key"], default: [:]][row["kind"], default: []].append(row["value"])
            }
            return records.map { key, record in
                CountingRecord(country: record.country, month: record.month, nodes: record.nodes, facets: facets[key] ?? [:])
            }
        }
    }

    /// The months (`YYYY-MM`) that have reports, in order.
    public func months() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT month FROM report WHERE month IS NOT NULL ORDER BY month") }
    }

    /// The taxonomy versions and rule fingerprints the stored labels come from, with their report counts.
    public func labelledBy() throws -> [(taxonomyVersion: String, rulesHash: String, reports: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT taxonomy_version, rules_hash, count(*) AS n FROM report GROUP BY 1, 2 ORDER BY 3 DESC")
                .map { ($0["taxonomy_version"], $0["rules_hash"], $0["n"]) }
        }
    }
}
