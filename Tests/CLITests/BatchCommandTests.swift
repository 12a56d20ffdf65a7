import Foundation
import Testing

/// The main job end to end: classify, summaries, merge, bad input.
@Suite struct BatchCommandTests {
    @Test func badRecordsAreCountedLocatedAndKept() throws {
        let folder = try CLI.temporaryFolder()
        let jsonl = folder.appendingPathComponent("batch.jsonl")
        var lines = [
            #"{"id": "good-1", "text": "Someone keeps posting my address and school online.", "lang": "en"}"#,
            #"{"id": "bad-json", "text": "unterminated"#,
            #"{"id": "no-text", "lang": "en"}"#,
            #"{"id": "empty-text", "text": "   "}"#,
            #"{"id": "good-2", "text": "You have won a prize, call now to claim it", "lang": "en"}"#,
        ].joined(separator: "\n") + "\n"
        var data = Data(lines.utf8)
        data.append(contentsOf: [0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x0A])  // {"id":"\xFF\xFE"} invalid UTF-8
        try data.write(to: jsonl)
        let csv = folder.appendingPathComponent("batch.csv")
        lines = "id,text,lang\nc1,\"A stranger asked my son for photos,\nand to keep it secret\",en\nc2,too,many,fields\n"
        try lines.write(to: csv, atomically: true, encoding: .utf8)
        let rejects = folder.appendingPathComponent("rejects.txt").path
        let summary = folder.appendingPathComponent("summary.json").path
        let result = try CLI.run(["classify", jsonl.path, csv.path, folder.appendingPathComponent("missing.jsonl").path,
                                  "--no-evidence", "--rejects", rejects, "--summary", summary])
        #expect(result.status == 2)
        let output = result.stdout.split(separator: "\n")
        #expect(output.count == 3)
        #expect(output.map { $0.contains("\"good-1\"") || $0.contains("\"good-2\"") || $0.contains("\"c1\"") }.allSatisfy { $0 })
        for located in ["batch.jsonl:2:", "batch.jsonl:3:", "batch.jsonl:4:", "batch.jsonl:6:", "batch.csv:4:", "missing.jsonl"] {
            #expect(result.stderr.contains(located), "no message located at \(located):\n\(result.stderr)")
        }
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        #expect(counts["classified"] as? Int == 3)
        #expect(counts["rejected"] as? Int == 5)   // 4 bad JSONL lines, 1 bad CSV row
        #expect(counts["records_in"] as? Int == 8)
        #expect(counts["inputs_failed"] as? Int == 1)   // the missing file: an input, not a record
        #expect(result.stderr.contains("8 records in: 3 classified, 5 rejected; 0 with no threat; 1 input could not be read"), "\(result.stderr)")
        let kept = String(decoding: try Data(contentsOf: URL(fileURLWithPath: rejects)), as: UTF8.self)
        #expect(kept.contains("bad-json") && kept.contains("no-text") && !kept.contains("too,many,fields"))
        // The CSV row goes under its header, in a file of its own beside the JSONL lines.
        let keptRows = try String(contentsOfFile: folder.appendingPathComponent("rejects.2.csv").path, encoding: .utf8)
        #expect(keptRows == "id,text,lang\nc2,too,many,fields\n")
        #expect(result.stderr.contains("rejects.2.csv (CSV rows under the header of \(csv.path))"), "\(result.stderr)")
    }

    /// An input that cannot be read at all is an input that failed, not a record: a missing
    /// file and a CSV without the text column beside a good batch.
    @Test func unreadableInputsAreCountedApartFromRecords() throws {
        let folder = try CLI.temporaryFolder()
        let csv = folder.appendingPathComponent("cases.csv")
        try "ref,narrative\n1,someone posts my address\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try CLI.run(["classify", "-", csv.path, folder.appendingPathComponent("missing.jsonl").path, "--no-evidence"],
                                 stdin: #"{"id": "a", "text": "hello there"}"# + "\n")
        #expect(result.status == 2)
        #expect(result.stderr.contains("cases.csv:1: the header has no 'text' column (it has: ref, narrative)"))
        #expect(result.stderr.contains("missing.jsonl:0: cannot read this input: no such file or folder"))
        #expect(result.stderr.contains("1 record in: 1 classified, 0 rejected; 1 with no threat; 2 inputs could not be read"), "\(result.stderr)")
    }

