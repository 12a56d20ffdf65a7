import ReportIO
import TextFormats

/// One imported report as a JSON line, in the batch format `classify` reads:
/// `id`, `text`, `lang`, `country`, `partner`, `date` (each only when known) and `partner_codes`.
public enum ReportJSONL {
    /// The JSON object for `report`, with a final newline.
    public static func line(for report: Report) -> [UInt8] {
        var json = JSONOutput()
        append(report, to: &json)
        return json.bytes
    }

    /// Appends the line for `report` to `json` (a buffer reused from line to line saves an allocation each).
    public static func append(_ report: Report, to json: inout JSONOutput) {
        // Room for the usual line at once, rather than growing it field by field.
        json.bytes.reserveCapacity(json.bytes.count + report.text.utf8.count + report.id.utf8.count + 160)
        json.raw("{\"id\":")
        json.string(report.id)
        json.raw(",\"text\":")
        json.string(report.text)
        json.reportMetadata(report)
        json.raw(",\"partner_codes\":")
        json.stringArray(report.partnerCodes)
        json.raw("}\n")
    }
}
