import Foundation
import Testing

/// Shards run under Spark, Hadoop Streaming or `split | xargs`, and summaries for spreadsheets.
@Suite struct ShardAndSpreadsheetTests {
    static let reports = [
        #"{"id":"a","lang":"en","country":"FR","text":"He threatened to send my nudes to everyone at school unless I paid him."}"#,
        #"{"id":"b","lang":"fr","country":"FR","text":"Un inconnu menace de publier ses photos intimes si elle ne paie pas."}"#,
        #"{"id":"c","lang":"en","country":"GB","text":"hello there"}"#,
    ]

    /// The summary lines of two shards, gathered in one file (as Spark's pipe gives them back),
    /// merge into the summary of the whole batch.
    @Test func summaryLinesOfShardsMergeIntoTheWholeBatch() throws {
        let folder = try CLI.temporaryFolder()
        let whole = folder.appendingPathComponent("whole.json")
        let counts = ["--no-evidence", "-o", "/dev/null", "--by", "country"]
        #expect(try CLI.run(["classify", "-", "--summary", whole.path] + counts, stdin: Self.reports.joined(separator: "\n") + "\n").status == 0)
        var lines = ""
        for shard in [Self.reports[0...1], Self.reports[2...]] {
            let run = try CLI.run(["classify", "-", "--summary", "-", "--summary-line"] + counts, stdin: shard.joined(separator: "\n") + "\n")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasSuffix("}\n") && run.stdout.dropLast().contains("\n") == false, "one line: \(run.stdout)")
            lines += run.stdout
        }
        let merged = try CLI.run(["merge", "-"], stdin: lines + "\n")
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == (try String(contentsOf: whole, encoding: .utf8)))
        let broken = try CLI.run(["merge", "-"], stdin: lines + "{\"by\":[]}\n")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("<stdin>:3: is not a summary") || broken.stderr.contains("-:3: is not a summary"), "\(broken.stderr)")
    }

    /// A shard cut by `split` has no extension: it is read as JSON Lines since it starts with `{`;
    /// a file without extension that does not is still refused.
    @Test func aFileWithoutExtensionIsJSONLinesWhenItStartsWithABrace() throws {
        let folder = try CLI.temporaryFolder()
        let shard = folder.appendingPathComponent("shard-aa")
        try (Self.reports.joined(separator: "\n") + "\n").write(to: shard, atomically: true, encoding: .utf8)
        let read = try CLI.run(["classify", shard.path, "--no-evidence"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.split(separator: "\n").count == 3)
        #expect(read.stderr.contains("3 records in: 3 classified, 0 rejected"))
        let notes = folder.appendingPathComponent("notes")
        try "id,text\n1,hello\n".write(to: notes, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["classify", notes.path, "--no-evidence"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot tell the format of this file from its name; use --input-format"))
    }

    /// `--format wide-csv --names fr --bom`: a row per country, the nodes' French names as columns,
    /// a byte order mark first.
    @Test func wideCSVWithNamesInALanguageAndAByteOrderMark() throws {
        let folder = try CLI.temporaryFolder()
        let summary = folder.appendingPathComponent("s.json")
        let run = try CLI.run(["classify", "-", "--summary", summary.path, "--no-evidence", "-o", "/dev/null", "--by", "country"],
                              stdin: Self.reports.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let result = try CLI.run(["merge", summary.path, "--format", "wide-csv", "--names", "fr", "--bom"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("\u{FEFF}breakdown,value,reports,no_threat,Exploitation et abus sexuels d'enfants,"))
        let rows = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
        #expect(rows == ["all,all,3,1", "country,FR,2,0", "country,GB,1,1"])
        let unknown = try CLI.run(["merge", summary.path, "--format", "wide-csv", "--names", "de"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("The taxonomy has no names in 'de'; please use one of: ar, zh, en, fr, ru, es."))
        #expect(try CLI.run(["merge", summary.path, "--format", "table", "--names", "fr"]).status == 64)
    }
}
