import Foundation
import ReportStore
import Testing

/// `cop-threats report` end to end on the shipped Corpus/, stored with its texts.
@Suite(.serialized) struct ReportPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("cop-threats").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("cop-threats")
    }

    /// Runs the tool from the package root; returns the exit status and stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["COP_THREATS_CACHE": FileManager.default.temporaryDirectory.appendingPathComponent("cop-threats-tests-cache").path]) { $1 }
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("report-stderr-\(UUID().uuidString)")
        precondition(FileManager.default.createFile(atPath: err.path, contents: nil), "cannot write \(err.path)")
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: err, encoding: .utf8))
    }

    /// One store of Corpus/ with texts, shared by the tests of this suite.
    static let store: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = folder.appendingPathComponent("store.sqlite").path
        _ = try? run(["store", "ingest", "Corpus/", "--db", db, "--keep-text"])
        return db
    }()

    func writePage(_ lang: String) throws -> (folder: URL, files: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(lang)-\(UUID().uuidString)")
        let result = try Self.run(["report", "--db", Self.store, "-o", folder.path, "--lang", lang])
        #expect(result.status == 0, "\(result.stderr)")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return (folder, files)
    }

    /// `grep -r -F -o -f patterns folder` (whole words with `words`): what of the patterns the
    /// folder's files hold; empty when nothing.
    static func grep(_ patterns: [String], in folder: URL, words: Bool) throws -> String {
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("patterns-\(UUID().uuidString)")
        try patterns.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/grep")
        process.arguments = ["-r", "-F", "-o"] + (words ? ["-w"] : []) + ["-f", list.path, folder.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let found = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus <= 1, "grep failed")
        return found
    }

    @Test func noStoredTextOrIdReachesAnyFileInAnyLanguage() throws {
        let stored = try ReportStore(path: Self.store).allReports()
        #expect(stored.count > 250 && stored.allSatisfy { $0.text != nil })
        // Each line of each text (texts may hold line breaks), and each id as a word.
        let texts = stored.flatMap { $0.text!.split(separator: "\n").map(String.init) }.filter { $0.count >= 12 }
        let ids = stored.map(\.key.id)
        // The check itself: a page that held a text and an id would be caught.
        let planted = FileManager.default.temporaryDirectory.appendingPathComponent("planted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: planted, withIntermediateDirectories: true)
        try "<td>\(stored[7].text!)</td><td>\(ids[9])</td>".write(to: planted.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let caughtText = try Self.grep(texts, in: planted, words: false), caughtID = try Self.grep(ids, in: planted, words: true)
        #expect(!caughtText.isEmpty && !caughtID.isEmpty)
        for lang in ["en", "fr", "es", "ru", "ar", "zh"] {
            let (folder, files) = try writePage(lang)
            #expect(Set(files.keys) == ["index.html", "data.csv", "data.json"])
            let text = try Self.grep(texts, in: folder, words: false), id = try Self.grep(ids, in: folder, words: true)
            #expect(text == "", "a report text in the \(lang) page")
            #expect(id == "", "a report id in the \(lang) page")
        }
    }

    @Test func noCountBelowTheThresholdIsPublished() throws {
        let (_, files) = try writePage("en")
        let lines = try #require(files["data.csv"]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let valueColumn = try #require(lines.first?.firstIndex(of: "value")), flagsColumn = try #require(lines.first?.firstIndex(of: "flags"))
        let counts = lines.dropFirst().filter { $0[0] == "reports-by-threat" }
        #expect(counts.count > 100)
        for row in counts {
            let value = Int(row[valueColumn])
            #expect(value == nil || value == 0 || value! >= 5, "published count \(row.joined(separator: ","))")
            if value == nil { #expect(row[flagsColumn].hasPrefix("confidential")) }
        }
        // Corpus has countries with one to four reports a quarter: they are there, hidden.
        #expect(counts.contains { $0[flagsColumn] == "confidential-small" })
        let html = try #require(files["index.html"])
        #expect(html.contains(">&lt;5<"))
        let reader = html.replacingOccurrences(of: "&lt;5", with: "")
        // Every number drawn next to a bar is 0 or at least 5.
        for match in reader.matches(of: /<text x="\d+" y="\d+">(\d+)<\/text>/) {
            #expect(Int(match.1)! == 0 || Int(match.1)! >= 5)
        }
    }

    @Test func thePageIsSelfContainedAndInTheChosenLanguage() throws {
        let arabic = try #require(try writePage("ar").files["index.html"])
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(arabic.contains("الاستغلال والاعتداء الجنسي على الأطفال"))   // sexual-exploitation, from the taxonomy
        let chinese = try #require(try writePage("zh").files["index.html"])
        #expect(chinese.contains("儿童性剥削和性虐待") && chinese.contains("dir=\"ltr\""))
        for page in [arabic, chinese] {
            #expect(!page.contains("<script") && !page.contains("http") && !page.contains("src=") && !page.contains("@import"))
            #expect(page.contains("<svg") && page.contains("reports-by-threat") && page.contains("href=\"data.csv\""))
        }
    }

    /// The latest quarter by the platforms, age bands and reporters the texts show, with the
    /// platforms' published names and the reporters in the page's language.
    @Test func theFacetsOfTheLatestQuarterAreCharted() throws {
        let english = try #require(try writePage("en").files["index.html"])
        for heading in ["Reports by platform named, ", "Reports by children's age band, ", "Reports by who reported, "] {
            #expect(english.contains("<h2>\(heading.replacingOccurrences(of: "'", with: "'"))<bdi dir=\"ltr\">2026-Q2</bdi></h2>"), "\(heading)")
        }
        #expect(english.contains(">not stated</text>"))
        let french = try #require(try writePage("fr").files["index.html"])
        #expect(french.contains("Signalements par auteur, ") && french.contains(">non précisé</text>"))
        let data = try #require(try writePage("en").files["data.csv"])
        #expect(data.contains("reports-by-threat,2026-Q2,_T,,,_U,,,"))
    }

    /// Corpus's last quarter (2026-Q3) has fewer than 5 reports: the page shows the latest
    /// quarter whose total can be published (2026-Q2, 5 reports) instead of hidden cells.
    @Test func theLatestPublishableQuarterIsShown() throws {
        let html = try #require(try writePage("en").files["index.html"])
        #expect(html.contains("Share of reports by threat, <bdi dir=\"ltr\">2026-Q2</bdi>"))
        #expect(!html.contains(">2026-Q3</bdi></h2>"))
    }

    @Test func anUnknownLanguageIsRefusedWithTheChoices() throws {
        let result = try Self.run(["report", "--db", Self.store, "-o", "/tmp/unused", "--lang", "de"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("'de' is not a language of the page; use one of en, fr, es, ru, ar, zh."))
    }
}
