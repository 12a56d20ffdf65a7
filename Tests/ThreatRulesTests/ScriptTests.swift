import Testing
import ThreatRules
import ThreatTaxonomy

/// Every rule kind in every script, with evidence offsets checked against the original text.
@Suite("Scripts")
struct ScriptTests {
    typealias T = TestTaxonomy

    /// One node `n` whose rules are in `language`.
    static func rules(_ language: String, terms: [TermRule] = [], exclude: [TermRule] = [], near: [CooccurrenceRule] = []) throws -> RuleSet {
        try RuleSet(taxonomy: T.taxonomy([
            T.node("n", [language: LanguageRules(terms: terms, exclusions: exclude, cooccurrences: near)])
        ]))
    }

    /// The single evidence of the single label, or nil.
    static func evidence(_ rules: RuleSet, _ text: String, _ language: String) -> Evidence? {
        let labels = rules.classify(text, language: language).labels
        return labels.count == 1 && labels[0].evidence.count == 1 ? labels[0].evidence[0] : nil
    }

    @Test("Latin: case and diacritics fold; evidence spans the original", arguments: [
        ("fr", "harcèlement", "Arrêtez ce HARCELEMENT !", "HARCELEMENT", 11, 22),
        ("fr", "harcel*", "elle a été harcelée", "harcelée", 11, 19),
        ("es", "amenaz*", "¡Me amenazó ayer!", "amenazó", 4, 11),
        ("es", "acoso escolar", "Sufre acoso  escolar.", "acoso  escolar", 6, 20),
        ("en", "self harm", "talks about self-harm", "self-harm", 12, 21),
    ])
    func latin(language: String, term: String, text: String, found: String, start: Int, end: Int) throws {
        let rules = try Self.rules(language, terms: [T.term(term)])
        let evidence = try #require(Self.evidence(rules, text, language))
        #expect(evidence.text == found)
        #expect([evidence.start, evidence.end] == [start, end])
    }

    @Test("Cyrillic: terms, prefixes and whole words")
    func cyrillic() throws {
        let rules = try Self.rules("ru", terms: [T.term("травля"), T.term("угроз*")])
        let evidence = try #require(Self.evidence(rules, "Это ТРАВЛЯ.", "ru"))
        #expect([evidence.text, "\(evidence.start)", "\(evidence.end)"] == ["ТРАВЛЯ", "4", "10"])
        #expect(rules.classify("он получил угрозы", language: "ru").nodes == ["n"])
        #expect(rules.classify("затравлянный", language: "ru").isBenign)
    }

    @Test("Arabic: attached clitic prefixes do not block a match; other letters do", arguments: [
        ("الانتحار", true, 2), ("والانتحار", true, 3), ("بالانتحار", true, 3), ("فانتحار", true, 1),
        ("للانتحار", true, 2), ("انتحار", true, 0), ("مانتحار", false, 0),
    ])
    func arabicClitics(word: String, matches: Bool, termOffset: Int) throws {
        let rules = try Self.rules("ar", terms: [T.term("انتحار")])
        let text = "فكر في " + word
        let evidence = Self.evidence(rules, text, "ar")
        #expect((evidence != nil) == matches)
        if let evidence {
            #expect(evidence.start == 7 + termOffset)
            #expect(evidence.text == "انتحار")
        }
    }

    @Test("Chinese: substring semantics, simplified and traditional match each other", arguments: [
        ("网络欺凌", "他在網絡欺凌別人", "網絡欺凌", 2, 6),
        ("網絡欺凌", "他在网络欺凌别人", "网络欺凌", 2, 6),
        ("诈骗", "这是诈骗吗", "诈骗", 2, 4),
    ])
    func chinese(term: String, text: String, found: String, start: Int, end: Int) throws {
        let rules = try Self.rules("zh", terms: [T.term(term)])
        let evidence = try #require(Self.evidence(rules, text, "zh"))
        #expect([evidence.text, "\(evidence.start)", "\(evidence.end)"] == [found, "\(start)", "\(end)"])
    }

    @Test("Chinese exclusions and combinations work on substrings")
    func chineseRules() throws {
        let rules = try Self.rules("zh", terms: [T.term("自杀")], exclude: [T.term("防止自杀")], near: [T.near(["见面", "秘密"], sentence: true)])
        #expect(rules.classify("学校开展防止自杀教育", language: "zh").isBenign)
        #expect(rules.classify("他想自杀", language: "zh").nodes == ["n"])
        #expect(rules.classify("我们见面吧，这是秘密", language: "zh").nodes == ["n"])
        #expect(rules.classify("我们见面吧。这是秘密", language: "zh").isBenign)
    }

    @Test("a Latin word inside Chinese text still matches as a whole word")
    func latinInChinese() throws {
        let rules = try Self.rules("zh", terms: [T.term("scam")])
        let evidence = try #require(Self.evidence(rules, "这是scam吗", "zh"))
        #expect([evidence.start, evidence.end] == [2, 6])
    }

    @Test("offsets count Unicode scalars: combining marks, emoji, ZWJ sequences", arguments: [
        ("Le harce\u{300}lement continue", "harcèlement", "harce\u{300}lement", 3, 15),
        ("😡 I will kill you", "kill", "kill", 9, 13),
        ("👩‍👧 kill", "kill", "kill", 4, 8),
        ("e\u{301}e\u{301} KILL", "kill", "KILL", 5, 9),
    ])
    func offsets(text: String, term: String, found: String, start: Int, end: Int) throws {
        let rules = try Self.rules("fr", terms: [T.term(term)])
        let evidence = try #require(Self.evidence(rules, text, "fr"))
        #expect(evidence.text == found)
        #expect([evidence.start, evidence.end] == [start, end])
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[evidence.start..<evidence.end])) == found)
    }

    @Test("exact terms keep their diacritics; case still folds; with evidence or without", arguments: [
        ("un café noir", true), ("UN CAFÉ", true), ("un cafe noir", false), ("un café, un cafe", true),
    ])
    func exact(text: String, matches: Bool) throws {
        let rules = try Self.rules("fr", terms: [T.term("café", exact: true)])
        #expect(rules.classify(text, language: "fr").nodes == (matches ? ["n"] : []))
        let counted = rules.makeScanner().classify(text, language: "fr", evidence: false)
        #expect(counted.labels.map(\.node) == (matches ? ["n"] : []) && counted.labels.allSatisfy(\.evidence.isEmpty))
    }

    @Test("obfuscated spellings match through the whole engine", arguments: [
        ("i will k.i.l.l you", "k.i.l.l"), ("i will k1ll you", "k1ll"), ("i will ki11 you", "ki11"),
        ("i will kiiill you", "kiiill"), ("thinking of su1c1de", "su1c1de"),
        ("s u i c i d e", "s u i c i d e"), ("this is a $cam", "$cam"), ("this is a s\u{441}am", "s\u{441}am"),
    ])
    func obfuscation(text: String, found: String) throws {
        let rules = try Self.rules("en", terms: [T.term("kill"), T.term("suicide"), T.term("scam")])
        let evidence = try #require(Self.evidence(rules, text, "en"))
        #expect(evidence.text == found)
    }
}