    /// A JSONL batch and a case-management CSV export with other column names, in one run:
    /// `cases.csv:text=Narrative,id=CaseRef` reads that file alone with its own names.
    @Test func eachInputCanNameItsOwnFields() throws {
        let folder = try CLI.temporaryFolder()
        let csv = folder.appendingPathComponent("cases.csv")
        try "CaseRef,Narrative,Country\nK-1,Someone keeps posting my address and school online.,FR\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try CLI.run(["classify", "-", csv.path + ":text=Narrative,id=CaseRef,country=Country", "--no-evidence", "--format", "csv"],
                                 stdin: #"{"id": "j-1", "text": "You have won a prize, call now to claim it", "country": "ES"}"# + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").dropFirst()
        #expect(rows.map { $0.split(separator: ",").prefix(4).joined(separator: ",") } == ["j-1,en,ES,scam", "K-1,en,FR,doxxing"], "\(result.stdout)")
        #expect(result.stderr.contains("2 records in: 2 classified, 0 rejected"), "\(result.stderr)")
        // The JSONL input keeps the run's names; the CSV export alone has its own.
        let wrong = try CLI.run(["classify", csv.path + ":txt=Narrative"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("'txt' in '\(csv.path):txt=Narrative' is not a field an input can name; use id, text, lang, country, partner, date, partner_codes."), "\(wrong.stderr)")
    }

    /// A cross-table of two fields; a field named twice in one is refused before anything runs.
    @Test func jointBreakdownsAreCountedAndWrongOnesRefused() throws {
        let batch = [
            #"{"id": "a", "text": "Someone keeps posting my address online", "country": "FR", "date": "2025-01-17"}"#,
            #"{"id": "b", "text": "hello there", "country": "FR", "date": "2025-04-02"}"#,
        ].joined(separator: "\n") + "\n"
        let folder = try CLI.temporaryFolder()
        let summary = folder.appendingPathComponent("s.json").path
        let result = try CLI.run(["classify", "-", "--no-evidence", "-o", "/dev/null", "--by", "country+quarter", "--summary", summary], stdin: batch)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        let joint = (json["breakdowns"] as? [String: Any])?["country+quarter"] as? [String: Any]
        #expect(Set(joint?.keys ?? [:].keys) == ["FR+2025-Q1", "FR+2025-Q2"])
        let refused = try CLI.run(["classify", "-", "--by", "country+country"], stdin: batch)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("'country+country' is not a breakdown"), "\(refused.stderr)")
    }

    /// `--by` a field of the input carried with `--carry` (a helpline's region), alone or joined;
    /// `summarize` re-cuts classify's output by it and gets the same counts.
    @Test func countsBreakDownByACarriedField() throws {
        let batch = [
            #"{"id": "a", "text": "Someone keeps posting my address online", "region": "Nord", "date": "2025-01-17"}"#,
            #"{"id": "b", "text": "hello there", "region": "Nord", "date": "2025-04-02"}"#,
            #"{"id": "c", "text": "hello again", "region": "Sud", "date": "2025-04-09"}"#,
            #"{"id": "d", "text": "and once more"}"#,
        ].joined(separator: "\n") + "\n"
        let folder = try CLI.temporaryFolder()
        let summary = folder.appendingPathComponent("s.json").path, output = folder.appendingPathComponent("out.jsonl").path
        let result = try CLI.run(["classify", "-", "--no-evidence", "-o", output, "--carry", "region", "--by", "region,region+quarter", "--summary", summary], stdin: batch)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        let breakdowns = json["breakdowns"] as? [String: [String: [String: Any]]]
        #expect(breakdowns?["region"]?.mapValues { $0["reports"] as? Int } == ["Nord": 2, "Sud": 1, "unknown": 1])
        #expect(Set(breakdowns?["region+quarter"]?.keys ?? [:].keys) == ["Nord+2025-Q1", "Nord+2025-Q2", "Sud+2025-Q2", "unknown+unknown"])
        let again = folder.appendingPathComponent("again.json").path
        let summarized = try CLI.run(["summarize", output, "--by", "region,region+quarter", "--format", "json", "-o", again])
        #expect(summarized.status == 0, "\(summarized.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: summary)))
        let uncarried = try CLI.run(["classify", "-", "--by", "country,region"], stdin: batch)
        #expect(uncarried.status == 64)
        #expect(uncarried.stderr.contains("--by 'region' is not a report field (lang, country, partner, month, quarter); to count by a field of the input, carry it too: --carry region."), "\(uncarried.stderr)")
    }

