/// Which fields (JSON keys, CSV columns) of a batch hold the parts of a report.
public struct FieldMapping: Sendable, Hashable {
    public var id: String
    public var text: String
    public var lang: String
    public var country: String
    public var partner: String
    public var date: String
    /// An array of strings (JSON) or a `;`-separated list (CSV) of the partner's own codes.
    public var partnerCodes: String
    /// Further fields to carry into `Report.extra` as raw JSON (`--carry source,labels`).
    public var carry: [String]

    public init(
        id: String = "id", text: String = "text", lang: String = "lang", country: String = "country",
        partner: String = "partner", date: String = "date", partnerCodes: String = "partner_codes",
        carry: [String] = []
    ) {
        self.id = id
        self.text = text
        self.lang = lang
        self.country = country
        self.partner = partner
        self.date = date
        self.partnerCodes = partnerCodes
        self.carry = carry
    }

    /// The field names in slot order: id, text, lang, country, partner, date, partner codes,
    /// then the carried fields.
    var slots: [String] { [id, text, lang, country, partner, date, partnerCodes] + carry }
    static let carryOffset = 7
}
