import Foundation
import Testing

/// `cop-threats indicators` on a store, as an analyst runs it.
@Suite struct IndicatorsCommandTests {
    /// 12 reports in France in February 2026 (7 bullying), 2 in Belgium (1 bullying).
    func store() throws -> (db: String, taxonomy: String) {
        let fixture = try StoreFixture()
        let folder = try temporaryFolder("indicators")
        var lines: [String] = []
        for i in 0..<12 { lines.append(#"{"id": "f\#(i)", "partner": "p", "country": "FR", "date": "2026-02-0\#(1 + i % 9)", "text": "\#(i < 7 ? "they bully him" : "homework")"}"#) }
        for i in 0..<2 { lines.append(#"{"id": "b\#(i)", "partner": "p", "country": "BE", "date": "2026-02-10", "text": "\#(i < 1 ? "they bully him" : "homework")"}"#) }
        let batch = folder.appendingPathComponent("batch.jsonl")
        try lines.joined(separator: "\n").write(to: batch, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("store.sqlite").path
        #expect(try Tool.run(["store", "ingest", batch.path, "--db", db, "--taxonomy", fixture.taxonomyURL.path]).status == 0)
        return (db, fixture.taxonomyURL.path)
    }

    @Test func csvIsOneObservationPerRowWithSmallCellsHidden() throws {
        let (db, taxonomy) = try store()
        let result = try Tool.run(["indicators", "--db", db, "--taxonomy", taxonomy, "--period", "2026-Q1", "--by", "country", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "indicator,period,threat,country,month,platform,age_band,reporter,value,lower,upper,unit,flags")
        #expect(rows.contains("reports-by-threat,2026-Q1,bullying,_T,,,,,8,,,reports,"))
        #expect(rows.contains("reports-by-threat,2026-Q1,bullying,BE,,,,,,,,reports,confidential-small"))
        // France's 7 would give Belgium's 1 away from the total of 8.
        #expect(rows.contains("reports-by-threat,2026-Q1,bullying,FR,,,,,,,,reports,confidential-secondary"))
        // 8 of 14: 57.14%, Wilson [32.59, 78.62].
        #expect(rows.contains("share-of-reports-by-threat,2026-Q1,bullying,_T,,,,,57.14,32.59,78.62,percent,"))
    }

    @Test func jsonIsLongFormatAndTheTableHonoursMinCell() throws {
        let (db, taxonomy) = try store()
        let json = try Tool.run(["indicators", "--db", db, "--taxonomy", taxonomy, "--period", "2026-02", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let observations = try #require(object["observations"] as? [[String: Any]])
        let bullying = try #require(observations.first { ($0["breakdowns"] as? [String: String]) == ["threat": "bullying"] && $0["indicator"] as? String == "reports-by-threat" })
        #expect(bullying["value"] as? Int == 8 && bullying["period"] as? String == "2026-02")
        let table = try Tool.run(["indicators", "--db", db, "--taxonomy", taxonomy, "--period", "2026-02", "--by", "country", "--min-cell", "2"])
        #expect(table.stdout.range(of: #"\nbullying +BE +<2\n"#, options: .regularExpression) != nil, "\(table.stdout)")
    }

    @Test func aBadPeriodOrAnEmptyOneIsExplained() throws {
        let (db, taxonomy) = try store()
        let bad = try Tool.run(["indicators", "--db", db, "--taxonomy", taxonomy, "--period", "Q1-2026"])
        #expect(bad.status != 0 && bad.stderr.contains("'Q1-2026' is not a period; give a year (2026), a quarter (2026-Q1) or a month (2026-03)."))
        let empty = try Tool.run(["indicators", "--db", db, "--taxonomy", taxonomy, "--period", "2024"])
        #expect(empty.status == 0 && empty.stderr.contains("The store has no reports dated in 2024; its reports run from 2026-02 to 2026-02."), "\(empty.stderr)")
    }
}