    @Test func goodBatchExitsZero() throws {
        let result = try CLI.run(["classify", "-", "--no-evidence"], stdin: #"{"id": 1, "text": "hello there"}"# + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(#"{"id":1"#) || result.stdout.hasPrefix(#"{"id":"1""#))
    }

    /// Metadata the counts cannot use is counted and said, not silently "unknown": `EN-gb` is
    /// English, `17/01/2025` and `de` are warned about with their counts.
    @Test func unusableDatesAndLanguageTagsAreWarnedAbout() throws {
        let batch = [
            #"{"id": "a", "text": "Someone keeps posting my address online", "lang": "EN-gb", "date": "17/01/2025"}"#,
            #"{"id": "b", "text": "Jemand beleidigt meinen Sohn", "lang": "de", "date": "03.02.2025"}"#,
            #"{"id": "c", "text": "Quelqu'un harcèle ma fille", "lang": "fr", "date": "2025-02-03"}"#,
        ].joined(separator: "\n") + "\n"
        let result = try CLI.run(["classify", "-", "--no-evidence", "--by", "month,lang"], stdin: batch)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#"{"id":"a","lang":"en""#))
        #expect(result.stderr.contains("warning: 2 reports have dates that are not ISO 8601 (YYYY-MM-DD), such as '17/01/2025'"))
        #expect(result.stderr.contains("warning: 1 report has a language tag the taxonomy has no rules for (de ×1)"))
        #expect(result.stderr.contains("3 records in: 3 classified, 0 rejected"))
    }

    @Test func corpusClassifiesAndPrintsTheSummaryTable() throws {
        let result = try CLI.run(["classify", "Corpus/", "--no-evidence", "--summary-table", "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("grooming"))
        #expect(result.stderr.contains("0 rejected"))
    }

    /// On the real labelled data: the summary equals counts taken from the output itself, and
    /// four shards merged equal the whole.
    @Test(.enabled(if: CLI.hasDev, "needs ../shared/eval/dev.jsonl"))
    func devSummaryMatchesOutputAndShardsMerge() throws {
        let folder = try CLI.temporaryFolder()
        let whole = folder.appendingPathComponent("whole.json").path
        let output = folder.appendingPathComponent("whole.jsonl").path
        let run = try CLI.run(["classify", CLI.dev, "--no-evidence", "--by", "lang", "--summary", whole, "-o", output])
        #expect(run.status == 0, "\(run.stderr)")

        // Counts per node straight from the output: a node counts a report once if it or a descendant matched.
        var perNode: [String: Int] = [:]
        for line in try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let labels = object["labels"] as? [[String: Any]] ?? []
            for node in Set(labels.flatMap { $0["path"] as? [String] ?? [] }) { perNode[node, default: 0] += 1 }
        }
        let summarized = try CLI.run(["summarize", output, "--by", "lang", "--format", "json"])
        #expect(summarized.status == 0, "\(summarized.stderr)")
        let wholeSummary = try String(contentsOfFile: whole, encoding: .utf8)
        #expect(normalizedJSON(summarized.stdout) == normalizedJSON(wholeSummary))
        let summaryObject = try #require(try JSONSerialization.jsonObject(with: Data(wholeSummary.utf8)) as? [String: Any])
        let total = try #require(summaryObject["total"] as? [String: Any])
        let summaryNodes = try #require(total["nodes"] as? [String: Int])
        #expect(!perNode.isEmpty)
        #expect(summaryNodes.filter { $0.value > 0 } == perNode)

        // Four shards, classified separately, merged.
        let lines = try String(contentsOfFile: CLI.dev, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        var shardSummaries: [String] = []
        for shard in 0..<4 {
            let shardInput = folder.appendingPathComponent("shard\(shard).jsonl")
            try (lines.enumerated().filter { $0.offset % 4 == shard }.map(\.element).joined(separator: "\n") + "\n")
                .write(to: shardInput, atomically: true, encoding: .utf8)
            let shardSummary = folder.appendingPathComponent("shard\(shard).json").path
            let shardRun = try CLI.run(["classify", shardInput.path, "--no-evidence", "--by", "lang", "--summary", shardSummary, "-o", "/dev/null"])
            #expect(shardRun.status == 0, "\(shardRun.stderr)")
            shardSummaries.append(shardSummary)
        }
        let merged = try CLI.run(["merge"] + shardSummaries + ["--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(normalizedJSON(merged.stdout) == normalizedJSON(wholeSummary))
    }

    @Test func mergeRefusesDifferentTaxonomyVersions() throws {
        let folder = try CLI.temporaryFolder()
        let a = folder.appendingPathComponent("a.json").path
        let run = try CLI.run(["classify", "-", "--summary", a, "-o", "/dev/null"], stdin: #"{"id":"1","text":"hi"}"# + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let b = folder.appendingPathComponent("b.json").path
        let text = try String(contentsOfFile: a, encoding: .utf8)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var taxonomy = try #require(object["taxonomy"] as? [String: Any])
        taxonomy["version"] = "0.0.1"
        object["taxonomy"] = taxonomy
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: b))
        let merged = try CLI.run(["merge", a, b])
        #expect(merged.status != 0)
        #expect(merged.stderr.contains("0.0.1"))
    }

    /// A record over --max-record-bytes: one rejected record, counted, kept cut in --rejects
    /// with a note, and the batch goes on.
    @Test func recordOverTheSizeCapIsOneRejectedRecord() throws {
        let folder = try CLI.temporaryFolder()
        let rejects = folder.appendingPathComponent("rejects.jsonl").path
        let summary = folder.appendingPathComponent("summary.json").path
        let input = #"{"id":"big","text":""# + String(repeating: "x", count: 5000) + "\"}\n" + #"{"id":"ok","text":"hello"}"# + "\n"
        let run = try CLI.run(["classify", "-", "--max-record-bytes", "2048", "--no-evidence", "--rejects", rejects, "--summary", summary], stdin: input)
        #expect(run.status == 2)
        // Every line names the rules that labelled it, with the hash the summary carries.
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        let rules = try #require((written["taxonomy"] as? [String: Any])?["rules"] as? String)
        #expect(run.stdout == #"{"id":"ok","labels":[],"rules":""# + rules + "\"}\n")
        #expect(run.stderr.contains("<stdin>:1: the line is longer than 2 KB (--max-record-bytes), so it is not read; --rejects keeps its first 2 KB"))
        let kept = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(kept == String(input.prefix(2048)) + " [cut by cop-threats: the record is longer than 2 KB; only its first 2 KB are kept here]\n")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        #expect(counts["records_in"] as? Int == 2 && counts["classified"] as? Int == 1 && counts["rejected"] as? Int == 1)
    }

    /// The same file given twice is read once, with a warning, and counted once.
    @Test func repeatedInputIsReadOnce() throws {
        let folder = try CLI.temporaryFolder()
        try Data(OutputSafetyTests.record.utf8).write(to: folder.appendingPathComponent("in.jsonl"))
        let run = try CLI.run(["classify", "in.jsonl", "./in.jsonl", "--no-evidence"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("./in.jsonl: warning: skipped: this file was already read as in.jsonl, so it is not read again"))
        #expect(run.stderr.contains("1 record in: 1 classified, 0 rejected"))
    }

    /// Rejects of CSV files with different headers, and of JSONL, each go to a file of their
    /// own (they were all written under the first CSV header), and the run says where.
    @Test func rejectsOfEachHeaderGetAFileOfTheirOwn() throws {
        let folder = try CLI.temporaryFolder()
        try Data("id,text\na,x,extra\n".utf8).write(to: folder.appendingPathComponent("a.csv"))
        try Data("text,id,lang\n\"y\",b,en,zz\n".utf8).write(to: folder.appendingPathComponent("b.csv"))
        try Data(#"{"id":"j""#.utf8 + [0x0A]).write(to: folder.appendingPathComponent("c.jsonl"))
        try Data("kept\n".utf8).write(to: folder.appendingPathComponent("rejects.2.csv"))
        // -o names the file the JSONL rejects would take first: they go further.
        let run = try CLI.run(["classify", "a.csv", "b.csv", "c.jsonl", "--rejects", "rejects.csv", "-o", "./rejects.4.jsonl", "--no-evidence"], in: folder)
        #expect(run.status == 2)
        func contents(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        #expect(try contents("rejects.csv") == "id,text\na,x,extra\n")
        #expect(try contents("rejects.2.csv") == "kept\n")
        #expect(try contents("rejects.3.csv") == "text,id,lang\n\"y\",b,en,zz\n")
        #expect(try contents("rejects.4.jsonl") == "")
        #expect(try contents("rejects.5.jsonl") == #"{"id":"j""# + "\n")
        #expect(run.stderr.contains("The rejected records are in rejects.csv (CSV rows under the header of a.csv), "
            + "rejects.3.csv (CSV rows under the header of b.csv), rejects.5.jsonl (lines, the first from c.jsonl)."), "\(run.stderr)")
    }

    @Test func mergeReadsOneSummaryFromStandardInput() throws {
        let folder = try CLI.temporaryFolder()
        let a = folder.appendingPathComponent("a.json").path, b = folder.appendingPathComponent("b.json").path
        #expect(try CLI.run(["classify", "-", "--summary", a, "-o", "/dev/null"], stdin: #"{"id":"1","text":"hi"}"# + "\n").status == 0)
        #expect(try CLI.run(["classify", "-", "--summary", b, "-o", "/dev/null"], stdin: #"{"id":"2","text":"hello"}"# + "\n").status == 0)
        let merged = try CLI.run(["merge", "-", b], stdin: try String(contentsOfFile: a, encoding: .utf8))
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains(#""records_in" : 2"#), "\(merged.stdout)")
        let twice = try CLI.run(["merge", "-", "-"], stdin: "")
        #expect(twice.status == 1 && twice.stderr.contains("standard input is given twice"), "\(twice.stderr)")
    }

    /// Summaries carry the rules hash that `--version` prints, so merge can tell edited rules apart.
    @Test func summaryCarriesTheRulesHash() throws {
        let folder = try CLI.temporaryFolder()
        let summary = folder.appendingPathComponent("s.json").path
        let run = try CLI.run(["classify", "-", "--summary", summary, "-o", "/dev/null"], stdin: #"{"id":"1","text":"hi"}"# + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let version = try CLI.run(["--version"]).stdout
        let hash = try #require(version.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        #expect((object["taxonomy"] as? [String: Any])?["rules"] as? String == hash)
    }

    @Test func legacyEncodingIsReadOrRefused() throws {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("export.csv")
        // Windows-1252: "é" is 0xE9, the curly quotes 0x93 and 0x94.
        try Data(Array("id;text\n1;un homme demande des photos ".utf8) + [0xE0] + Array(" ma fille et dit ".utf8)
            + [0x93] + Array("garde le secret".utf8) + [0x94, 0x0A]).write(to: file)
        let run = try CLI.run(["classify", file.path, "--encoding", "windows-1252", "--no-evidence"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("grooming"), "\(run.stdout)")
        let refused = try CLI.run(["classify", file.path, "--encoding", "utf-16", "-o", "/dev/null"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("'utf-16' is not an encoding this tool reads: give utf-8 (the default), windows-1252 or latin-1."), "\(refused.stderr)")
    }

    @Test func csvSeparatorIsGivenOrRefused() throws {
        let csv = "id|text\n1|a man asked my son for photos\n2|hello, there\n"
        let run = try CLI.run(["classify", "-", "--input-format", "csv", "--delimiter", "|", "--no-evidence"], stdin: csv)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 records in: 2 classified, 0 rejected"), "\(run.stderr)")
        let refused = try CLI.run(["classify", "-", "--delimiter", "\"", "-o", "/dev/null"], stdin: csv)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("is not a CSV separator: give comma, semicolon, tab or one character other than a quote."), "\(refused.stderr)")
    }

    @Test func repeatedBreakdownIsRefused() throws {
        let run = try CLI.run(["classify", "-", "--by", "lang,lang", "-o", "/dev/null"], stdin: #"{"id":"1","text":"hi"}"# + "\n")
        #expect(run.status == 64)
        #expect(run.stderr.contains("--by names 'lang' twice; please name each field once."), "\(run.stderr)")
    }

    /// A count near Int64.max in one shard: refused with the file and the count named, no crash.
    @Test func mergeRefusesCountsThatOverflow() throws {
        let folder = try CLI.temporaryFolder()
        let a = folder.appendingPathComponent("a.json").path
        let run = try CLI.run(["classify", "-", "--summary", a, "-o", "/dev/null"], stdin: #"{"id":"1","text":"hi"}"# + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let b = folder.appendingPathComponent("b.json").path
        let text = try String(contentsOfFile: a, encoding: .utf8)
        // Valid on its own (records in = classified = reports = no threat), too large to add to a.
        try text.replacingOccurrences(of: #" : 1,"#, with: #" : 9223372036854775807,"#)
            .replacingOccurrences(of: " : 1\n", with: " : 9223372036854775807\n")
            .write(toFile: b, atomically: true, encoding: .utf8)
        let merged = try CLI.run(["merge", a, b])
        #expect(merged.status == 1)
        #expect(merged.stderr.contains("\(b): cannot be merged with \(a): its count 'records_in' is too large"), "\(merged.stderr)")
    }

    /// A shard given twice (the same file, under another name, or a copy) and a tampered
    /// summary are refused, naming the file; nothing is written.
    @Test func mergeRefusesRepeatedAndTamperedShards() throws {
        let folder = try CLI.temporaryFolder()
        let a = folder.appendingPathComponent("a.json").path
        let run = try CLI.run(["classify", "-", "--summary", a, "-o", "/dev/null"], stdin: #"{"id":"1","text":"hi"}"# + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let copy = folder.appendingPathComponent("copy.json").path
        try FileManager.default.copyItem(atPath: a, toPath: copy)
        let tampered = folder.appendingPathComponent("tampered.json").path
        try String(contentsOfFile: a, encoding: .utf8).replacingOccurrences(of: #""rejected" : 0"#, with: #""rejected" : -5"#)
            .write(toFile: tampered, atomically: true, encoding: .utf8)
        let cases = [
            ([a, a], "\(a): is the same file as \(a); each shard must be given once, or it is counted twice."),
            ([a, folder.path + "/../" + folder.lastPathComponent + "/a.json"], "/a.json: is the same file as \(a);"),
            ([a, copy], "\(copy): is a copy of \(a);"),
            ([a, tampered], "\(tampered): this summary does not add up: 'rejected' is negative (-5); it was changed or damaged after `classify` wrote it, so it cannot be merged."),
        ]
        for (files, message) in cases {
            let merged = try CLI.run(["merge"] + files)
            #expect(merged.status == 1)
            #expect(merged.stdout.isEmpty)
            #expect(merged.stderr.contains(message), "\(merged.stderr)")
        }
    }

    /// JSON re-serialised with sorted keys, so key order and spacing do not matter.
    private func normalizedJSON(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}
