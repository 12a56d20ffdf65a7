import Foundation
import Testing
import TextFormats

@Suite("JSON writer")
struct JSONOutputTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" and \\ backslash", #""quote \" and \\ backslash""#),
        ("tab\tnew\nline\rcr", #""tab\tnew\nline\rcr""#),
        ("\u{01}\u{1F}\u{7F}", #""\u0001\u001f\u007f""#),
        ("sep\u{2028}para\u{2029}", #""sep\u2028para\u2029""#),
        ("é 中文 😀 ع", "\"é 中文 😀 ع\""),
    ])
    func escaping(value: String, expected: String) throws {
        var out = JSONOutput()
        out.string(value)
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data(out.bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == value)
    }

    @Test(arguments: [(1.0, "1"), (0.5, "0.5"), (-2.0, "-2"), (1.25, "1.25")])
    func numbers(value: Double, expected: String) {
        var out = JSONOutput()
        out.number(value)
        #expect(String(decoding: out.bytes, as: UTF8.self) == expected)
    }
}
