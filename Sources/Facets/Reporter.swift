/// Who wrote a report, where the text shows it: a parent or carer writing about their child, the
/// child or teenager writing about themselves, or a professional (a teacher, a counsellor, a
/// helpline or hotline worker, a police officer, an analyst) writing about a child in their care
/// or a case they received. News items and texts with no such cue get none.
public enum Reporter: String, Sendable, CaseIterable {
    case parent, child, professional

    /// The reporter the earliest cue of `text` shows ("my son", "I'm 14", "one of my pupils"),
    /// or `nil`. The earliest cue wins because people say who they are first: a teacher's "a
    /// pupil's mother called me" is the teacher's, a parent's "my son's teacher" the parent's.
    public static func reporter(in text: String) -> Reporter? {
        reporter(in: FoldedText(text))
    }

    /// The reporter of a text already folded.
    public static func reporter(in text: FoldedText) -> Reporter? {
        var best: (offset: Int, length: Int, reporter: Reporter)?
        for (offset, cue, reporter) in shippedCues.matches(in: text) {
            // At the same place the longer cue wins ("я мама" over a later "мама").
            if best.map({ offset < $0.offset || (offset == $0.offset && cue.written.count > $0.length) }) ?? true {
                best = (offset, cue.written.count, reporter)
            }
        }
        return best?.reporter
    }

    /// Every cue of every language with the reporter it shows.
    static let shippedCues = FacetCueSet(cues.flatMap { reporter, words in words.map { (FacetCue($0), reporter) } })

