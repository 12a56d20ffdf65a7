import ReportIO
import TextFormats

/// One imported report as a JSON line, in the batch format `classify` reads:
/// `id`, `text`, `lang`, `country`, `partner`, `date` (each only when known) and `partner_codes`.
public enum ReportJSONL {
    /// The JSON object for `report`, with a final newline.
    public static func line(for report: Report) -> [UInt8] {
        var json = JSONOutput()
        // Room for the usual line at once, rather than growing it field by field.
        json.bytes.reserveCapacity(report.text.utf8.count + report.id.utf8.count + 160)
        json.raw("{")
        json.key("id")
        json.string(report.id)
        json.raw(",")
        json.key("text")
        json.string(report.text)
        json.reportMetadata(report)
        json.raw(",")
        json.key("partner_codes")
        json.stringArray(report.partnerCodes)
        json.raw("}\n")
        return json.bytes
    }
}
