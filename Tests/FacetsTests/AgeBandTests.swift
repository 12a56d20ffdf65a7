import Facets
import Testing

@Suite struct AgeBandTests {
    @Test(arguments: [
        ("a man on a game chat gives my 11-year-old robux", [11]),
        ("My daughter (13 years old) and her friend, 15yo", [13, 15]),
        ("he is aged 9 and his sister is a twelve-year-old", [9, 12]),
        ("un inconnu demande des photos à ma fille de 12 ans", [12]),
        ("mon fils, quatorze ans, joue à Fortnite", [14]),
        ("mi hijo de 10 años apuesta en páginas de skins", [10]),
        ("Mi hija tiene quince anos", [15]),
        ("Моему сыну 13 лет, ему пишет взрослый", [13]),
        ("дочь 12-летняя, сыну шестнадцать лет", [12, 16]),
        ("ابني عمره ١٢ سنة ويلعب فري فاير", [12]),
        ("بنتي 14 سنوات", [14]),
        ("我女儿12岁，在抖音上认识了一个人", [12]),
        ("我儿子十三岁了", [13]),
        ("tiffin ideas for my 10 year old", [10]),
        ("im 13 and i dont want to", [13]),
        ("my son (13) has been told", [13]),
        ("One of my Year 8s told me; a Grade 11 student; i'm in 8th grade", [13, 16, 13]),
        ("сын учится в 7 классе", [13]),
        ("女儿15岁，和前男友分手后", [15]),
        ("我女儿五年级，初二的学生", [11, 13]),
        ("國中二年級女生（13歲）", [13]),
        ("мне 12 и мальчик из класса", [12]),
        ("tengo 14 y mis viejos ni idea; el gurí (8) juega", [14, 8]),
        ("des élèves de 4e ; ma fille en 6e, son frère en CM2", [13, 11, 10]),
        ("طالب في الصف التاسع", [14]),
        ("My son is 14 and one of only a few", [14]),
        ("mi hijo de 16 se la pasa en Telegram", [16]),
        ("個案紀錄：中三男生", [14]),
    ])
    func agesInSixLanguages(text: String, ages: [Int]) {
        #expect(AgeBand.ages(in: text) == ages)
    }

    @Test(arguments: [
        "we moved here 2 years ago",                     // a duration
        "il y a 2 ans, elle a changé d'école",
        "hace 3 años que juega a Roblox",
        "это было 2 года назад",
        "منذ 3 سنوات وهو يلعب",
        "他二十岁",                                        // twenty: not "ten"
        "school year 2024",
        "he's 5 minutes late; i'm 100% sure",
    ])
    func durationsAndOtherNumbersAreNotAges(text: String) {
        #expect(AgeBand.bands(in: text).isEmpty)
    }

    @Test func bandsAreChildAgesOnlyYoungestFirst() {
        #expect(AgeBand.bands(in: "a 35-year-old man and my 15-year-old, her 8 year old brother") == [.upTo8, .from13To15])
        #expect(AgeBand(age: 12) == .from9To12)
        #expect(AgeBand(age: 16)?.rawValue == "16-17")
        #expect(AgeBand(age: 18) == nil)
    }
}
