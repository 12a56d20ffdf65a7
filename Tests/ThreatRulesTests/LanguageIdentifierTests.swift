import Testing
import ThreatRules
import ThreatTaxonomy

@Suite("Language identification")
struct LanguageIdentifierTests {
    @Test("each script and each Latin-script language", arguments: [
        ("شخص مجهول يهدد بنشر صورها الخاصة", ["ar"], "ar"),
        ("一个陌生人威胁要公开她的照片", ["zh"], "zh"),
        ("Незнакомец угрожает разослать её фото", ["ru"], "ru"),
        ("A man on a game chat keeps asking my son for photos", ["en"], "en"),
        ("Un homme demande des photos à ma fille sur Snapchat", ["fr"], "fr"),
        ("Un hombre le pide fotos a mi hija por Instagram", ["es"], "es"),
        ("ana mesh 3ayez a3raf eh elly by7sal", ["ar"], "ar"),
    ])
    func mainLanguage(text: String, languages: [String], main: String) {
        let found = LanguageIdentifier.identify(text)
        #expect(found.main == main)
        #expect(found.languages == languages)
    }

    @Test("a digit for an Arabic letter makes a Latin word Arabizi; a number with a unit does not")
    func arabiziSpelling() {
        #expect(LanguageIdentifier.identify("3ayez ma3ak 5ara").main == "ar")
        #expect(LanguageIdentifier.identify("3ayez ma3ak 5ara").languages == ["ar"])
        #expect(!LanguageIdentifier.identify("2nd 3rd 15ans 12yo 5km").languages.contains("ar"))
    }

    @Test("mixed reports keep the words of the second language")
    func mixed() {
        #expect(LanguageIdentifier.identify("ابني عنده تسع سنين ويلعب روبلوكس كل يوم، وواحد كبير بعتله robux gift card وقاله don't tell your parents").languages
                == ["ar", "en"])
        #expect(LanguageIdentifier.identify("mi hijo esta en el chat y the guy keeps asking him for pics and he said that it is a secret").languages
                .sorted() == ["en", "es"])
    }

    @Test("app and game names inside another script are not a second language")
    func namesAreNotALanguage() {
        #expect(LanguageIdentifier.identify("Сын играет в Roblox и общается в Discord с незнакомым взрослым мужчиной").languages == ["ru"])
        #expect(LanguageIdentifier.identify("我女儿在Roblox上认识了一个陌生的成年人，他一直给她送礼物").languages == ["zh"])
    }

    @Test("a few Latin words with no function word could be any Latin language")
    func uncertain() {
        let found = LanguageIdentifier.identify("robux roblox")
        #expect(found.main == nil)
        #expect(found.languages == ["en", "fr", "es"])
        #expect(LanguageIdentifier.identify("12 ... !!").languages == [])
        #expect(LanguageIdentifier.identify("my 12yo son, 15yrs").main == "en")
    }

    @Test("a report without a language is matched with its own language's rules and says so")
    func classifyWithoutLanguage() throws {
        let taxonomy = TestTaxonomy.taxonomy([
            TestTaxonomy.node("n", ["en": LanguageRules(terms: [TestTaxonomy.term("scam")]),
                                    "fr": LanguageRules(terms: [TestTaxonomy.term("scam", 0.5)])]),
        ])
        let rules = try RuleSet(taxonomy: taxonomy)
        let english = rules.classify("it was a scam and they took the money", language: nil)
        #expect(english.nodes == ["n"])
        #expect(english.detectedLanguage == "en")
        let french = rules.classify("c'est un scam et ils ont pris l'argent", language: nil)
        #expect(french.isBenign)
        #expect(french.detectedLanguage == "fr")
        let given = rules.classify("it was a scam and they took the money", language: "en")
        #expect(given.detectedLanguage == nil)
        let wrong = rules.classify("c'est un scam et ils ont pris l'argent", language: "zh")
        #expect(wrong.detectedLanguage == "fr")
    }
}
