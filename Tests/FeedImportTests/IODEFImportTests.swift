import ReportIO
import Testing

@testable import FeedImport

@Suite("IODEF feeds")
struct IODEFImportTests {
    @Test("the public RFC 5070 sample (marknl/iodef tests/iodef.xml) imports as written")
    func marknlSample() throws {
        let path = try Fixture.path("iodef-v1-marknl-tests.xml")
        #expect(try FeedFormat.detect(path: path) == .iodef1)
        let result = FeedResult(path: path)
        #expect(result.failure == nil)
        #expect(result.rejected.isEmpty)
        let report = try #require(result.reports.first)
        #expect(result.reports.count == 1)
        #expect(report.id == "908711")
        #expect(report.partner == "csirt.example.com")
        #expect(report.text == "Large bot-net\nThese hosts are compromised and acting as bots communicating with irc.example.com.")
        #expect(report.lang == "en")
        #expect(report.date == "2006-06-08T05:44:53-05:00")
        #expect(report.partnerCodes == ["dos"])
        #expect(report.origin == RecordLocation(file: path, line: 3))
    }

    @Test("IODEF v2: six incidents in six languages, categories and impacts kept as partner codes")
    func version2() throws {
        let path = try Fixture.path("iodef2-multilingual.xml")
        #expect(try FeedFormat.detect(path: path) == .iodef2)
        let result = FeedResult(path: path)
        #expect(result.failure == nil && result.rejected.isEmpty)
        #expect(result.reports.map(\.lang) == ["en", "fr", "es", "ru", "ar", "zh"])
        #expect(result.reports.map(\.id) == ["EN-2024-0001", "FR-2024-0002", "ES-2024-0003", "RU-2024-0004", "AR-2024-0005", "ZH-2024-0006"])
        #expect(result.reports.map(\.partnerCodes) == [
            ["grooming", "breach-privacy"], ["sextortion", "csam-hotline-referral", "extortion"], ["cyberbullying"],
            ["grooming"], ["csam"], ["grooming"],
        ])
        #expect(result.reports.allSatisfy { $0.partner?.lowercased() == "hotline.example.org" })
        // ReportTime, then GenerationTime, then DetectTime.
        #expect(result.reports.map(\.date).prefix(4) == ["2024-03-01T10:15:00Z", "2024-03-02T08:00:00+01:00", "2024-03-03T12:30:00-05:00", "2024-03-04T09:45:00+03:00"])
        let first = result.reports[0]
        #expect(first.text.hasPrefix("An adult stranger messaged"))
        #expect(first.text.hasSuffix("several children in the same game."))
        #expect(!first.text.contains("method description") && !first.text.contains("Embedded note"))
        #expect(result.reports[3].text == "Взрослый пользователь просит у девочки 13 лет фотографии & обещает подарки и предлагает встретиться.")
        #expect(result.reports.map(\.origin.line) == [6, 29, 40, 47, 55, 62])
    }

    @Test("IODEF v1: `lang` inherited from the document, Impact types with ext-type")
    func version1() throws {
        let result = FeedResult(path: try Fixture.path("iodef1-multilingual.xml"))
        #expect(result.failure == nil && result.rejected.isEmpty)
        #expect(result.reports.map(\.lang) == ["es", "ar", "zh"])
        #expect(result.reports.map(\.partnerCodes) == [["fake-casting", "info-leak"], ["social-engineering"], ["user"]])
        #expect(result.reports.map(\.date) == ["2024-04-01T10:00:00Z", "2024-04-02T10:00:00Z", "2024-04-03T10:00:00Z"])
    }

    @Test("an incident without an id is rejected with its lines, and the next one is still read")
    func missingID() throws {
        let path = try Fixture.path("hostile/missing-id.xml")
        let result = FeedResult(path: path)
        #expect(result.failure == nil)
        #expect(result.reports.map(\.id) == ["1", "3"])
        let rejected = try #require(result.rejected.first)
        #expect(rejected.location.line == 9)
        #expect(rejected.reason.contains("has no id"))
        #expect(String(decoding: rejected.raw, as: UTF8.self).hasSuffix("No id here.</Description>\n  </Incident>\n"))
    }
}
