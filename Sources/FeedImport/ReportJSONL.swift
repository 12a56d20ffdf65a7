import ReportIO

/// One imported report as a JSON line, in the batch format `classify` reads:
/// `id`, `text`, `lang`, `country`, `partner`, `date` (each only when known) and `partner_codes`.
public enum ReportJSONL {
    /// The JSON object for `report`, with a final newline.
    public static func line(for report: Report) -> [UInt8] {
        var json = JSONOutput()
        json.raw("{")
        json.key("id")
        json.string(report.id)
        json.raw(",")
        json.key("text")
        json.string(report.text)
        for (key, value) in [("lang", report.lang), ("country", report.country), ("partner", report.partner), ("date", report.date)] {
            guard let value else { continue }
            json.raw(",")
            json.key(key)
            json.string(value)
        }
        json.raw(",")
        json.key("partner_codes")
        json.raw("[")
        for (index, code) in report.partnerCodes.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(code)
        }
        json.raw("]}\n")
        return json.bytes
    }
}
