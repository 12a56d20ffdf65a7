import Foundation

/// The child's age where a report gives it ("my 12-year-old", « 15 ans », «13 лет», ١٢ سنة,
/// 12岁), as an age band. Ages of 18 and over are not a child's and are left out ("a man of 35").
public enum AgeBand: String, Sendable, CaseIterable, Comparable {
    case upTo8 = "0-8"
    case from9To12 = "9-12"
    case from13To15 = "13-15"
    case from16To17 = "16-17"

    /// The band of an age in years, or `nil` for an adult's age.
    public init?(age: Int) {
        switch age {
        case 0...8: self = .upTo8
        case 9...12: self = .from9To12
        case 13...15: self = .from13To15
        case 16...17: self = .from16To17
        default: return nil
        }
    }

    public static func < (a: AgeBand, b: AgeBand) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The bands of every child's age `text` states, youngest first, each once.
    public static func bands(in text: String) -> [AgeBand] {
        Set(ages(in: text).compactMap(AgeBand.init(age:))).sorted()
    }

    /// Every age in years that `text` states or implies by a school year ("Year 9", "8th
    /// grade", "7 класс", "五年级", "初二": the usual age in that year), in the six languages,
    /// in text order.
    public static func ages(in text: String) -> [Int] {
        let digits = asciiDigits(text)
        let range = NSRange(digits.startIndex..., in: digits)
        var found: [(position: Int, age: Int)] = []
        for (pattern, offset) in patterns.map({ ($0, 0) }) + schoolYears {
            for match in pattern.matches(in: digits, range: range) {
                guard let numberRange = Range(match.range(at: 1), in: digits), let whole = Range(match.range, in: digits),
                      let value = number(String(digits[numberRange])), !isDuration(digits, whole)
                else { continue }
                // French collège years count down (6e is 11, 3e is 14): the offset -1 marks them.
                found.append((match.range(at: 1).location, offset == -1 ? 17 - value : value + offset))
            }
        }
        // Two patterns may read the same number ("عمره 12 سنة"): it is one age.
        var seen = Set<Int>()
        return found.sorted { $0.position < $1.position }.filter { seen.insert($0.position).inserted }.map(\.age)
    }

    /// "il y a 2 ans", "hace 3 años", "2 года назад", "منذ 3 سنوات", "for 2 years": a duration, not an age.
    private static func isDuration(_ text: String, _ match: Range<String.Index>) -> Bool {
        let from: String.Index = text.index(match.lowerBound, offsetBy: -14, limitedBy: text.startIndex) ?? text.startIndex
        let to: String.Index = text.index(match.upperBound, offsetBy: 10, limitedBy: text.endIndex) ?? text.endIndex
        let before = text[from..<match.lowerBound].lowercased()
        let after = text[match.upperBound..<to].lowercased()
        return durationBefore.contains { before.contains($0) } || durationAfter.contains { after.contains($0) }
    }

    private static let durationBefore = [
        "il y a ", "depuis ", "pendant ", "durant ", "hace ", "durante ", "desde ", "в течение ", "уже ", "за ", "через ",
        "منذ", "لمدة", "خلال",
    ]
    private static let durationAfter = ["ago", "назад"]

    /// A number written in digits or, up to 17, in words of the six languages.
    private static func number(_ written: String) -> Int? {
        if let value = Int(written) { return value }
        return numberWords[written.lowercased()]
    }

