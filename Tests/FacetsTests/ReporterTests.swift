import Facets
import Testing

@Suite struct ReporterTests {
    @Test(arguments: [
        ("My daughter (12) met a man on Roblox who asks for photos", Reporter.parent),
        ("a man on a game chat gives my 11-year-old robux and told him not to tell us", .parent),
        ("im 14 and someone is threatening to post my pics, my parents dont know", .child),
        ("One of my pupils told me after class that an older boy asks her for photos", .professional),
        ("Mon fils de 13 ans reçoit des messages d'un inconnu sur Discord", .parent),
        ("J'ai 15 ans et un mec menace de publier mes photos", .child),
        ("En tant qu'enseignante, je signale qu'une de mes élèves est harcelée", .professional),
        ("Mi hija de 10 años recibe mensajes de un desconocido", .parent),
        ("tengo 13 años y mis compañeros me insultan en el grupo", .child),
        ("Llamante refiere que su sobrina recibe mensajes de un adulto", .professional),
        ("Моя дочь переписывается со взрослым мужчиной", .parent),
        ("мне 14, одноклассники травят меня в беседе, маме не говорю", .child),
        ("Поступило обращение: ученица 8 класса получает угрозы", .professional),
        ("ابني عمره ١٢ سنة يتواصل معه شخص غريب", .parent),
        ("عمري ١٤ سنة وفي واحد يهددني بنشر صوري", .child),
        ("وردنا بلاغ من أم عن طفلتها في لعبة", .professional),
        ("我女儿今年12岁，在抖音上认识了一个人", .parent),
        ("我今年14岁，同学在群里骂我", .child),
        ("我是班主任，我班学生反映有人在群里发不良图片", .professional),
    ])
    func theEarliestCueShowsWhoWrote(text: String, expected: Reporter) {
        #expect(Reporter.reporter(in: text) == expected)
    }

    @Test(arguments: [
        "Police warn of a sextortion wave targeting teenagers on social media",   // news: no one speaks
        "Les autorités alertent sur une arnaque aux faux concours",
        "Мне 35 лет, хочу купить игровую приставку",                                // an adult's age is not a child's
        "ابي اعرف كيف اغير كلمة السر",                                             // ابي: "I want", not "my father"
    ])
    func textsWithoutACueHaveNoReporter(text: String) {
        #expect(Reporter.reporter(in: text) == nil)
    }

    @Test func cuesStandAsWordsAndAgesAreAChildsOnly() {
        let text = FoldedText("Sonny is 14; i'm 45 and my stepson's phone")
        #expect(FacetCue("my son").firstOffset(in: text) == nil)          // "my stepson" is not "my son"
        #expect(FacetCue("i'm #").firstOffset(in: text) == nil)           // 45 is not a child's age
        #expect(FacetCue("my stepson").firstOffset(in: text) == 24)
        #expect(FacetCue("звонивш*").firstOffset(in: FoldedText("Звонившая мама сообщила")) == 0)
        #expect(FacetCue("امي").firstOffset(in: FoldedText("وقف قدامي")) == nil)   // قدامي is "in front of me"
        #expect(FacetCue("امي").firstOffset(in: FoldedText("ولامي")) == 2)     // و + ل attached: "and to my mother"
    }
}
