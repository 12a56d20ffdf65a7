import Testing

import ReportIO

@Suite("Language tags reduced to their primary subtag")
struct LanguageTagTests {
    @Test("primary subtag, lower-cased, blanks trimmed; nil when empty", arguments: [
        ("en-US", "en"), (" FR ", "fr"), ("zh_Hant", "zh"), ("ar", "ar"), ("RU-ru", "ru"), ("", nil), ("-x", nil), ("  ", nil),
    ] as [(String, String?)])
    func primary(tag: String, expected: String?) {
        #expect(LanguageTag.primary(tag) == expected)
    }

    @Test("an absent tag stays absent")
    func absent() {
        #expect(LanguageTag.primary(nil) == nil)
    }
}
