import ReportIO

/// Turns the `Incident` elements of an IODEF v1 or v2 document into reports, one per call.
///
/// It descends only into what it reads (Incident, EventData, Assessment) and skips every other
/// subtree (Contact, Method, Flow, Record, AdditionalData, ...) without building it.
struct IODEFExtractor: RecordExtractor {
    private let names: Names
    private let isVersion1: Bool
    /// v1 carries the language in a `lang` attribute, inherited from the document by hand.
    private let documentLang: String?
    private(set) var recordStart: Int?
    /// Buffers of one incident, kept from one to the next.
    private var descriptions: [String] = [], codes: [String] = [], open: [Container] = []

    /// `reader` stands on the `IODEF-Document` root element.
    init(version: FeedFormat, reader: XMLStreamReader) {
        isVersion1 = version == .iodef1
        names = Names(reader, isVersion1: isVersion1)
        documentLang = isVersion1 ? reader.attribute("lang") : nil
    }

    mutating func next(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem? {
        while try reader.read() {
            guard reader.kind == .element, reader.depth == 2 else { continue }
            if reader.internedLocalName == names.incident, reader.isIn(names.namespace) { return try incident(reader) }
            try reader.skipSubtree()
        }
        return nil
    }

    private enum Container { case incident, eventData, assessment }

    private mutating func incident(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem {
        let origin = reader.nodeLocation
        recordStart = origin.line
        // The text's language: the first Description's, which inherits the incident's and the
        // document's (v2's `xml:lang` through libxml2, v1's `lang` by hand). An incident without a
        // Description is rejected, so needs none.
        let incidentLang = isVersion1 ? reader.attribute("lang") ?? documentLang : nil
        var descriptionLang: String?
        var id: String?, partner: String?
        var reportTime: String?, generationTime: String?, detectTime: String?
        descriptions.removeAll(keepingCapacity: true)
        codes.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        if !reader.isEmptyElement { open.append(.incident) }

        while let parent = open.last, try reader.read() {
            if reader.kind == .endElement {
                open.removeLast()
                continue
            }
            guard reader.kind == .element else { continue }
            guard reader.isIn(names.namespace) else {
                try reader.skipSubtree()
                continue
            }
            let name = reader.internedLocalName
            switch parent {
            case .incident where name == names.incidentID:
                partner = reader.attribute("name")
                id = try reader.readText()
            case .incident where name == names.reportTime: reportTime = try reader.readText()
            // The date is ReportTime, else GenerationTime, else DetectTime: GenerationTime (after
            // ReportTime in the schema) is read only when no ReportTime came before it.
            case .incident where name == names.generationTime && reportTime == nil: generationTime = try reader.readText()
            case .incident where name == names.detectTime: detectTime = try reader.readText()
            case .incident where name == names.description, .eventData where name == names.description:
                if descriptions.isEmpty { descriptionLang = isVersion1 ? reader.attribute("lang") ?? incidentLang : reader.xmlLang }
                descriptions.append(try reader.readText())
            case .incident where name == names.eventData, .eventData where name == names.eventData:
                if !reader.isEmptyElement { open.append(.eventData) }
            case .incident where name == names.assessment, .eventData where name == names.assessment:
                if !reader.isEmptyElement { open.append(.assessment) }
            case .assessment where name == names.incidentCategory:
                codes.append(try reader.readText())
            case .assessment where names.impacts.contains(name):
                if let type = reader.attribute("type") {
                    codes.append(type == "ext-value" ? reader.attribute("ext-type") ?? type : type)
                }
                try reader.skipSubtree()
            default:
                try reader.skipSubtree()
            }
        }
        let report = FeedRecord(
            id: id, texts: descriptions, lang: descriptionLang, country: nil, partner: partner,
            date: reportTime ?? generationTime ?? detectTime, codes: codes)
        recordStart = nil
        return report.item(origin: origin, closingTag: "Incident", what: "incident", lines: reader.lines)
    }

    /// The element names the extractor looks for, interned in the reader's dictionary.
    private struct Names {
        typealias Name = XMLStreamReader.InternedName
        let namespace: XMLStreamReader.Namespace
        let incident, incidentID, reportTime, generationTime, detectTime: Name
        let description, eventData, assessment, incidentCategory: Name
        /// v1's `Impact`; v2's `SystemImpact`, `BusinessImpact` and `IntendedImpact`.
        let impacts: [Name]

        init(_ reader: XMLStreamReader, isVersion1: Bool) {
            namespace = reader.namespace(isVersion1 ? FeedFormat.iodef1Namespace : FeedFormat.iodef2Namespace)
            incident = reader.intern("Incident")
            incidentID = reader.intern("IncidentID")
            reportTime = reader.intern("ReportTime")
            generationTime = reader.intern("GenerationTime")
            detectTime = reader.intern("DetectTime")
            description = reader.intern("Description")
            eventData = reader.intern("EventData")
            assessment = reader.intern("Assessment")
            incidentCategory = reader.intern("IncidentCategory")
            impacts = isVersion1 ? [reader.intern("Impact")]
                : [reader.intern("SystemImpact"), reader.intern("BusinessImpact"), reader.intern("IntendedImpact")]
        }
    }
}
