import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Rule kinds")
struct RuleKindTests {
    typealias T = TestTaxonomy

    @Test("a term matches whole words only", arguments: [
        ("he tried to groom her", true),
        ("Groom.", true),
        ("the groomer came", false),
        ("bridegroom", false),
    ])
    func wholeWord(text: String, matches: Bool) throws {
        let rules = try T.rules(terms: [T.term("groom")])
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("a trailing * makes the last word a prefix", arguments: [
        ("they harassed him", true),
        ("HARASSMENT at school", true),
        ("harass", true),
        ("unharassed", false),
        ("Stop it. Harassment again", true),
        ("stop\nharassing me", true),
    ])
    func prefix(text: String, matches: Bool) throws {
        let rules = try T.rules(terms: [T.term("harass*")])
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("a phrase matches its words in order across punctuation", arguments: [
        ("he asked for photos again", true),
        ("asked, for: photos", true),
        ("asked for more photos", false),
        ("photos asked for", false),
        ("he asked. For photos, he did not", false),
        ("asked for\nphotos", false),
    ])
    func phrase(text: String, matches: Bool) throws {
        let rules = try T.rules(terms: [T.term("asked for photos")])
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("weights add up to the node's threshold; each rule counts once")
    func weightsAndThreshold() throws {
        let rules = try T.rules(terms: [T.term("secret", 0.5), T.term("meet", 0.5)], threshold: 1)
        #expect(rules.classify("secret secret secret", language: "en").isBenign)
        let both = rules.classify("let us meet, it is a secret", language: "en")
        #expect(both.nodes == ["n"])
        #expect(both.labels.first?.score == 1.0)
    }

    @Test("a negative weight lowers the score")
    func negativeWeight() throws {
        let rules = try T.rules(terms: [T.term("bully*"), T.term("online safety lesson", -1)])
        #expect(rules.classify("they bully him", language: "en").nodes == ["n"])
        #expect(rules.classify("an online safety lesson about bullying", language: "en").isBenign)
    }

    @Test("an exclusion cancels the term matches it overlaps, and only those", arguments: [
        ("we played cards to kill time", false),
        ("I will kill you", true),
        ("kill time, then I kill you", true),
    ])
    func exclusion(text: String, matches: Bool) throws {
        let rules = try T.rules(terms: [T.term("kill")], exclude: [T.term("kill time")])
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("exclusions: anti-bullying, not a scam")
    func exclusionsAcrossPunctuation() throws {
        let rules = try T.rules(terms: [T.term("bullying"), T.term("scam")], exclude: [T.term("anti-bullying"), T.term("not a scam")])
        #expect(rules.classify("our anti-bullying week", language: "en").isBenign)
        #expect(rules.classify("this is not a scam!", language: "en").isBenign)
        #expect(rules.classify("this is a scam", language: "en").nodes == ["n"])
    }

    @Test("an exclusion of another node does not cancel")
    func exclusionBelongsToNode() throws {
        let taxonomy = T.taxonomy([
            T.node("violence", ["en": LanguageRules(terms: [T.term("kill")])]),
            T.node("boredom", ["en": LanguageRules(terms: [T.term("bored")], exclusions: [T.term("kill time")])]),
        ])
        let rules = try RuleSet(taxonomy: taxonomy)
        #expect(rules.classify("just to kill time", language: "en").nodes == ["violence"])
    }

    @Test("near: all parts within N words", arguments: [
        ("send me a photo", true),
        ("photo first, then send it", true),
        ("send it now and later on maybe a nice photo", false),
        ("send send send", false),
    ])
    func nearWithinWords(text: String, matches: Bool) throws {
        let rules = try T.rules(near: [T.near(["send*", "photo*"], within: 4)])
        let result = rules.classify(text, language: "en")
        #expect(result.nodes == (matches ? ["n"] : []))
        if matches {
            #expect(result.labels[0].evidence.map(\.rule) == ["n/en/near:send*+photo*", "n/en/near:send*+photo*"])
        }
    }

    @Test("near: all parts in one sentence", arguments: [
        ("meet me, keep it secret", true),
        ("meet me. It is a secret", false),
    ])
    func nearSameSentence(text: String, matches: Bool) throws {
        let rules = try T.rules(near: [T.near(["meet", "secret"], sentence: true)])
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }

    @Test("an exclusion also cancels a near rule's part")
    func exclusionCancelsPart() throws {
        let rules = try T.rules(exclude: [T.term("kill time")], near: [T.near(["kill", "tonight"], within: 5)])
        #expect(rules.classify("we kill time tonight", language: "en").isBenign)
        #expect(rules.classify("I kill you tonight", language: "en").nodes == ["n"])
    }

    @Test("a parent's rule counts for the parent only; labels carry the path")
    func parentOnly() throws {
        let taxonomy = T.taxonomy([
            T.node("abuse", ["en": LanguageRules(terms: [T.term("abuse")])]),
            T.node("grooming", parent: "abuse", ["en": LanguageRules(terms: [T.term("groom*")])]),
        ])
        let rules = try RuleSet(taxonomy: taxonomy)
        #expect(rules.classify("this is abuse", language: "en").nodes == ["abuse"])
        let child = rules.classify("he is grooming her", language: "en")
        #expect(child.nodes == ["grooming"])
        #expect(child.labels[0].path == ["abuse", "grooming"])
        #expect(rules.classify("grooming is abuse", language: "en").nodes == ["abuse", "grooming"])
    }

    @Test("a known language uses its own rules; nil or an unknown one uses all")
    func languageSelection() throws {
        let taxonomy = T.taxonomy([
            T.node("n", ["en": LanguageRules(terms: [T.term("scam")]), "fr": LanguageRules(terms: [T.term("arnaque")])])
        ])
        let rules = try RuleSet(taxonomy: taxonomy)
        #expect(rules.classify("arnaque", language: "en").isBenign)
        #expect(rules.classify("arnaque", language: "fr").nodes == ["n"])
        #expect(rules.classify("arnaque", language: "FR-ca").nodes == ["n"])
        #expect(rules.classify("scam", language: "fr").isBenign)
        #expect(rules.classify("arnaque", language: nil).nodes == ["n"])
        #expect(rules.classify("scam", language: "de").nodes == ["n"])
    }

    @Test("evidence names the rule and the span of the original text")
    func evidence() throws {
        let rules = try T.rules(terms: [T.term("groom*")])
        let label = try #require(rules.classify("He is GROOMING her", language: "en").labels.first)
        #expect(label.evidence == [Evidence(rule: "n/en/term:groom*", text: "GROOMING", start: 6, end: 14)])
    }

    @Test("of two spellings that end at one place, evidence shows the longer")
    func evidenceTakesTheLongerSpelling() throws {
        // `boyfriend*` elsewhere makes the literal `boyfriend` one that may end inside a word,
        // while `her boyfriend` must end one: the matcher finds them in different ways.
        let rules = try RuleSet(taxonomy: T.taxonomy([
            T.node("n", ["en": LanguageRules(cooccurrences: [T.near(["{her boyfriend|boyfriend}", "photo"], within: 10)])]),
            T.node("m", ["en": LanguageRules(terms: [T.term("boyfriend*")])]),
        ]))
        let label = try #require(rules.classify("she sent a photo to her boyfriend", language: "en").labels.first { $0.node == "n" })
        #expect(label.evidence.map(\.text) == ["photo", "her boyfriend"])
    }

    @Test("errors name the node, language, term and place", arguments: [
        ("gr*om", "`*` may only end"),
        ("groom *", "must follow a letter"),
        ("...", "no letters or digits"),
    ])
    func compileErrors(pattern: String, problem: String) throws {
        let error = #expect(throws: CompileError.self) { try T.rules(terms: [T.term(pattern)]) }
        #expect(error?.node == "n")
        #expect(error?.language == "en")
        #expect(error?.term == pattern)
        #expect(error?.description.hasPrefix("test.yaml:1:1: error: node 'n', language 'en'") == true)
        #expect(error?.problem.contains(problem) == true)
    }

    @Test("batch classification keeps input order")
    func batchOrder() throws {
        let rules = try T.rules(terms: [T.term("scam")])
        let texts = (0..<1000).map { (text: $0 % 3 == 0 ? "a scam \($0)" : "hello \($0)", language: Optional("en")) }
        let results = rules.classifyAll(texts, workers: 2)
        #expect(results.map(\.isBenign) == (0..<1000).map { $0 % 3 != 0 })
    }
}

@Suite("Phrases with prefix words")
struct PrefixWordPhraseTests {
    typealias T = TestTaxonomy

    @Test("inner words may end in *: the words must be next to each other", arguments: [
        ("he sent nudes", true),
        ("sending nude pics", true),
        ("send me nudes", false),
        ("nudes sent", false),
    ])
    func adjacentPrefixWords(text: String, matches: Bool) throws {
        let rules = try T.rules(terms: [T.term("sen* nude*")])
        let result = rules.classify(text, language: "en")
        #expect(result.nodes == (matches ? ["n"] : []))
        #expect(result.labels.first?.evidence.first?.rule == (matches ? "n/en/term:sen* nude*" : nil))
    }

    @Test("an exclusion phrase may have prefix words too", arguments: [
        ("we were killing time", false),
        ("killed some time", false),
        ("he will kill her in time", true),
    ])
    func exclusionPrefixWords(text: String, matches: Bool) throws {
        let rules = try T.rules(terms: [T.term("kill*")], exclude: [T.term("kill* {|some }time")])
        #expect(rules.classify(text, language: "en").nodes == (matches ? ["n"] : []))
    }
}
