import ReportIO

/// Turns the `Incident` elements of an IODEF v1 or v2 document into reports, one per call.
///
/// It descends only into what it reads (Incident, EventData, Assessment) and skips every other
/// subtree (Contact, Method, Flow, Record, AdditionalData, ...) without building it.
struct IODEFExtractor: RecordExtractor {
    private let namespace: StaticString
    private let isVersion1: Bool
    /// v1 carries the language in a `lang` attribute, inherited from the document by hand.
    private let documentLang: String?
    private(set) var recordStart: Int?

    /// `reader` stands on the `IODEF-Document` root element.
    init(version: FeedFormat, reader: XMLStreamReader) {
        isVersion1 = version == .iodef1
        namespace = isVersion1 ? FeedFormat.iodef1Namespace : FeedFormat.iodef2Namespace
        documentLang = isVersion1 ? reader.attribute("lang") : nil
    }

    mutating func next(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem? {
        while try reader.read() {
            guard reader.kind == .element, reader.depth == 2 else { continue }
            if reader.localNameIs("Incident"), reader.namespaceIs(namespace) { return try incident(reader) }
            try reader.skipSubtree()
        }
        return nil
    }

    private enum Container { case incident, eventData, assessment }

    private mutating func incident(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem {
        let origin = reader.nodeLocation
        recordStart = origin.line
        // The text's language: the first Description's, which inherits the incident's and the document's.
        let incidentLang = isVersion1 ? reader.attribute("lang") ?? documentLang : reader.xmlLang
        var descriptionLang: String?
        var id: String?, partner: String?
        var reportTime: String?, generationTime: String?, detectTime: String?
        var descriptions: [String] = []
        var codes: [String] = []
        var open: [Container] = reader.isEmptyElement ? [] : [.incident]

        while let parent = open.last, try reader.read() {
            if reader.kind == .endElement {
                open.removeLast()
                continue
            }
            guard reader.kind == .element else { continue }
            guard reader.namespaceIs(namespace) else {
                try reader.skipSubtree()
                continue
            }
            switch parent {
            case .incident where reader.localNameIs("IncidentID"):
                partner = reader.attribute("name")
                id = try reader.readText()
            case .incident where reader.localNameIs("ReportTime"): reportTime = try reader.readText()
            case .incident where reader.localNameIs("GenerationTime"): generationTime = try reader.readText()
            case .incident where reader.localNameIs("DetectTime"): detectTime = try reader.readText()
            case .incident where reader.localNameIs("Description"), .eventData where reader.localNameIs("Description"):
                if descriptions.isEmpty { descriptionLang = isVersion1 ? reader.attribute("lang") ?? incidentLang : reader.xmlLang }
                descriptions.append(try reader.readText())
            case .incident where reader.localNameIs("EventData"), .eventData where reader.localNameIs("EventData"):
                if !reader.isEmptyElement { open.append(.eventData) }
            case .incident where reader.localNameIs("Assessment"), .eventData where reader.localNameIs("Assessment"):
                if !reader.isEmptyElement { open.append(.assessment) }
            case .assessment where reader.localNameIs("IncidentCategory"):
                codes.append(try reader.readText())
            case .assessment where isImpact(reader):
                if let type = reader.attribute("type") {
                    codes.append(type == "ext-value" ? reader.attribute("ext-type") ?? type : type)
                }
                try reader.skipSubtree()
            default:
                try reader.skipSubtree()
            }
        }
        let report = RecordFields(
            id: id, texts: descriptions, lang: descriptionLang ?? incidentLang, country: nil, partner: partner,
            date: reportTime ?? generationTime ?? detectTime, codes: codes)
        recordStart = nil
        return report.item(origin: origin, closingTag: "Incident", what: "incident")
    }

    private func isImpact(_ reader: XMLStreamReader) -> Bool {
        isVersion1 ? reader.localNameIs("Impact")
            : reader.localNameIs("SystemImpact") || reader.localNameIs("BusinessImpact") || reader.localNameIs("IntendedImpact")
    }
}
