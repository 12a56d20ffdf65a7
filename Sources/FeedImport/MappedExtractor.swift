import ReportIO
import TextFormats

/// Turns the records of a partner schema into reports, following a `FeedMapping`.
///
/// It walks down only the paths the mapping names (to the records and to absolute fields) and
/// skips every other subtree.
struct MappedExtractor: RecordExtractor {
    private let mapping: FeedMapping
    /// Absolute fields, read once from the document before the records that follow them.
    private var documentValues: [Int: String] = [:]
    /// The open elements below the root, by depth.
    private var path: [QualifiedName] = []
    private(set) var recordStart: Int?

    /// `reader` stands on the root element; it must be the mapping's root.
    init(mapping: FeedMapping, format: FeedFormat, reader: XMLStreamReader) throws(FeedError) {
        let found = QualifiedName(namespace: reader.namespaceURI, local: reader.localName)
        guard found == mapping.root else {
            throw reader.failure(
                "the root element is \(found), but the mapping \(mapping.file) expects \(mapping.root); "
                    + "check that this feed and this mapping belong together")
        }
        self.mapping = mapping
        try captureAbsolute(reader, elementPath: [found])
    }

    mutating func next(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem? {
        while try reader.read() {
            guard reader.kind == .element else { continue }
            path.removeLast(max(0, path.count - (reader.depth - 2)))
            path.append(QualifiedName(namespace: reader.namespaceURI, local: reader.localName))
            if path == mapping.record { return try record(reader) }
            let elementPath = [mapping.root] + path
            try captureAbsolute(reader, elementPath: elementPath)
            let leadsSomewhere = mapping.record.starts(with: path)
                || mapping.fields.contains { $0.path.isAbsolute && $0.path.steps.count > elementPath.count && $0.path.steps.starts(with: elementPath) }
            if !leadsSomewhere { try reader.skipSubtree() }
        }
        return nil
    }

    /// Reads the absolute fields that end at the current element (attributes, or its text).
    private mutating func captureAbsolute(_ reader: XMLStreamReader, elementPath: [QualifiedName]) throws(FeedError) {
        for (index, field) in mapping.fields.enumerated()
        where field.path.isAbsolute && field.path.steps == elementPath && documentValues[index] == nil {
            if let attribute = field.path.attribute {
                documentValues[index] = value(of: attribute, reader)
            } else {
                documentValues[index] = try reader.readText()
                return
            }
        }
    }

    private mutating func record(_ reader: XMLStreamReader) throws(FeedError) -> ReportSourceItem {
        let origin = reader.nodeLocation
        recordStart = origin.line
        let recordDepth = reader.depth
        let closingTag = reader.localName
        var values: [Int: [String]] = [:]
        for (index, field) in mapping.fields.enumerated() where !field.path.isAbsolute && field.path.steps.isEmpty {
            if let attribute = field.path.attribute, let value = value(of: attribute, reader) { values[index, default: []].append(value) }
        }
        let recordLang = reader.xmlLang
        var inner: [QualifiedName] = []
        let isEmpty = reader.isEmptyElement
        while !isEmpty, try reader.read() {
            if reader.kind == .endElement, reader.depth == recordDepth { break }
            guard reader.kind == .element else { continue }
            inner.removeLast(max(0, inner.count - (reader.depth - recordDepth - 1)))
            inner.append(QualifiedName(namespace: reader.namespaceURI, local: reader.localName))
            var readWhole = false
            for (index, field) in mapping.fields.enumerated() where !field.path.isAbsolute && field.path.steps == inner {
                if let attribute = field.path.attribute {
                    if let value = value(of: attribute, reader) { values[index, default: []].append(value) }
                } else if !readWhole {
                    let text = try reader.readText()
                    readWhole = true
                    for (other, sameField) in mapping.fields.enumerated()
                    where !sameField.path.isAbsolute && sameField.path.steps == inner && sameField.path.attribute == nil {
                        values[other, default: []].append(text)
                    }
                }
            }
            if readWhole { continue }
            let leadsSomewhere = mapping.fields.contains {
                !$0.path.isAbsolute && $0.path.steps.count > inner.count && $0.path.steps.starts(with: inner)
            }
            if !leadsSomewhere { try reader.skipSubtree() }
        }
        recordStart = nil
        return fields(values, recordLang: recordLang).item(origin: origin, closingTag: closingTag, what: "record", lines: reader.lines)
    }

    private func fields(_ values: [Int: [String]], recordLang: String?) -> FeedRecord {
        var fields = FeedRecord(id: nil, texts: [], lang: nil, country: nil, partner: nil, date: nil, codes: [])
        for (index, field) in mapping.fields.enumerated() {
            let found = field.path.isAbsolute ? documentValues[index].map { [$0] } ?? [] : values[index] ?? []
            switch field.role {
            case .id: fields.id = fields.id ?? found.first
            case .text: fields.texts += found.map { text in field.label.map { "\($0): \(text.trimmingWhitespace())" } ?? text }
            case .lang: fields.lang = fields.lang ?? found.first
            case .country: fields.country = fields.country ?? found.first
            case .partner: fields.partner = fields.partner ?? found.first
            case .date: fields.date = fields.date ?? found.first
            case .codes: fields.codes += found
            }
        }
        fields.lang = fields.lang ?? recordLang
        return fields
    }

    private func value(of attribute: QualifiedName, _ reader: XMLStreamReader) -> String? {
        if let namespace = attribute.namespace { return reader.attribute(attribute.local, namespace: namespace) }
        return reader.attribute(attribute.local)
    }
}