    /// Arabic-Indic and Persian digits as ASCII digits (one scalar each, so offsets keep).
    private static func asciiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x0660...0x0669: Unicode.Scalar(scalar.value - 0x0660 + 0x30)!
            case 0x06F0...0x06F9: Unicode.Scalar(scalar.value - 0x06F0 + 0x30)!
            default: scalar
            }
        }))
    }

    private static let numberWords: [String: Int] = {
        let lists: [[String]] = [
            ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"],
            ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
             "treize", "quatorze", "quinze", "seize", "dix-sept"],
            ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
             "trece", "catorce", "quince", "dieciséis", "diecisiete"],
            ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять", "одиннадцать",
             "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать", "семнадцать"],
            ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七"],
        ]
        var words: [String: Int] = [:]
        for list in lists { for (value, word) in list.enumerated() { words[word] = value } }
        words["二"] = 2
        words["dieciseis"] = 16
        for (value, word) in ["سابع", "ثامن", "تاسع", "عاشر"].enumerated() { words[word] = value + 7 }
        return words
    }()

    /// School years, each with what to add to the year for the usual age in it.
    private static let schoolYears: [(NSRegularExpression, Int)] = [
        (#"\b(?:year|yr)\s?(\d{1,2})s?\b"#, 5),                               // UK: Year 7 is 11-12
        (#"\bgrade\s?(\d{1,2})\b"#, 5), (#"\b(\d{1,2})(?:st|nd|rd|th)\s+grade"#, 5),  // US: grade 6 is 11-12
        (#"(?<!\d)(\d{1,2})(?:-?[йм]|-?го)?\s*класс"#, 6),                      // RU: 7 класс is 13
        (#"(?<![\d十中])(\d{1,2}|[一二三四五六])年级"#, 6),                    // ZH: 五年级 is 11 (初中二年级 is not 二年级)
        (#"[初國国]([一二三])"#, 11), (#"高([一二三])"#, 14),                         // ZH: 初一/國一 is 12, 高一 15
        (#"(?<![國国初高])中([一二三四五六])"#, 11),                                                  // HK: 中一 is 12
        (#"\b(?:en|élèves? de|classe de)\s+([3-6])(?:e|ème|eme)\b"#, -1),              // FR: en 6e is 11, 3e is 14
        (#"\bCM(\d)\b"#, 8),                                                       // FR: CM2 is 10
        (#"الصف\s+ال(سابع|ثامن|تاسع|عاشر)"#, 5),                                     // AR: الصف التاسع is 14
    ].map { (try! NSRegularExpression(pattern: $0.0, options: [.caseInsensitive]), $0.1) }

    /// Each pattern's group 1 is the number.
    private static let patterns: [NSRegularExpression] = {
        let en = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
        let fr = "deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept"
        let es = "dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|dieciséis|dieciseis|diecisiete"
        let ru = "двух|трёх|трех|пяти|шести|семи|восьми|девяти|десяти|одиннадцати|двенадцати|тринадцати|четырнадцати|пятнадцати|шестнадцати|семнадцати|"
            + "два|три|четыре|пять|шесть|семь|восемь|девять|десять|одиннадцать|двенадцать|тринадцать|четырнадцать|пятнадцать|шестнадцать|семнадцать"
        let zh = "十[一二三四五六七]?|[一二两三四五六七八九]"
        let sources = [
            // English: 12-year-old, 12 years old, 12 yo, 12yo, aged 12, age 12, (12), twelve-year-old
            #"\b(\d{1,2}|\#(en))[\s-]*(?:years?|yrs?)[\s-]*olds?\b"#,
            #"\b(\d{1,2})\s?y\.?o\b"#,
            #"\b(?:i'?m|i am|she'?s|he'?s|she is|he is|(?:son|daughter|child|kid|boy|girl) is)\s+(\d{1,2}|\#(en))(?![\d%:.,]\d|\s*(?:%|am|pm|min|hours?|times|minutes|euros?|dollars|pounds))\b"#,
            #"\b(?:son|daughter|child|kid|boy|girl|brother|sister|niece|nephew|student|pupil|caller|hijo|hija|niño|niña|gurí|gurisa|fils|fille|сын|сына|дочь|дочка|ребенок|ребёнок)\s*[(,]\s*(\d{1,2})\s*[),]"#,
            #"\b(?:hijo|hija|niño|niña|gurí|gurisa)\s+de\s+(\d{1,2})(?!\s*(?:de\b|%))\b"#,
            #"(?:\btengo|\bj'ai|(?<!\p{L})мне)\s+(\d{1,2})(?![\d%:.,]\d)(?!\s*(?:%|h\b|heures|horas|часов|euros?|рубл))\b"#,
            #"\b(?:aged?|ages?)\s+(\d{1,2}|\#(en))\b"#,
            // French: 12 ans, douze ans, âgé de 12 ans (the "ans" catches it)
            #"\b(\d{1,2}|\#(fr))\s+ans\b"#,
            // Spanish: 12 años, doce años (also "anos" without the tilde)
            #"\b(\d{1,2}|\#(es))\s+a[ñn]os\b"#,
            // Russian: 12 лет, 13 год(а), 12-летний, двенадцатилетний is left out (no digits)
            #"(?<![\p{L}\d])(\d{1,2}|\#(ru))\s*(?:-?\s*)(?:лет|года?|летн\p{L}*)(?!\p{L})"#,
            // Arabic: ١٢ سنة / 12 سنوات / عامًا / عمره 12
            #"(?<!\d)(\d{1,2})\s*(?:سنة|سنه|سنوات|سنين|عام|عاما|عامًا|أعوام|اعوام)(?!\p{L})"#,
            #"(?:عمره|عمرها|عمرو|بعمر|عمر)\s*(\d{1,2})(?!\d)"#,
            // Chinese: 12岁, 十二岁, 12周岁
            #"(?<![\d一二三四五六七八九十])(\d{1,2}|\#(zh))周?[岁歲]"#,
        ]
        return sources.map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
    }()
}
