/// The platform or service a report names: apps, games and networks with their local names in
/// the six languages.
public struct PlatformLexicon: Sendable {
    /// A platform id and the names that identify it, lower-case as they are written.
    public struct Platform: Sendable, Hashable {
        public var id: String
        public var names: [String]
    }

    public let platforms: [Platform]

    /// The shipped lexicon. Latin and Cyrillic names match as whole words; Arabic names also
    /// with attached prefixes (ال، و، ب، ل، على ال...); Chinese names anywhere.
    /// Left out on purpose: names that are ordinary words (Line, Steam, Teams alone in English;
    /// одноклассники, which is also "classmates").
    public static let shipped = PlatformLexicon(platforms: [
        Platform(id: "roblox", names: ["roblox", "роблокс", "роблоксе", "روبلوكس", "罗布乐思"]),
        Platform(id: "minecraft", names: ["minecraft", "майнкрафт", "майнкрафте", "ماينكرافت", "ماين كرافت", "我的世界"]),
        Platform(id: "fortnite", names: ["fortnite", "фортнайт", "фортнайте", "فورتنايت", "堡垒之夜"]),
        Platform(id: "free-fire", names: ["free fire", "freefire", "фри фаер", "فري فاير", "فري فاي"]),
        Platform(id: "pubg", names: ["pubg", "пабг", "ببجي", "بابجي", "和平精英"]),
        Platform(id: "discord", names: ["discord", "дискорд", "дискорде", "дискорда", "ديسكورد"]),
        Platform(id: "tiktok", names: ["tiktok", "tik tok", "тикток", "тик ток", "тиктоке", "تيك توك", "تيكتوك"]),
        Platform(id: "douyin", names: ["douyin", "抖音"]),
        Platform(id: "kuaishou", names: ["kuaishou", "快手"]),
        Platform(id: "instagram", names: ["instagram", "insta", "ig", "инстаграм", "инстаграме", "инсте", "инсту", "инста", "انستقرام", "انستغرام", "انستجرام", "إنستغرام", "انستا", "ins"]),
        Platform(id: "snapchat", names: ["snapchat", "snap chat", "snap", "снэпчат", "снапчат", "سناب شات", "سنابشات", "سناب"]),
        Platform(id: "whatsapp", names: ["whatsapp", "whats app", "ватсап", "ватсапе", "вотсап", "вотсапе", "واتساب", "واتس اب", "واتس"]),
        Platform(id: "telegram", names: ["telegram", "телеграм", "телеграме", "телеграмм", "телеграмме", "телега", "телеге", "телегу", "тг", "تيليغرام", "تيليجرام", "تلغرام", "تليجرام", "电报"]),
        Platform(id: "wechat", names: ["wechat", "вичат", "微信"]),
        Platform(id: "qq", names: ["qq"]),
        Platform(id: "vk", names: ["vk", "vkontakte", "вконтакте", "вк", "vk.com"]),
        Platform(id: "youtube", names: ["youtube", "ютуб", "ютубе", "ютуба", "يوتيوب", "油管"]),
        Platform(id: "facebook", names: ["facebook", "фейсбук", "фейсбуке", "فيسبوك", "فيس بوك", "脸书"]),
        Platform(id: "x-twitter", names: ["twitter", "твиттер", "твиттере", "تويتر"]),
        Platform(id: "twitch", names: ["twitch", "твич", "твиче"]),
        Platform(id: "bilibili", names: ["bilibili", "b站", "哔哩哔哩"]),
        Platform(id: "weibo", names: ["weibo", "微博"]),
        Platform(id: "xiaohongshu", names: ["xiaohongshu", "小红书"]),
        Platform(id: "brawl-stars", names: ["brawl stars", "бравл", "براول ستارز"]),
        Platform(id: "microsoft-teams", names: ["microsoft teams", "тимс", "تيمز"]),
    ])

    public init(platforms: [Platform]) { self.platforms = platforms }

    /// The platforms `text` names, in lexicon order, each once.
    public func platforms(in text: String) -> [String] {
        let folded = Array(text.lowercased().unicodeScalars)
        return platforms.filter { platform in platform.names.contains { Self.occurs(Array($0.unicodeScalars), in: folded) } }.map(\.id)
    }

    private static func occurs(_ name: [Unicode.Scalar], in text: [Unicode.Scalar]) -> Bool {
        guard let first = name.first, name.count <= text.count else { return false }
        let isChinese = (0x4E00...0x9FFF).contains(first.value) || name.contains { (0x4E00...0x9FFF).contains($0.value) }
        let isArabic = (0x0600...0x06FF).contains(first.value)
        var start = 0
        while start + name.count <= text.count {
            if text[start] == first && Array(text[start..<start + name.count]) == name {
                let end = start + name.count
                let after = end < text.count ? text[end] : " "
                let before = start > 0 ? text[start - 1] : " "
                if isChinese { return true }
                if isArabic {
                    // Attached prefixes are allowed before; a longer word after is not the name.
                    if !after.properties.isAlphabetic { return true }
                } else if !isWordScalar(before) && !isWordScalar(after) {
                    return true
                }
            }
            start += 1
        }
        return false
    }

    /// A letter or digit of a Latin or Cyrillic word (a Chinese character next to `IG` is a boundary).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || (scalar.properties.isAlphabetic && scalar.value < 0x0530)
    }
}
