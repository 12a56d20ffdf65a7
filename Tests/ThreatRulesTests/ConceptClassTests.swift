import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Concept classes and indicators")
struct ConceptClassTests {
    typealias T = TestTaxonomy

    static let grooming: [String: [String: [String]]] = [
        "en": [
            "gift": ["gift*", "$currency"],
            "currency": ["robux", "v-bucks", "{gift|steam} card*"],
            "secrecy": ["not to tell {us|anyone}", "not to tell {his|her} parents", "keep* it secret", "delet* the messag*"],
            "pet": ["dog", "cat", "puppy"],
            "negation": ["not", "never", "nobody"],
        ],
        "fr": [
            "gift": ["cadeau*", "$currency"],
            "currency": ["v-bucks"],
            "secrecy": ["{rien|pas} dire", "entre nous"],
        ],
    ]

    @Test("a class expands to its terms, nested classes included, in every language", arguments: [
        ("A man gives my son robux and told him not to tell us.", "en", true),
        ("He sent steam cards and said to keep it secret", "en", true),
        ("He keeps it secret", "en", false),
        ("Il lui offre des v-bucks et lui dit de ne rien dire", "fr", true),
        ("Il lui offre des cadeaux, c'est entre nous", "fr", true),
        ("Il lui offre des cadeaux", "fr", false),
    ])
    func expansion(text: String, language: String, matches: Bool) throws {
        let rules = try T.rules(indicators: [T.indicator(["$gift", "$secrecy"], within: 12)], classes: Self.grooming)
        #expect(rules.classify(text, language: language).nodes == (matches ? ["n"] : []))
    }

    @Test("alternation spells out every choice, and an empty choice makes a part optional", arguments: [
        ("not to tell her parents", true),
        ("not to tell his parents", true),
        ("not to tell anyone", true),
        ("not to tell their parents", false),
    ])
    func alternation(text: String, matches: Bool) throws {
        let rules = try T.rules(indicators: [T.indicator(["$secrecy"])], classes: Self.grooming)
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
        #expect(Alternation.expand("{|very }young {boy|girl}") == ["young boy", "young girl", "very young boy", "very young girl"])
        #expect(Alternation.problem(in: "{a|b") != nil)
        #expect(Alternation.problem(in: "{a}") != nil)
        #expect(Alternation.problem(in: "{a|{b|c}}") != nil)
    }

    @Test("at least N of several classes, within the window, whichever N they are", arguments: [
        ("robux, a puppy, and keep it secret", true),
        ("robux and a puppy", true),
        ("robux, keep it secret", true),
        ("keep it secret, a puppy", true),
        ("a puppy", false),
        ("robux robux gift cards", false),
        ("robux. Many many many many many many many words later: a puppy", false),
    ])
    func atLeast(text: String, matches: Bool) throws {
        let rules = try T.rules(
            indicators: [T.indicator(["$gift", "$secrecy", "$pet"], needed: 2, within: 6)], classes: Self.grooming)
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("ordered parts must appear in the order written", arguments: [
        ("robux then not to tell anyone", true),
        ("not to tell anyone, then robux", false),
    ])
    func ordered(text: String, matches: Bool) throws {
        let rules = try T.rules(
            indicators: [T.indicator(["$gift", "$secrecy"], within: 10, ordered: true)], classes: Self.grooming)
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("a counter-context cancels only what it is scoped to", arguments: [
        ("He gave her gift cards.", true),
        ("The dog got a gift.", false),
        ("He gave her gift cards. The dog barked.", true),
    ])
    func sentenceScopedVeto(text: String, matches: Bool) throws {
        let rules = try T.rules(
            indicators: [T.indicator(["$gift"], unless: [ContextCondition(classID: "pet")])], classes: Self.grooming)
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("a counter-context within N words, and one over the whole report", arguments: [
        ("nobody ever sent gift cards", [false, false]),
        ("nobody asked, and then many days later he sent gift cards", [true, false]),
        ("he sent gift cards", [true, true]),
        ("he sent gift cards, not cash", [true, false]),
        ("nobody knows. He sent gift cards", [true, false]),
    ])
    func wordAndReportScopedVeto(text: String, matches: [Bool]) throws {
        let near = try T.rules(
            indicators: [T.indicator(["$gift"], unless: [ContextCondition(classID: "negation", scope: .words(3))])],
            classes: Self.grooming)
        let anywhere = try T.rules(
            indicators: [T.indicator(["$gift"], unless: [ContextCondition(classID: "negation", scope: .report)])],
            classes: Self.grooming)
        #expect(near.classify(text, language: "en").nodes == (matches[0] ? ["n"] : []))
        #expect(anywhere.classify(text, language: "en").nodes == (matches[1] ? ["n"] : []))
    }

    @Test("evidence and explanations name the class each text filled")
    func explanationNamesClasses() throws {
        let rules = try T.rules(indicators: [T.indicator(["$gift", "$secrecy"], within: 12)], classes: Self.grooming)
        let text = "A man gives my son robux and told him not to tell us."
        let label = try #require(rules.classify(text, language: "en").labels.first)
        #expect(label.evidence.map(\.text) == ["robux", "not to tell us"])
        #expect(label.evidence.first?.rule == "n/en/indicator:$gift+$secrecy")
        let rendered = rules.explain(text, language: "en").rendered()
        #expect(rendered.contains("n: $gift + $secrecy (within 12 words) — counted, +1.0"))
        #expect(rendered.contains("$secrecy  \"not to tell us\""))
    }

    @Test("in Chinese, two characters count as one word of a window", arguments: [
        ("他送她皮肤，叫她保密", true),
        ("他送她皮肤，后来他们每天一起玩游戏聊天说了很多很多的话，叫她保密", false),
    ])
    func chineseWindow(text: String, matches: Bool) throws {
        let classes = ["zh": ["gift": ["皮肤", "礼物"], "secrecy": ["保密", "别告诉"]]]
        let rules = try T.rules(indicators: [T.indicator(["$gift", "$secrecy"], within: 8)], classes: classes)
        #expect(rules.classify(text, language: "zh").nodes == (matches ? ["n"] : []))
    }

    @Test("an indicator matched by two languages' words counts once")
    func oneIndicatorOneWeight() throws {
        let rules = try T.rules(indicators: [T.indicator(["$gift"], 0.6)], classes: Self.grooming)
        let result = rules.classify("v-bucks v-bucks", language: nil)
        #expect(result.isBenign)
        #expect(rules.explain("v-bucks v-bucks", language: nil).rulesUsed == ["en", "fr"])
    }

    @Test("an indicator fires only in the languages whose classes have terms")
    func languagesWithoutTerms() throws {
        let rules = try T.rules(indicators: [T.indicator(["$pet"])], classes: Self.grooming)
        #expect(rules.classify("a puppy", language: "en").nodes == ["n"])
        #expect(rules.languages == ["en"])
    }
}
