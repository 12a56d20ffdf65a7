/// The platform or service a report names: apps, games and networks with their local names in
/// the six languages.
public struct PlatformLexicon: Sendable {
    /// A platform id, the name it is published under, and the names that identify it in a
    /// text, lower-case as they are written.
    public struct Platform: Sendable, Hashable {
        public var id: String
        public var name: String
        public var names: [String]
    }

    public let platforms: [Platform]

    /// The shipped lexicon. Names match as `FacetCue`s: whole words in Latin and Cyrillic, after
    /// attached prefixes (ال، و، ب، ل...) in Arabic, anywhere in Chinese.
    /// Left out on purpose: names that are ordinary words (Line, Steam, Teams alone in English;
    /// одноклассники, which is also "classmates").
    public static let shipped = PlatformLexicon(platforms: [
        Platform(id: "roblox", name: "Roblox", names: ["roblox", "роблокс", "роблоксе", "روبلوكس", "罗布乐思"]),
        Platform(id: "minecraft", name: "Minecraft", names: ["minecraft", "майнкрафт", "майнкрафте", "ماينكرافت", "ماين كرافت", "我的世界"]),
        Platform(id: "fortnite", name: "Fortnite", names: ["fortnite", "фортнайт", "фортнайте", "فورتنايت", "堡垒之夜"]),
        Platform(id: "free-fire", name: "Free Fire", names: ["free fire", "freefire", "фри фаер", "فري فاير", "فري فاي"]),
        Platform(id: "pubg", name: "PUBG", names: ["pubg", "пабг", "ببجي", "بابجي", "和平精英"]),
        Platform(id: "discord", name: "Discord", names: ["discord", "дискорд", "дискорде", "дискорда", "ديسكورد"]),
        Platform(id: "tiktok", name: "TikTok", names: ["tiktok", "tik tok", "тикток", "тик ток", "тиктоке", "تيك توك", "تيكتوك"]),
        Platform(id: "douyin", name: "抖音 Douyin", names: ["douyin", "抖音"]),
        Platform(id: "kuaishou", name: "快手 Kuaishou", names: ["kuaishou", "快手"]),
        Platform(id: "instagram", name: "Instagram", names: ["instagram", "insta", "ig", "инстаграм", "инстаграме", "инсте", "инсту", "инста", "انستقرام", "انستغرام", "انستجرام", "إنستغرام", "انستا", "ins"]),
        Platform(id: "snapchat", name: "Snapchat", names: ["snapchat", "snap chat", "snap", "снэпчат", "снапчат", "سناب شات", "سنابشات", "سناب"]),
        Platform(id: "whatsapp", name: "WhatsApp", names: ["whatsapp", "whats app", "ватсап", "ватсапе", "вотсап", "вотсапе", "واتساب", "واتس اب", "واتس"]),
        Platform(id: "telegram", name: "Telegram", names: ["telegram", "телеграм", "телеграме", "телеграмм", "телеграмме", "телега", "телеге", "телегу", "тг", "تيليغرام", "تيليجرام", "تلغرام", "تليجرام", "电报"]),
        Platform(id: "wechat", name: "微信 WeChat", names: ["wechat", "вичат", "微信"]),
        Platform(id: "qq", name: "QQ", names: ["qq"]),
        Platform(id: "vk", name: "VK", names: ["vk", "vkontakte", "вконтакте", "вк", "vk.com"]),
        Platform(id: "youtube", name: "YouTube", names: ["youtube", "ютуб", "ютубе", "ютуба", "يوتيوب", "油管"]),
        Platform(id: "facebook", name: "Facebook", names: ["facebook", "фейсбук", "фейсбуке", "فيسبوك", "فيس بوك", "脸书"]),
        Platform(id: "x-twitter", name: "X (Twitter)", names: ["twitter", "твиттер", "твиттере", "تويتر"]),
        Platform(id: "twitch", name: "Twitch", names: ["twitch", "твич", "твиче"]),
        Platform(id: "bilibili", name: "哔哩哔哩 Bilibili", names: ["bilibili", "b站", "哔哩哔哩"]),
        Platform(id: "weibo", name: "微博 Weibo", names: ["weibo", "微博"]),
        Platform(id: "xiaohongshu", name: "小红书 Xiaohongshu", names: ["xiaohongshu", "小红书"]),
        Platform(id: "brawl-stars", name: "Brawl Stars", names: ["brawl stars", "бравл", "براول ستارز"]),
        Platform(id: "microsoft-teams", name: "Microsoft Teams", names: ["microsoft teams", "тимс", "تيمز"]),
    ])

    public init(platforms: [Platform]) {
        self.platforms = platforms
        cues = FacetCueSet(platforms.indices.flatMap { index in platforms[index].names.map { (FacetCue($0), index) } })
    }

    /// Every platform's names as cues, each with its platform's place in the lexicon.
    private let cues: FacetCueSet<Int>

    /// The platforms `text` names, in lexicon order, each once.
    public func platforms(in text: String) -> [String] {
        platforms(in: FoldedText(text))
    }

    /// The platforms a folded text names, in lexicon order, each once.
    public func platforms(in text: FoldedText) -> [String] {
        Set(cues.matches(in: text).map(\.value)).sorted().map { platforms[$0].id }
    }
}
