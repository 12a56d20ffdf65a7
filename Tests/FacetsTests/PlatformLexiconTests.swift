import Facets
import Testing

@Suite struct PlatformLexiconTests {
    @Test(arguments: [
        ("A man she met on a Roblox server moved the chat to Snapchat", ["roblox", "snapchat"]),
        ("a kid from another school wants my pics on snap", ["snapchat"]),
        ("Un señor que conoció en Free Fire le pide que hablen por WhatsApp", ["free-fire", "whatsapp"]),
        ("Mon fils a rencontré une « fille » sur Instagram", ["instagram"]),
        ("в телеге бот с мемами, потом позвал в Discord-сервер", ["discord", "telegram"]),
        ("Взрослый мужчина переписывается с дочерью ВКонтакте", ["vk"]),
        ("لقيت في تيلفون بنتي قروب تيليجرام وبعدين بالسناب", ["snapchat", "telegram"]),
        ("ابني يلعب لماينكرافت وفالانستا", ["minecraft", "instagram"]),
        ("我女儿在抖音上认识了一个人，后来加了微信", ["douyin", "wechat"]),
        ("女兒的IG小帳發了照片", ["instagram"]),
    ])
    func namesInSixLanguagesAreFound(text: String, expected: [String]) {
        #expect(Set(PlatformLexicon.shipped.platforms(in: text)) == Set(expected))
    }

    @Test(arguments: [
        "She plays on the school basketball team and wants healthy snacks",   // not "snap", "teams"
        "Готовлю урок для одноклассников о вкладках браузера",                  // not вк, not VK
        "بنتي بتلعب كرة سلة وبدي أعملها سناكات صحية",                           // سناكات is not سناب
        "He lost the instance of his game and was instantly upset",           // not insta
    ])
    func ordinaryWordsAreNotPlatforms(text: String) {
        #expect(PlatformLexicon.shipped.platforms(in: text).isEmpty)
    }
}
