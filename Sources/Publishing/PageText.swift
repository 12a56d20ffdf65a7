/// The page's own words in the six languages; threat names come from the taxonomy.
struct PageText {
    var title: String
    var intro: String
    var mixOverTime: String
    var countries: String
    var latestShares: String
    var definitions: String
    var about: String
    var threat: String
    var reports: String
    var share: String
    var interval: String
    var suppressed: String
    var taxonomy: String
    var indicatorsFile: String
    var data: String
    var platforms: String
    var ageBands: String
    var reporters: String
    var notStated: String
    /// Parent, child, professional.
    var reporterNames: [String]

    static let supported = ["en", "fr", "es", "ru", "ar", "zh"]

    static func forLanguage(_ code: String) -> PageText {
        switch code {
        case "fr":
            PageText(
                title: "Menaces en ligne contre les enfants : signalements", intro: "Signalements classés par type de menace, de %@ à %@.",
                mixOverTime: "Répartition des menaces par trimestre", countries: "Signalements par pays, %@", latestShares: "Part des signalements par menace, %@",
                definitions: "Définitions des indicateurs", about: "Source et méthode", threat: "Menace", reports: "Signalements", share: "Part (%)",
                interval: "Intervalle de confiance à 95 %", suppressed: "<%@ : moins de %@ signalements ; x : masqué pour qu'un petit nombre ne puisse pas être recalculé.",
                taxonomy: "Taxonomie", indicatorsFile: "Indicateurs", data: "Données",
                platforms: "Signalements par plateforme citée, %@", ageBands: "Signalements par âge des enfants, %@", reporters: "Signalements par auteur, %@", notStated: "non précisé",
                reporterNames: ["parent", "enfant ou jeune", "professionnel"])
        case "es":
            PageText(
                title: "Amenazas en línea contra la infancia: denuncias", intro: "Denuncias clasificadas por tipo de amenaza, de %@ a %@.",
                mixOverTime: "Distribución de amenazas por trimestre", countries: "Denuncias por país, %@", latestShares: "Proporción de denuncias por amenaza, %@",
                definitions: "Definiciones de los indicadores", about: "Fuente y método", threat: "Amenaza", reports: "Denuncias", share: "Proporción (%)",
                interval: "Intervalo de confianza del 95 %", suppressed: "<%@: menos de %@ denuncias; x: oculto para que una cifra pequeña no pueda recalcularse.",
                taxonomy: "Taxonomía", indicatorsFile: "Indicadores", data: "Datos",
                platforms: "Denuncias por plataforma mencionada, %@", ageBands: "Denuncias por edad de los niños, %@", reporters: "Denuncias por quién denuncia, %@", notStated: "sin indicar",
                reporterNames: ["madre o padre", "niño o adolescente", "profesional"])
        case "ru":
            PageText(
                title: "Онлайн-угрозы детям: обращения", intro: "Обращения по типам угроз, с %@ по %@.",
                mixOverTime: "Структура угроз по кварталам", countries: "Обращения по странам, %@", latestShares: "Доля обращений по угрозам, %@",
                definitions: "Определения показателей", about: "Источник и метод", threat: "Угроза", reports: "Обращения", share: "Доля (%)",
                interval: "95% доверительный интервал", suppressed: "<%@: меньше %@ обращений; x: скрыто, чтобы малое число нельзя было вычислить.",
                taxonomy: "Таксономия", indicatorsFile: "Показатели", data: "Данные",
                platforms: "Обращения по упомянутым платформам, %@", ageBands: "Обращения по возрасту детей, %@", reporters: "Обращения по заявителям, %@", notStated: "не указано",
                reporterNames: ["родитель", "ребёнок или подросток", "специалист"])
        case "ar":
            PageText(
                title: "التهديدات الإلكترونية للأطفال: البلاغات", intro: "البلاغات مصنفة حسب نوع التهديد، من %@ إلى %@.",
                mixOverTime: "توزيع التهديدات حسب الربع", countries: "البلاغات حسب البلد، %@", latestShares: "نسبة البلاغات حسب التهديد، %@",
                definitions: "تعريفات المؤشرات", about: "المصدر والمنهجية", threat: "التهديد", reports: "البلاغات", share: "النسبة (%)",
                interval: "فاصل الثقة 95%", suppressed: "<%@: أقل من %@ بلاغات؛ x: مخفي حتى لا يمكن حساب عدد صغير.",
                taxonomy: "التصنيف", indicatorsFile: "المؤشرات", data: "البيانات",
                platforms: "البلاغات حسب المنصة المذكورة، %@", ageBands: "البلاغات حسب عمر الأطفال، %@", reporters: "البلاغات حسب المُبلِّغ، %@", notStated: "غير محدد",
                reporterNames: ["أحد الوالدين", "طفل أو مراهق", "مختص"])
        case "zh":
            PageText(
                title: "儿童面临的网络威胁：举报", intro: "按威胁类型分类的举报，%@ 至 %@。",
                mixOverTime: "各季度威胁构成", countries: "各国举报数，%@", latestShares: "各类威胁占举报的比例，%@",
                definitions: "指标定义", about: "来源与方法", threat: "威胁", reports: "举报", share: "比例（%）",
                interval: "95% 置信区间", suppressed: "<%@：少于 %@ 件举报；x：为防止推算出小数目而隐藏。",
                taxonomy: "分类体系", indicatorsFile: "指标", data: "数据",
                platforms: "按提及平台的举报，%@", ageBands: "按儿童年龄段的举报，%@", reporters: "按举报人的举报，%@", notStated: "未说明",
                reporterNames: ["家长", "儿童或青少年", "专业人员"])
        default:
            PageText(
                title: "Online threats to children: reports", intro: "Reports classified by type of threat, %@ to %@.",
                mixOverTime: "Threat mix by quarter", countries: "Reports by country, %@", latestShares: "Share of reports by threat, %@",
                definitions: "Indicator definitions", about: "Source and method", threat: "Threat", reports: "Reports", share: "Share (%)",
                interval: "95% confidence interval", suppressed: "<%@: fewer than %@ reports; x: hidden so that a small count cannot be recomputed.",
                taxonomy: "Taxonomy", indicatorsFile: "Indicators", data: "Data",
                platforms: "Reports by platform named, %@", ageBands: "Reports by children's age band, %@", reporters: "Reports by who reported, %@", notStated: "not stated",
                reporterNames: ["parent or carer", "child or teenager", "professional"])
        }
    }
}

extension String {
    /// Replaces each `%@` in turn with the arguments.
    func filled(_ arguments: String...) -> String {
        var result = "", rest = arguments[...]
        var remaining = Substring(self)
        while let range = remaining.range(of: "%@") {
            result += remaining[..<range.lowerBound]
            result += rest.popFirst() ?? ""
            remaining = remaining[range.upperBound...]
        }
        return result + remaining
    }
}
