import Facets
import Testing

@Suite struct AgeBandTests {
    @Test(arguments: [
        ("a man on a game chat gives my 11-year-old robux", [11]),
        ("My niece (13 years old) and her friend, 15yo", [13, 15]),
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
        ("lunchbox recipes for my 10 year old please", [10]),
        ("im 13 and scared to tell anyone", [13]),
        ("our son (13) gets messages from", [13]),
        ("a pupil in Year 8 said; a Grade 11 boy; she's in 8th grade", [13, 16, 13]),
        ("дочь учится в 7 классе", [13]),
        ("孩子15岁，最近总是很晚睡", [15]),
        ("弟弟五年级，哥哥是初二的", [11, 13]),
        ("她是國中二年級（13歲）", [13]),
        ("мне 12 и я не знаю что делать", [12]),
        ("tengo 14 y nadie lo sabe; la niña (8) también", [14, 8]),
        ("plusieurs élèves de 4e ; mon fils en 6e, sa sœur en CM2", [13, 11, 10]),
        ("ابني في الصف التاسع", [14]),
        ("My son is 14 and gets these messages", [14]),
        ("mi hijo de 16 no sale de su cuarto", [16]),
        ("她讀中三，最近不開心", [14]),
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