    /// Cues in the six languages, written from how each reporter talks: possessives of family
    /// (parent), self-statements of age and of one's own parents, teachers and friends (child),
    /// a profession, one's pupils or a received case (professional). `#` is a child's age.
    private static let cues: [(Reporter, [String])] = [
        (.parent, [
            // en
            "my son", "my sons", "my daughter", "my daughters", "my child", "my children", "my kid", "my kids", "my boy",
            "my girl", "my stepson", "my stepdaughter", "my teen", "my teenager", "my little one", "my #-year-old",
            "my # year old", "my #yo", "my # yo", "our son", "our daughter", "our child", "our children", "our kids",
            "our #-year-old", "as a parent", "as a mum", "as a mom", "as a mother", "as a father", "as a dad",
            "i'm a parent", "i am a parent", "mum of", "mom of", "mother of a", "father of a", "dad of", "my grandson",
            "my granddaughter", "my nephew", "my niece",
            // fr
            "mon fils", "ma fille", "mes filles", "mes fils", "mon enfant", "mes enfants", "mon garçon", "mon ado",
            "ma ado", "mes ados", "notre fils", "notre fille", "notre enfant", "nos enfants", "en tant que parent",
            "en tant que mère", "en tant que père", "en tant que maman", "je suis maman", "je suis papa", "maman de",
            "papa de", "mère de", "père de", "mon petit-fils", "ma petite-fille", "mon neveu", "ma nièce", "mon beau-fils",
            "ma belle-fille",
            // es
            "mi hijo", "mi hija", "mis hijos", "mis hijas", "mi niño", "mi niña", "mi nene", "mi nena", "mis niños",
            "mi peque", "nuestro hijo", "nuestra hija", "nuestros hijos", "mi hijastro", "mi hijastra", "mi nieto",
            "mi nieta", "mi sobrino", "mi sobrina", "como madre", "como padre", "como mamá", "como papá", "soy madre",
            "soy padre", "soy mamá", "soy papá", "mamá de", "madre de un", "madre de una", "padre de un", "padre de una",
            // ru
            "мой сын", "моего сына", "моему сыну", "моим сыном", "моя дочь", "мою дочь", "моей дочери", "моя дочка",
            "моей дочке", "мою дочку", "мой ребенок", "мой ребёнок", "моего ребенка", "моего ребёнка", "моему ребенку",
            "мои дети", "моих детей", "наш сын", "нашего сына", "наша дочь", "нашу дочь", "наш ребенок", "наш ребёнок",
            "наши дети", "у сына", "у дочери", "у дочки", "сыну #", "дочке #", "дочери #", "сын #", "дочь #", "сынишк*",
            "дочурк*", "я мама", "я папа", "я мать", "я отец", "как мама", "как родитель", "мой внук", "моя внучка",
            "моему внуку", "моей внучке",
            // ar
            "ابني", "ابنتي", "بنتي", "ولدي", "اولادي", "اطفالي", "ابنائي", "بناتي", "طفلي", "طفلتي", "عيالي", "ابننا",
            "ابنتنا", "بنتنا", "ولدنا", "اطفالنا", "اولادنا", "ابنائنا", "بصفتي ام", "بصفتي اب", "انا ام", "انا اب",
            "كام ل", "حفيدي", "حفيدتي", "ابن اختي", "ابن اخي", "بنت اختي", "بنت اخي",
            // zh
            "我儿子", "我女儿", "我家孩子", "我的孩子", "我孩子", "我家娃", "我娃", "儿子", "女儿", "作为家长", "作为父母",
            "作为妈妈", "作为母亲", "作为父亲", "作为爸爸", "我是家长", "我是妈妈", "我是爸爸", "宝妈", "我孙子",
            "我孙女", "我外孙", "我侄子", "我侄女", "我外甥", "兒子", "女兒", "我家小孩",
        ]),
        (.child, [
            // en
            "i'm #", "im #", "i am #", "i'm a #", "my mum", "my mom", "my mam", "my dad", "my parents", "my mother",
            "my father", "my stepdad", "my stepmom", "my stepmum", "my teacher", "my teachers", "my classmate",
            "my classmates", "my mate", "my mates", "my bestie", "my best friend", "my bf", "my boyfriend", "my gf",
            "my girlfriend", "my crush", "my brother", "my sister", "my older brother", "my big brother",
            "me and my friends", "my friends and i", "in my year", "my form tutor",
            "my friend", "my friends", "our class", "my school", "me and my",
            // fr
            "j'ai # ans", "moi j'ai # ans", "ma mère", "ma mere", "mon père", "mon pere", "mes parents", "ma mère",
            "mon beau-père", "ma belle-mère", "ma prof", "mon prof", "mes profs", "mon copain", "ma copine", "mon pote",
            "mes potes", "mon meilleur ami", "ma meilleure amie", "mon frère", "ma sœur", "ma soeur", "mon grand frère",
            "mon collège", "mon lycée",
            "notre classe", "mes amis", "mon amie", "mon ami", "mes copains", "mes copines",
            // es
            "tengo # años", "yo tengo # años", "mi mamá", "mi mama", "mi papá", "mi papa", "mis papás", "mis papas",
            "mis padres", "mi madre", "mi padre", "mi profe", "mi profesor", "mi profesora", "mis profes", "mi maestra",
            "mi maestro", "mi novio", "mi novia", "mi amigo", "mi amiga", "mis amigos", "mis amigas", "mi mejor amigo",
            "mi mejor amiga", "mi hermano", "mi hermana", "mi colegio", "mi escuela", "mi insti", "mi instituto",
            "mi prepa", "mi secu", "mis compañeros", "mi compañero", "mi compañera",
            "tengo #", "mis viejos", "mi vieja", "mi viejo", "mi curso", "mi salón", "mi cole",
            // ru
            "мне # лет", "мне # год", "мне #", "моя мама", "моей маме", "мой папа", "моему папе", "мои родители",
            "моим родителям", "моих родителей", "маме не", "родителям не", "родители не знают", "мой учитель",
            "моя учительница", "моя классная", "классуха", "училка", "мой друг", "моя подруга", "мои друзья", "мой парень",
            "моя девушка", "мой брат", "моя сестра", "мой старший брат", "моим одноклассник*", "мои одноклассник*",
            "моя одноклассница", "мой одноклассник",
            "моим друзьям", "моих друзей", "пацаны", "я в # классе", "учусь в # классе",
            // ar
            "عمري #", "انا عمري", "امي", "ابوي", "والدي", "والدتي", "اهلي", "ماما", "بابا", "استاذي", "استاذتي",
            "معلمتي", "معلمي", "صاحبي", "صاحبتي", "صديقي", "صديقتي", "اصحابي", "اصدقائي", "اخوي", "اخي", "اختي", "مدرستي", "زملائي",
            "انا في الصف", "صحابي",
            // zh
            "我今年#岁", "我#岁", "我今年#歲", "我#歲", "我妈", "我爸", "我爸妈", "我父母", "我媽", "我爸媽", "我们老师",
            "我們老師", "我同学", "我的同学", "我同學", "我朋友", "我闺蜜", "我男朋友", "我女朋友", "我哥", "我姐",
            "老师让我们", "老师要我们", "我们班主任", "我高一", "我高二", "我高三", "我初一", "我初二", "我初三",
        ]),
        (.professional, [
            // en
            "as a teacher", "i'm a teacher", "i am a teacher", "i teach", "my students", "my pupils", "one of my students",
            "one of my pupils", "a student of mine", "a pupil of mine", "our students", "our pupils", "our learners",
            "my class", "my classroom", "my form", "safeguarding lead", "designated safeguarding", "dsl", "head of year",
            "school counsellor", "school counselor", "as a counsellor", "as a counselor", "social worker", "youth worker",
            "youth club", "caller", "the caller", "helpline", "hotline", "our analysts", "analyst", "we received a report", "we received a referral", "as a police officer", "police officer here",
            "reported to us", "our service", "our unit", "the young person", "referral",
            "complaint received", "grade # student", "year # student", "year # pupil",
            // fr
            "mes élèves", "nos élèves", "un de mes élèves", "une de mes élèves", "l'élève", "en tant qu'enseignant",
            "en tant qu'enseignante", "en tant que professeur", "en tant que prof", "je suis enseignant",
            "je suis enseignante", "je suis professeur", "je suis prof", "professeur principal", "professeure principale",
            "cpe", "infirmière scolaire", "éducateur", "éducatrice", "animateur", "animatrice", "assistante sociale",
            "assistant social", "travailleur social", "travailleuse sociale", "référent", "référente", "l'appelant",
            "l'appelante", "appelant", "appelante", "écoutant", "écoutante", "notre établissement", "notre collège",
            "notre lycée", "notre école", "notre équipe", "notre service", "nous avons reçu", "signalement reçu",
            "enquêteur", "enquêtrice", "analyste", "le jeune", "la jeune",
            "enseignant", "enseignante", "maison de quartier", "notre structure",
            // es
            "mis alumnos", "mis alumnas", "nuestros alumnos", "nuestras alumnas", "mis estudiantes",
            "nuestros estudiantes", "un alumno", "una alumna", "el alumno", "la alumna", "como docente", "como profesor",
            "como profesora", "como maestra", "como maestro", "soy docente", "soy profesor", "soy profesora",
            "soy maestra", "soy maestro", "orientadora", "orientador", "trabajadora social", "trabajador social",
            "educadora social", "educador social", "psicóloga escolar", "psicólogo escolar", "llamante",
            "la persona que llama", "quien llama", "nna", "el menor", "la menor", "el adolescente", "la adolescente",
            "nuestro centro", "nuestro colegio", "nuestra escuela", "nuestro equipo", "analista", "refiere que", "recibimos un reporte", "recibimos una denuncia", "recibimos un aviso",
            "docente", "consulta al", "chat entrante", "llamada entrante",
            // ru
            "мои ученики", "моих учеников", "мой ученик", "моя ученица", "наши ученики", "наших учеников", "наш ученик",
            "наша ученица", "классный руководитель", "я учитель", "я учительница", "я педагог",
            "как педагог", "как учитель", "педагог-психолог", "школьный психолог", "социальный педагог", "соцпедагог",
            "вожатый", "вожатая", "инспектор", "пдн", "обратившийся", "обратившаяся", "абонент", "звонивш*",
            "телефон доверия", "горячая линия", "на горячую линию", "обратилась мать", "обратилась мама",
            "обратился отец", "поступило обращение", "поступила жалоба", "поступил сигнал", "поступила ссылка",
            "поступило сообщение", "заявитель", "заявительница", "наша школа", "в нашей школе", "нашей школы", "наш отдел",
            "мы получили", "аналитик",
            "звонок на линию", "на линию",
            // ar
            "طلابي", "طالباتي", "تلاميذي", "تلميذي", "تلميذتي", "طالبتي", "طلابنا", "طالباتنا", "تلاميذنا", "طالبتنا",
            "بصفتي معلم", "بصفتي معلمه", "بصفتي مدرس", "بصفتي مدرسه", "انا معلم", "انا معلمه", "انا مدرس", "انا مدرسه",
            "المرشد الطلابي", "المرشده الطلابيه", "مرشد طلابي", "مرشده طلابيه", "الاخصائي الاجتماعي",
            "الاخصائيه الاجتماعيه", "اخصائي اجتماعي", "اخصائيه اجتماعيه", "المتصل", "المتصله", "خط المساعده",
            "خط نجده الطفل", "ورد بلاغ", "وردنا بلاغ", "تلقينا بلاغ", "وصلنا بلاغ", "مدرستنا", "فريقنا", "محلل",
            "المركز الشبابي", "رصدنا", "تلقينا",
            // zh
            "我的学生", "我班学生", "我们班学生", "我们班的学生", "班上学生", "班上的学生", "本校", "我校", "家长反映", "家长反馈", "家长来电", "来电者", "来电", "来访者", "求助者", "作为老师", "作为教师", "作为班主任",
            "我是老师", "我是班主任", "我是一名老师", "我是一名教师", "心理老师", "社工", "辅导员", "民警", "接到举报",
            "接到报告", "收到举报", "收到报告", "接报", "分析师", "该生", "该学生", "我的學生", "該生", "來電",
            "个案", "個案", "本班", "举报核查", "本班学生",
        ]),
    ]
}
