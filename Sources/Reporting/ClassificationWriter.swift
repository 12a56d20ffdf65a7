import Foundation
import ReportIO
import ThreatRules
import ThreatTaxonomy
import TextFormats

/// Writes one classified report per line, as JSON or CSV.
public struct ClassificationWriter: Sendable {
    public enum Format: String, CaseIterable, Sendable { case json, csv }

    public var format: Format
    /// Whether JSON lines include each label's evidence.
    public var evidence: Bool
    /// Adds the crosswalk codes of the labels, when set.
    public var codes: CodeResolver?
    /// CSV: the carried fields (`--carry`), a column each after the metadata.
    public var carried: [String]
    /// The hash of the rules that labelled the batch (`--version` prints it, summaries carry
    /// it), written into every line as `rules` so that a line can be traced to its rules.
    public var rules: String?

    public init(format: Format = .json, evidence: Bool = true, codes: CodeResolver? = nil, carried: [String] = [], rules: String? = nil) {
        self.format = format
        self.evidence = evidence
        self.codes = codes
        self.carried = carried
        self.rules = rules
    }

    /// The CSV header line, or `nil` for JSON.
    public var header: [UInt8]? {
        guard format == .csv else { return nil }
        let columns = ["id", "lang", "country", "partner", "date"] + carried + ["labels", "scores"] + (codes == nil ? [] : ["codes"])
            + (rules == nil ? [] : ["rules"])
        return Array((columns.map(CSVField.quoted).joined(separator: ",") + "\n").utf8)
    }

    /// One output line, newline included.
    public func line(_ report: Report, _ classification: Classification) -> [UInt8] {
        var out = JSONOutput()
        append(report, classification, to: &out)
        return out.bytes
    }

    /// Appends one output line, newline included, to `bytes` (a worker's buffer of lines).
    @Sendable public func append(_ report: Report, _ classification: Classification, to bytes: inout [UInt8]) {
        var out = JSONOutput()
        swap(&out.bytes, &bytes)
        append(report, classification, to: &out)
        swap(&out.bytes, &bytes)
    }

    /// Appends one output line, newline included, to `out`: a batch reuses one buffer for all.
    public func append(_ report: Report, _ classification: Classification, to out: inout JSONOutput) {
        let codes = self.codes.map { $0.codes(of: classification.labels.flatMap(\.path)) }
        switch format {
        case .json: json(report, classification, codes: codes, to: &out)
        case .csv: out.bytes.append(contentsOf: csv(report, classification, codes: codes))
        }
    }

    private func json(_ report: Report, _ classification: Classification, codes: [String]?, to out: inout JSONOutput) {
        out.raw("{")
        out.key("id")
        out.string(report.id)
        out.reportMetadata(report)
        if let detected = classification.detectedLanguage {
            if report.lang == nil {
                out.raw(",\"lang\":")
                out.string(detected)
            } else {
                out.raw(",\"lang_identified\":")
                out.string(detected)
            }
            out.raw(",\"lang_detected\":true")
        }
        if !report.extra.isEmpty {
            out.raw(",\"extra\":{")
            for (i, key) in report.extra.keys.sorted().enumerated() {
                if i > 0 { out.raw(",") }
                out.key(key)
                out.raw(report.extra[key]!)
            }
            out.raw("}")
        }
        out.raw(",\"labels\":[")
        // Labels and evidence are read in place: a copy of each would retain and release its
        // strings and arrays, on the thread that hands results back in order.
        let labels = classification.labels
        for i in labels.indices {
            if i > 0 { out.raw(",") }
            out.raw("{\"node\":")
            out.string(labels[i].node)
            out.raw(",\"path\":")
            out.stringArray(labels[i].path)
            out.raw(",\"score\":")
            out.number((labels[i].score * 1000).rounded() / 1000)  // no 2.8000000000000003
            if evidence {
                out.raw(",\"evidence\":[")
                for j in labels[i].evidence.indices {
                    if j > 0 { out.raw(",") }
                    out.raw("{\"rule\":")
                    out.string(labels[i].evidence[j].rule)
                    out.raw(",\"text\":")
                    out.string(labels[i].evidence[j].text)
                    out.raw(",\"start\":")
                    out.number(labels[i].evidence[j].start)
                    out.raw(",\"end\":")
                    out.number(labels[i].evidence[j].end)
                    out.raw("}")
                }
                out.raw("]")
            }
            out.raw("}")
        }
        out.raw("]")
        if let codes {
            out.raw(",\"codes\":")
            out.stringArray(codes)
        }
        if let category = dsaCategory(classification) {
            out.raw(",\"dsa_category\":")
            out.string(category)
        }
        if let rules {
            out.raw(",\"rules\":")
            out.string(rules)
        }
        out.raw("}\n")
    }

    /// With `--codes dsa`, the one statement category a DSA statement of reasons needs: the
    /// category nearest to the highest-scoring label (the first of equal scores, in taxonomy
    /// order), its own before its parent's; `nil` for other schemes or a report without labels.
    func dsaCategory(_ classification: Classification) -> String? {
        guard let codes, codes.scheme == "dsa",
              let top = classification.labels.enumerated().max(by: { ($0.element.score, -$0.offset) < ($1.element.score, -$1.offset) })
        else { return nil }
        return codes.nearestCode(of: top.element.node, prefix: "STATEMENT_CATEGORY_")
    }

    /// id, the metadata (the identified language when the report had none), the carried fields
    /// as text, the labels and their scores joined by `;` (scores rounded as in JSON), the codes.
    private func csv(_ report: Report, _ classification: Classification, codes: [String]?) -> [UInt8] {
        var fields = [report.id, report.lang ?? classification.detectedLanguage ?? "", report.country ?? "", report.partner ?? "",
                      report.date ?? ""]
        fields += carried.map { report.extra[$0].map(Report.carriedText) ?? "" }
        fields.append(classification.labels.map(\.node).joined(separator: ";"))
        fields.append(classification.labels.map { label in
            var number = JSONOutput()
            number.number((label.score * 1000).rounded() / 1000)
            return String(decoding: number.bytes, as: UTF8.self)
        }.joined(separator: ";"))
        if let codes { fields.append(codes.joined(separator: ";")) }
        if let rules { fields.append(rules) }
        return Array((fields.map(CSVField.quoted).joined(separator: ",") + "\n").utf8)
    }
}

/// RFC 4180 quoting of one CSV field, safe to open in a spreadsheet.
public enum CSVField {
    /// The field, in double quotes (inner quotes doubled) when it holds `,`, `"` or a line break.
    /// A field starting with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet
    /// would run as a formula, gets a leading `'` (as OWASP recommends against CSV injection).
    public static func quoted(_ field: String) -> String {
        let field = field.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + field : field
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
