import ReportIO

/// Turns the `Incident` elements of an IODEF v1 or v2 document into reports, one per call.
///
/// Each incident is parsed whole (`XMLStreamReader.expand()`) and its fields are read from the
/// tree: only what it reads (Incident, EventData, Assessment) is visited; every other subtree
/// (Contact, Method, Flow, Record, AdditionalData, ...) is left alone.
struct IODEFExtractor: RecordExtractor {
    private let names: Names
    private let isVersion1: Bool
    /// v1 carries the language in a `lang` attribute, inherited from the document by hand.
    private let documentLang: String?
    private(set) var recordStart: Int?
    /// The fields of the incident being read, kept from one to the next for their buffers.
    private var fields = Fields()
    /// Elements seen at the record level (incidents and others), for `XMLStreamReader.expand`.
    private var records = 0

    /// `reader` stands on the `IODEF-Document` root element.
    init(version: FeedFormat, reader: XMLStreamReader) {
        isVersion1 = version == .iodef1
        names = Names(reader, isVersion1: isVersion1)
        documentLang = isVersion1 ? reader.attribute("lang") : nil
    }

    mutating func next(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem? {
        while try reader.read() {
            guard reader.kind == .element, reader.depth == 2 else { continue }
            records += 1
            if reader.internedLocalName == names.incident, reader.isIn(names.namespace) { return try incident(reader) }
            try reader.skipSubtree()
        }
        return nil
    }

    private enum Container { case incident, eventData, assessment }

    /// What one incident gives.
    private struct Fields {
        var id: String?, partner: String?
        var reportTime: String?, generationTime: String?, detectTime: String?
        var descriptionLang: String?
        var descriptions: [String] = [], codes: [String] = []
    }

    private mutating func incident(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem {
        let origin = reader.nodeLocation
        recordStart = origin.line
        // The text's language: the first Description's, which inherits the incident's and the
        // document's (v2's `xml:lang` through libxml2, v1's `lang` by hand). An incident without a
        // Description is rejected, so needs none.
        let incidentLang = isVersion1 ? reader.attribute("lang") ?? documentLang : nil
        let element = try reader.expand(record: records)
        fields.descriptions.removeAll(keepingCapacity: true)
        fields.codes.removeAll(keepingCapacity: true)
        (fields.id, fields.partner, fields.descriptionLang) = (nil, nil, nil)
        (fields.reportTime, fields.generationTime, fields.detectTime) = (nil, nil, nil)
        try read(element, in: .incident, incidentLang: incidentLang)
        // A break after the incident is reported after it.
        reader.skipSubtreeReportingLater()
        let report = FeedRecord(
            id: fields.id, texts: fields.descriptions, lang: fields.descriptionLang, country: nil, partner: fields.partner,
            date: fields.reportTime ?? fields.generationTime ?? fields.detectTime, codes: fields.codes)
        recordStart = nil
        return report.item(origin: origin, closingTag: "Incident", what: "incident", lines: reader.lines)
    }

    /// Reads the fields among the children of `element`, an Incident, EventData or Assessment.
    private mutating func read(_ element: XMLElement, in parent: Container, incidentLang: String?) throws(FeedError) {
        for child in element.children where child.isIn(names.namespace) {
            let name = child.internedLocalName
            switch parent {
            case .incident where name == names.incidentID:
                fields.partner = child.attribute("name")
                fields.id = try child.text()
            case .incident where name == names.reportTime: fields.reportTime = try child.text()
            // The date is ReportTime, else GenerationTime, else DetectTime: GenerationTime (after
            // ReportTime in the schema) is read only when no ReportTime came before it.
            case .incident where name == names.generationTime && fields.reportTime == nil: fields.generationTime = try child.text()
            case .incident where name == names.detectTime: fields.detectTime = try child.text()
            case .incident where name == names.description, .eventData where name == names.description:
                if fields.descriptions.isEmpty {
                    fields.descriptionLang = isVersion1 ? child.attribute("lang") ?? incidentLang : child.xmlLang
                }
                fields.descriptions.append(try child.text())
            case .incident where name == names.eventData, .eventData where name == names.eventData:
                try read(child, in: .eventData, incidentLang: incidentLang)
            case .incident where name == names.assessment, .eventData where name == names.assessment:
                try read(child, in: .assessment, incidentLang: incidentLang)
            case .assessment where name == names.incidentCategory:
                fields.codes.append(try child.text())
            case .assessment where names.impacts.contains(name):
                if let type = child.attribute("type") {
                    fields.codes.append(type == "ext-value" ? child.attribute("ext-type") ?? type : type)
                }
            default:
                continue
            }
        }
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
